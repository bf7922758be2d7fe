"""From assessment to removal: cases, four eyes, dispatch exactly once, answers, the headline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from vigil.domain import Account, Platform
from vigil.errors import InputError, StateError
from vigil.referral import stage as referral
from vigil.referral.channels.base import Receipt
from vigil.report import headline
from vigil.review import cases as review
from vigil.review.auth import ensure_scripted_users
from vigil.simulator import PlatformBehaviour, PlatformSimulator
from vigil.store import audit, upsert_records
from vigil.store.tables import assessments, audit_events, removal_requests

T0 = datetime(2026, 11, 1, tzinfo=UTC)
ALWAYS = {
    "facebook": PlatformBehaviour(act_share=1.0, reject_share=0.0, median_hours=5, spread=0.1),
    "x": PlatformBehaviour(act_share=0.0, reject_share=1.0, median_hours=5, spread=0.1),
}


def seed_assessments(vigil, scores: dict[tuple[str, str], float]) -> None:
    with vigil.begin() as conn:
        upsert_records(
            conn,
            [
                Account(
                    platform=Platform(p), platform_id=a, handle=f"h{a}", followers=100, url=f"https://{p}.example/{a}"
                )
                for p, a in scores
            ],
        )
        for (p, a), s in scores.items():
            conn.execute(
                assessments.insert().values(
                    platform=p,
                    account_id=a,
                    organisation="ttp",
                    score=s,
                    followers=100,
                    signal_count=3,
                    evidence=[{"kind": "outlet", "matched": "Umar Media"}],
                    method_version="1",
                )
            )


@pytest.fixture(autouse=True)
def reviewers(vigil):
    # decide and approve check roles: the names used below are scripted users with these roles
    ensure_scripted_users(
        vigil, {"alice": ["reviewer", "approver"], "bob": ["approver"], "rev": ["reviewer"], "approver": ["approver"]}
    )


def decide_proven(vigil, case_id, actor="rev"):
    return review.decide(
        vigil, case_id, actor=actor, outcome="link_proven", ground="glorification", legal_basis="ATA 1997", now=T0
    )


def test_cases_open_above_threshold_once(vigil):
    seed_assessments(vigil, {("facebook", "1"): 0.9, ("x", "2"): 0.3})
    assert review.propose_cases(vigil, threshold=0.5, now=T0) == 1
    assert review.propose_cases(vigil, threshold=0.5, now=T0) == 0
    [case] = review.queue(vigil)
    assert (case["platform"], case["account_id"]) == ("facebook", "1")


def test_nothing_leaves_without_a_second_person(vigil):
    seed_assessments(vigil, {("facebook", "1"): 0.9})
    review.propose_cases(vigil, now=T0)
    [case] = review.queue(vigil)
    decide_proven(vigil, case["id"], actor="alice")
    assert referral.draft_requests(vigil, actor="liaison", now=T0) == []  # no approval yet
    with pytest.raises(StateError, match="second person"):
        review.approve(vigil, case["id"], actor="alice")
    review.approve(vigil, case["id"], actor="bob")
    [rid] = referral.draft_requests(vigil, actor="liaison", now=T0)
    with vigil.read() as conn:
        state = conn.execute(select(removal_requests.c.state).where(removal_requests.c.id == rid)).scalar_one()
    assert state == "approved"


def test_decisions_need_their_grounds_and_refusal_is_easy(vigil):
    seed_assessments(vigil, {("facebook", "1"): 0.9, ("facebook", "2"): 0.9})
    review.propose_cases(vigil, now=T0)
    c1, c2 = (c["id"] for c in review.queue(vigil))
    with pytest.raises(InputError, match="ground"):
        review.decide(vigil, c1, actor="alice", outcome="link_proven", legal_basis="x")
    with pytest.raises(InputError, match="exemption"):
        review.decide(vigil, c1, actor="alice", outcome="exempt")
    review.decide(vigil, c1, actor="alice", outcome="not_proven", reasons="ambiguous")
    review.decide(vigil, c2, actor="alice", outcome="exempt", exemption="journalism")
    with pytest.raises(StateError, match="not open"):
        decide_proven(vigil, c1)
    with pytest.raises(StateError, match="not_proven"):
        review.approve(vigil, c1, actor="bob")
    assert review.queue(vigil) == []


class CrashingChannel:
    """Delivers, then dies before the sender can record 'sent' (like a process killed there)."""

    name = "crashing"

    def __init__(self, inner):
        self.inner = inner

    def send(self, envelope) -> Receipt:
        self.inner.send(envelope)
        raise ConnectionError("lost after delivery")


def test_crash_between_sending_and_sent_never_sends_twice(vigil, tmp_path):
    seed_assessments(vigil, {("facebook", str(i)): 0.9 for i in range(3)})
    review.propose_cases(vigil, now=T0)
    for c in review.queue(vigil):
        decide_proven(vigil, c["id"])
        review.approve(vigil, c["id"], actor="approver")
    referral.draft_requests(vigil, actor="liaison", now=T0)
    sim = PlatformSimulator(tmp_path / "sim", behaviour=ALWAYS, clock=T0)
    first = referral.dispatch(vigil, lambda _p: CrashingChannel(sim), actor="liaison", now=T0)
    assert first.sent == 0 and len(first.failed) == 3
    second = referral.dispatch(vigil, lambda _p: sim, actor="liaison", now=T0)
    assert second.sent == 3 and second.resumed == 3
    assert sim.received == 3  # each platform got each request once
    assert referral.dispatch(vigil, lambda _p: sim, actor="liaison", now=T0).sent == 0


def test_answers_drive_the_lifecycle_and_the_headline(vigil, tmp_path):
    seed_assessments(vigil, {("facebook", "1"): 0.9, ("x", "2"): 0.9})
    review.propose_cases(vigil, now=T0)
    for c in review.queue(vigil):
        decide_proven(vigil, c["id"])
        review.approve(vigil, c["id"], actor="approver")
    referral.draft_requests(vigil, actor="liaison", now=T0)
    sim = PlatformSimulator(tmp_path / "sim", behaviour=ALWAYS, clock=T0)
    referral.dispatch(vigil, lambda _p: sim, actor="liaison", now=T0)
    for a in sim.answers(T0 + timedelta(days=30)):
        assert referral.record_answer(vigil, a.request_id, a.outcome, at=a.at, actor="liaison")
        assert not referral.record_answer(vigil, a.request_id, a.outcome, at=a.at, actor="liaison")
    report = headline(vigil)
    assert report["identified"]["accounts"] == 2
    assert report["referred"] == 2 and report["removed"] == 1
    assert report["compliance"]["facebook"]["actioned_pct"] == 100.0
    assert report["compliance"]["x"]["rejected_pct"] == 100.0
    assert 0 < report["median_hours_to_removal"]["facebook"] < 24
    assert report["followers_reached"] == 200


def test_unanswered_requests_expire_and_illegal_moves_are_refused(vigil, tmp_path):
    seed_assessments(vigil, {("facebook", "1"): 0.9})
    review.propose_cases(vigil, now=T0)
    [c] = review.queue(vigil)
    decide_proven(vigil, c["id"])
    review.approve(vigil, c["id"], actor="approver")
    [rid] = referral.draft_requests(vigil, actor="liaison", now=T0)
    silent = PlatformSimulator(
        tmp_path / "s",
        behaviour={"facebook": PlatformBehaviour(act_share=0, reject_share=0, median_hours=1, acknowledge=False)},
        clock=T0,
    )
    referral.dispatch(vigil, lambda _p: silent, actor="liaison", now=T0)
    assert referral.expire_unanswered(vigil, now=T0 + timedelta(days=3), actor="liaison") == 0
    assert referral.expire_unanswered(vigil, now=T0 + timedelta(days=15), actor="liaison") == 1
    assert headline(vigil)["compliance"]["facebook"]["no_response_pct"] == 100.0
    with vigil.begin() as conn, pytest.raises(StateError, match="cannot become"):
        referral._move(conn, rid, referral.RequestState.SENDING, actor="x", at=T0)


def test_every_state_change_is_in_the_audit_chain(vigil, tmp_path):
    seed_assessments(vigil, {("facebook", "1"): 0.9})
    review.propose_cases(vigil, now=T0)
    [c] = review.queue(vigil)
    decide_proven(vigil, c["id"])
    review.approve(vigil, c["id"], actor="approver")
    referral.draft_requests(vigil, actor="liaison", now=T0)
    with vigil.read() as conn:
        actions = [r.action for r in conn.execute(select(audit_events.c.action).order_by(audit_events.c.seq))]
        n = conn.execute(select(func.count()).select_from(audit_events)).scalar_one()
        assert audit.count(conn) == n
    actions = [a for a in actions if not a.startswith("user.")]  # the fixture's users come first
    assert actions == [
        "case.opened",
        "case.decided",
        "case.approved",
        "evidence.snapshot",  # approval preserves the account's records before any request
        "request.drafted",
        "request.approved",
    ]


def test_uncertain_cases_first_for_the_model_to_learn_most(vigil):
    model = {"1": 0.95, "2": 0.52, "3": 0.1}
    with vigil.begin() as conn:
        for acct, p in [*model.items(), ("4", None)]:
            evidence = [{"detector": "alias", "kind": "outlet", "score": 0.9}]
            if p is not None:
                evidence.append({"detector": "support_model", "kind": "model", "score": p})
            conn.execute(assessments.insert().values(platform="x", account_id=acct, organisation="ttp", score=0.9,
                                                     followers=int(acct) * 10, signal_count=2, evidence=evidence,
                                                     method_version="1"))  # fmt: skip
    review.propose_cases(vigil, now=T0)
    by_priority = [c["account_id"] for c in review.queue(vigil)]
    assert by_priority == ["4", "3", "2", "1"]  # same score: larger reach first
    uncertain = [c["account_id"] for c in review.queue(vigil, uncertain_first=True)]
    assert uncertain[0] == "2" and uncertain[-1] == "4"
    assert [c["account_id"] for c in review.queue(vigil, uncertain_first=True, limit=1)] == ["2"]
