"""The life of a removal request.

    drafted -> approved -> sending -> sent -> acknowledged -> actioned | partially_actioned
                                                           | rejected | no_response

Requests are drafted only from "link proven" decisions that a second person approved; the
move to ``approved`` checks that again, so no path skips the four eyes.  Dispatch records
``sending`` (committed) before calling the channel and ``sent`` after: a crash in between leaves
``sending``, and the rerun sends again with the same idempotency key, which the receiver drops
as a repeat.  Every move is checked against REQUEST_TRANSITIONS and written to the audit log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from vigil.core import Vigil
from vigil.domain.enums import (
    REQUEST_TRANSITIONS,
    DecisionOutcome,
    RequestKind,
    RequestState,
    ResponseOutcome,
)
from vigil.errors import ExternalError, InputError, StateError
from vigil.referral.channels.base import Channel, Envelope, Receipt
from vigil.store import audit
from vigil.store.tables import (
    accounts,
    approvals,
    cases,
    decisions,
    platform_responses,
    posts,
    removal_requests,
    signals,
)
from vigil.store.tables_referral import answer_sources, dispatch_attempts

#: Grounds for which the unit issues a legal order; the rest go as terms-of-service referrals.
ORDER_GROUNDS = frozenset({"threat", "incitement", "recruitment"})
NO_RESPONSE_AFTER = timedelta(days=14)
MAX_TARGET_POSTS = 5

_ANSWER_STATE = {
    ResponseOutcome.ACKNOWLEDGED: RequestState.ACKNOWLEDGED,
    ResponseOutcome.REMOVED: RequestState.ACTIONED,
    ResponseOutcome.GEO_BLOCKED: RequestState.ACTIONED,
    ResponseOutcome.RESTRICTED: RequestState.ACTIONED,
    ResponseOutcome.PARTIALLY_ACTIONED: RequestState.PARTIALLY_ACTIONED,
    ResponseOutcome.REJECTED: RequestState.REJECTED,
    ResponseOutcome.NO_RESPONSE: RequestState.NO_RESPONSE,
}


@dataclass
class DispatchSummary:
    sent: int = 0
    resumed: int = 0
    failed: dict[int, str] = field(default_factory=dict)
    receipts: dict[int, Receipt] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)  # sent, but something else went wrong

    def to_dict(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "resumed": self.resumed,
            "failed": {str(k): v for k, v in self.failed.items()},
            "sent_ids": sorted(self.receipts),
            "notes": {str(k): v for k, v in self.notes.items()},
        }


def idempotency_key(case_id: int, platform: str, kind: str) -> str:
    return hashlib.sha256(f"vigil-request|{case_id}|{platform}|{kind}".encode()).hexdigest()[:32]


def draft_requests(vigil: Vigil, *, actor: str, now: datetime | None = None) -> list[int]:
    """Draft a request for every approved "link proven" decision that has none, and move it to
    ``approved``.  Returns the new request ids."""
    now = now or datetime.now(UTC)
    created: list[int] = []
    with vigil.begin() as conn:
        stmt = (
            select(decisions, cases.c.platform, cases.c.account_id)
            .join(cases, cases.c.id == decisions.c.case_id)
            .where(decisions.c.outcome == DecisionOutcome.LINK_PROVEN.value)
        )
        for d in conn.execute(stmt).mappings().all():
            kind = RequestKind.LEGAL_ORDER if d["ground"] in ORDER_GROUNDS else RequestKind.TOS_REFERRAL
            key = idempotency_key(d["case_id"], d["platform"], kind.value)
            if conn.execute(select(removal_requests.c.id).where(removal_requests.c.idempotency_key == key)).first():
                continue
            approver = _second_approver(conn, d)
            if approver is None:
                continue  # not yet approved by a second person
            sla = (
                vigil.settings.order_sla_hours if kind == RequestKind.LEGAL_ORDER else vigil.settings.referral_sla_hours
            )
            values = {
                "case_id": d["case_id"],
                "platform": d["platform"],
                "kind": kind.value,
                "state": RequestState.DRAFTED.value,
                "targets": _targets(conn, d["platform"], d["account_id"]),
                "idempotency_key": key,
                "created_at": now,
            }
            rid = conn.execute(removal_requests.insert().values(**values)).inserted_primary_key[0]
            audit.append(
                conn, actor=actor, action="request.drafted", object_type="request", object_id=rid, after=values, at=now
            )
            _move(
                conn,
                rid,
                RequestState.APPROVED,
                actor=approver,
                at=now,
                extra={"due_at": None},
                note={"approved_by": approver, "sla_hours": sla},
            )
            created.append(rid)
    return created


def _second_approver(conn: Connection, decision: Any) -> str | None:
    rows = conn.execute(select(approvals.c.approved_by).where(approvals.c.decision_id == decision["id"])).all()
    others = [r.approved_by for r in rows if r.approved_by != decision["decided_by"]]
    return others[0] if others else None


def _targets(conn: Connection, platform: str, account_id: str) -> list[str]:
    """The account's URL, then the URLs of its most strongly signalled posts."""
    account_url = conn.execute(
        select(accounts.c.url).where(accounts.c.platform == platform, accounts.c.platform_id == account_id)
    ).scalar()
    stmt = (
        select(signals.c.record_id, posts.c.url)
        .join(posts, (posts.c.platform == signals.c.platform) & (posts.c.platform_id == signals.c.record_id))
        .where(signals.c.platform == platform, signals.c.account_id == account_id, signals.c.record_type == "post")
        .order_by(signals.c.score.desc(), signals.c.record_id)
        .limit(MAX_TARGET_POSTS * 4)
    )
    targets = [account_url or f"{platform}:{account_id}"]
    for row in conn.execute(stmt):
        url = row.url or f"{platform}:post:{row.record_id}"
        if url not in targets:
            targets.append(url)
        if len(targets) > MAX_TARGET_POSTS:
            break
    return targets


