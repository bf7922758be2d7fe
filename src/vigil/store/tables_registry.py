"""Tables of the designation registry beyond organisations/designations/aliases: list editions
imported, what each changed, merges across lists (reversible), the persons a list names, and the
cases flagged for review when their organisation was delisted."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from vigil.store.tables import TS, metadata

registry_imports = Table(
    "registry_imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("format", String(16), nullable=False),
    Column("source", Text, nullable=False),  # file name
    Column("sha256", String(64), nullable=False),
    Column("edition", String(64)),  # the list's own date, when it gives one
    Column("partial", Boolean, nullable=False, default=False),
    Column("actor", String(128), nullable=False),
    Column("imported_at", TS, nullable=False),
    Column("summary", JSON, nullable=False, default=dict),
)

registry_changes = Table(
    "registry_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("import_id", Integer, ForeignKey("registry_imports.id"), nullable=False),
    Column("change", String(16), nullable=False),  # added | changed | delisted | relisted | ...
    Column("organisation", String(64), nullable=False),
    Column("jurisdiction", String(16)),
    Column("reference", String(128)),
    Column("before", JSON),
    Column("after", JSON),
)

registry_merges = Table(
    "registry_merges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("import_id", Integer, ForeignKey("registry_imports.id")),
    Column("organisation", String(64), nullable=False),  # merged into
    Column("proposed_slug", String(64), nullable=False),  # the slug it would have had alone
    Column("proposed_name", Text, nullable=False),
    Column("explanation", JSON, nullable=False),  # which names and references matched
    Column("added", JSON, nullable=False),  # designations and aliases the merge added
    Column("merged_at", TS, nullable=False),
    Column("undone_at", TS),
    Column("undone_by", String(128)),
)

registry_persons = Table(
    "registry_persons",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("jurisdiction", String(16), nullable=False),
    Column("list_name", String(256), nullable=False),
    Column("reference", String(128), nullable=False),
    Column("name", Text, nullable=False),
    Column("original_script", Text),
    Column("aliases", JSON, nullable=False, default=list),
    Column("listed_on", Date),
    Column("delisted_on", Date),
    Column("linked_references", JSON, nullable=False, default=list),
    Column("details", JSON, nullable=False, default=dict),
    Column("source", Text, nullable=False),
    Column("source_sha256", String(64)),
    Column("imported_at", TS),
    UniqueConstraint("jurisdiction", "reference"),
)

registry_case_flags = Table(
    "registry_case_flags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("organisation", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("import_id", Integer, ForeignKey("registry_imports.id")),
    Column("flagged_at", TS, nullable=False),
    Column("cleared_at", TS),
    UniqueConstraint("case_id", "import_id"),
)
