"""media hash banks, entries and matches

Revision ID: media_0001
Revises: linkage_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "media_0001"
down_revision = "linkage_0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "media_banks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("graphic", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_banks")),
        sa.UniqueConstraint("name", name=op.f("uq_media_banks_name")),
    )
    op.create_table(
        "media_bank_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("signal_type", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("value_key", sa.String(length=64), nullable=False),
        sa.Column("organisation", sa.String(length=64), nullable=True),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("graphic", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("added_by", sa.String(length=128), nullable=False),
        sa.Column("source", sa.String(length=256), nullable=False),
        sa.Column("source_id", sa.String(length=256), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("added_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["media_banks.id"],
            name=op.f("fk_media_bank_entries_bank_id_media_banks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_bank_entries")),
        sa.UniqueConstraint(
            "bank_id",
            "signal_type",
            "value_key",
            name=op.f("uq_media_bank_entries_bank_id_signal_type_value_key"),
        ),
    )
    op.create_index(
        "ix_media_bank_entries_lookup", "media_bank_entries", ["signal_type", "value_key"]
    )
    op.create_table(
        "media_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("media_key", sa.String(length=600), nullable=False),
        sa.Column("distance", sa.Integer(), nullable=False),
        sa.Column("blurred", sa.Boolean(), nullable=False),
        sa.Column("matched_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["media_bank_entries.id"],
            name=op.f("fk_media_matches_entry_id_media_bank_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_matches")),
        sa.UniqueConstraint(
            "entry_id", "media_key", name=op.f("uq_media_matches_entry_id_media_key")
        ),
    )
    op.create_index("ix_media_matches_entry_time", "media_matches", ["entry_id", "matched_at"])


def downgrade() -> None:
    op.drop_index("ix_media_matches_entry_time", table_name="media_matches")
    op.drop_table("media_matches")
    op.drop_index("ix_media_bank_entries_lookup", table_name="media_bank_entries")
    op.drop_table("media_bank_entries")
    op.drop_table("media_banks")
