"""Cases, the review queue, decisions and four-eyes approval.

A case is an (account, organisation) whose assessment crossed the proposal threshold.  A person
decides it (link proven, not proven, or exempt), and a second, different person approves a
"link proven" decision before anything can leave for a platform.  There is no switch to turn the
second approval off.  Every change is appended to the audit log in the same transaction.

Who acts is an authenticated :class:`~vigil.review.auth.Actor` (from a login or a token), or the
name of a *scripted* user (the demo's reviewer and approver); a person's name as a bare string
is refused.  Either way the role is checked (``case.decide``, ``case.approve``) and the
``scripted`` flag recorded is the user's own, not the caller's say.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from vigil.core import Vigil
from vigil.domain.enums import CaseStatus, DecisionOutcome
from vigil.domain.workflow import Decision
from vigil.errors import InputError, StateError
from vigil.review._db import inserted_id
from vigil.review.auth import Actor, authorize
from vigil.review.evidence import snapshot_case
from vigil.store import audit
from vigil.store.tables import accounts, approvals, assessments, cases, decisions, designations

PROPOSAL_THRESHOLD = 0.5
GROUNDS = ("incitement", "recruitment", "threat", "glorification", "instruction", "fundraising", "propaganda")
EXEMPTIONS = ("journalism", "research", "counter-speech", "human-rights", "education", "art")


def propose_cases(
    vigil: Vigil, *, threshold: float = PROPOSAL_THRESHOLD, actor: str = "system:assess", now: datetime | None = None
) -> int:
    """Open a case for every assessment at or above ``threshold`` that has none; refresh the
    score and reach of open ones.  Returns the number of cases opened."""
    now = now or datetime.now(UTC)
    opened = 0
    with vigil.begin() as conn:
        existing = {
            (r.platform, r.account_id, r.organisation): r
            for r in conn.execute(
                select(
                    cases.c.id,
                    cases.c.platform,
                    cases.c.account_id,
                    cases.c.organisation,
                    cases.c.status,
                    cases.c.score,
                )
            )
        }
        rows = conn.execute(select(assessments).where(assessments.c.score >= threshold)).mappings()
        for a in rows:
            key = (a["platform"], a["account_id"], a["organisation"])
            reach = a["followers"] or 0
            case = existing.get(key)
            if case is None:
                values = {
                    "platform": a["platform"],
                    "account_id": a["account_id"],
                    "organisation": a["organisation"],
                    "score": a["score"],
                    "reach": reach,
                    "tier": 3,
                    "status": CaseStatus.OPEN.value,
                    "opened_at": now,
                }
                case_id = inserted_id(conn.execute(cases.insert().values(**values)))
                audit.append(
                    conn, actor=actor, action="case.opened", object_type="case", object_id=case_id, after=values, at=now
                )
                opened += 1
            elif case.status == CaseStatus.OPEN.value and abs(case.score - a["score"]) > 1e-9:
                conn.execute(cases.update().where(cases.c.id == case.id).values(score=a["score"], reach=reach))
    return opened


def queue(
    vigil: Vigil,
    *,
    organisation: str | None = None,
    platform: str | None = None,
    language: str | None = None,
    limit: int = 50,
    uncertain_first: bool = False,
) -> list[dict[str, Any]]:
    """Open cases, most urgent first: severity tier, then linkage score x reach.  Can be split
    by organisation, platform and the account's language.

    With ``uncertain_first`` the cases whose posts the support model is least sure about come
    first (uncertainty sampling): a reviewer's decision on them teaches the model most when it is
    retrained (`vigil model retrain`).  Cases without model evidence come last."""
    if uncertain_first:
        return _uncertain_first(vigil, queue(vigil, organisation=organisation, platform=platform,
                                             language=language, limit=1_000_000))[:limit]  # fmt: skip
    stmt = select(cases).where(cases.c.status == CaseStatus.OPEN.value)
    if organisation:
        stmt = stmt.where(cases.c.organisation == organisation)
    if platform:
        stmt = stmt.where(cases.c.platform == platform)
    if language:
        stmt = stmt.join(
            accounts, (accounts.c.platform == cases.c.platform) & (accounts.c.platform_id == cases.c.account_id)
        ).where(accounts.c.language == language)
    stmt = stmt.order_by(cases.c.tier, (cases.c.score * (cases.c.reach + 1)).desc(), cases.c.id).limit(limit)
    with vigil.read() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def _uncertain_first(vigil: Vigil, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from vigil.models.feedback import uncertainty_order

    if not rows:
        return rows
    keys = {(r["platform"], r["account_id"], r["organisation"]) for r in rows}
    with vigil.read() as conn:
        evidence = {
            (a.platform, a.account_id, a.organisation): a.evidence
            for a in conn.execute(select(assessments.c.platform, assessments.c.account_id,
                                         assessments.c.organisation, assessments.c.evidence))  # fmt: skip
            if (a.platform, a.account_id, a.organisation) in keys
        }
    with_model, without = [], []
    for r in rows:
        scores = [float(e["score"]) for e in evidence.get((r["platform"], r["account_id"], r["organisation"]), [])
                  if e.get("detector") == "support_model"]  # fmt: skip
        if scores:
            # The case's least certain post stands for the case.
            with_model.append((min(scores, key=lambda p: abs(p - 0.5)), r))
        else:
            without.append(r)
    order = uncertainty_order([p for p, _ in with_model])
    return [with_model[i][1] for i in order] + without


def get_case(vigil: Vigil, case_id: int) -> dict[str, Any]:
    """A case with its assessment evidence, its decision and approvals."""
    with vigil.read() as conn:
        case = _case(conn, case_id)
        assessment = (
            conn.execute(
                select(assessments).where(
                    assessments.c.platform == case["platform"],
                    assessments.c.account_id == case["account_id"],
                    assessments.c.organisation == case["organisation"],
                )
            )
            .mappings()
            .first()
        )
        decision = conn.execute(select(decisions).where(decisions.c.case_id == case_id)).mappings().first()
        approved = []
        if decision is not None:
            approved = [
                dict(r)
                for r in conn.execute(select(approvals).where(approvals.c.decision_id == decision["id"])).mappings()
            ]
    return {
        **case,
        "evidence": list(assessment["evidence"]) if assessment else [],
        "decision": dict(decision) if decision else None,
        "approvals": approved,
    }


def decide(
    vigil: Vigil,
    case_id: int,
    *,
    actor: Actor | str,
    outcome: DecisionOutcome | str,
    ground: str | None = None,
    legal_basis: str | None = None,
    exemption: str | None = None,
    reasons: str = "",
    scripted: bool = False,
    now: datetime | None = None,
) -> Decision:
    """Record a reviewer's decision on an open case (role ``reviewer``).

    ``scripted`` is kept for callers' sake; what is recorded is whether the user is scripted.
    """
    who = acting(vigil, actor, "case.decide")
    actor, scripted = who.username, who.scripted
    outcome = DecisionOutcome(outcome)
    _check_decision(outcome, ground, legal_basis, exemption)
    now = now or datetime.now(UTC)
    with vigil.begin() as conn:
        case = _case(conn, case_id)
        if case["status"] != CaseStatus.OPEN.value:
            raise StateError(
                f"Case {case_id} is {case['status']}, not open; it was decided already (vigil case show {case_id})."
            )
        refs = _references(conn, case["organisation"]) if outcome == DecisionOutcome.LINK_PROVEN else []
        values: dict[str, Any] = {
            "case_id": case_id,
            "outcome": outcome.value,
            "organisation": case["organisation"] if outcome == DecisionOutcome.LINK_PROVEN else None,
            "references": refs,
            "ground": ground,
            "legal_basis": legal_basis,
            "exemption": exemption,
            "reasons": reasons,
            "decided_by": actor,
            "scripted": scripted,
            "decided_at": now,
        }
        conn.execute(decisions.insert().values(**values))
        conn.execute(cases.update().where(cases.c.id == case_id).values(status=CaseStatus.DECIDED.value))
        audit.append(
            conn,
            actor=actor,
            action="case.decided",
            object_type="case",
            object_id=case_id,
            before={"status": case["status"]},
            after=values,
            at=now,
        )
    return Decision(**{**values, "references": tuple(refs)})


def approve(
    vigil: Vigil, case_id: int, *, actor: Actor | str, scripted: bool = False, now: datetime | None = None
) -> None:
    """Second-person approval of a "link proven" decision (role ``approver``).  The decider
    cannot approve, whatever roles they hold: there is no switch for this."""
    who = acting(vigil, actor, "case.approve")
    actor, scripted = who.username, who.scripted
    now = now or datetime.now(UTC)
    with vigil.begin() as conn:
        decision = conn.execute(select(decisions).where(decisions.c.case_id == case_id)).mappings().first()
        if decision is None:
            raise StateError(
                f"Case {case_id} has no decision yet; a reviewer must decide it first (vigil case decide {case_id})."
            )
        if decision["outcome"] != DecisionOutcome.LINK_PROVEN.value:
            raise StateError(
                f"Case {case_id} was decided {decision['outcome']}; "
                "only 'link_proven' decisions are approved for referral."
            )
        if decision["decided_by"] == actor:
            raise StateError(
                f"Case {case_id} was decided by {actor}; approval needs a second person who did not make the decision."
            )
        already = conn.execute(
            select(approvals.c.id).where(approvals.c.decision_id == decision["id"], approvals.c.approved_by == actor)
        ).first()
        if already:
            return
        values = {"decision_id": decision["id"], "approved_by": actor, "scripted": scripted, "approved_at": now}
        conn.execute(approvals.insert().values(**values))
        audit.append(
            conn, actor=actor, action="case.approved", object_type="case", object_id=case_id, after=values, at=now
        )
    # Approval is the last step before a request can be drafted: preserve what the store holds
    # on the account now, while it is still there.
    snapshot_case(vigil, case_id, by=actor)


def acting(vigil: Vigil, actor: Actor | str, action: str) -> Actor:
    """The checked actor: an authenticated one, or a scripted user named by the caller."""
    return authorize(vigil, actor, action)


def _check_decision(
    outcome: DecisionOutcome, ground: str | None, legal_basis: str | None, exemption: str | None
) -> None:
    if outcome == DecisionOutcome.LINK_PROVEN:
        if ground not in GROUNDS:
            raise InputError(f"A 'link_proven' decision needs a ground, one of: {', '.join(GROUNDS)}. Got {ground!r}.")
        if not legal_basis:
            raise InputError("A 'link_proven' decision needs a legal basis (the law or terms it rests on).")
    if outcome == DecisionOutcome.EXEMPT and exemption not in EXEMPTIONS:
        raise InputError(
            f"An 'exempt' decision names the exemption, one of: {', '.join(EXEMPTIONS)}. Got {exemption!r}."
        )


def _case(conn: Connection, case_id: int) -> dict[str, Any]:
    row = conn.execute(select(cases).where(cases.c.id == case_id)).mappings().first()
    if row is None:
        raise InputError(f"No case {case_id}. List open cases with: vigil queue")
    return dict(row)


def _references(conn: Connection, organisation: str) -> list[str]:
    stmt = (
        select(designations.c.reference)
        .where(designations.c.organisation == organisation, designations.c.delisted_on.is_(None))
        .order_by(designations.c.jurisdiction, designations.c.reference)
    )
    return [r.reference for r in conn.execute(stmt)]
