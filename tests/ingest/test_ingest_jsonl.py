"""Vigil JSON Lines import: idempotent, and bad lines reported with file and line."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from vigil import ingest
from vigil.store.tables import accounts, posts

GOOD = [
    {"type": "account", "platform": "x", "platform_id": "1", "handle": "alpha", "followers": 10},
    {
        "type": "post",
        "platform": "x",
        "platform_id": "p1",
        "account_id": "1",
        "text": "hello",
        "created_at": "2024-01-01T05:00:00+05:00",
    },
]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(vigil, table) -> int:
    with vigil.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_import_twice_is_a_no_op(vigil, tmp_path):
    f = write(tmp_path / "a.jsonl", [json.dumps(r) for r in GOOD])
    first = ingest.run(vigil, [f])
    second = ingest.run(vigil, [f])
    assert (first.imported, first.duplicates) == (2, 0)
    assert (second.imported, second.updated, second.duplicates) == (0, 0, 2)
    assert count(vigil, accounts) == 1 and count(vigil, posts) == 1


def test_timestamps_are_stored_in_utc(vigil, tmp_path):
    f = write(tmp_path / "a.jsonl", [json.dumps(r) for r in GOOD])
    ingest.run(vigil, [f])
    with vigil.read() as conn:
        created = conn.execute(select(posts.c.created_at)).scalar_one()
    assert (created.hour, created.day) == (0, 1)


def test_changed_record_is_updated_not_doubled(vigil, tmp_path):
    f = write(tmp_path / "a.jsonl", [json.dumps(r) for r in GOOD])
    ingest.run(vigil, [f])
    changed = dict(GOOD[0], followers=99)
    g = write(tmp_path / "b.jsonl", [json.dumps(changed)])
    summary = ingest.run(vigil, [g])
    assert summary.updated == 1
    with vigil.read() as conn:
        assert conn.execute(select(accounts.c.followers)).scalar_one() == 99
    assert count(vigil, accounts) == 1


def test_malformed_lines_are_reported_and_the_rest_imported(vigil, tmp_path):
    lines = [
        json.dumps(GOOD[0]),
        "{not json",
        json.dumps({"type": "post", "platform": "x", "platform_id": "p9"}),  # no account_id
        json.dumps({"type": "spaceship", "platform": "x", "platform_id": "s"}),
        json.dumps(GOOD[1]),
    ]
    f = write(tmp_path / "bad.jsonl", lines)
    rejects = tmp_path / "rejects.jsonl"
    summary = ingest.run(vigil, [f], rejects_path=rejects)
    assert summary.imported == 2
    assert summary.rejected == 3
    assert summary.read == 5
    reported = [json.loads(x) for x in rejects.read_text().splitlines()]
    assert [r["line"] for r in reported] == [2, 3, 4]
    assert all(r["source"] == str(f) for r in reported)
    assert "account_id" in reported[1]["reason"]
    assert any(str(f) + ":2" in s for s in summary.first_rejects)
