"""Hash banks: named lists of media hashes with labels, provenance and status.

A *block* bank holds hashes of known terrorist media; a match against an active entry becomes a
Signal.  An *allow* bank holds known benign media (news footage that quotes the same pictures):
media that matches an allow entry raises no signal, whatever block banks say.

Each entry keeps its provenance (who added it, from which source: a case, a partner, a list,
with the source's own id, and why) and a status: ``active`` entries act, ``disputed`` and
``retired`` ones do not, and ``quarantined`` is set by flood control when one entry suddenly
matches too much (more than ``flood_limit`` distinct media within ``flood_window``): a hash that
matches thousands of items is more likely a broken or generic hash than thousands of uploads, so
it waits for a person to review it (``vigil bank status ENTRY active``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from vigil.core import Vigil
from vigil.errors import InputError, StateError
from vigil.store import audit
from vigil.store.tables_media import media_bank_entries, media_banks, media_matches

__all__ = [
    "BANK_KINDS",
    "SIGNAL_TYPES",
    "STATUSES",
    "Bank",
    "BankEntry",
    "NewEntry",
    "AddSummary",
    "add_entries",
    "bank_entries",
    "create_bank",
    "get_bank",
    "list_banks",
    "normalise_value",
    "is_blurred",
    "record_matches",
    "set_status",
]

SIGNAL_TYPES = ("pdq", "md5", "sha256", "vpdq")
STATUSES = ("active", "disputed", "retired", "quarantined")
# Entries that can match: quarantined ones too, so that their matches are listed (not acted on).
MATCHABLE = ("active", "quarantined")
BANK_KINDS = ("block", "allow")
_HEX_LEN = {"pdq": 64, "md5": 32, "sha256": 64}


@dataclass(frozen=True)
class Bank:
    id: int
    name: str
    kind: str
    description: str
    labels: tuple[str, ...]
    graphic: bool
    created_by: str
    created_at: datetime
    counts: dict[str, int] = field(default_factory=dict)  # entries by status

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["labels"] = list(self.labels)
        return data


@dataclass(frozen=True)
class NewEntry:
    """An entry to add: the hash, what it shows, and where it came from."""

    signal_type: str
    value: str
    added_by: str
    organisation: str | None = None
    labels: tuple[str, ...] = ()
    graphic: bool = False
    status: str = "active"
    source: str = ""
    source_id: str | None = None
    reason: str = ""
    added_at: datetime | None = None


@dataclass(frozen=True)
class BankEntry:
    id: int
    bank: str
    bank_kind: str
    signal_type: str
    value: str
    organisation: str | None
    labels: tuple[str, ...]
    graphic: bool  # the entry's own flag or its bank's
    status: str
    added_by: str
    source: str
    source_id: str | None
    reason: str
    added_at: datetime

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["labels"] = list(self.labels)
        return data


@dataclass
class AddSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


def normalise_value(signal_type: str, value: str, *, where: str | None = None) -> str:
    """The canonical form of a hash, or InputError naming the problem."""
    if signal_type not in SIGNAL_TYPES:
        raise InputError(
            f"unknown hash type {signal_type!r}; use one of {', '.join(SIGNAL_TYPES)}", source=where
        )
    if signal_type == "vpdq":
        from threatexchange.extensions.vpdq.vpdq_util import json_to_vpdq, vpdq_to_json

        try:
            return vpdq_to_json(json_to_vpdq(value))
        except (ValueError, TypeError) as exc:
            raise InputError(f"not a vPDQ hash: {exc}", source=where) from exc
    text = value.strip().lower()
    n = _HEX_LEN[signal_type]
    if len(text) != n or any(c not in "0123456789abcdef" for c in text):
        raise InputError(
            f"{value!r} is not a valid {signal_type} hash ({n} hex digits)", source=where
        )
    return text


def _value_key(signal_type: str, value: str) -> str:
    if signal_type == "vpdq":
        return hashlib.sha256(value.encode()).hexdigest()
    return value


def _now() -> datetime:
    return datetime.now(UTC)


def create_bank(
    vigil: Vigil,
    name: str,
    *,
    kind: str = "block",
    description: str = "",
    labels: Sequence[str] = (),
    graphic: bool = False,
    created_by: str,
) -> Bank:
    """Create a bank; a bank of that name that already exists is an error."""
    if kind not in BANK_KINDS:
        raise InputError(f"bank kind must be one of {', '.join(BANK_KINDS)}; got {kind!r}")
    if not name.strip():
        raise InputError("a bank needs a name")
    with vigil.begin() as conn:
        if _bank_row(conn, name) is not None:
            raise StateError(f"bank {name!r} already exists; add to it with: vigil bank add {name}")
        row = {
            "name": name,
            "kind": kind,
            "description": description,
            "labels": list(labels),
            "graphic": graphic,
            "created_by": created_by,
            "created_at": _now(),
        }
        conn.execute(media_banks.insert().values(**row))
        audit.append(
            conn,
            actor=created_by,
            action="bank.create",
            object_type="media_bank",
            object_id=name,
            after={k: v for k, v in row.items() if k != "created_at"},
        )
    return get_bank(vigil, name)


def _bank_row(conn: Connection, name: str) -> Any:
    return conn.execute(select(media_banks).where(media_banks.c.name == name)).first()


def _to_bank(row: Any, counts: dict[str, int]) -> Bank:
    return Bank(
        id=row.id,
        name=row.name,
        kind=row.kind,
        description=row.description,
        labels=tuple(row.labels or ()),
        graphic=bool(row.graphic),
        created_by=row.created_by,
        created_at=row.created_at,
        counts=counts,
    )


def _counts(conn: Connection) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    q = select(media_bank_entries.c.bank_id, media_bank_entries.c.status, func.count()).group_by(
        media_bank_entries.c.bank_id, media_bank_entries.c.status
    )
    for bank_id, status, n in conn.execute(q):
        out.setdefault(bank_id, {})[status] = n
    return out


def get_bank(vigil: Vigil, name: str) -> Bank:
    with vigil.read() as conn:
        row = _bank_row(conn, name)
        if row is None:
            raise InputError(f"no bank named {name!r}; create it with: vigil bank create {name}")
        return _to_bank(row, _counts(conn).get(row.id, {}))


def list_banks(vigil: Vigil) -> list[Bank]:
    with vigil.read() as conn:
        counts = _counts(conn)
        rows = conn.execute(select(media_banks).order_by(media_banks.c.name)).all()
        return [_to_bank(r, counts.get(r.id, {})) for r in rows]


def _entry_row(bank_id: int, e: NewEntry, now: datetime) -> dict[str, Any]:
    if e.status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(STATUSES)}; got {e.status!r}")
    value = normalise_value(e.signal_type, e.value)
    return {
        "bank_id": bank_id,
        "signal_type": e.signal_type,
        "value": value,
        "value_key": _value_key(e.signal_type, value),
        "organisation": e.organisation,
        "labels": sorted(set(e.labels)),
        "graphic": e.graphic,
        "status": e.status,
        "added_by": e.added_by,
        "source": e.source,
        "source_id": e.source_id,
        "reason": e.reason,
        "added_at": (e.added_at or now).astimezone(UTC),
        "updated_at": now,
    }


_COMPARED = ("organisation", "labels", "graphic", "status", "source", "source_id", "reason")


def add_entries(vigil: Vigil, bank: str, entries: Iterable[NewEntry], *, actor: str) -> AddSummary:
    """Add entries to a bank, keyed by (hash type, hash): adding the same entry twice changes
    nothing; an entry that comes back with new labels or provenance is updated."""
    now = _now()
    summary = AddSummary()
    with vigil.begin() as conn:
        row = _bank_row(conn, bank)
        if row is None:
            raise InputError(f"no bank named {bank!r}; create it with: vigil bank create {bank}")
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for e in entries:
            r = _entry_row(row.id, e, now)
            rows[(r["signal_type"], r["value_key"])] = r
        if not rows:
            return summary
        existing = _existing_entries(conn, row.id, list(rows))
        fresh = []
        for key, r in rows.items():
            old = existing.get(key)
            if old is None:
                summary.added += 1
            elif all(_same(getattr(old, c), r[c]) for c in _COMPARED):
                summary.unchanged += 1
                continue
            else:
                summary.updated += 1
            fresh.append(r)
        _upsert_entries(conn, fresh)
        if summary.added or summary.updated:
            audit.append(
                conn,
                actor=actor,
                action="bank.add",
                object_type="media_bank",
                object_id=bank,
                after=summary.to_dict(),
            )
    return summary


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return sorted(a) == sorted(b)
    return bool(a == b)


def _existing_entries(conn: Connection, bank_id: int, keys: list[tuple[str, str]]) -> dict:
    out = {}
    by_type: dict[str, list[str]] = defaultdict(list)
    for signal_type, value_key in sorted(set(keys)):
        by_type[signal_type].append(value_key)
    e = media_bank_entries
    for signal_type, value_keys in by_type.items():
        for i in range(0, len(value_keys), 500):
            # All three columns of the unique key, so that the lookup is an index seek: with
            # the bank alone, a large bank was scanned once per 500 keys.
            q = select(e).where(
                e.c.bank_id == bank_id,
                e.c.signal_type == signal_type,
                e.c.value_key.in_(value_keys[i : i + 500]),
            )
            for r in conn.execute(q):
                out[(r.signal_type, r.value_key)] = r
    return out


def _upsert_entries(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(media_bank_entries)
    keep_first = {"id", "bank_id", "signal_type", "value_key", "value", "added_at"}
    stmt = stmt.on_conflict_do_update(
        index_elements=["bank_id", "signal_type", "value_key"],
        set_={c: stmt.excluded[c] for c in rows[0] if c not in keep_first},
    )
    for i in range(0, len(rows), 500):
        conn.execute(stmt, rows[i : i + 500])


def _to_entry(r: Any) -> BankEntry:
    return BankEntry(
        id=r.id,
        bank=r.name,
        bank_kind=r.kind,
        signal_type=r.signal_type,
        value=r.value,
        organisation=r.organisation,
        labels=tuple(r.labels or ()),
        graphic=bool(r.graphic or r.bank_graphic),
        status=r.status,
        added_by=r.added_by,
        source=r.source,
        source_id=r.source_id,
        reason=r.reason,
        added_at=r.added_at,
    )


def _entries_query() -> Any:
    e, b = media_bank_entries, media_banks
    return select(
        e, b.c.name, b.c.kind, b.c.graphic.label("bank_graphic"), b.c.labels.label("bank_labels")
    ).join(b, b.c.id == e.c.bank_id)


def bank_entries(
    vigil: Vigil,
    bank: str | None = None,
    *,
    statuses: Sequence[str] | None = None,
    signal_types: Sequence[str] | None = None,
    ids: Sequence[int] | None = None,
) -> list[BankEntry]:
    """Entries of one bank (or of every bank), oldest first; bank labels are merged in."""
    q = _entries_query()
    if bank is not None:
        get_bank(vigil, bank)
        q = q.where(media_banks.c.name == bank)
    if statuses is not None:
        q = q.where(media_bank_entries.c.status.in_(list(statuses)))
    if signal_types is not None:
        q = q.where(media_bank_entries.c.signal_type.in_(list(signal_types)))
    if ids is not None:
        q = q.where(media_bank_entries.c.id.in_([int(i) for i in ids]))
    with vigil.read() as conn:
        rows = conn.execute(q.order_by(media_bank_entries.c.id)).all()
    out = []
    for r in rows:
        entry = _to_entry(r)
        labels = tuple(sorted(set(entry.labels) | set(r.bank_labels or ())))
        out.append(BankEntry(**{**asdict(entry), "labels": labels}))
    return out


def set_status(vigil: Vigil, entry_id: int, status: str, *, actor: str, reason: str = "") -> None:
    """Change an entry's status (active, disputed, retired, quarantined), audited."""
    if status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(STATUSES)}; got {status!r}")
    with vigil.begin() as conn:
        old = conn.execute(
            select(media_bank_entries.c.status).where(media_bank_entries.c.id == entry_id)
        ).scalar_one_or_none()
        if old is None:
            raise InputError(f"no bank entry with id {entry_id}; list them with: vigil bank list")
        if old == status:
            return
        _write_status(conn, entry_id, old, status, actor=actor, reason=reason)


