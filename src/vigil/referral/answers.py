"""Platform answers: parsed from what a channel brought back, or entered by a liaison officer.

An answer is stored once (``platform_responses``) with where it came from (``answer_sources``)
and moves the request to the state it implies (``stage.record_answer``).  Recording the same
answer twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from vigil.core import Vigil
from vigil.domain.enums import ResponseOutcome
from vigil.errors import InputError
from vigil.referral import stage

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


def parse_answer(payload: dict[str, Any], *, source: str = "answer") -> Answer:
    """Read an answer a platform sent (webhook reply, answer file)."""
    if not isinstance(payload, dict):
        raise InputError("an answer must be a JSON object", source=source)
    outcome = parse_outcome(payload.get("outcome", payload.get("status")), source=source)
    received = payload.get("received_at") or payload.get("at")
    try:
        when = datetime.fromisoformat(received) if received else datetime.now(UTC)
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
