"""fingerprints.seen_up_to: only accounts stored after a removal can be its return

Revision ID: linkage_0002
Revises: media_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "linkage_0002"
down_revision = "media_0001"  # main's head when this branch last merged main
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fingerprints") as batch:
        batch.add_column(sa.Column("seen_up_to", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("fingerprints") as batch:
        batch.drop_column("seen_up_to")