def _write_status(
    conn: Connection, entry_id: int, old: str, status: str, *, actor: str, reason: str
) -> None:
    conn.execute(
        update(media_bank_entries)
        .where(media_bank_entries.c.id == entry_id)
        .values(status=status, updated_at=_now())
    )
    audit.append(
        conn,
        actor=actor,
        action="bank.status",
        object_type="media_bank_entry",
        object_id=entry_id,
        before={"status": old},
        after={"status": status, "reason": reason},
    )


def record_matches(
    conn: Connection,
    matches: Iterable[tuple[int, str, int, bool]],
    *,
    flood_limit: int,
    flood_window: timedelta,
) -> list[int]:
    """Store (entry id, media key, distance, blurred) matches; quarantine entries that flood.

    Returns the ids of entries quarantined now.
    """
    now = _now()
    rows = {
        (e, k): {"entry_id": e, "media_key": k, "distance": d, "blurred": b, "matched_at": now}
        for e, k, d, b in matches
    }
    if not rows:
        return []
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(media_matches).on_conflict_do_nothing(index_elements=["entry_id", "media_key"])
    values = list(rows.values())
    for i in range(0, len(values), 500):
        conn.execute(stmt, values[i : i + 500])
    entry_ids = sorted({e for e, _ in rows})
    since = now - flood_window
    q = (
        select(media_matches.c.entry_id, func.count())
        .where(media_matches.c.entry_id.in_(entry_ids), media_matches.c.matched_at >= since)
        .group_by(media_matches.c.entry_id)
    )
    flooding = [e for e, n in conn.execute(q) if n > flood_limit]
    quarantined = []
    for entry_id in flooding:
        old = conn.execute(
            select(media_bank_entries.c.status).where(media_bank_entries.c.id == entry_id)
        ).scalar_one()
        if old == "active":
            reason = f"matched more than {flood_limit} media within {flood_window}"
            _write_status(conn, entry_id, old, "quarantined", actor="flood-control", reason=reason)
            quarantined.append(entry_id)
    return quarantined


def is_blurred(vigil: Vigil, media_key: str) -> bool:
    """Whether views of this media must start blurred (it matched a graphic entry)."""
    with vigil.read() as conn:
        q = select(func.count()).where(
            media_matches.c.media_key == media_key, media_matches.c.blurred.is_(True)
        )
        return bool(conn.execute(q).scalar_one())
