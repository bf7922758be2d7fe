"""The review migration creates exactly the tables that tables_review.py declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from vigil.core import Vigil
from vigil.store import tables_review
from vigil.store.tables import metadata

REVIEW_TABLES = {
    t.name for t in vars(tables_review).values() if getattr(t, "metadata", None) is metadata and hasattr(t, "c")
}


def _mentions_review_table(diff: object) -> bool:
    return any(name in repr(diff) for name in REVIEW_TABLES)


def test_migration_matches_declared_tables(vigil: Vigil) -> None:
    assert {"users", "api_tokens", "evidence_items", "appeals", "reinstatement_requests"} <= REVIEW_TABLES
    with vigil.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diffs if _mentions_review_table(d)] == []
