"""The bulk upsert's counts are exact: new, changed, unchanged, and repeated within a batch."""

from __future__ import annotations

from datetime import UTC, datetime

from vigil.domain.enums import Platform
from vigil.domain.records import Account, Post
from vigil.store import upsert_records


def post(pid: str, text: str) -> Post:
    return Post(
        platform=Platform.X,
        platform_id=pid,
        account_id="a",
        text=text,
        created_at=datetime(2024, 1, 1, tzinfo=UTC),
        metrics={"likes": 1},
    )


def test_counts_are_exact_on_both_databases(vigil):
    with vigil.begin() as conn:
        first = upsert_records(conn, [post("1", "a"), post("2", "b"), Account(platform=Platform.X, platform_id="a")])
    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    batch = [post("1", "a"), post("2", "changed"), post("3", "new"), post("3", "newer")]
    with vigil.begin() as conn:
        second = upsert_records(conn, batch)
    # "3" twice in one batch: the last version is stored once and counted once
    assert (second.inserted, second.updated, second.unchanged) == (1, 1, 1)
    with vigil.read() as conn:
        from sqlalchemy import select

        from vigil.store.tables import posts

        texts = dict(conn.execute(select(posts.c.platform_id, posts.c.text)).all())
    assert texts == {"1": "a", "2": "changed", "3": "newer"}
