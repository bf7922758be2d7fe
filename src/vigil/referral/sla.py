"""SLA clocks: reminders, escalation and 'no response' for requests the platform hasn't closed.

The clock starts when a request is sent (``due_at = sent_at + SLA``; one hour for legal orders by
default, ``order_sla_hours`` / ``referral_sla_hours``).  Past due, a request gets a reminder;
after twice its SLA it is escalated (to a supervisor); after ``no_response_factor`` times its SLA
it is marked ``no_response`` (a late answer can still close it).  Each event is raised once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from vigil.core import Vigil
from vigil.domain.enums import RequestState
from vigil.referral import requests
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


def _due_events(
    view: requests.RequestView, now: datetime, sla: timedelta, factor: float
) -> list[str]:
    if view.due_at is None or now <= view.due_at:
        return []
    elapsed = now - (view.due_at - sla)
    kinds = ["reminder"]
    if elapsed >= 2 * sla:
        kinds.append("escalation")
    if elapsed >= factor * sla:
        kinds.append("no_response")
    return kinds


def run(
    vigil: Vigil, *, now: datetime | None = None, no_response_factor: float = 7.0
) -> list[SlaEvent]:
    """Raise the reminders, escalations and no-response marks now due; returns the new ones."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    raised: list[SlaEvent] = []
    with vigil.begin() as conn:
        done = {
            (r.request_id, r.kind)
            for r in conn.execute(select(sla_events.c.request_id, sla_events.c.kind))
        }
        for view in requests.find(conn, states=OPEN):
            sla = timedelta(hours=requests.sla_hours(vigil.settings, view.kind))
            for kind in _due_events(view, now, sla, no_response_factor):
                if (view.id, kind) in done:
                    continue
                conn.execute(
                    sla_events.insert().values(request_id=view.id, kind=kind, level=1, at=now)
                )
                if kind == "no_response":
                    requests.transition(conn, view.id, RequestState.NO_RESPONSE,
                                        actor="sla", at=now)
                assert view.due_at is not None
                over = (now - view.due_at).total_seconds() / 3600
                raised.append(SlaEvent(view.id, view.reference, view.platform, kind,
                                       round(over, 2)))
    return raised


def overdue(vigil: Vigil, *, now: datetime | None = None) -> list[requests.RequestView]:
    """Open requests past their due time, most overdue first."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    with vigil.read() as conn:
        views = requests.find(conn, states=OPEN)
    late = [v for v in views if v.due_at is not None and v.due_at < now]
    return sorted(late, key=lambda v: v.due_at or now)
