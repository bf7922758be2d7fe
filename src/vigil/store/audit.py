"""The append-only audit log, chained by SHA-256.

Each event's hash covers its content and the previous event's hash, so an edited, removed or
reordered row breaks the chain at a place :func:`verify` can name.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select, text

from vigil.domain.workflow import AuditEvent
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