def dispatch(
    vigil: Vigil,
    channel_for: Callable[[str], Channel],
    *,
    actor: str,
    now: datetime | None = None,
    envelope_for: Callable[[dict[str, Any]], Envelope] | None = None,
    request_ids: tuple[int, ...] = (),
    attempts: int = 3,
    backoff_s: float = 0.5,
) -> DispatchSummary:
    """Send every approved request, and resend every one left in ``sending`` by a crash.

    Each call to a channel is recorded in ``dispatch_attempts`` ('started' committed before,
    'ok' or 'failed' after).  Failures worth retrying (:class:`ExternalError` without
    ``retryable = False``) are retried up to ``attempts`` times with exponential backoff.
    """
    now = now or datetime.now(UTC)
    build = envelope_for or basic_envelope
    summary = DispatchSummary()
    with vigil.read() as conn:
        stmt = (
            select(removal_requests)
            .where(removal_requests.c.state.in_([RequestState.APPROVED.value, RequestState.SENDING.value]))
            .order_by(removal_requests.c.id)
        )
        if request_ids:
            stmt = stmt.where(removal_requests.c.id.in_(request_ids))
        pending = conn.execute(stmt).mappings().all()
    for req in pending:
        resumed = req["state"] == RequestState.SENDING.value
        channel = channel_for(req["platform"])
        with vigil.begin() as conn:
            if not resumed:
                _move(conn, req["id"], RequestState.SENDING, actor=actor, at=now)
            attempt = _attempt_started(conn, req, channel.name)
        try:
            receipt = _send_with_retries(channel, build(dict(req)), attempts, backoff_s)
        except Exception as exc:  # the channel failed: leave it in 'sending' for the next run
            summary.failed[req["id"]] = f"{exc.__class__.__name__}: {exc}"
            with vigil.begin() as conn:
                _attempt_finished(conn, attempt, error=summary.failed[req["id"]])
            continue
        sla = (
            vigil.settings.order_sla_hours
            if req["kind"] == RequestKind.LEGAL_ORDER.value
            else vigil.settings.referral_sla_hours
        )
        sent_at = receipt.sent_at
        with vigil.begin() as conn:
            _move(
                conn,
                req["id"],
                RequestState.SENT,
                actor=actor,
                at=sent_at,
                extra={"sent_at": sent_at, "due_at": sent_at + timedelta(hours=sla)},
                note={"channel": receipt.channel, "message_id": receipt.message_id},
            )
            _attempt_finished(conn, attempt, message_id=receipt.message_id)
        summary.sent += 1
        summary.resumed += int(resumed)
        summary.receipts[req["id"]] = receipt
    return summary


def _send_with_retries(channel: Channel, envelope: Envelope, attempts: int, backoff_s: float) -> Receipt:
    retrying = Retrying(
        retry=retry_if_exception(lambda e: isinstance(e, ExternalError) and getattr(e, "retryable", True)),
        stop=stop_after_attempt(max(1, attempts)),
        wait=wait_exponential(multiplier=backoff_s, max=60),
        reraise=True,
    )
    return retrying(channel.send, envelope)


def _attempt_started(conn: Connection, req: Any, channel: str) -> int:
    return conn.execute(
        dispatch_attempts.insert().values(
            request_id=req["id"],
            channel=channel,
            idempotency_key=req["idempotency_key"],
            state="started",
            started_at=datetime.now(UTC),
        )
    ).inserted_primary_key[0]


def _attempt_finished(
    conn: Connection, attempt: int, *, message_id: str | None = None, error: str | None = None
) -> None:
    conn.execute(
        dispatch_attempts.update()
        .where(dispatch_attempts.c.id == attempt)
        .values(
            state="failed" if error else "ok",
            message_id=message_id,
            error=error,
            finished_at=datetime.now(UTC),
        )
    )


def basic_envelope(req: dict[str, Any]) -> Envelope:
    return Envelope(
        request_id=req["id"],
        idempotency_key=req["idempotency_key"],
        platform=req["platform"],
        kind=req["kind"],
        targets=tuple(req["targets"]),
        body={"request_id": req["id"], "kind": req["kind"], "targets": list(req["targets"])},
    )


