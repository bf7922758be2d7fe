"""referral: dispatch attempts, liveness checks, SLA events, answer sources

Revision ID: referral_0001
Revises: review_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "referral_0001"
down_revision = "review_0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "dispatch_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("message_id", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["removal_requests.id"],
            name=op.f("fk_dispatch_attempts_request_id_removal_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch_attempts")),
    )
    op.create_index("ix_dispatch_attempts_request", "dispatch_attempts", ["request_id"])
    op.create_table(
        "liveness_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("marker", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("checked_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["removal_requests.id"],
            name=op.f("fk_liveness_checks_request_id_removal_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liveness_checks")),
    )
    op.create_index("ix_liveness_checks_request", "liveness_checks", ["request_id"])
    op.create_table(
        "sla_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["removal_requests.id"],
            name=op.f("fk_sla_events_request_id_removal_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_events")),
        sa.UniqueConstraint("request_id", "kind", "level", name=op.f("uq_sla_events_request_id_kind_level")),
    )
    op.create_table(
        "answer_sources",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("entered_by", sa.String(length=128), nullable=False),
        sa.Column("targets_actioned", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["platform_responses.id"],
            name=op.f("fk_answer_sources_response_id_platform_responses"),
        ),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_answer_sources")),
    )


def downgrade() -> None:
    op.drop_table("answer_sources")
    op.drop_table("sla_events")
    op.drop_index("ix_liveness_checks_request", table_name="liveness_checks")
    op.drop_table("liveness_checks")
    op.drop_index("ix_dispatch_attempts_request", table_name="dispatch_attempts")
    op.drop_table("dispatch_attempts")
