"""The append-only audit log, chained by SHA-256.

Each event's hash covers its content and the previous event's hash, so an edited, removed or
reordered row breaks the chain at a place :func:`verify` can name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import Connection, func, select, text

from vigil.domain.workflow import AuditEvent
from vigil.errors import InputError
from vigil.store.tables import audit_events

GENESIS = "0" * 64


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()


def event_hash(
    *,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    before: Any,
    after: Any,
    prev_hash: str,
) -> str:
    payload = {
        "seq": seq,
        "at": _utc_iso(at),
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "before": before,
        "after": after,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(_canonical(payload)).hexdigest()


def _utc_iso(at: datetime) -> str:
    if at.tzinfo is None:  # SQLite returns naive values for what was stored as UTC
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _jsonable(value: Any) -> Any:
    return None if value is None else json.loads(_canonical(value))


def append(
    conn: Connection,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event inside the caller's transaction (so it commits with the change)."""
    if conn.dialect.name == "postgresql":
        # Serialise appenders: the chain needs one writer at a time.
        conn.execute(text("SELECT pg_advisory_xact_lock(7261)"))
    last = conn.execute(
        select(audit_events.c.seq, audit_events.c.hash).order_by(audit_events.c.seq.desc()).limit(1)
    ).first()
    seq = (last.seq + 1) if last else 1
    prev = last.hash if last else GENESIS
    when = (at or datetime.now(UTC)).astimezone(UTC)
    before_j, after_j = _jsonable(before), _jsonable(after)
    digest = event_hash(
        seq=seq,
        at=when,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before_j,
        after=after_j,
        prev_hash=prev,
    )
    row = {
        "seq": seq,
        "at": when,
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "before": before_j,
        "after": after_j,
        "prev_hash": prev,
        "hash": digest,
    }
    conn.execute(audit_events.insert(), row)
    return AuditEvent(**row)


def count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(audit_events)).scalar_one()


# --- verification and export -------------------------------------------------------------

_FIELDS = ("seq", "at", "actor", "action", "object_type", "object_id", "before", "after")


@dataclass(frozen=True)
class VerifyReport:
    """The result of checking the chain: ``ok``, or the first broken row and what broke it.

    ``problem`` is one of ``edited`` (a row's content no longer matches its hash), ``deleted``
    (rows are missing before ``seq``), ``reordered`` (a row sits at a place it was not written
    at) or ``truncated`` (the newest rows are gone, seen against an anchor from an earlier
    verify or export).
    """

    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    seq: int | None = None
    problem: str | None = None
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _row_hash(row: dict[str, Any], seq: int | None = None) -> str:
    fields = {k: row[k] for k in _FIELDS}
    if seq is not None:
        fields["seq"] = seq
    return event_hash(**fields, prev_hash=row["prev_hash"])


def _broken(checked: int, seq: int, problem: str, message: str, head: tuple[int, str]) -> VerifyReport:
    return VerifyReport(
        ok=False,
        checked=checked,
        head_seq=head[0],
        head_hash=head[1],
        seq=seq,
        problem=problem,
        message=message,
    )


def verify_events(rows: Iterable[dict[str, Any]], anchor: tuple[int, str] | None = None) -> VerifyReport:
    """Walk events in ``seq`` order and name the first one that breaks the chain.

    ``anchor`` is a (seq, hash) pair recorded earlier (by ``vigil audit verify`` or an export):
    the chain alone cannot tell that its newest rows were cut off, an anchor kept elsewhere can.
    """
    rows = list(rows)
    by_hash = {r["hash"]: r for r in rows}
    prev_seq, prev_hash = 0, GENESIS
    for i, row in enumerate(rows):
        seq = row["seq"]
        intact = _row_hash(row) == row["hash"]
        if seq != prev_seq + 1 or row["prev_hash"] != prev_hash or not intact:
            problem, message = _diagnose(row, prev_seq, prev_hash, intact, by_hash)
            return _broken(i, seq, problem, message, (prev_seq, prev_hash))
        prev_seq, prev_hash = seq, row["hash"]
    if anchor is not None:
        a_seq, a_hash = anchor
        seen = {r["seq"]: r["hash"] for r in rows}
        if a_seq > prev_seq:
            return _broken(
                len(rows),
                prev_seq + 1,
                "truncated",
                f"the log ends at event {prev_seq} but event {a_seq} was recorded earlier: "
                f"events {prev_seq + 1}..{a_seq} were removed",
                (prev_seq, prev_hash),
            )
        if seen.get(a_seq) != a_hash:
            return _broken(
                len(rows),
                a_seq,
                "edited",
                f"event {a_seq} does not carry the hash recorded earlier ({a_hash[:12]}…): "
                "the log was rewritten from that point",
                (prev_seq, prev_hash),
            )
    return VerifyReport(ok=True, checked=len(rows), head_seq=prev_seq, head_hash=prev_hash)


