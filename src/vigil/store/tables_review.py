"""Tables for review and due process: people, their credentials, preserved evidence, appeals.

Defined on the shared ``metadata`` so Alembic and queries see one schema.  Users are referred to
by ``username`` in the workflow tables (``decided_by``, ``approved_by``) and in the audit log,
so a name, once used, is never reused: users are disabled, never deleted.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from vigil.store.tables import TS, metadata

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(128), nullable=False, unique=True),
    Column("display_name", Text),
    Column("password_hash", Text),  # argon2id; NULL for scripted users, who cannot log in
    Column("roles", JSON, nullable=False, default=list),
    Column("scripted", Boolean, nullable=False, default=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", TS),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # session | api
    Column("name", Text, nullable=False, default=""),
    Column("scopes", JSON, nullable=False, default=list),
    Column("created_at", TS, nullable=False),
    Column("expires_at", TS),
    Column("revoked_at", TS),
    Column("last_used_at", TS),
)

evidence_items = Table(
    "evidence_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # text | media | metadata | warc
    Column("media_type", String(128), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("source", Text, nullable=False, default=""),  # URL, record key or file name
    Column("captured_at", TS, nullable=False),
    Column("captured_by", String(128), nullable=False),
    Column("purged_at", TS),
    UniqueConstraint("case_id", "sha256"),
    Index("ix_evidence_items_sha256", "sha256"),
)

#: One row per case: when its content was removed, how long evidence is kept, legal hold.
evidence_retention = Table(
    "evidence_retention",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id"), primary_key=True),
    Column("removed_at", TS),
    Column("retain_until", TS),
    Column("legal_hold", Boolean, nullable=False, default=False),
    Column("hold_reason", Text),
    Column("updated_at", TS),
)

appeals = Table(
    "appeals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("decision_id", Integer, ForeignKey("decisions.id"), nullable=False),
    Column("appellant_kind", String(24), nullable=False),  # content_provider | platform
    Column("appellant", Text, nullable=False),
    Column("grounds", Text, nullable=False),
    Column("filed_at", TS, nullable=False),
    Column("due_at", TS, nullable=False),
    Column("recorded_by", String(128), nullable=False),
    Column("state", String(16), nullable=False),  # open | upheld | reversed
    Column("reviewed_by", String(128)),
    Column("reasons", Text),
    Column("resolved_at", TS),
    Index("ix_appeals_state", "state"),
)

reinstatement_requests = Table(
    "reinstatement_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("appeal_id", Integer, ForeignKey("appeals.id"), nullable=False, unique=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("platform", String(32), nullable=False),
    Column("targets", JSON, nullable=False),
    Column("state", String(16), nullable=False),  # drafted | sent | done
    Column("created_at", TS, nullable=False),
    Column("created_by", String(128), nullable=False),
)
