"""The support detector in the detect stage, and learning from reviewers' decisions."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from vigil import detect
from vigil.core import Vigil
from vigil.detect.base import detector_factories
from vigil.detect.support import SupportDetector
from vigil.domain import Platform, Post
from vigil.models.data import read_labelled, write_labelled
from vigil.models.feedback import examples_from_decisions, label_for_decision, uncertainty_order
from vigil.models.training import TrainOptions, default_support_model, model_store, retrain, train
from vigil.store import upsert_records
from vigil.store.tables import cases, decisions, signals


def give_models(vigil: Vigil, models: Path) -> Vigil:
    """Copy the session's trained support model into this test's home."""
    shutil.copytree(models, vigil.home / "models", dirs_exist_ok=True)
    return vigil


POSTS = {
    "p1": ("acc1", "Salute to the sarmachar, our martyrs are alive. Victory is near!"),
    "p2": ("acc1", "The banned BLA claimed responsibility for the attack in Turbat, police said."),
    "p3": ("acc2", "kya zabardast bowling attack tha yaar, 5 wickets"),
    "p4": ("acc2", "Release the missing persons of Kech. Enforced disappearances must end."),
}


def _posts() -> list[Post]:
    return [Post(platform=Platform.X, platform_id=pid, account_id=acc, text=text) for pid, (acc, text) in POSTS.items()]


def test_detector_is_registered_and_scores_each_post(vigil: Vigil, support_models: Path) -> None:
    give_models(vigil, support_models)
    assert "support_model" in detector_factories()
    with vigil.begin() as conn:
        upsert_records(conn, _posts())
    summary = detect.run(vigil, detectors=["support_model"])
    assert summary.signals["support_model"] == len(POSTS)
    with vigil.read() as conn:
        rows = {r.record_id: r for r in conn.execute(select(signals))}
    assert rows["p1"].score > 0.5 > rows["p2"].score
    assert rows["p3"].score < 0.2 and rows["p4"].score < 0.2
    evidence = rows["p1"].evidence
    assert evidence["kind"] == "model"
    assert evidence["details"]["model"] == "support/v0001"
    assert evidence["details"]["label"] == "support"
    assert evidence["details"]["language"] == "en"
    assert any("sarmachar" in f or "martyr" in f for f in evidence["details"]["features"])
    # a rerun finds nothing new: the stage keeps its place per detector version
    assert detect.run(vigil, detectors=["support_model"]).signals.get("support_model", 0) == 0


def test_signal_names_the_organisation_the_matcher_finds(sqlite_vigil: Vigil, support_models: Path) -> None:
    class Mention:
        organisation, alias, start, end = "bla", "Balochistan Liberation Army", 0, 3

    class FakeMatcher:  # the registry's matcher is another module; its contract is find(text)
        def find(self, text: str) -> list[Mention]:
            return [Mention()] if "BLA" in text else []

    give_models(sqlite_vigil, support_models)
    detector = SupportDetector(default_support_model(sqlite_vigil), FakeMatcher())
    found = {s.record_id: s for s in detector.detect(_posts())}
    assert found["p2"].organisation == "bla" and found["p2"].evidence.alias
    assert found["p1"].organisation == ""
    assert detector.version.startswith("1.v0001.")


def _decide(vigil: Vigil, account: str, outcome: str, exemption: str | None, at: datetime) -> None:
    with vigil.begin() as conn:
        case_id = conn.execute(
            cases.insert().values(platform="x", account_id=account, organisation="bla", score=0.9, status="decided")
        ).inserted_primary_key[0]
        conn.execute(
            decisions.insert().values(
                case_id=case_id,
                outcome=outcome,
                exemption=exemption,
                references=[],
                reasons="",
                decided_by="reviewer",
                decided_at=at,
            )
        )


def test_decisions_become_labelled_examples(vigil: Vigil, support_models: Path) -> None:
    give_models(vigil, support_models)
    with vigil.begin() as conn:
        upsert_records(conn, _posts())
    detect.run(vigil, detectors=["support_model"])
    now = datetime.now(UTC)
    _decide(vigil, "acc1", "link_proven", None, now)
    _decide(vigil, "acc2", "exempt", "journalism", now + timedelta(minutes=1))
    examples = dict(examples_from_decisions(vigil))
    assert examples == {
        POSTS["p1"][1]: "support",
        POSTS["p2"][1]: "support",
        POSTS["p3"][1]: "reporting",
        POSTS["p4"][1]: "reporting",
    }


@pytest.mark.parametrize(
    ("outcome", "exemption", "label"),
    [
        ("link_proven", None, "support"),
        ("exempt", "journalism", "reporting"),
        ("exempt", "counter-speech", "counter_speech"),
        ("exempt", "human-rights", "political"),
        ("not_proven", None, "other"),
    ],
)
def test_decision_labels(outcome: str, exemption: str | None, label: str) -> None:
    assert label_for_decision(outcome, exemption) == label


def test_retrain_folds_in_reviewer_decisions(sqlite_vigil: Vigil, tmp_path: Path) -> None:
    # a support model trained on a fifth of the seed corpus keeps this test fast
    vigil = sqlite_vigil
    subset = tmp_path / "seed_subset.tsv"
    seed = read_labelled(["seed"])
    write_labelled(subset, seed.subset(range(0, len(seed), 5)))
    train(vigil, "support", read_labelled([subset]), TrainOptions(holdout=0.0))
    # a new code phrase the seed corpus has never seen; reviewers decide its posts are support
    novel = [
        f"copper kettle gathering at {place}, the kettle boils for the brave"
        for place in ("dawn", "noon", "dusk", "the river", "the hill", "the old well")
    ]
    posts = [Post(platform=Platform.X, platform_id=f"n{i}", account_id="acc9", text=t) for i, t in enumerate(novel)]
    with vigil.begin() as conn:
        upsert_records(conn, posts)
    probe = "copper kettle gathering at midnight, the kettle boils for the brave"
    before = model_store(vigil).load("support").model.predict_proba([probe])[0]
    _decide(vigil, "acc9", "link_proven", None, datetime.now(UTC))
    card, added = retrain(vigil)
    assert (card.version, added) == ("v0002", len(novel))
    assert card.data["reviewer_examples"] == len(novel)
    after = model_store(vigil).load("support").model
    k = list(after.classes_).index("support")
    assert after.predict_proba([probe])[0][k] > before[k] + 0.1
    with vigil.read() as conn:
        assert conn.execute(select(func.count()).select_from(decisions)).scalar() == 1


def test_uncertainty_order_puts_the_unsure_first() -> None:
    assert uncertainty_order([0.99, 0.52, 0.1, 0.45, 0.5]) == [4, 1, 3, 2, 0]
    assert uncertainty_order([[0.9, 0.1], [0.5, 0.5], [0.3, 0.7]]) == [1, 2, 0]
    assert uncertainty_order([]) == []
    with pytest.raises(ValueError, match="shape"):
        uncertainty_order([[[0.1]]])
