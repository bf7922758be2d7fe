"""Shared fixtures.

``vigil`` runs each storage test twice: on a SQLite file in tmp_path, and on PostgreSQL at
$VIGIL_TEST_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test), each test in a
schema of its own that is dropped afterwards.  Without a reachable PostgreSQL the PostgreSQL
runs are skipped with the reason printed, unless VIGIL_REQUIRE_PG=1 (as in CI), when they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from vigil.config import Settings
from vigil.core import Vigil

PG_URL = os.environ.get("VIGIL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # report why, whatever the driver raised
        return f"PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}: {exc}"


_PG_PROBLEM: str | None | bool = False


def pg_problem() -> str | None:
    global _PG_PROBLEM
    if _PG_PROBLEM is False:
        _PG_PROBLEM = _pg_available()
    return _PG_PROBLEM  # type: ignore[return-value]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    problem = pg_problem()
    if problem:
        if os.environ.get("VIGIL_REQUIRE_PG") == "1":
            pytest.fail(problem + " (VIGIL_REQUIRE_PG=1)")
        pytest.skip(problem)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'vigil.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def vigil(tmp_path: Path, database_url: str) -> Iterator[Vigil]:
    v = Vigil(Settings(home=tmp_path / "home", database_url=database_url, batch_size=50))
    yield v
    v.close()


@pytest.fixture
def sqlite_vigil(tmp_path: Path) -> Iterator[Vigil]:
    v = Vigil(Settings(home=tmp_path / "home"))
    yield v
    v.close()


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.fail(f"shared test data not found at {SHARED_DATA}")
    return SHARED_DATA
