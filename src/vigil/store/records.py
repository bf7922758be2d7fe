"""Idempotent writes of canonical records, keyed by (platform, platform id)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from vigil.domain.records import Record
from vigil.store.tables import RECORD_TABLES


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
    data = record.model_dump(mode="python", exclude={"type"})
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


def _upsert_table(
    conn: Connection, table: Table, rows: list[dict[str, Any]], result: UpsertResult
) -> None:
    columns = [c for c in rows[0] if c not in ("platform", "platform_id")]
    existing = _existing(conn, table, [(r["platform"], r["platform_id"]) for r in rows], columns)
    fresh = []
    for row in rows:
        old = existing.get((row["platform"], row["platform_id"]))
        if old is None:
            fresh.append(row)
        elif _same(old, row, columns):
            result.unchanged += 1
        else:
            fresh.append(row)
            result.updated += 1
    result.inserted += len(fresh) - sum(
        1 for r in fresh if (r["platform"], r["platform_id"]) in existing
    )
    if not fresh:
        return
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["platform", "platform_id"],
        set_={c: stmt.excluded[c] for c in columns},
    )
    for chunk in _chunks(fresh, 500):
        conn.execute(stmt, chunk)


def _same(old: dict[str, Any], new: dict[str, Any], columns: Iterable[str]) -> bool:
    for c in columns:
        a, b = old.get(c), new.get(c)
        if hasattr(a, "tzinfo") and hasattr(b, "tzinfo") and a is not None and b is not None:
            # SQLite hands back naive datetimes; compare instants.
            if a.tzinfo is None:
                a = a.replace(tzinfo=b.tzinfo)
        if a != b:
            return False
    return True


def _existing(
    conn: Connection, table: Table, keys: list[tuple[str, str]], columns: list[str]
) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    cols = [table.c.platform, table.c.platform_id, *(table.c[c] for c in columns)]
    for chunk in _chunks(keys, 400):
        stmt = select(*cols).where(tuple_(table.c.platform, table.c.platform_id).in_(chunk))
        for row in conn.execute(stmt).mappings():
            found[(row["platform"], row["platform_id"])] = dict(row)
    return found


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
