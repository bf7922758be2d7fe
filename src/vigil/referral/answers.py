"""Platform answers: parsed from what a channel brought back, or entered by a liaison officer.

An answer is stored once (``platform_responses``) with where it came from (``answer_sources``)
and moves the request to the state it implies (``stage.record_answer``).  Recording the same
answer twice changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from vigil.core import Vigil
from vigil.domain.enums import ResponseOutcome
from vigil.errors import InputError, VigilError
from vigil.referral import stage
from vigil.referral.channels.filedrop import FileDropChannel
from vigil.referral.platforms import FileDropChannelConfig, load_for
from vigil.store.tables import removal_requests

#: Words platforms use for the same outcomes.
SYNONYMS = {
    "ack": "acknowledged",
    "received": "acknowledged",
    "actioned": "removed",
    "deleted": "removed",
    "taken_down": "removed",
    "blocked": "removed",
    "suspended": "removed",
    "geoblocked": "geo_blocked",
    "withheld": "geo_blocked",
    "partial": "partially_actioned",
    "declined": "rejected",
    "refused": "rejected",
}


@dataclass(frozen=True)
class Answer:
    outcome: ResponseOutcome
    received_at: datetime
    reason: str | None = None
    targets_actioned: tuple[str, ...] = ()
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def parse_outcome(value: object, *, source: str = "answer") -> ResponseOutcome:
    text = str(value or "").strip().lower().replace("-", "_").replace(" ", "_")
    text = SYNONYMS.get(text, text)
    try:
        return ResponseOutcome(text)
    except ValueError:
        allowed = ", ".join(o.value for o in ResponseOutcome)
        raise InputError(
            f"field 'outcome': {value!r} is not a known answer; use one of {allowed}",
            source=source,
        ) from None


def parse_answer(payload: dict[str, Any], *, source: str = "answer", default_at: datetime | None = None) -> Answer:
    """Read an answer a platform sent (webhook reply, answer file).  Without ``received_at``
    the answer is dated ``default_at`` (e.g. the file's time), else now."""
    if not isinstance(payload, dict):
        raise InputError("an answer must be a JSON object", source=source)
    outcome = parse_outcome(payload.get("outcome", payload.get("status")), source=source)
    received = payload.get("received_at") or payload.get("at")
    try:
        when = datetime.fromisoformat(received) if received else (default_at or datetime.now(UTC))
    except (TypeError, ValueError):
        raise InputError(f"field 'received_at': {received!r} is not an ISO 8601 time", source=source) from None
    if when.tzinfo is None:
        raise InputError("field 'received_at': give a time zone (e.g. 'Z')", source=source)
    targets = payload.get("targets_actioned") or payload.get("targets") or []
    if not isinstance(targets, list):
        raise InputError("field 'targets_actioned': expected a list", source=source)
    return Answer(
        outcome=outcome,
        received_at=when.astimezone(UTC),
        reason=payload.get("reason"),
        targets_actioned=tuple(str(t) for t in targets),
        note=payload.get("note"),
    )


def record(vigil: Vigil, request_id: int, answer: Answer, *, actor: str, source: str) -> bool:
    """Store an answer and move the request.  Returns False when it was already recorded."""
    if answer.outcome is ResponseOutcome.REJECTED and not answer.reason:
        raise InputError(f"RemovalRequest {request_id}: a rejection needs a reason (--reason '...').")
    return stage.record_answer(
        vigil,
        request_id,
        answer.outcome,
        at=answer.received_at,
        actor=actor,
        reason=answer.reason,
        source=source,
        targets_actioned=answer.targets_actioned,
        note=answer.note,
    )


def collect_dropped(vigil: Vigil) -> dict[str, list[str]]:
    """Record the answers platforms left in their file-drop folders (source 'channel').

    Returns the files recorded and the files refused, with the reason; a file already recorded
    is recorded again as a no-op, so running this every time is safe.
    """
    cfg = load_for(vigil.home)
    out: dict[str, list[str]] = {"recorded": [], "refused": []}
    for platform, pconf in sorted(cfg.platforms.items()):
        if not isinstance(pconf.channel, FileDropChannelConfig):
            continue
        for key, path in FileDropChannel(pconf.channel.path(vigil.home)).answers():
            with vigil.read() as conn:
                rid = conn.execute(
                    select(removal_requests.c.id).where(removal_requests.c.idempotency_key == key)
                ).scalar()
            try:
                if rid is None:
                    raise InputError(f"no request has idempotency key {key!r}", source=str(path))
                try:
                    payload = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    raise InputError(f"not JSON: {exc}", source=str(path)) from exc
                mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                answer = parse_answer(payload, source=str(path), default_at=mtime)
                if record(vigil, rid, answer, actor=f"channel:filedrop:{platform}", source="channel"):
                    out["recorded"].append(str(path))
            except VigilError as exc:
                out["refused"].append(str(exc))
    return out
