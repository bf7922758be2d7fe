"""registry: list editions, changes, merges, persons, case flags

Revision ID: registry_0001
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "registry_0001"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "registry_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("edition", sa.String(length=64), nullable=True),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("imported_at", TS, nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_imports")),
    )
    op.create_table(
        "registry_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("organisation", sa.String(length=64), nullable=False),
        sa.Column("jurisdiction", sa.String(length=16), nullable=True),
        sa.Column("reference", sa.String(length=128), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["registry_imports.id"],
            name=op.f("fk_registry_changes_import_id_registry_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_changes")),
    )
    op.create_table(
        "registry_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("organisation", sa.String(length=64), nullable=False),
        sa.Column("proposed_slug", sa.String(length=64), nullable=False),
        sa.Column("proposed_name", sa.Text(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("added", sa.JSON(), nullable=False),
        sa.Column("merged_at", TS, nullable=False),
        sa.Column("undone_at", TS, nullable=True),
        sa.Column("undone_by", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["registry_imports.id"],
            name=op.f("fk_registry_merges_import_id_registry_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_merges")),
    )
    op.create_table(
        "registry_persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction", sa.String(length=16), nullable=False),
        sa.Column("list_name", sa.String(length=256), nullable=False),
        sa.Column("reference", sa.String(length=128), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("original_script", sa.Text(), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("listed_on", sa.Date(), nullable=True),
        sa.Column("delisted_on", sa.Date(), nullable=True),
        sa.Column("linked_references", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("imported_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_persons")),
        sa.UniqueConstraint("jurisdiction", "reference", name=op.f("uq_registry_persons_jurisdiction_reference")),
    )
    op.create_table(
        "registry_case_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("flagged_at", TS, nullable=False),
        sa.Column("cleared_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_registry_case_flags_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["registry_imports.id"],
            name=op.f("fk_registry_case_flags_import_id_registry_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_case_flags")),
        sa.UniqueConstraint("case_id", "import_id", name=op.f("uq_registry_case_flags_case_id_import_id")),
    )


def downgrade() -> None:
    for name in (
        "registry_case_flags",
        "registry_persons",
        "registry_merges",
        "registry_changes",
        "registry_imports",
    ):
        op.drop_table(name)
