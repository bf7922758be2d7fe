"""Decisions and four eyes with real users: roles checked in the service, no way around them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from vigil.config import Settings
from vigil.core import Vigil
from vigil.errors import PermissionDenied, StateError
from vigil.review import appeals, auth, evidence, metrics
from vigil.review import cases as review
from vigil.review.roles import ACTIONS, Role
from vigil.store.tables import approvals, cases, decisions

MakeUser = Callable[..., auth.Actor]
PROVEN = {"outcome": "link_proven", "ground": "glorification", "legal_basis": "ATA 1997"}

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # dialect-neutral logic


def test_four_eyes_with_people(vigil: Vigil, make_user: MakeUser, add_case: Callable) -> None:
    both = make_user("ria", "reviewer", "approver")  # holds both roles: still only one pair of eyes
    other = make_user("omar", "approver")
    cid = add_case()
    review.decide(vigil, cid, actor=both, **PROVEN)
    with pytest.raises(StateError, match="second person"):
        review.approve(vigil, cid, actor=both)
    review.approve(vigil, cid, actor=other)
    with vigil.read() as conn:
        d = conn.execute(select(decisions)).one()
        a = conn.execute(select(approvals)).one()
    assert (d.decided_by, d.scripted, a.approved_by, a.scripted) == ("ria", False, "omar", False)


@SQLITE_ONLY
def test_roles_are_checked_in_the_service(vigil: Vigil, make_user: MakeUser, add_case: Callable) -> None:
    analyst, reviewer = make_user("ana", "analyst"), make_user("rev", "reviewer")
    cid = add_case()
    with pytest.raises(PermissionDenied, match="needs the role reviewer"):
        review.decide(vigil, cid, actor=analyst, **PROVEN)
    review.decide(vigil, cid, actor=reviewer, **PROVEN)
    with pytest.raises(PermissionDenied, match="needs the role approver"):
        review.approve(vigil, cid, actor=make_user("rev2", "reviewer"))


@SQLITE_ONLY
def test_a_persons_name_is_not_an_identity(vigil: Vigil, make_user: MakeUser, add_case: Callable) -> None:
    make_user("rev", "reviewer")
    with pytest.raises(PermissionDenied, match="people must log in"):
        review.decide(vigil, add_case(), actor="rev", **PROVEN)


@SQLITE_ONLY
def test_scripted_users_go_through_the_same_checks(vigil: Vigil, add_case: Callable) -> None:
    auth.ensure_scripted_users(vigil, auth.DEMO_USERS)
    cid = add_case()
    with pytest.raises(PermissionDenied, match="needs the role reviewer"):
        review.decide(vigil, cid, actor="demo-approver", **PROVEN)
    review.decide(vigil, cid, actor="demo-reviewer", scripted=False, **PROVEN)  # cannot hide it
    review.approve(vigil, cid, actor="demo-approver")
    auth.ensure_scripted_users(vigil, {"demo-both": ["reviewer", "approver"]})
    cid2 = add_case(account="acct2")
    review.decide(vigil, cid2, actor="demo-both", **PROVEN)
    with pytest.raises(StateError, match="second person"):
        review.approve(vigil, cid2, actor="demo-both")
    with vigil.read() as conn:
        d = conn.execute(select(decisions).where(decisions.c.case_id == cid)).one()
    assert d.scripted and d.decided_by == "demo-reviewer"


@SQLITE_ONLY
def test_approval_preserves_the_accounts_records(vigil: Vigil, make_user: MakeUser, add_case: Callable) -> None:
    cid = add_case(account="acct9")
    review.decide(vigil, cid, actor=make_user("rev", "reviewer"), **PROVEN)
    review.approve(vigil, cid, actor=make_user("app", "approver"))
    items = evidence.list_items(vigil, make_user("aud", "auditor"), cid)
    assert [(i["kind"], i["source"], i["captured_by"]) for i in items] == [("metadata", "account x:acct9", "app")]


@SQLITE_ONLY
def test_queue_splits_by_language(vigil: Vigil, make_user: MakeUser, add_case: Callable) -> None:
    add_case(account="u1", language="ur")
    add_case(account="e1", language="en")
    assert [c["account_id"] for c in review.queue(vigil, language="ur")] == ["u1"]


# --- every role is refused, by the service itself, every action it lacks --------------------


def _world(vigil: Vigil) -> dict:
    """A case decided by one reviewer and approved by another, with evidence and an appeal."""
    auth.ensure_scripted_users(vigil, {"w-rev": ["reviewer"], "w-app": ["approver"], "w-lia": ["liaison"]})
    with vigil.begin() as conn:
        cid = conn.execute(
            insert(cases).values(platform="x", account_id="a", organisation="ttp", score=1.0, status="open")
        ).inserted_primary_key[0]
        cid2 = conn.execute(
            insert(cases).values(platform="x", account_id="b", organisation="ttp", score=1.0, status="open")
        ).inserted_primary_key[0]
    review.decide(vigil, cid, actor="w-rev", **PROVEN)
    review.approve(vigil, cid, actor="w-app")
    appeal = appeals.file_appeal(vigil, "w-lia", cid, appellant_kind="platform", appellant="X", grounds="g")
    return {"case": cid, "open_case": cid2, "appeal": appeal["id"]}


SERVICE_CALLS: dict[str, Callable[[Vigil, auth.Actor, dict, Path], object]] = {
    "case.view": lambda v, a, w, t: evidence.list_items(v, a, w["case"]),
    "case.decide": lambda v, a, w, t: review.decide(v, w["open_case"], actor=a, **PROVEN),
    "case.approve": lambda v, a, w, t: review.approve(v, w["case"], actor=a),
    "evidence.capture": lambda v, a, w, t: evidence.preserve_text(v, a, w["case"], "x"),
    "evidence.export": lambda v, a, w, t: evidence.export_package(v, a, w["case"], t / "p.zip"),
    "evidence.retention": lambda v, a, w, t: evidence.set_legal_hold(v, a, w["case"], "order"),
    "appeal.record": lambda v, a, w, t: appeals.file_appeal(
        v, a, w["case"], appellant_kind="platform", appellant="X", grounds="g"
    ),
    "appeal.review": lambda v, a, w, t: appeals.resolve_appeal(v, a, w["appeal"], "upheld", "r"),
    "appeal.view": lambda v, a, w, t: appeals.list_appeals(v, a),
    "metrics.view": lambda v, a, w, t: metrics.error_metrics(v, a),
    "users.manage": lambda v, a, w, t: auth.list_users(v, a),
}


@pytest.fixture(scope="module")
def matrix_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vigil, dict, Path]]:
    # one home for the whole matrix: refused calls change nothing
    tmp = tmp_path_factory.mktemp("matrix")
    vigil = Vigil(Settings(home=tmp / "home"))
    world = _world(vigil)
    auth.ensure_scripted_users(vigil, {f"only-{r.value}": [r.value] for r in Role})
    yield vigil, world, tmp
    vigil.close()


@pytest.mark.parametrize("action", sorted(SERVICE_CALLS))
def test_services_refuse_roles_that_lack_the_action(matrix_world: tuple[Vigil, dict, Path], action: str) -> None:
    vigil, world, tmp = matrix_world
    allowed = ACTIONS[action][0]
    for role in Role:
        if role in allowed:
            continue
        actor = auth.scripted_actor(vigil, f"only-{role.value}")
        with pytest.raises(PermissionDenied, match=action.replace(".", r"\.")):
            SERVICE_CALLS[action](vigil, actor, world, tmp)


def test_the_matrix_covers_every_action_with_a_service() -> None:
    # queue.view and audit.* are checked by their commands; request.* are defined for the
    # referral stage, which does not check them yet (it takes actor names);
    # case.propose is reserved: cases are opened by the assessment stage, not by hand yet
    assert set(SERVICE_CALLS) == set(ACTIONS) - {
        "queue.view",
        "case.propose",
        "request.send",
        "request.respond",
        "audit.verify",
        "audit.export",
    }


def _assess(vigil: Vigil, account: str) -> None:
    from vigil.store.tables import assessments

    with vigil.begin() as conn:
        conn.execute(
            insert(assessments).values(
                platform="x",
                account_id=account,
                organisation="ttp",
                score=0.9,
                followers=500,
                signal_count=2,
                evidence=[{"kind": "outlet", "matched": "Umar Media"}],
                method_version="1",
            )
        )


def test_the_demo_reviewer_and_approver_are_checked_users(vigil: Vigil, make_user: MakeUser) -> None:
    from vigil.demo.reviewer import review_all

    _assess(vigil, "d1")
    review.propose_cases(vigil)
    counts = review_all(vigil, now=datetime.now(UTC))
    assert counts["link_proven"] == counts["approved"] == 1
    with vigil.read() as conn:
        d = conn.execute(select(decisions)).one()
        a = conn.execute(select(approvals)).one()
    assert (d.decided_by, d.scripted, a.approved_by, a.scripted) == ("demo-reviewer", True, "demo-approver", True)
    # take the approver's role away: the scripted approver is refused like a person would be
    admin = make_user("boss", "admin")
    auth.revoke_roles(vigil, admin, "demo-approver", ["approver"])
    _assess(vigil, "d2")
    review.propose_cases(vigil)
    with pytest.raises(PermissionDenied, match="demo-approver may not approve"):
        review_all(vigil, now=datetime.now(UTC))
