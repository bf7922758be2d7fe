"""Tables of the media area: hash banks, their entries, and recorded matches."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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

media_banks = Table(
    "media_banks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(128), nullable=False, unique=True),
    # block: matches become signals; allow: known benign media (news footage) that cancels them
    Column("kind", String(8), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("labels", JSON, nullable=False, default=list),  # labels every entry inherits
    Column("graphic", Boolean, nullable=False, default=False),  # every entry shown blurred
    Column("created_by", String(128), nullable=False),
    Column("created_at", TS, nullable=False),
)

media_bank_entries = Table(
    "media_bank_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("bank_id", Integer, ForeignKey("media_banks.id"), nullable=False),
    Column("signal_type", String(16), nullable=False),  # pdq | md5 | sha256 | vpdq
    Column("value", Text, nullable=False),  # hex digest, or vPDQ frames as JSON
    Column("value_key", String(64), nullable=False),  # the digest, or sha256 of a vPDQ value
    Column("organisation", String(64)),
    Column("labels", JSON, nullable=False, default=list),  # content type and behaviour
    Column("graphic", Boolean, nullable=False, default=False),
    # active | disputed | retired | quarantined (flood control, waiting for review)
    Column("status", String(16), nullable=False),
    Column("added_by", String(128), nullable=False),
    Column("source", String(256), nullable=False, default=""),  # partner, case or list
    Column("source_id", String(256)),  # the source's own id for the entry
    Column("reason", Text, nullable=False, default=""),
    Column("added_at", TS, nullable=False),
    Column("updated_at", TS, nullable=False),
    UniqueConstraint("bank_id", "signal_type", "value_key"),
    Index("ix_media_bank_entries_lookup", "signal_type", "value_key"),
    Index("ix_media_bank_entries_changed", "signal_type", "updated_at"),  # the index cache's delta
)

media_matches = Table(
    "media_matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entry_id", Integer, ForeignKey("media_bank_entries.id"), nullable=False),
    Column("media_key", String(600), nullable=False),  # platform|media id, or a file's sha256
    Column("distance", Integer, nullable=False),
    Column("blurred", Boolean, nullable=False, default=False),
    Column("matched_at", TS, nullable=False),
    UniqueConstraint("entry_id", "media_key"),
    Index("ix_media_matches_entry_time", "entry_id", "matched_at"),
)
