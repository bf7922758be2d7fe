"""Compliance figures from Vigil's own records: per platform, organisation, request type, period.

Counted over the requests *sent* in the period (a draft is not a request to a platform).
Legal orders and terms-of-service referrals are always counted apart (``by_kind``).  "Actioned"
is what the platform answered; "confirmed offline" is what Vigil's own liveness checks saw, and
the two are reported side by side, never merged.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Connection, select

from vigil.core import Vigil
from vigil.domain.enums import RequestState, ResponseOutcome
from vigil.errors import InputError
from vigil.referral import liveness, requests
from vigil.referral.requests import RequestView
from vigil.store.tables import cases, platform_responses
from vigil.store.tables_review import appeals

ACTED = (RequestState.ACTIONED, RequestState.PARTIALLY_ACTIONED)
OPEN = (RequestState.SENT, RequestState.ACKNOWLEDGED)


@dataclass(frozen=True)
class Period:
    start: datetime | None
    end: datetime | None  # exclusive
    label: str

    def contains(self, when: datetime | None) -> bool:
        if when is None:
            return False
        return (self.start is None or when >= self.start) and (self.end is None or when < self.end)

    def to_dict(self) -> dict[str, str | None]:
        return {
            "label": self.label,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


ALL_TIME = Period(None, None, "all")


def _day(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def parse_period(text: str | None) -> Period:
    """'2026', '2026-Q1', '2026-03', '2026-01-01..2026-06-30' (end inclusive), or 'all'."""
    if not text or text == "all":
        return ALL_TIME
    try:
        if m := re.fullmatch(r"(\d{4})", text):
            y = int(m[1])
            return Period(_day(date(y, 1, 1)), _day(date(y + 1, 1, 1)), text)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            y, q = int(m[1]), int(m[2])
            end = date(y + 1, 1, 1) if q == 4 else date(y, 3 * q + 1, 1)
            return Period(_day(date(y, 3 * q - 2, 1)), _day(end), text)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            y, mo = int(m[1]), int(m[2])
            end = date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)
            return Period(_day(date(y, mo, 1)), _day(end), text)
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
            start, last = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            return Period(_day(start), _day(last) + timedelta(days=1), text)
    except ValueError:
        pass
    raise InputError(f"--period {text!r} is not a period; use 2026, 2026-Q1, 2026-03 or 2026-01-01..2026-06-30")


def _pct(n: int, d: int) -> float | None:
    return round(100.0 * n / d, 1) if d else None


def _hours(views: Iterable[RequestView]) -> list[float]:
    return [
        (v.closed_at - v.sent_at).total_seconds() / 3600
        for v in views
        if v.state in ACTED and v.closed_at and v.sent_at
    ]


@dataclass(frozen=True)
class Seen:
    """What the figures need besides the requests: our own checks, late answers, the time."""

    offline: dict[tuple[int, str], str]
    late_answers: frozenset[int]
    now: datetime


def group_figures(views: list[RequestView], seen: Seen) -> dict[str, Any]:
    """The figures of one group of sent requests."""
    n = len(views)
    states = defaultdict(int)
    for v in views:
        states[v.state] += 1
    acted = states[RequestState.ACTIONED] + states[RequestState.PARTIALLY_ACTIONED]
    hours = _hours(views)
    blocked = {(v.platform, v.account_id): v.reach for v in views if v.state in ACTED}
    reached = {(v.platform, v.account_id): v.reach for v in views}
    targets = [(v.id, t) for v in views for t in v.targets]
    checked = [seen.offline[k] for k in targets if k in seen.offline]
    return {
        "requests": n,
        "actioned": states[RequestState.ACTIONED],
        "partially_actioned": states[RequestState.PARTIALLY_ACTIONED],
        "rejected": states[RequestState.REJECTED],
        "no_response": states[RequestState.NO_RESPONSE],
        "pending": states[RequestState.SENT] + states[RequestState.ACKNOWLEDGED],
        "actioned_pct": _pct(acted, n),
        "rejected_pct": _pct(states[RequestState.REJECTED], n),
        "no_response_pct": _pct(states[RequestState.NO_RESPONSE], n),
        "median_hours_to_removal": round(float(np.median(hours)), 1) if hours else None,
        "p90_hours_to_removal": round(float(np.percentile(hours, 90)), 1) if hours else None,
        "overdue": sum(1 for v in views if v.state in OPEN and v.due_at and v.due_at < seen.now),
        "late_answers": sum(1 for v in views if v.id in seen.late_answers and v.state is not RequestState.NO_RESPONSE),
        "accounts_blocked": len(blocked),
        "followers_of_referred": sum(reached.values()),
        "followers_of_blocked": sum(blocked.values()),
        "targets": len(targets),
        "targets_checked": len(checked),
        "confirmed_offline": checked.count("offline"),
        "confirmed_offline_pct": _pct(checked.count("offline"), len(checked)),
    }


def _grouped(views: list[RequestView], key: Any, seen: Seen) -> dict[str, Any]:
    groups: dict[str, list[RequestView]] = defaultdict(list)
    for v in views:
        groups[key(v)].append(v)
    return {k: group_figures(g, seen) for k, g in sorted(groups.items())}


def _late_answers(conn: Connection) -> frozenset[int]:
    """Requests marked no_response that the platform answered afterwards (a reversal of its
    silence).  Appeals are not recorded by the referral module."""
    rows = conn.execute(
        select(platform_responses.c.request_id).where(platform_responses.c.outcome == ResponseOutcome.NO_RESPONSE.value)
    )
    return frozenset(r.request_id for r in rows)


def appeal_figures(conn: Connection, period: Period) -> dict[str, Any]:
    """Appeals filed in the period against decisions (recorded by the review module), overall and
    per platform: how many, and how many reversed the decision."""
    rows = conn.execute(
        select(appeals.c.state, appeals.c.filed_at, cases.c.platform).join(cases, cases.c.id == appeals.c.case_id)
    ).all()
    groups: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        if period.contains(requests.utc(r.filed_at)):
            groups[r.platform].append(r.state)

    def figures(states: list[str]) -> dict[str, Any]:
        decided = states.count("upheld") + states.count("reversed")
        return {
            "filed": len(states),
            "open": states.count("open"),
            "upheld": states.count("upheld"),
            "reversed": states.count("reversed"),
            "reversed_pct": _pct(states.count("reversed"), decided),
        }

    return {
        "overall": figures([s for g in groups.values() for s in g]),
        "by_platform": {p: figures(g) for p, g in sorted(groups.items())},
    }


def sent_requests(conn: Connection, period: Period) -> list[RequestView]:
    views = requests.find(conn)
    return [v for v in views if v.sent_at is not None and period.contains(v.sent_at)]


def compliance(vigil: Vigil, *, period: Period = ALL_TIME, now: datetime | None = None) -> dict[str, Any]:
    """All compliance figures for one period, as plain JSON-able data."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    with vigil.read() as conn:
        views = sent_requests(conn, period)
        seen = Seen(liveness.latest(conn), _late_answers(conn), now)
        appeal = appeal_figures(conn, period)
    return {
        "period": period.to_dict(),
        "overall": group_figures(views, seen),
        "by_kind": _grouped(views, lambda v: v.kind.value, seen),
        "by_platform": _grouped(views, lambda v: v.platform, seen),
        "by_platform_kind": _grouped(views, lambda v: f"{v.platform}/{v.kind.value}", seen),
        "by_organisation": _grouped(views, lambda v: v.organisation, seen),
        "by_month": _grouped(views, lambda v: v.sent_at.strftime("%Y-%m") if v.sent_at else "", seen),
        "appeals": appeal,
    }
