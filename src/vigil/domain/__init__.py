"""Vigil's records: typed, validated, with no I/O.  Nothing here imports any other part of Vigil."""

from vigil.domain.enums import (
    AliasQuality,
    CaseStatus,
    DecisionOutcome,
    InteractionKind,
    Platform,
    RequestKind,
    RequestState,
    ResponseOutcome,
)
from vigil.domain.records import Account, Interaction, Link, Media, Post, Record, record_key
from vigil.domain.registry import Alias, Designation, Organisation
from vigil.domain.signals import Assessment, Evidence, Signal
from vigil.domain.workflow import (
    AuditEvent,
    Case,
    Decision,
    PlatformResponse,
    RemovalRequest,
)

__all__ = [
    "Account",
    "Alias",
    "AliasQuality",
    "Assessment",
    "AuditEvent",
    "Case",
    "CaseStatus",
    "Decision",
    "DecisionOutcome",
    "Designation",
    "Evidence",
    "Interaction",
    "InteractionKind",
    "Link",
    "Media",
    "Organisation",
    "Platform",
    "PlatformResponse",
    "Post",
    "Record",
    "RemovalRequest",
    "RequestKind",
    "RequestState",
    "ResponseOutcome",
    "Signal",
    "record_key",
]
