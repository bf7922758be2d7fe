"""Fixtures for the referral tests: requests in a given state, without the review stage."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from vigil.core import Vigil
from vigil.store.tables import cases, decisions, removal_requests

MakeRequest = Callable[..., int]


def insert_request(
    vigil: Vigil,
    *,
    platform: str = "x",
    kind: str = "legal_order",
    state: str = "approved",
    targets: tuple[str, ...] = ("https://x.example/status/1",),
    organisation: str = "ttp",
    reach: int = 1000,
    account_id: str | None = None,
    sent_at: datetime | None = None,
    due_at: datetime | None = None,
    created_at: datetime | None = None,
) -> int:
    account = account_id or f"acct-{uuid.uuid4().hex[:8]}"
    with vigil.begin() as conn:
        case_id = conn.execute(
            cases.insert().values(
                platform=platform,
                account_id=account,
                organisation=organisation,
                score=0.9,
                reach=reach,
                tier=3,
                status="decided",
                opened_at=datetime.now(UTC),
            )
        ).inserted_primary_key[0]
        conn.execute(
            decisions.insert().values(
                case_id=case_id,
                outcome="link_proven",
                organisation=organisation,
                references=["UN QDe.132"],
                ground="glorification",
                legal_basis="Anti-Terrorism Act 1997, s. 11W",
                reasons="Praises an attack.",
                decided_by="reviewer-a",
                scripted=False,
                decided_at=datetime.now(UTC),
            )
        )
        return conn.execute(
            removal_requests.insert().values(
                case_id=case_id,
                platform=platform,
                kind=kind,
                state=state,
                targets=list(targets),
                idempotency_key=uuid.uuid4().hex,
                created_at=created_at or datetime.now(UTC),
                sent_at=sent_at,
                due_at=due_at,
            )
        ).inserted_primary_key[0]


@pytest.fixture
def make_request() -> MakeRequest:
    return insert_request
