"""Headline figures, computed from Vigil's own records only.

- identified: accounts with an open or decided case (an assessment crossed the threshold);
- referred: accounts whose removal request was sent; removed: whose request was actioned;
- followers reached: the sum of identified accounts' followers.  People follow many accounts,
  so this counts follows, not people: it over-counts the audience;
- compliance per platform: actioned / sent, with rejected, no-response and pending shares;
- time to removal: from sending to the platform's "actioned" answer, in hours.
Legal orders and terms-of-service referrals are counted apart.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from vigil.core import Vigil
from vigil.domain.enums import RequestState
from vigil.store.tables import accounts, cases, platform_responses, removal_requests

PLATFORMS = ("facebook", "instagram", "tiktok", "x", "telegram", "whatsapp")
FOLLOWERS_NOTE = (
    "sum of follower counts of identified accounts; people who follow several accounts are counted more than once"
)
_SENT_STATES = {
    RequestState.SENT.value,
    RequestState.ACKNOWLEDGED.value,
    RequestState.ACTIONED.value,
    RequestState.PARTIALLY_ACTIONED.value,
    RequestState.REJECTED.value,
    RequestState.NO_RESPONSE.value,
}


def headline(vigil: Vigil) -> dict[str, Any]:
    with vigil.read() as conn:
        case_rows = conn.execute(
            select(cases.c.id, cases.c.platform, cases.c.account_id, cases.c.organisation, cases.c.reach)
        ).all()
        req_rows = conn.execute(
            select(
                removal_requests.c.id,
                removal_requests.c.case_id,
                removal_requests.c.platform,
                removal_requests.c.kind,
                removal_requests.c.state,
                removal_requests.c.sent_at,
                removal_requests.c.due_at,
            )
        ).all()
        actioned_at = {
            r.request_id: r.received_at
            for r in conn.execute(
                select(platform_responses.c.request_id, platform_responses.c.received_at).where(
                    platform_responses.c.outcome.in_(["removed", "geo_blocked", "restricted", "partially_actioned"])
                )
            )
        }
        followers = {
            (r.platform, r.platform_id): r.followers or 0
            for r in conn.execute(select(accounts.c.platform, accounts.c.platform_id, accounts.c.followers))
        }
    identified = {(c.platform, c.account_id) for c in case_rows}
    by_org: dict[str, set[tuple[str, str]]] = defaultdict(set)
    by_platform: dict[str, set[tuple[str, str]]] = defaultdict(set)
    case_account = {}
    for c in case_rows:
        by_org[c.organisation].add((c.platform, c.account_id))
        by_platform[c.platform].add((c.platform, c.account_id))
        case_account[c.id] = (c.platform, c.account_id)

    referred: set[tuple[str, str]] = set()
    removed: set[tuple[str, str]] = set()
    hours: dict[str, list[float]] = defaultdict(list)
    comp: dict[str, dict[str, int]] = {p: defaultdict(int) for p in PLATFORMS}
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    now = datetime.now(UTC)
    for r in req_rows:
        if r.state not in _SENT_STATES:
            continue
        acct = case_account.get(r.case_id)
        referred.add(acct)
        c = comp.setdefault(r.platform, defaultdict(int))
        c["requests"] += 1
        kinds[r.kind]["requests"] += 1
        if r.state in (RequestState.ACTIONED.value, RequestState.PARTIALLY_ACTIONED.value):
            c["actioned"] += 1
            kinds[r.kind]["actioned"] += 1
            removed.add(acct)
            if r.id in actioned_at and r.sent_at is not None:
                hours[r.platform].append((actioned_at[r.id] - r.sent_at).total_seconds() / 3600)
        elif r.state == RequestState.REJECTED.value:
            c["rejected"] += 1
        elif r.state == RequestState.NO_RESPONSE.value:
            c["no_response"] += 1
        else:
            c["pending"] += 1
            if r.due_at is not None and r.due_at < now:
                c["overdue"] += 1
    all_hours = [h for hs in hours.values() for h in hs]
    return {
        "identified": {
            "accounts": len(identified),
            "by_organisation": {k: len(v) for k, v in sorted(by_org.items())},
            "by_platform": {p: len(by_platform.get(p, ())) for p in PLATFORMS},
        },
        "referred": len(referred),
        "removed": len(removed),
        "followers_reached": sum(followers.get(a, 0) for a in identified),
        "followers_note": FOLLOWERS_NOTE,
        "compliance": {p: _compliance(comp.get(p, {})) for p in PLATFORMS},
        "by_request_kind": {k: _compliance(v) for k, v in sorted(kinds.items())},
        "median_hours_to_removal": {
            "all": _median(all_hours),
            **{p: _median(hours.get(p, [])) for p in PLATFORMS},
        },
    }


def _compliance(c: dict[str, int]) -> dict[str, Any]:
    n = c.get("requests", 0)
    out: dict[str, Any] = {
        k: c.get(k, 0) for k in ("requests", "actioned", "rejected", "no_response", "pending", "overdue")
    }
    for k in ("actioned", "rejected", "no_response"):
        out[f"{k}_pct"] = round(100 * c.get(k, 0) / n, 1) if n else None
    return out


def _median(xs: list[float]) -> float | None:
    return round(statistics.median(xs), 1) if xs else None
