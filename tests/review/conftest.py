"""Fixtures for review tests: people with roles, and cases with decisions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from sqlalchemy import insert

from vigil.core import Vigil
from vigil.review import auth
from vigil.store.tables import accounts, approvals, cases, decisions, signals


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    # Real argon2id, cheaper parameters: the production cost (64 MiB, 3 passes) would make
    # dozens of test logins take seconds on two cores.  What is checked is unchanged.
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(autouse=True)
def no_env_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VIGIL_TOKEN", raising=False)


MakeUser = Callable[..., auth.Actor]


@pytest.fixture
def admin(vigil: Vigil) -> auth.Actor:
    auth.bootstrap_admin(vigil, "root", "correct horse")
    return auth.login(vigil, "root", "correct horse")


@pytest.fixture
def make_user(vigil: Vigil, admin: auth.Actor) -> MakeUser:
    """Create a person with roles and return them as an actor authenticated by a real token."""

    def make(name: str, *roles: str, scopes: tuple[str, ...] = ("*",)) -> auth.Actor:
        auth.create_user(vigil, admin, name, list(roles), f"pw-{name}-12345")
        tok = auth.create_token(vigil, admin, name, list(scopes))
        return auth.actor_from_token(vigil, tok["token"])

    return make


def _add_case(
    vigil: Vigil,
    *,
    account: str = "acct1",
    organisation: str = "ttp",
    platform: str = "x",
    language: str | None = "ur",
    detectors: tuple[str, ...] = ("alias_match",),
) -> int:
    with vigil.begin() as conn:
        conn.execute(
            insert(accounts).values(platform=platform, platform_id=account, handle=account, links=[], language=language)
        )
        case_id = conn.execute(
            insert(cases).values(
                platform=platform,
                account_id=account,
                organisation=organisation,
                score=0.9,
                reach=100,
                tier=3,
                status="open",
                opened_at=datetime.now(UTC),
            )
        ).inserted_primary_key[0]
        for i, det in enumerate(detectors):
            conn.execute(
                insert(signals).values(
                    detector=det,
                    detector_version="1",
                    platform=platform,
                    record_type="post",
                    record_id=f"{account}-p{i}",
                    account_id=account,
                    organisation=organisation,
                    score=0.8,
                    evidence={},
                    fingerprint=f"f{i}",
                )
            )
    return int(case_id)


def _add_decision(
    vigil: Vigil,
    case_id: int,
    decided_by: str,
    outcome: str = "link_proven",
    approved_by: str | None = None,
) -> int:
    # Written straight to the tables: the case service lives in review/cases.py.
    with vigil.begin() as conn:
        did = conn.execute(
            insert(decisions).values(
                case_id=case_id,
                outcome=outcome,
                organisation="ttp",
                references=["QDe.132"],
                ground="glorification",
                legal_basis="ATA 1997",
                reasons="test",
                decided_by=decided_by,
                scripted=False,
                decided_at=datetime.now(UTC),
            )
        ).inserted_primary_key[0]
        if approved_by:
            conn.execute(
                insert(approvals).values(
                    decision_id=did,
                    approved_by=approved_by,
                    scripted=False,
                    approved_at=datetime.now(UTC),
                )
            )
    return int(did)


@pytest.fixture
def add_case(vigil: Vigil) -> Callable[..., int]:
    """add_case(account=..., organisation=..., language=..., detectors=(...)) -> case id"""
    return lambda **kw: _add_case(vigil, **kw)


@pytest.fixture
def add_decision(vigil: Vigil) -> Callable[..., int]:
    """add_decision(case_id, decided_by, outcome=..., approved_by=...) -> decision id"""
    return lambda *a, **kw: _add_decision(vigil, *a, **kw)


@pytest.fixture
def case_id(vigil: Vigil) -> Iterator[int]:
    yield _add_case(vigil)
