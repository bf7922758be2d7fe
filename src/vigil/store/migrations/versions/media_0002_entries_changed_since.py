"""media_bank_entries: index (signal_type, updated_at), so the cached PDQ index reads only the
entries changed since it was saved

Revision ID: media_0002
Revises: linkage_0002
"""

from __future__ import annotations

from alembic import op

revision = "media_0002"
down_revision = "linkage_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_media_bank_entries_changed", "media_bank_entries", ["signal_type", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_media_bank_entries_changed", table_name="media_bank_entries")
