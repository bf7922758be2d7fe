"""The demo's scripted reviewer and approver.

They stand in for people so that the demo can run end to end; outside `vigil demo` nothing is
decided without a person.  They read only what a human reviewer sees (the case and its
evidence), never the generator's ground truth, and every decision and approval they make is
labelled scripted in the database and the audit log.  They go through the same service calls,
with the same checks, as people do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from vigil.core import Vigil
from vigil.domain.enums import DecisionOutcome
from vigil.review import cases as review
from vigil.review.auth import DEMO_USERS, ensure_scripted_users

REVIEWER = "demo-reviewer"
APPROVER = "demo-approver"
LEGAL_BASIS = (
    "Designated organisation (see references); Anti-Terrorism Act 1997 (Pakistan) First Schedule; "
    "platform terms of service on dangerous organisations"
)
LINK_THRESHOLD = 0.6
ORDER_REACH = 20_000  # large channels get a legal order, smaller accounts a ToS referral


def _is_strong(ev: dict[str, Any]) -> bool:
    """A named piece of evidence for this case's organisation that is not a news report's
    phrasing: an outlet, slogan or hashtag, or a strong name."""
    if ev.get("detector") == "support_model":
        return False
    if ev.get("kind") in ("outlet", "hashtag", "slogan"):
        return True
    details = ev.get("details") or {}
    return details.get("frame") != "reporting" and details.get("quality") == "strong"


def _reads_as_support(ev: dict[str, Any]) -> bool:
    return ev.get("detector") == "support_model" and float(ev.get("score", 0)) >= 0.8


def _is_reporting(ev: dict[str, Any]) -> bool:
    return (ev.get("details") or {}).get("frame") == "reporting"


def judge(case: dict[str, Any]) -> dict[str, Any]:
    """The decision a careful reviewer would take from this case's evidence."""
    evidence = case["evidence"]
    strong = [e for e in evidence if _is_strong(e)]
    reporting = [e for e in evidence if _is_reporting(e)]
    model_seen = any(e.get("detector") == "support_model" for e in evidence)
    supported = not model_seen or any(_reads_as_support(e) for e in evidence)
    if case["score"] >= LINK_THRESHOLD and strong and supported:
        ground = "incitement" if case["reach"] >= ORDER_REACH else "glorification"
        return {
            "outcome": DecisionOutcome.LINK_PROVEN,
            "ground": ground,
            "legal_basis": LEGAL_BASIS,
            "reasons": f"{len(strong)} strong evidence item(s): "
            + "; ".join(str(e.get("matched")) for e in strong[:3]),
        }
    if reporting and len(reporting) * 2 >= len(evidence):
        return {
            "outcome": DecisionOutcome.EXEMPT,
            "exemption": "journalism",
            "reasons": "mentions are in the phrasing of news reports",
        }
    return {"outcome": DecisionOutcome.NOT_PROVEN, "reasons": "no strong evidence of a link"}


def review_all(vigil: Vigil, *, now: datetime) -> dict[str, int]:
    """Decide every open case, then have a second person approve the proven ones."""
    ensure_scripted_users(vigil, DEMO_USERS)  # real users, flagged scripted, checked like people
    counts = {o.value: 0 for o in DecisionOutcome}
    counts["approved"] = 0
    while batch := review.queue(vigil, limit=500):
        for row in batch:
            case = review.get_case(vigil, row["id"])
            verdict = judge(case)
            review.decide(vigil, case["id"], actor=REVIEWER, scripted=True, now=now, **verdict)
            counts[verdict["outcome"].value] += 1
            if verdict["outcome"] == DecisionOutcome.LINK_PROVEN and len(case["evidence"]) >= 1:
                review.approve(vigil, case["id"], actor=APPROVER, scripted=True, now=now)
                counts["approved"] += 1
    return counts
