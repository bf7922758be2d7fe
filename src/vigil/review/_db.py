"""Small helpers for the review services' queries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def inserted_id(result: Any) -> int:
    """The primary key of the row an INSERT just made."""
    pk = result.inserted_primary_key
    if pk is None:  # only for statements that insert no row, which callers never run
        raise RuntimeError("the insert returned no primary key")
    return int(pk[0])


def aware(at: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite hands back naive values)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)
