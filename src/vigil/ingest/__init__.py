"""Ingest stage: source files in, canonical records stored.  One public entry: :func:`run`.

Live collectors (X API v2, Telegram) are in :mod:`vigil.ingest.collectors`."""

from vigil.ingest.base import Reader, Reject, Skip, readers, register_reader
from vigil.ingest.stage import IngestSummary, run, sniff_format

__all__ = [
    "IngestSummary",
    "Reader",
    "Reject",
    "Skip",
    "readers",
    "register_reader",
    "run",
    "sniff_format",
]
