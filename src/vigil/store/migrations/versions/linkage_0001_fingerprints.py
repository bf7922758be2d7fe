"""fingerprints of removed accounts and re-emergence matches

Revision ID: linkage_0001
Revises: referral_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "linkage_0001"
down_revision = "referral_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fingerprints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("platform_id", sa.String(length=512), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("organisation", sa.String(length=64), nullable=True),
        sa.Column("handle", sa.String(length=512), nullable=True),
        sa.Column("display_name", sa.Text(), nullable=True),
        sa.Column("bio", sa.Text(), nullable=True),
        sa.Column("avatar_pdq", sa.String(length=64), nullable=True),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("invites", sa.JSON(), nullable=False),
        sa.Column("phones", sa.JSON(), nullable=False),
        sa.Column("neighbours", sa.JSON(), nullable=False),
        sa.Column("style", sa.JSON(), nullable=False),
        sa.Column("hours", sa.JSON(), nullable=False),
        sa.Column("method_version", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_fingerprints_case_id_cases")),
        sa.ForeignKeyConstraint(["decision_id"], ["decisions.id"], name=op.f("fk_fingerprints_decision_id_decisions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fingerprints")),
        sa.UniqueConstraint("platform", "platform_id", name=op.f("uq_fingerprints_platform_platform_id")),
    )
    op.create_table(
        "reemergence_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.String(length=512), nullable=False),
        sa.Column("fingerprint_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("original_case_id", sa.Integer(), nullable=True),
        sa.Column("original_decision_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["fingerprint_id"],
            ["fingerprints.id"],
            name=op.f("fk_reemergence_matches_fingerprint_id_fingerprints"),
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_reemergence_matches_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["original_case_id"],
            ["cases.id"],
            name=op.f("fk_reemergence_matches_original_case_id_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["original_decision_id"],
            ["decisions.id"],
            name=op.f("fk_reemergence_matches_original_decision_id_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reemergence_matches")),
        sa.UniqueConstraint(
            "platform",
            "account_id",
            "fingerprint_id",
            name=op.f("uq_reemergence_matches_platform_account_id_fingerprint_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("reemergence_matches")
    op.drop_table("fingerprints")
