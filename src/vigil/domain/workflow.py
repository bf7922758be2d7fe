"""Cases, decisions, requests, answers and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vigil.domain.enums import (
    CaseStatus,
    DecisionOutcome,
    RequestKind,
    RequestState,
    ResponseOutcome,
)


class Case(BaseModel):
    """An account proposed for review with its evidence."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    platform: str
    account_id: str
    organisation: str
    score: float
    reach: int = 0
    tier: int = Field(
        default=3, ge=1, le=4, description="1 threat to life, 2 crisis, 3 designated-entity, 4 promotional"
    )
    status: CaseStatus = CaseStatus.OPEN
    opened_at: datetime | None = None


class Decision(BaseModel):
    """A reviewer's decision on a case.  Refusing is as easy as approving."""

    model_config = ConfigDict(frozen=True)

    case_id: int
    outcome: DecisionOutcome
    organisation: str | None = None
    references: tuple[str, ...] = ()
    ground: str | None = Field(default=None, description="incitement, recruitment, threat, glorification ...")
    legal_basis: str | None = None
    exemption: str | None = Field(default=None, description="journalism, research, counter-speech, human-rights")
    reasons: str = ""
    decided_by: str
    scripted: bool = Field(default=False, description="True when made by the demo's scripted reviewer")
    decided_at: datetime | None = None


class RemovalRequest(BaseModel):
    """A request to one platform to act on accounts or content."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    case_id: int
    platform: str
    kind: RequestKind
    state: RequestState = RequestState.DRAFTED
    targets: tuple[str, ...] = Field(description="URLs or account identifiers")
    idempotency_key: str
    created_at: datetime | None = None
    sent_at: datetime | None = None
    closed_at: datetime | None = None


class PlatformResponse(BaseModel):
    model_config = ConfigDict(frozen=True)

    request_id: int
    outcome: ResponseOutcome
    reason: str | None = None
    received_at: datetime


class AuditEvent(BaseModel):
    """One state change, chained to the previous event by hash."""

    model_config = ConfigDict(frozen=True)

    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    prev_hash: str
    hash: str
