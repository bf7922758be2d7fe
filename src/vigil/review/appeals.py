"""Appeals: a content provider or a platform contests a decision; someone not involved in it
re-reviews within a deadline, and upholds or reverses it.  A reversal drafts a reinstatement
request and counts as an error of the unit (see :mod:`vigil.review.metrics`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, select, update

from vigil.core import Vigil
from vigil.errors import InputError, PermissionDenied, StateError
from vigil.review._db import inserted_id
from vigil.review.auth import Actor, authorize
from vigil.store import audit
from vigil.store.tables import approvals, cases, decisions, removal_requests
from vigil.store.tables_review import appeals, reinstatement_requests

DEADLINE_DAYS = 14


class AppellantKind(StrEnum):
    CONTENT_PROVIDER = "content_provider"
    PLATFORM = "platform"


class AppealState(StrEnum):
    OPEN = "open"
    UPHELD = "upheld"
    REVERSED = "reversed"


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(at: datetime | None) -> datetime | None:
    if at is None:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _view(row: Any, now: datetime | None = None) -> dict[str, Any]:
    out = dict(row._mapping)
    for k in ("filed_at", "due_at", "resolved_at"):
        out[k] = _aware(out[k])
    out["overdue"] = out["state"] == AppealState.OPEN and out["due_at"] < (now or _now())
    return out


def _appeal(conn: Connection, appeal_id: int) -> Any:
    row = conn.execute(select(appeals).where(appeals.c.id == appeal_id)).first()
    if row is None:
        raise InputError(f"no appeal {appeal_id}; list them with: vigil appeal list")
    return row


def file_appeal(
    vigil: Vigil,
    actor: Actor | str,
    case_id: int,
    *,
    appellant_kind: str,
    appellant: str,
    grounds: str,
    filed_at: datetime | None = None,
    days: int = DEADLINE_DAYS,
) -> dict[str, Any]:
    """Record an appeal against the decision on ``case_id``; it is due ``days`` after filing."""
    who = authorize(vigil, actor, "appeal.record")
    try:
        kind = AppellantKind(appellant_kind)
    except ValueError:
        raise InputError(f"unknown appellant kind {appellant_kind!r}: content_provider or platform") from None
    if not appellant.strip() or not grounds.strip():
        raise InputError("an appeal needs the appellant and the grounds")
    if not 1 <= days <= 365:
        raise InputError(f"the deadline must be 1-365 days. Got {days} instead.")
    filed = _aware(filed_at) or _now()
    with vigil.begin() as conn:
        decision = conn.execute(select(decisions.c.id).where(decisions.c.case_id == case_id)).first()
        if decision is None:
            raise StateError(f"case {case_id} has no decision to appeal against")
        row = {
            "case_id": case_id,
            "decision_id": decision.id,
            "appellant_kind": kind.value,
            "appellant": appellant.strip(),
            "grounds": grounds.strip(),
            "filed_at": filed,
            "due_at": filed + timedelta(days=days),
            "recorded_by": who.username,
            "state": AppealState.OPEN.value,
        }
        appeal_id = inserted_id(conn.execute(appeals.insert().values(**row)))
        audit.append(
            conn,
            actor=who.username,
            action="appeal.file",
            object_type="appeal",
            object_id=appeal_id,
            after=row,
        )
        return _view(_appeal(conn, appeal_id))


def involved(conn: Connection, decision_id: int) -> set[str]:
    """Who took part in a decision: its decider and its approvers."""
    decider = conn.execute(select(decisions.c.decided_by).where(decisions.c.id == decision_id)).scalar_one()
    approvers = conn.execute(select(approvals.c.approved_by).where(approvals.c.decision_id == decision_id)).scalars()
    return {decider, *approvers}


def resolve_appeal(vigil: Vigil, actor: Actor | str, appeal_id: int, outcome: str, reasons: str) -> dict[str, Any]:
    """Uphold or reverse.  Refused to anyone who decided or approved the original decision."""
    who = authorize(vigil, actor, "appeal.review")
    try:
        state = AppealState(outcome)
    except ValueError:
        state = AppealState.OPEN
    if state == AppealState.OPEN:
        raise InputError(f"an appeal ends upheld or reversed, not {outcome!r}")
    if not reasons.strip():
        raise InputError("a re-review needs its reasons")
    with vigil.begin() as conn:
        row = _appeal(conn, appeal_id)
        if row.state != AppealState.OPEN:
            raise StateError(f"appeal {appeal_id} was already {row.state} by {row.reviewed_by}")
        if who.username in involved(conn, row.decision_id):
            raise PermissionDenied(
                f"{who.username} took part in the decision appealed against (appeal "
                f"{appeal_id}); the re-review must be done by someone not involved"
            )
        before = _view(row)
        conn.execute(
            update(appeals)
            .where(appeals.c.id == appeal_id)
            .values(
                state=state.value,
                reviewed_by=who.username,
                reasons=reasons.strip(),
                resolved_at=_now(),
            )
        )
        if state == AppealState.REVERSED:
            _draft_reinstatement(conn, row, who.username)
        after = _view(_appeal(conn, appeal_id))
        audit.append(
            conn,
            actor=who.username,
            action=f"appeal.{state.value}",
            object_type="appeal",
            object_id=appeal_id,
            before={"state": before["state"]},
            after={"state": after["state"], "reasons": after["reasons"]},
        )
        return after


def _draft_reinstatement(conn: Connection, appeal: Any, by: str) -> int:
    case = conn.execute(select(cases).where(cases.c.id == appeal.case_id)).one()
    targets: list[str] = []
    for t in conn.execute(
        select(removal_requests.c.targets).where(removal_requests.c.case_id == appeal.case_id)
    ).scalars():
        targets += [x for x in t if x not in targets]
    row = {
        "appeal_id": appeal.id,
        "case_id": appeal.case_id,
        "platform": case.platform,
        "targets": targets or [case.account_id],
        "state": "drafted",
        "created_at": _now(),
        "created_by": by,
    }
    rid = inserted_id(conn.execute(reinstatement_requests.insert().values(**row)))
    audit.append(
        conn,
        actor=by,
        action="reinstatement.draft",
        object_type="reinstatement",
        object_id=rid,
        after=row,
    )
    return int(rid)


def list_appeals(
    vigil: Vigil,
    actor: Actor | str,
    *,
    state: str | None = None,
    overdue: bool = False,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    authorize(vigil, actor, "appeal.view")
    q = select(appeals).order_by(appeals.c.due_at, appeals.c.id)
    if state:
        q = q.where(appeals.c.state == state)
    with vigil.read() as conn:
        rows = [_view(r, now) for r in conn.execute(q)]
    return [r for r in rows if r["overdue"]] if overdue else rows


def show_appeal(vigil: Vigil, actor: Actor | str, appeal_id: int) -> dict[str, Any]:
    authorize(vigil, actor, "appeal.view")
    with vigil.read() as conn:
        out = _view(_appeal(conn, appeal_id))
        out["involved"] = sorted(involved(conn, out["decision_id"]))
        rr = conn.execute(select(reinstatement_requests).where(reinstatement_requests.c.appeal_id == appeal_id)).first()
        out["reinstatement"] = dict(rr._mapping) if rr else None
    return out
