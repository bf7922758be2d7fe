"""Idempotent writes of canonical records, keyed by (platform, platform id).

The write path is tuned for bulk imports: one SELECT per few thousand keys finds what is already
stored, new rows go in with one ``executemany`` INSERT, and only rows whose content changed are
rewritten.  The inserted / updated / unchanged counts are exact because they come from that
comparison, not from driver row counts (which differ between SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from vigil.domain.records import Record
from vigil.store.tables import RECORD_TABLES, stage_marks

# Keys per SELECT ... IN (...): under SQLite's 32766 and PostgreSQL's 65535 bound parameters.
_LOOKUP_CHUNK = 5000
_KEY_COLUMNS = ("platform", "platform_id")


@dataclass
class UpsertResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def duplicates(self) -> int:
        return self.updated + self.unchanged


def record_row(record: Record) -> dict[str, Any]:
    """The table row of a record."""
    # The model's own field values (what model_dump would give for these flat records,
    # at a fraction of the cost: this runs once per record of every import).
    data = dict(record.__dict__)
    del data["type"]
    data["platform"] = record.platform.value
    platform_id = record.key[1]
    if record.type == "link":
        data["post_id"] = record.platform_id
    elif record.type == "interaction":
        data["carrier_id"] = record.platform_id
        data["kind"] = data["kind"].value
    data["platform_id"] = platform_id
    if "links" in data:
        data["links"] = list(data["links"])
    return data


def upsert_records(conn: Connection, records: Sequence[Record]) -> UpsertResult:
    """Insert new records and update changed ones; identical re-imports change nothing."""
    result = UpsertResult()
    grouped: dict[str, dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
    for rec in records:
        # Within one batch the last version of a record wins, as it would across batches.
        grouped[rec.type][rec.key] = record_row(rec)
    for rtype, rows in grouped.items():
        _upsert_table(conn, RECORD_TABLES[rtype], list(rows.values()), result)
        result.by_type[rtype] += len(rows)
    return result


def _upsert_table(conn: Connection, table: Table, rows: list[dict[str, Any]], result: UpsertResult) -> None:
    columns = [c for c in rows[0] if c not in _KEY_COLUMNS]
    existing = _existing(conn, table, rows, columns)
    fresh: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for row in rows:
        old = existing.get((row["platform"], row["platform_id"]))
        if old is None:
            fresh.append(row)
        elif _same(old, row, columns):
            result.unchanged += 1
        else:
            changed.append(row)
    result.inserted += len(fresh)
    result.updated += len(changed)
    if fresh:
        # A plain INSERT: the lookup above ran inside this write transaction (BEGIN IMMEDIATE on
        # SQLite), so no other writer can have added these keys in between.
        conn.execute(insert(table), fresh)
    if changed:
        conn.execute(_upsert_statement(conn, table, columns), changed)


def _upsert_statement(conn: Connection, table: Table, columns: list[str]) -> Any:
    stmt = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)
    return stmt.on_conflict_do_update(
        index_elements=list(_KEY_COLUMNS),
        set_={c: stmt.excluded[c] for c in columns},
    )


def _same(old: dict[str, Any], new: dict[str, Any], columns: Iterable[str]) -> bool:
    for c in columns:
        a, b = old.get(c), new.get(c)
        if isinstance(a, datetime) and isinstance(b, datetime) and a.tzinfo is None:
            # SQLite hands back naive datetimes, stored in UTC; compare instants.
            a = a.replace(tzinfo=UTC)
        if a != b:
            return False
    return True


def _existing(
    conn: Connection, table: Table, rows: list[dict[str, Any]], columns: list[str]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Stored rows with the same keys, fetched a few thousand keys per query."""
    by_platform: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_platform[row["platform"]].append(row["platform_id"])
    found: dict[tuple[str, str], dict[str, Any]] = {}
    cols = [table.c.platform, table.c.platform_id, *(table.c[c] for c in columns)]
    for platform, ids in by_platform.items():
        for chunk in _chunks(ids, _LOOKUP_CHUNK):
            stmt = select(*cols).where(table.c.platform == platform, table.c.platform_id.in_(chunk))
            for row in conn.execute(stmt).mappings():
                found[(row["platform"], row["platform_id"])] = dict(row)
    return found


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def get_mark(conn: Connection, stage: str, key: str) -> int | None:
    """A stage's saved progress for ``key`` (see stage_marks), or None."""
    stmt = select(stage_marks.c.value).where(stage_marks.c.stage == stage, stage_marks.c.key == key)
    return conn.execute(stmt).scalar_one_or_none()


def set_mark(conn: Connection, stage: str, key: str, value: int) -> None:
    stmt = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(stage_marks)
    stmt = stmt.values(stage=stage, key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=["stage", "key"], set_={"value": value}))


def clear_mark(conn: Connection, stage: str, key: str) -> None:
    conn.execute(delete(stage_marks).where(stage_marks.c.stage == stage, stage_marks.c.key == key))
