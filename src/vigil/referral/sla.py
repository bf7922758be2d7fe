"""SLA clocks: reminders, escalation and 'no response' for requests the platform hasn't closed.

The clock starts when a request is sent (``due_at = sent_at + SLA``; one hour for legal orders by
default, ``order_sla_hours`` / ``referral_sla_hours``).  Past due, a request gets a reminder;
after twice its SLA it is escalated (to a supervisor); when no answer came within
``no_response_after`` (14 days by default) it is marked ``no_response`` by
:func:`vigil.referral.stage.expire_unanswered` (a late answer can still close it).  Each
reminder and escalation is raised once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from vigil.core import Vigil
from vigil.domain.enums import RequestState
from vigil.referral import requests, stage
from vigil.referral.channels.base import Channel, Envelope
from vigil.referral.dispatch import make_channel
from vigil.referral.platforms import load_for
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


Notify = Callable[[SlaEvent, requests.RequestView], None]


def run(
    vigil: Vigil,
    *,
    now: datetime | None = None,
    no_response_after: timedelta = stage.NO_RESPONSE_AFTER,
    notify: Notify | None = None,
) -> list[SlaEvent]:
    """Raise the reminders and escalations now due, and mark long-unanswered requests
    ``no_response``; returns the new events.

    ``notify`` (e.g. :func:`remind_platform`) is called for each new reminder or escalation
    *before* the event is recorded, so a crash in between repeats the notice (which carries its
    own idempotency key) rather than losing it.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    raised: list[SlaEvent] = []
    with vigil.read() as conn:
        done = {(r.request_id, r.kind) for r in conn.execute(select(sla_events.c.request_id, sla_events.c.kind))}
        views = requests.find(conn, states=OPEN)
    for view in views:
        sla = timedelta(hours=requests.sla_hours(vigil.settings, view.kind))
        for kind in _due_events(view, now, sla):
            if (view.id, kind) in done or view.due_at is None:
                continue
            event = SlaEvent(view.id, view.reference, view.platform, kind, round(_hours(now - view.due_at), 2))
            if notify:
                notify(event, view)
            with vigil.begin() as conn:
                conn.execute(sla_events.insert().values(request_id=view.id, kind=kind, level=1, at=now))
            raised.append(event)
    stage.expire_unanswered(vigil, now=now, actor="sla", after=no_response_after)
    with vigil.read() as conn:
        still_open = {v.id for v in requests.find(conn, states=OPEN)}
    for v in views:
        if v.id not in still_open and v.due_at is not None:
            raised.append(SlaEvent(v.id, v.reference, v.platform, "no_response", round(_hours(now - v.due_at), 2)))
    return raised


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def remind_platform(vigil: Vigil, *, channels: Mapping[str, Channel] | None = None) -> Notify:
    """A ``notify`` that sends a reminder to the platform over its channel (escalations stay
    internal: they are for the unit's supervisor, listed by ``vigil check``)."""
    cfg = load_for(vigil.home)
    made: dict[str, Channel] = dict(channels or {})

    def notify(event: SlaEvent, view: requests.RequestView) -> None:
        if event.kind != "reminder":
            return
        if view.platform not in made:
            made[view.platform] = make_channel(vigil, cfg, view.platform)
        made[view.platform].send(reminder_envelope(view, event))

    return notify


def reminder_envelope(view: requests.RequestView, event: SlaEvent) -> Envelope:
    return Envelope(
        request_id=view.id,
        idempotency_key=f"{view.idempotency_key}-reminder",
        platform=view.platform,
        kind=view.kind.value,
        targets=view.targets,
        body={
            "type": "reminder",
            "reference": view.reference,
            "original_idempotency_key": view.idempotency_key,
            "due_at": view.due_at.isoformat() if view.due_at else None,
            "overdue_hours": event.overdue_hours,
            "text": f"Reminder: {view.reference} was due at {view.due_at:%Y-%m-%d %H:%M} UTC and has no "
            "final answer. Please act on it or tell us why not.",
        },
    )


def overdue(vigil: Vigil, *, now: datetime | None = None) -> list[requests.RequestView]:
    """Open requests past their due time, most overdue first."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    with vigil.read() as conn:
        views = requests.find(conn, states=OPEN)
    late = [v for v in views if v.due_at is not None and v.due_at < now]
    return sorted(late, key=lambda v: v.due_at or now)