def _diagnose(
    row: dict[str, Any], prev_seq: int, prev_hash: str, intact: bool, by_hash: dict[str, Any]
) -> tuple[str, str]:
    seq = row["seq"]
    if not intact:
        original = _original_seq(row, by_hash)
        if original is not None and original > seq and row["prev_hash"] not in by_hash:
            return "deleted", (
                f"event {seq} was written as event {original}: events before it were removed "
                "and the rest renumbered to hide the gap"
            )
        if original is not None and original != seq:
            return "reordered", (
                f"event {seq} was written as event {original}: rows were moved "
                "(its content is intact but its place in the log changed)"
            )
        return "edited", (
            f"event {seq} ({row['action']} {row['object_type']} {row['object_id']}) was altered "
            "after it was written: its content no longer matches its hash"
        )
    if seq > prev_seq + 1:
        gone = f"event {prev_seq + 1}" if seq == prev_seq + 2 else f"events {prev_seq + 1}..{seq - 1}"
        return "deleted", f"{gone} missing: the log jumps from event {prev_seq} to {seq}"
    if row["prev_hash"] in by_hash:
        return "reordered", (
            f"event {seq} follows event {by_hash[row['prev_hash']]['seq']} in the chain, "
            f"not event {prev_seq}: rows were moved"
        )
    return "deleted", (
        f"the event before event {seq} was replaced or removed: event {seq} points to a "
        "predecessor that is not in the log"
    )


def _original_seq(row: dict[str, Any], by_hash: dict[str, Any]) -> int | None:
    """Where a row whose hash fails was first written, if only seq numbers were changed.

    Follows ``prev_hash`` back to an intact row (or the start), then counts forward; iterative,
    because a renumbered log can be long.
    """
    chain, cur = [row], row
    while cur["prev_hash"] != GENESIS:
        pred = by_hash.get(cur["prev_hash"])
        if pred is None or len(chain) > len(by_hash):
            return _renumbered_after_gap(row)
        if _row_hash(pred) == pred["hash"]:
            base = pred["seq"]
            break
        chain.append(pred)
        cur = pred
    else:
        base = 0
    for offset, r in enumerate(reversed(chain), start=1):
        if _row_hash(r, seq=base + offset) != r["hash"]:
            return None
    return base + len(chain)


def _renumbered_after_gap(row: dict[str, Any], limit: int = 100_000) -> int | None:
    """Rows were deleted and the later ones renumbered to hide the gap: find the seq this row
    was written with by trying the next ones (only done for the first broken row)."""
    for seq in range(row["seq"] + 1, row["seq"] + 1 + limit):
        if _row_hash(row, seq=seq) == row["hash"]:
            return seq
    return None


def _rows(conn: Connection) -> Iterator[dict[str, Any]]:
    result = conn.execute(select(audit_events).order_by(audit_events.c.seq))
    for r in result.mappings():
        yield dict(r)


def verify(conn: Connection, anchor: tuple[int, str] | None = None) -> VerifyReport:
    """Check the whole chain in the database; see :func:`verify_events`."""
    return verify_events(_rows(conn), anchor=anchor)


def event_dict(row: dict[str, Any]) -> dict[str, Any]:
    """One event as written to an export: times in UTC ISO form, JSON-ready."""
    out = {k: row[k] for k in (*_FIELDS, "prev_hash", "hash")}
    out["at"] = _utc_iso(row["at"])
    return out


def export(conn: Connection, out: IO[str]) -> VerifyReport:
    """Write every event as one JSON line, after checking the chain.

    The export can be verified on its own (:func:`verify_export`), and its last line's
    ``seq`` and ``hash`` serve as an anchor for later checks of the database.
    """
    report = verify(conn)
    for row in _rows(conn):
        out.write(json.dumps(event_dict(row), ensure_ascii=False, sort_keys=True) + "\n")
    return report


def read_export(lines: Iterable[str], source: str = "export") -> list[dict[str, Any]]:
    """Parse an export back into rows for :func:`verify_events`."""
    rows = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            row["at"] = datetime.fromisoformat(row["at"])
            missing = [k for k in (*_FIELDS, "prev_hash", "hash") if k not in row]
        except (ValueError, TypeError, KeyError) as exc:
            raise InputError(f"not an audit event: {exc}", source=source, line=n) from exc
        if missing:
            raise InputError(f"audit event lacks {', '.join(missing)}", source=source, line=n)
        rows.append(row)
    return rows
