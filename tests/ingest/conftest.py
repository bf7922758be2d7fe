"""Helpers for the ingest tests: reading back what an import stored."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from vigil.core import Vigil
from vigil.store.tables import RECORD_TABLES


class Stored:
    """The records a Vigil home holds, by type and key, as plain dicts."""

    def __init__(self, vigil: Vigil) -> None:
        self.vigil = vigil

    def rows(self, rtype: str) -> dict[str, dict[str, Any]]:
        table = RECORD_TABLES[rtype]
        with self.vigil.read() as conn:
            result = conn.execute(select(table)).mappings()
            return {r["platform_id"]: dict(r) for r in result}

    def count(self, rtype: str) -> int:
        table = RECORD_TABLES[rtype]
        with self.vigil.read() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()

    def counts(self) -> dict[str, int]:
        return {rtype: self.count(rtype) for rtype in RECORD_TABLES}

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every stored row without its surrogate id, sorted: for comparing two homes."""
        out = {}
        for rtype in RECORD_TABLES:
            rows = self.rows(rtype).values()
            out[rtype] = sorted(tuple(str(v) for k, v in sorted(r.items()) if k != "id") for r in rows)
        return out


@pytest.fixture
def stored(sqlite_vigil: Vigil) -> Stored:
    return Stored(sqlite_vigil)


@pytest.fixture
def stored_of():
    """Build a :class:`Stored` for any Vigil home."""
    return Stored