def record_answer(
    vigil: Vigil,
    request_id: int,
    outcome: ResponseOutcome | str,
    *,
    at: datetime,
    actor: str,
    reason: str | None = None,
    source: str = "liaison",
    targets_actioned: tuple[str, ...] = (),
    note: str | None = None,
) -> bool:
    """Record a platform's answer and move the request.  Returns False for a repeat of an answer
    already recorded (same outcome and time).  ``source`` says where it came from: 'channel'
    (parsed from a reply) or 'liaison' (entered by a person)."""
    outcome = ResponseOutcome(outcome)
    with vigil.begin() as conn:
        req = _request(conn, request_id)
        if req["state"] in (RequestState.DRAFTED.value, RequestState.APPROVED.value, RequestState.SENDING.value):
            raise StateError(
                f"Request {request_id} is {req['state']}: it has not been sent, so it cannot have an answer yet."
            )
        dup = conn.execute(
            select(platform_responses.c.id).where(
                platform_responses.c.request_id == request_id,
                platform_responses.c.outcome == outcome.value,
                platform_responses.c.received_at == at,
            )
        ).first()
        if dup:
            return False
        response_id = conn.execute(
            platform_responses.insert().values(
                request_id=request_id, outcome=outcome.value, reason=reason, received_at=at
            )
        ).inserted_primary_key[0]
        conn.execute(
            answer_sources.insert().values(
                response_id=response_id,
                source=source,
                entered_by=actor,
                targets_actioned=list(targets_actioned),
                note=note,
            )
        )
        target = _ANSWER_STATE[outcome]
        state = RequestState(req["state"])
        if target != state and target in REQUEST_TRANSITIONS[state]:
            extra = {"closed_at": at} if target.is_final else {}
            _move(
                conn,
                request_id,
                target,
                actor=actor,
                at=at,
                extra=extra,
                note={"outcome": outcome.value, "reason": reason},
            )
        else:
            audit.append(
                conn,
                actor=actor,
                action="request.answer",
                object_type="request",
                object_id=request_id,
                after={"outcome": outcome.value, "reason": reason, "state_kept": state.value},
                at=at,
            )
    return True


def expire_unanswered(vigil: Vigil, *, now: datetime, actor: str, after: timedelta = NO_RESPONSE_AFTER) -> int:
    """Mark requests with no final answer ``after`` their sending as ``no_response``."""
    with vigil.begin() as conn:
        rows = conn.execute(
            select(removal_requests.c.id, removal_requests.c.sent_at).where(
                removal_requests.c.state.in_([RequestState.SENT.value, RequestState.ACKNOWLEDGED.value])
            )
        ).all()
        expired = [r.id for r in rows if r.sent_at is not None and r.sent_at + after <= now]
        for rid in expired:
            conn.execute(
                platform_responses.insert().values(
                    request_id=rid, outcome=ResponseOutcome.NO_RESPONSE.value, received_at=now
                )
            )
            _move(conn, rid, RequestState.NO_RESPONSE, actor=actor, at=now)
    return len(expired)


def _move(
    conn: Connection,
    request_id: int,
    target: RequestState,
    *,
    actor: str,
    at: datetime,
    extra: dict[str, Any] | None = None,
    note: dict[str, Any] | None = None,
) -> None:
    req = _request(conn, request_id)
    state = RequestState(req["state"])
    if target not in REQUEST_TRANSITIONS[state]:
        allowed = ", ".join(sorted(s.value for s in REQUEST_TRANSITIONS[state])) or "none (final)"
        raise StateError(
            f"Request {request_id} is {state.value}; it cannot become {target.value} (allowed: {allowed})."
        )
    if target == RequestState.APPROVED:
        _check_four_eyes(conn, req)
    values = {"state": target.value, **{k: v for k, v in (extra or {}).items() if v is not None}}
    conn.execute(removal_requests.update().where(removal_requests.c.id == request_id).values(**values))
    audit.append(
        conn,
        actor=actor,
        action=f"request.{target.value}",
        object_type="request",
        object_id=request_id,
        before={"state": state.value},
        after={**values, **(note or {})},
        at=at,
    )


def _check_four_eyes(conn: Connection, req: dict[str, Any]) -> None:
    decision = conn.execute(select(decisions).where(decisions.c.case_id == req["case_id"])).mappings().first()
    if decision is None or decision["outcome"] != DecisionOutcome.LINK_PROVEN.value:
        raise StateError(
            f"Request {req['id']}: case {req['case_id']} has no 'link_proven' decision; nothing can be sent."
        )
    if _second_approver(conn, decision) is None:
        raise StateError(
            f"Request {req['id']} needs approval by a second person who did not decide case {req['case_id']}: "
            f"vigil case approve {req['case_id']}"
        )


def _request(conn: Connection, request_id: int) -> dict[str, Any]:
    row = conn.execute(select(removal_requests).where(removal_requests.c.id == request_id)).mappings().first()
    if row is None:
        raise InputError(f"No removal request {request_id}. List them with: vigil referral list")
    return dict(row)
