"""SLA clocks: reminders, escalation and 'no response' for requests the platform hasn't closed.

The clock starts when a request is sent (``due_at = sent_at + SLA``; one hour for legal orders by
default, ``order_sla_hours`` / ``referral_sla_hours``).  Past due, a request gets a reminder;
after twice its SLA it is escalated (to a supervisor); when no answer came within
``no_response_after`` (14 days by default) it is marked ``no_response`` by
:func:`vigil.referral.stage.expire_unanswered` (a late answer can still close it).  Each
reminder and escalation is raised once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from vigil.core import Vigil
from vigil.domain.enums import RequestState
from vigil.referral import requests, stage
from vigil.store.tables_referral import sla_events

OPEN = (RequestState.SENT, RequestState.ACKNOWLEDGED)


@dataclass(frozen=True)
class SlaEvent:
    request_id: int
    reference: str
    platform: str
    kind: str  # reminder | escalation | no_response
    overdue_hours: float

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _due_events(view: requests.RequestView, now: datetime, sla: timedelta) -> list[str]:
    if view.due_at is None or now <= view.due_at:
        return []
    elapsed = now - (view.due_at - sla)
    return ["reminder", "escalation"] if elapsed >= 2 * sla else ["reminder"]


def run(
    vigil: Vigil,
    *,
    now: datetime | None = None,
    no_response_after: timedelta = stage.NO_RESPONSE_AFTER,
) -> list[SlaEvent]:
    """Raise the reminders and escalations now due, and mark long-unanswered requests
    ``no_response``; returns the new events."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    raised: list[SlaEvent] = []
    with vigil.begin() as conn:
        done = {(r.request_id, r.kind) for r in conn.execute(select(sla_events.c.request_id, sla_events.c.kind))}
        for view in requests.find(conn, states=OPEN):
            sla = timedelta(hours=requests.sla_hours(vigil.settings, view.kind))
            for kind in _due_events(view, now, sla):
                if (view.id, kind) in done:
                    continue
                conn.execute(sla_events.insert().values(request_id=view.id, kind=kind, level=1, at=now))
                assert view.due_at is not None
                over = (now - view.due_at).total_seconds() / 3600
                raised.append(SlaEvent(view.id, view.reference, view.platform, kind, round(over, 2)))
    with vigil.read() as conn:
        open_before = {v.id: v for v in requests.find(conn, states=OPEN)}
    stage.expire_unanswered(vigil, now=now, actor="sla", after=no_response_after)
    with vigil.read() as conn:
        still_open = {v.id for v in requests.find(conn, states=OPEN)}
    for rid in sorted(set(open_before) - still_open):
        v = open_before[rid]
        over = (now - v.due_at).total_seconds() / 3600 if v.due_at else 0.0
        raised.append(SlaEvent(rid, v.reference, v.platform, "no_response", round(over, 2)))
    return raised


def overdue(vigil: Vigil, *, now: datetime | None = None) -> list[requests.RequestView]:
    """Open requests past their due time, most overdue first."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    with vigil.read() as conn:
        views = requests.find(conn, states=OPEN)
    late = [v for v in views if v.due_at is not None and v.due_at < now]
    return sorted(late, key=lambda v: v.due_at or now)
