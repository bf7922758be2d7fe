"""The detect stage scans each record once per detector version; assessment is repeatable."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from sqlalchemy import func, select

from vigil import detect
from vigil.detect.base import register_detector
from vigil.domain import Account, Evidence, Platform, Post, Signal
from vigil.linkage import assess
from vigil.store import upsert_records
from vigil.store.tables import assessments, signals


class KeywordDetector:
    """A test detector: 'lion' in a post is a signal for ttp."""

    name: ClassVar[str] = "test_keyword"
    version: ClassVar[str] = "1"
    applies_to: ClassVar[frozenset[str]] = frozenset({"post"})
    calls: ClassVar[int] = 0

    def detect(self, records: Sequence[Post]) -> Iterator[Signal]:
        KeywordDetector.calls += len(records)
        for p in records:
            i = p.text.find("lion")
            if i >= 0:
                yield Signal(
                    detector=self.name,
                    detector_version=self.version,
                    platform=p.platform.value,
                    record_type="post",
                    record_id=p.platform_id,
                    account_id=p.account_id,
                    organisation="ttp",
                    score=0.5,
                    evidence=Evidence(kind="alias", matched="lion", span=(i, i + 4)),
                )


register_detector("test_keyword")(lambda vigil: KeywordDetector())


def world(n_posts: int) -> list:
    recs = [Account(platform=Platform.X, platform_id="a1", followers=7), Account(platform=Platform.X, platform_id="a2")]
    for i in range(n_posts):
        recs.append(
            Post(
                platform=Platform.X,
                platform_id=f"p{i}",
                account_id="a1" if i % 2 else "a2",
                text="the lion roars" if i % 3 == 0 else "nothing here",
            )
        )
    return recs


def table_state(vigil, table, cols):
    with vigil.read() as conn:
        return sorted(tuple(r) for r in conn.execute(select(*(table.c[c] for c in cols))))


def test_two_runs_leave_the_state_of_one(vigil):
    with vigil.begin() as conn:
        upsert_records(conn, world(120))
    KeywordDetector.calls = 0
    first = detect.run(vigil, detectors=["test_keyword"])
    assert first.scanned["test_keyword/post"] == 120 and first.signals["test_keyword"] == 40
    state = table_state(vigil, signals, ["record_id", "organisation", "score"])
    second = detect.run(vigil, detectors=["test_keyword"])
    assert second.scanned["test_keyword/post"] == 0
    assert table_state(vigil, signals, ["record_id", "organisation", "score"]) == state
    assert KeywordDetector.calls == 120


def test_new_records_only_are_scanned(vigil):
    with vigil.begin() as conn:
        upsert_records(conn, world(10))
    detect.run(vigil, detectors=["test_keyword"])
    with vigil.begin() as conn:
        upsert_records(conn, [Post(platform=Platform.X, platform_id="new", account_id="a1", text="a lion")])
    assert detect.run(vigil, detectors=["test_keyword"]).scanned["test_keyword/post"] == 1


def test_assessment_combines_posts_and_is_repeatable(vigil):
    with vigil.begin() as conn:
        upsert_records(conn, world(30))
    detect.run(vigil, detectors=["test_keyword"])
    versions = {"test_keyword": "1"}
    assess.run(vigil, versions=versions)
    state = table_state(vigil, assessments, ["account_id", "organisation", "score", "signal_count", "followers"])
    assess.run(vigil, versions=versions)
    assert (
        table_state(vigil, assessments, ["account_id", "organisation", "score", "signal_count", "followers"]) == state
    )
    by_account = {s[0]: s for s in state}
    # a1 has 5 'lion' posts, a2 has 5: noisy-OR of 0.5 over min(5, 8) posts
    assert abs(by_account["a1"][2] - (1 - 0.5**5)) < 1e-3
    assert by_account["a1"][4] == 7


def test_unknown_detector_is_reported_not_raised(vigil):
    summary = detect.run(vigil, detectors=["no_such_detector"])
    assert "no_such_detector" in summary.skipped
    with vigil.read() as conn:
        assert conn.execute(select(func.count()).select_from(signals)).scalar_one() == 0


def _signals(alias: dict, support: dict):
    from vigil.linkage.assess import _AccountSignals

    sigs = _AccountSignals()
    for org, records in alias.items():
        for record, score in records.items():
            sigs.alias[org][record] = (score, {"record": record})
            sigs.named_posts.add(record)
    for record, (p, org) in support.items():
        sigs.support[record] = (p, {"record": record, "detector": "support_model"})
        if org:
            sigs.named_posts.add(record)
    return sigs


def test_posts_naming_another_group_do_not_link_an_account_to_this_one():
    from vigil.linkage.assess import score_account

    # A BLA supporter whose profile carries a nickname BLF shares ("sarmachar", weak).
    sigs = _signals(
        alias={"bla": {"post:1": 0.95, "post:2": 0.95}, "blf": {"account:a": 0.3}},
        support={"post:1": (0.97, "bla"), "post:2": (0.96, "bla"), "post:3": (0.9, "")},
    )
    scores = {org: s for org, s, _, _ in score_account(sigs)}
    assert scores["bla"] > 0.9
    assert scores["blf"] < 0.5


def test_everyday_posts_do_not_create_a_link():
    from vigil.linkage.assess import score_account

    # One counter-speech mention the model reads as unsure, and many posts naming nothing.
    sigs = _signals(
        alias={"ttp": {"post:1": 0.95}},
        support={"post:1": (0.2, "ttp"), **{f"post:{i}": (0.9, "") for i in range(2, 9)}},
    )
    [(org, score, _, _)] = score_account(sigs)
    assert org == "ttp" and score < 0.3
