"""Reading removal requests together with their case and decision (for documents, lists,
metrics).  State changes go through :mod:`vigil.referral.stage`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from vigil.config import Settings
from vigil.domain.enums import RequestKind, RequestState
from vigil.errors import InputError
from vigil.store.tables import cases, decisions, removal_requests


@dataclass(frozen=True)
class RequestView:
    """A removal request with what its documents need from the case and the decision."""

    id: int
    case_id: int
    platform: str
    kind: RequestKind
    state: RequestState
    targets: tuple[str, ...]
    idempotency_key: str
    created_at: datetime | None
    due_at: datetime | None
    sent_at: datetime | None
    closed_at: datetime | None
    account_id: str
    organisation: str
    reach: int
    tier: int
    decision: dict[str, Any] = field(default_factory=dict)

    @property
    def reference(self) -> str:
        prefix = "ORD" if self.kind is RequestKind.LEGAL_ORDER else "REF"
        return f"VIGIL-{prefix}-{self.id:06d}"

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items()}
        out["kind"] = self.kind.value
        out["state"] = self.state.value
        out["targets"] = list(self.targets)
        out["reference"] = self.reference
        return out


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes for what was stored as UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _query():  # type: ignore[no-untyped-def]
    return (
        select(
            removal_requests,
            cases.c.account_id,
            cases.c.organisation,
            cases.c.reach,
            cases.c.tier,
            decisions.c.ground,
            decisions.c.legal_basis,
            decisions.c.reasons,
            decisions.c.references,
            decisions.c.decided_by,
        )
        .join(cases, cases.c.id == removal_requests.c.case_id)
        .outerjoin(decisions, decisions.c.case_id == cases.c.id)
    )


def _view(row: Any) -> RequestView:
    m = row._mapping
    return RequestView(
        id=m["id"],
        case_id=m["case_id"],
        platform=m["platform"],
        kind=RequestKind(m["kind"]),
        state=RequestState(m["state"]),
        targets=tuple(m["targets"] or ()),
        idempotency_key=m["idempotency_key"],
        created_at=utc(m["created_at"]),
        due_at=utc(m["due_at"]),
        sent_at=utc(m["sent_at"]),
        closed_at=utc(m["closed_at"]),
        account_id=m["account_id"],
        organisation=m["organisation"],
        reach=m["reach"] or 0,
        tier=m["tier"] or 3,
        decision={
            "ground": m["ground"],
            "legal_basis": m["legal_basis"],
            "reasons": m["reasons"] or "",
            "references": list(m["references"] or []),
            "decided_by": m["decided_by"],
        },
    )


def get(conn: Connection, request_id: int) -> RequestView:
    row = conn.execute(_query().where(removal_requests.c.id == request_id)).first()
    if row is None:
        raise InputError(f"RemovalRequest {request_id} does not exist. List requests with: vigil referral list")
    return _view(row)


def find(
    conn: Connection,
    *,
    states: tuple[RequestState, ...] = (),
    platform: str | None = None,
    kind: RequestKind | None = None,
    ids: tuple[int, ...] = (),
) -> list[RequestView]:
    q = _query().order_by(removal_requests.c.id)
    if states:
        q = q.where(removal_requests.c.state.in_([s.value for s in states]))
    if platform:
        q = q.where(removal_requests.c.platform == platform)
    if kind:
        q = q.where(removal_requests.c.kind == kind.value)
    if ids:
        q = q.where(removal_requests.c.id.in_(ids))
    return [_view(r) for r in conn.execute(q)]


def sla_hours(settings: Settings, kind: RequestKind) -> int:
    if kind is RequestKind.LEGAL_ORDER:
        return settings.order_sla_hours
    return settings.referral_sla_hours
