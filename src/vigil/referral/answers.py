"""Platform answers: parsed from what a channel brought back, or entered by a liaison officer.

An answer is stored once (``platform_responses``) with where it came from (``answer_sources``)
and moves the request to the state it implies.  Recording the same answer twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from vigil.config import Settings
from vigil.domain.enums import RequestState, ResponseOutcome
from vigil.errors import InputError, StateError
from vigil.referral import requests
from vigil.store.tables import platform_responses
from vigil.store.tables_referral import answer_sources

#: The request state each answer implies.
OUTCOME_STATE: dict[ResponseOutcome, RequestState] = {
    ResponseOutcome.ACKNOWLEDGED: RequestState.ACKNOWLEDGED,
    ResponseOutcome.REMOVED: RequestState.ACTIONED,
    ResponseOutcome.GEO_BLOCKED: RequestState.ACTIONED,
    ResponseOutcome.RESTRICTED: RequestState.ACTIONED,
    ResponseOutcome.PARTIALLY_ACTIONED: RequestState.PARTIALLY_ACTIONED,
    ResponseOutcome.REJECTED: RequestState.REJECTED,
    ResponseOutcome.NO_RESPONSE: RequestState.NO_RESPONSE,
}

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
        raise InputError(
            f"field 'received_at': {received!r} is not an ISO 8601 time", source=source
        ) from None
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


def record(
    conn: Connection,
    request_id: int,
    answer: Answer,
    *,
    actor: str,
    source: str,
    settings: Settings | None = None,
) -> bool:
    """Store an answer and move the request.  Returns False when it was already recorded."""
    if answer.outcome is ResponseOutcome.REJECTED and not answer.reason:
        raise InputError(
            f"RemovalRequest {request_id}: a rejection needs a reason (--reason '...')."
        )
    seen = conn.execute(
        select(platform_responses.c.id).where(
            platform_responses.c.request_id == request_id,
            platform_responses.c.outcome == answer.outcome.value,
            platform_responses.c.received_at == answer.received_at,
        )
    ).first()
    if seen:
        return False
    view = requests.get(conn, request_id)
    target = OUTCOME_STATE[answer.outcome]
    if view.state in (RequestState.DRAFTED, RequestState.APPROVED, RequestState.SENDING):
        raise StateError(
            f"RemovalRequest {request_id} is {view.state.value}: it has not been sent, so it "
            "cannot have an answer yet."
        )
    if view.state != target:  # a repeated acknowledgement is recorded but moves nothing
        requests.transition(conn, request_id, target, actor=actor, at=answer.received_at,
                            settings=settings)
    rid = conn.execute(
        platform_responses.insert().values(
            request_id=request_id,
            outcome=answer.outcome.value,
            reason=answer.reason,
            received_at=answer.received_at,
        )
    ).inserted_primary_key[0]
    conn.execute(
        answer_sources.insert().values(
            response_id=rid,
            source=source,
            entered_by=actor,
            targets_actioned=list(answer.targets_actioned),
            note=answer.note,
        )
    )
    return True
