"""Tables of the linkage stage: fingerprints of removed accounts and re-emergence matches."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from vigil.store.tables import TS, metadata

fingerprints = Table(
    "fingerprints",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(32), nullable=False),
    Column("platform_id", String(512), nullable=False),
    Column("case_id", Integer, ForeignKey("cases.id")),  # the case whose decision removed it
    Column("decision_id", Integer, ForeignKey("decisions.id")),
    Column("organisation", String(64)),
    Column("handle", String(512)),
    Column("display_name", Text),
    Column("bio", Text),
    Column("avatar_pdq", String(64)),
    Column("links", JSON, nullable=False, default=list),
    Column("invites", JSON, nullable=False, default=list),
    Column("phones", JSON, nullable=False, default=list),
    Column("neighbours", JSON, nullable=False, default=list),
    Column("style", JSON, nullable=False, default=list),
    Column("hours", JSON, nullable=False, default=list),
    Column("method_version", String(16), nullable=False),
    Column("created_at", TS),
    # Highest accounts.id when the fingerprint was made: only accounts seen after that can be
    # the removed account coming back.
    Column("seen_up_to", Integer, nullable=False, default=0, server_default="0"),
    UniqueConstraint("platform", "platform_id"),
)

reemergence_matches = Table(
    "reemergence_matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(32), nullable=False),
    Column("account_id", String(512), nullable=False),  # the new account
    Column("fingerprint_id", Integer, ForeignKey("fingerprints.id"), nullable=False),
    Column("case_id", Integer, ForeignKey("cases.id")),  # the priority case opened for it
    Column("original_case_id", Integer, ForeignKey("cases.id")),
    Column("original_decision_id", Integer, ForeignKey("decisions.id")),
    Column("score", Float, nullable=False),
    Column("features", JSON, nullable=False),
    Column("created_at", TS),
    UniqueConstraint("platform", "account_id", "fingerprint_id"),
)
