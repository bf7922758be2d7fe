"""Ingest stage: source files in, canonical records stored.  One public entry: :func:`run`."""

from vigil.ingest.base import Reader, Reject, readers, register_reader
from vigil.ingest.stage import IngestSummary, run, sniff_format

__all__ = ["IngestSummary", "Reader", "Reject", "readers", "register_reader", "run", "sniff_format"]
