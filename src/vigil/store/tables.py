"""The database schema.  Alembic migrations (store/migrations) are the only way it changes;
this module is what they are generated from and what queries are written against."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)



class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend.

    SQLite has no time zones and hands back naive values; PostgreSQL hands back the session's
    zone.  Storing UTC and always returning aware UTC here means no caller has to guess.  A naive
    value given to the database is taken to be UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


TS = UTCDateTime()

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(32), nullable=False),
    Column("platform_id", String(512), nullable=False),
    Column("handle", String(512)),
    Column("display_name", Text),
    Column("bio", Text),
    Column("followers", Integer),
    Column("url", Text),
    Column("created_at", TS),
    Column("profile_image_sha256", String(64)),
    Column("links", JSON, nullable=False, default=list),
    Column("language", String(32)),
    UniqueConstraint("platform", "platform_id"),
)

posts = Table(
    "posts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(32), nullable=False),
    Column("platform_id", String(512), nullable=False),
    Column("account_id", String(512), nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("created_at", TS),
    Column("language", String(32)),
    Column("url", Text),
    Column("reply_to", String(512)),
    Column("metrics", JSON, nullable=False, default=dict),
    UniqueConstraint("platform", "platform_id"),
    Index("ix_posts_account", "platform", "account_id"),
)

media = Table(
    "media",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(32), nullable=False),
    Column("platform_id", String(512), nullable=False),
    Column("post_id", String(512), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("url", Text),
    Column("path", Text),
    Column("sha256", String(64)),
    UniqueConstraint("platform", "platform_id"),
)

links = Table(
    "links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(32), nullable=False),
    Column("platform_id", String(1024), nullable=False),  # post id|url
    Column("post_id", String(512), nullable=False),
    Column("url", Text, nullable=False),
    UniqueConstraint("platform", "platform_id"),
)

interactions = Table(
    "interactions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(32), nullable=False),
    Column("platform_id", String(1024), nullable=False),  # carrier|kind|target
    Column("carrier_id", String(512), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("source_account_id", String(512), nullable=False),
    Column("target_account_id", String(512)),
    Column("target_post_id", String(512)),
    Column("created_at", TS),
    UniqueConstraint("platform", "platform_id"),
)

organisations = Table(
    "organisations",
    metadata,
    Column("slug", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("parent", String(64)),
    Column("notes", Text),
)

designations = Table(
    "designations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("organisation", String(64), ForeignKey("organisations.slug"), nullable=False),
    Column("jurisdiction", String(16), nullable=False),
    Column("list_name", String(256), nullable=False),
    Column("reference", String(128), nullable=False),
    Column("listed_on", Date),
    Column("delisted_on", Date),
    Column("programs", JSON, nullable=False, default=list),
    Column("source", Text, nullable=False),
    Column("source_sha256", String(64)),
    Column("imported_at", TS),
    UniqueConstraint("jurisdiction", "list_name", "reference"),
)

aliases = Table(
    "aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("organisation", String(64), ForeignKey("organisations.slug"), nullable=False),
    Column("text", Text, nullable=False),
    Column("script", String(8), nullable=False),
    Column("language", String(16)),
    Column("quality", String(8), nullable=False),
    Column("kind", String(16), nullable=False),
    UniqueConstraint("organisation", "text", "kind"),
)

signals = Table(
    "signals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("detector", String(64), nullable=False),
    Column("detector_version", String(32), nullable=False),
    Column("platform", String(32), nullable=False),
    Column("record_type", String(16), nullable=False),
    Column("record_id", String(512), nullable=False),
    Column("account_id", String(512), nullable=False),
    Column("organisation", String(64), nullable=False, default=""),  # "" = none
    Column("score", Float, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("fingerprint", String(40), nullable=False),
    Column("created_at", TS),
    UniqueConstraint("detector", "detector_version", "platform", "record_type", "record_id", "fingerprint"),
    Index("ix_signals_account", "platform", "account_id"),
)

stage_marks = Table(
    "stage_marks",
    metadata,
    Column("stage", String(64), primary_key=True),
    Column("key", String(128), primary_key=True),
    Column("value", Integer, nullable=False),
)

assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(32), nullable=False),
    Column("account_id", String(512), nullable=False),
    Column("organisation", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("followers", Integer),
    Column("signal_count", Integer, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("method_version", String(16), nullable=False),
    Column("updated_at", TS),
    UniqueConstraint("platform", "account_id", "organisation"),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(32), nullable=False),
    Column("account_id", String(512), nullable=False),
    Column("organisation", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("reach", Integer, nullable=False, default=0),
    Column("tier", Integer, nullable=False, default=3),
    Column("status", String(16), nullable=False),
    Column("opened_at", TS),
    UniqueConstraint("platform", "account_id", "organisation"),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, unique=True),
    Column("outcome", String(16), nullable=False),
    Column("organisation", String(64)),
    Column("references", JSON, nullable=False, default=list),
    Column("ground", String(64)),
    Column("legal_basis", Text),
    Column("exemption", String(64)),
    Column("reasons", Text, nullable=False, default=""),
    Column("decided_by", String(128), nullable=False),
    Column("scripted", Boolean, nullable=False, default=False),
    Column("decided_at", TS),
)

approvals = Table(
    "approvals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("decision_id", Integer, ForeignKey("decisions.id"), nullable=False),
    Column("approved_by", String(128), nullable=False),
    Column("scripted", Boolean, nullable=False, default=False),
    Column("approved_at", TS),
    UniqueConstraint("decision_id", "approved_by"),
)

removal_requests = Table(
    "removal_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("platform", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("state", String(24), nullable=False),
    Column("targets", JSON, nullable=False),
    Column("idempotency_key", String(64), nullable=False, unique=True),
    Column("created_at", TS),
    Column("due_at", TS),
    Column("sent_at", TS),
    Column("closed_at", TS),
)

platform_responses = Table(
    "platform_responses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("request_id", Integer, ForeignKey("removal_requests.id"), nullable=False),
    Column("outcome", String(24), nullable=False),
    Column("reason", Text),
    Column("received_at", TS, nullable=False),
    UniqueConstraint("request_id", "outcome", "received_at"),
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", TS, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(64), nullable=False),
    Column("object_type", String(32), nullable=False),
    Column("object_id", String(512), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

RECORD_TABLES = {
    "account": accounts,
    "post": posts,
    "media": media,
    "link": links,
    "interaction": interactions,
}
