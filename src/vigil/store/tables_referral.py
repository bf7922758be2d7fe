"""Tables of the referral service: dispatch attempts, liveness checks, SLA reminders and the
provenance of platform answers.  Defined on the shared ``metadata`` so one Alembic history
covers them (migration ``referral_0001``)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from vigil.store.tables import TS, metadata

#: One row per attempt to hand a request to its channel.  ``state`` is 'started' before the
#: channel is called and 'ok' or 'failed' after, so a crash leaves a visible 'started' row.
dispatch_attempts = Table(
    "dispatch_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("request_id", Integer, ForeignKey("removal_requests.id"), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("idempotency_key", String(64), nullable=False),
    Column("state", String(16), nullable=False),
    Column("message_id", Text),
    Column("error", Text),
    Column("started_at", TS, nullable=False),
    Column("finished_at", TS),
    Index("ix_dispatch_attempts_request", "request_id"),
)

#: Independent confirmation: what Vigil itself saw at a referred URL or account.
liveness_checks = Table(
    "liveness_checks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("request_id", Integer, ForeignKey("removal_requests.id"), nullable=False),
    Column("target", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("status", String(16), nullable=False),  # online | offline | unknown
    Column("http_status", Integer),
    Column("marker", Text),
    Column("detail", Text),
    Column("checked_at", TS, nullable=False),
    Index("ix_liveness_checks_request", "request_id"),
)

#: Reminders and escalations already raised for an overdue request (one per level).
sla_events = Table(
    "sla_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("request_id", Integer, ForeignKey("removal_requests.id"), nullable=False),
    Column("kind", String(16), nullable=False),  # reminder | escalation | no_response
    Column("level", Integer, nullable=False),
    Column("at", TS, nullable=False),
    UniqueConstraint("request_id", "kind", "level"),
)

#: Where a platform answer came from: parsed from the channel, or entered by a liaison officer.
answer_sources = Table(
    "answer_sources",
    metadata,
    Column("response_id", Integer, ForeignKey("platform_responses.id"), primary_key=True),
    Column("source", String(16), nullable=False),  # channel | liaison
    Column("entered_by", String(128), nullable=False),
    Column("targets_actioned", JSON, nullable=False, default=list),
    Column("note", Text),
)
