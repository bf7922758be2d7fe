"""What the referral commands show: a request with its attempts, answers, checks and SLA events."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from vigil.core import Vigil
from vigil.domain.enums import RequestKind, RequestState
from vigil.errors import InputError
from vigil.referral import documents, requests, signing
from vigil.store.tables import platform_responses
from vigil.store.tables_referral import answer_sources, dispatch_attempts, liveness_checks, sla_events


def _rows(conn: Any, stmt: Any) -> list[dict[str, Any]]:
    return [
        {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r._mapping.items()}
        for r in conn.execute(stmt)
    ]


def show(vigil: Vigil, request_id: int) -> dict[str, Any]:
    """A request and everything recorded about it, as JSON-able data."""
    with vigil.read() as conn:
        view = requests.get(conn, request_id)
        out = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in view.to_dict().items()}
        out["attempts"] = _rows(
            conn,
            select(dispatch_attempts)
            .where(dispatch_attempts.c.request_id == request_id)
            .order_by(dispatch_attempts.c.id),
        )
        out["answers"] = _rows(
            conn,
            select(platform_responses, answer_sources.c.source, answer_sources.c.entered_by)
            .outerjoin(answer_sources, answer_sources.c.response_id == platform_responses.c.id)
            .where(platform_responses.c.request_id == request_id)
            .order_by(platform_responses.c.received_at),
        )
        out["liveness"] = _rows(
            conn,
            select(liveness_checks).where(liveness_checks.c.request_id == request_id).order_by(liveness_checks.c.id),
        )
        out["sla_events"] = _rows(
            conn, select(sla_events).where(sla_events.c.request_id == request_id).order_by(sla_events.c.id)
        )
    return out


def parse_state(value: str | None) -> tuple[RequestState, ...]:
    if not value:
        return ()
    try:
        return tuple(RequestState(v.strip()) for v in value.split(","))
    except ValueError:
        allowed = ", ".join(s.value for s in RequestState)
        raise InputError(f"--state {value!r}: use one or more of {allowed} (comma-separated)") from None


def parse_kind(value: str | None) -> RequestKind | None:
    if not value:
        return None
    try:
        return RequestKind(value)
    except ValueError:
        raise InputError(f"--kind {value!r}: use legal_order or tos_referral") from None


def write_batch(vigil: Vigil, platform: str, out: Path, *, states: tuple[RequestState, ...] = ()) -> tuple[Path, int]:
    """One platform's requests as a signed CSV (one row per URL or account)."""
    with vigil.read() as conn:
        views = requests.find(conn, platform=platform, states=states)
    if not views:
        raise InputError(f"No requests for platform {platform!r}. See: vigil referral list --platform {platform}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(documents.batch_csv(views, datetime.now(UTC)))
    signing.load_or_create(vigil.home / "keys").sign_file(out)
    return out, len(views)
