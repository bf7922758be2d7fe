"""Storage: schema, migrations, idempotent record writes and the audit chain."""

from vigil.store.db import make_engine, transaction, upgrade
from vigil.store.records import UpsertResult, upsert_records

__all__ = ["UpsertResult", "make_engine", "transaction", "upgrade", "upsert_records"]
