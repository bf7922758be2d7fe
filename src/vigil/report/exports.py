"""Transparency exports built from Vigil's records.

* :func:`statements_of_reasons` — one record per actioned item, with the field names and values
  of the EU DSA Transparency Database statement API (``decision_visibility``, ``decision_ground``,
  ``category``, ``puid`` ...).  A platform submits these; an authority keeps them to check that
  the platform's statements match what it was asked.
* :func:`lumen_notices` — one Lumen-style notice per request sent (sender, recipient, works with
  their URLs, action taken).
* :func:`tco_yearly` — the yearly figures the TCO Regulation (Art. 8) asks of authorities.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from vigil.core import Vigil
from vigil.domain.enums import RequestKind, RequestState, ResponseOutcome
from vigil.referral import requests
from vigil.referral.platforms import load_for
from vigil.referral.requests import RequestView
from vigil.report.compliance import ACTED, Period, parse_period, sent_requests
from vigil.store.tables import platform_responses

VISIBILITY = {
    ResponseOutcome.REMOVED: "DECISION_VISIBILITY_CONTENT_REMOVED",
    ResponseOutcome.GEO_BLOCKED: "DECISION_VISIBILITY_CONTENT_DISABLED",
    ResponseOutcome.RESTRICTED: "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
    ResponseOutcome.PARTIALLY_ACTIONED: "DECISION_VISIBILITY_CONTENT_REMOVED",
}

LUMEN_ACTION = {
    RequestState.ACTIONED: "Yes",
    RequestState.PARTIALLY_ACTIONED: "Partial",
    RequestState.REJECTED: "No",
}


def _action_outcomes(vigil: Vigil) -> dict[int, ResponseOutcome]:
    """The last action-type answer per request (removed, geo-blocked, restricted, partial)."""
    with vigil.read() as conn:
        rows = conn.execute(
            select(platform_responses.c.request_id, platform_responses.c.outcome).order_by(
                platform_responses.c.received_at, platform_responses.c.id
            )
        ).all()
    out: dict[int, ResponseOutcome] = {}
    for r in rows:
        outcome = ResponseOutcome(r.outcome)
        if outcome in VISIBILITY:
            out[r.request_id] = outcome
    return out


def _sor(view: RequestView, outcome: ResponseOutcome, target: str, i: int, country: str) -> dict:
    is_order = view.kind is RequestKind.LEGAL_ORDER
    is_account = not target.startswith(("http://", "https://"))
    reasons = view.decision.get("reasons") or f"Content of {view.organisation}."
    sor: dict[str, Any] = {
        "decision_visibility": [VISIBILITY[outcome]],
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT" if is_order else "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "category": "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
        "content_type": ["CONTENT_TYPE_OTHER"],
        "content_type_other": "account" if is_account else "post",
        "application_date": (view.closed_at or datetime.now(UTC)).strftime("%Y-%m-%d"),
        "decision_facts": f"{view.reference}: referred as content of {view.organisation}.",
        "source_type": "SOURCE_TYPE_OTHER_NOTIFICATION",
        "source_identity": "authority order" if is_order else "authority referral",
        "automated_detection": "Yes",
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "territorial_scope": [country] if country else [],
        "puid": f"{view.reference}-{i}",
    }
    if is_account:
        sor["decision_account"] = "DECISION_ACCOUNT_SUSPENDED"
    if is_order:
        sor["illegal_content_legal_ground"] = view.decision.get("legal_basis") or ""
        sor["illegal_content_explanation"] = reasons
    else:
        sor["incompatible_content_ground"] = "Terms of service: dangerous organisations"
        sor["incompatible_content_explanation"] = reasons
        sor["incompatible_content_illegal"] = "Yes"
    return sor


def statements_of_reasons(vigil: Vigil, period: Period | None = None) -> list[dict[str, Any]]:
    period = period or parse_period(None)
    country = load_for(vigil.home).authority.country
    outcomes = _action_outcomes(vigil)
    with vigil.read() as conn:
        views = [v for v in sent_requests(conn, period) if v.state in ACTED]
    out = []
    for v in views:
        outcome = outcomes.get(v.id, ResponseOutcome.REMOVED)
        for i, target in enumerate(v.targets, 1):
            out.append({"platform": v.platform, "statement": _sor(v, outcome, target, i, country)})
    return out


def lumen_notices(vigil: Vigil, period: Period | None = None) -> list[dict[str, Any]]:
    period = period or parse_period(None)
    cfg = load_for(vigil.home)
    with vigil.read() as conn:
        views = sent_requests(conn, period)
    return [
        {
            "id": v.reference,
            "type": "GovernmentRequest" if v.kind is RequestKind.LEGAL_ORDER else "Other",
            "title": f"{v.kind.value.replace('_', ' ')} concerning {v.organisation}",
            "date_sent": v.sent_at.isoformat() if v.sent_at else None,
            "date_received": v.sent_at.isoformat() if v.sent_at else None,
            "sender": {"name": cfg.authority.name, "country_code": cfg.authority.country},
            "recipient": {"name": cfg.platform(v.platform).name or v.platform},
            "jurisdictions": [cfg.authority.country] if cfg.authority.country else [],
            "works": [
                {
                    "description": f"Content attributed to {v.organisation}",
                    "infringing_urls": [{"url": t} for t in v.targets],
                }
            ],
            "action_taken": LUMEN_ACTION.get(v.state, "Unspecified"),
            "legal_basis": v.decision.get("legal_basis"),
        }
        for v in views
    ]


def tco_yearly(vigil: Vigil, year: int) -> dict[str, Any]:
    """Figures in the shape of TCO Regulation Art. 8(1) for one calendar year (orders only)."""
    period = parse_period(str(year))
    with vigil.read() as conn:
        orders = [v for v in sent_requests(conn, period) if v.kind is RequestKind.LEGAL_ORDER]
        all_orders = requests.find(conn, kind=RequestKind.LEGAL_ORDER)
    acted = [v for v in orders if v.state in ACTED]
    within = [v for v in acted if v.closed_at and v.sent_at and (v.closed_at - v.sent_at).total_seconds() <= 3600]
    return {
        "year": year,
        "art_8_1_a_removal_orders_issued": len(orders),
        "art_8_1_a_orders_by_platform": _count_by(orders),
        "art_8_1_a_items_removed_or_disabled": sum(len(v.targets) for v in acted),
        "art_8_1_a_orders_complied_within_one_hour": len(within),
        "art_8_1_a_orders_not_complied": sum(
            1 for v in orders if v.state in (RequestState.REJECTED, RequestState.NO_RESPONSE)
        ),
        "orders_drafted_not_sent": sum(1 for v in all_orders if v.sent_at is None and period.contains(v.created_at)),
        "art_8_1_c_orders_scrutinised": None,
        "art_8_1_e_review_proceedings": None,
        "note": "Items (c) and (e) are not recorded by Vigil's referral module; null means not recorded, not zero.",
    }


def _count_by(views: list[RequestView]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in views:
        out[v.platform] = out.get(v.platform, 0) + 1
    return dict(sorted(out.items()))
