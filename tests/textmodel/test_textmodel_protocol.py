"""The model protocol (scikit-learn's estimator contract) and the model store with its cards."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from vigil.errors import InputError, StateError
from vigil.models.base import TextModel
from vigil.models.linear import LinearTextClassifier
from vigil.models.store import ModelStore, ModelVersionWarning

TEXTS = [
    "glory to the lions, victory is near",
    "salute to our brave lions of the mountains",
    "the lions will never bow, victory is near",
    "police said the group claimed the attack",
    "officials said the attack was claimed by the group",
    "the group claimed responsibility, police said",
    "great cricket match today, what a century",
    "the party was amazing, thanks everyone",
    "cricket again tomorrow, who is coming",
]
LABELS = ["support"] * 3 + ["reporting"] * 3 + ["other"] * 3


def small_model() -> LinearTextClassifier:
    return LinearTextClassifier(char_ngrams=(2, 4), cv=2)


def test_follows_the_estimator_protocol() -> None:
    model = small_model()
    assert model.get_params()["char_ngrams"] == (2, 4)
    assert not [k for k in vars(model) if k.endswith("_")], "no learned state before fit"
    with pytest.raises(NotFittedError):
        model.predict_proba(["anything"])
    assert model.fit(TEXTS, LABELS) is model
    assert isinstance(model, TextModel)
    twin = clone(model)
    assert twin.get_params() == model.get_params()
    assert not hasattr(twin, "calibrated_")


def test_probabilities_and_predictions() -> None:
    model = small_model().fit(TEXTS, LABELS)
    proba = model.predict_proba(["glory to the lions", "police said the group claimed it"])
    assert proba.shape == (2, 3)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert list(model.predict(["salute to the lions, victory is near"])) == ["support"]
    assert list(model.predict(["the group claimed the attack, police said"])) == ["reporting"]


def test_explanations_name_features_of_the_text() -> None:
    model = small_model().fit(TEXTS, LABELS)
    features = model.explain("victory to the lions", label="support", top=3)
    assert 0 < len(features) <= 3
    assert all(f.weight > 0 for f in features)
    assert [f.weight for f in features] == sorted((f.weight for f in features), reverse=True)
    for f in features:
        family, _, term = f.feature.partition(":")
        assert family in {"char", "word"}
        assert term.strip() in "victory to the lions"
    with pytest.raises(ValueError, match="Unknown label"):
        model.explain("x", label="nope")


@pytest.mark.parametrize(
    ("texts", "labels", "message"),
    [
        (TEXTS, LABELS[:-1], "inconsistent numbers"),
        (TEXTS, ["support"] * len(TEXTS), "only one label"),
        ([], [], "0 texts"),
        ("one string", ["a"], "single string"),
    ],
)
def test_bad_training_input_is_refused(texts: list[str], labels: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        small_model().fit(texts, labels)


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="'C' parameter"):
        LinearTextClassifier(C=-1).fit(TEXTS, LABELS)
    with pytest.raises(ValueError, match="'calibration'"):
        LinearTextClassifier(calibration="platt").fit(TEXTS, LABELS)


def test_pickles_carry_the_same_predictions() -> None:
    model = small_model().fit(TEXTS, LABELS)
    model.explain("lions")  # builds the feature-name cache, which must not be pickled
    again = pickle.loads(pickle.dumps(model))
    assert "_names" not in vars(again)
    assert np.allclose(again.predict_proba(TEXTS), model.predict_proba(TEXTS))


def test_store_versions_cards_and_round_trip(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "models")
    model = small_model().fit(TEXTS, LABELS)
    first = store.save(model, task="toy", data={"rows": 9}, metrics={"macro_f1": 1.0})
    second = store.save(model, task="toy", data={"rows": 9})
    assert (first.version, second.version) == ("v0001", "v0002")
    assert store.versions("toy") == ["v0001", "v0002"]
    loaded = store.load("toy", "v0001")
    assert loaded.card.metrics == {"macro_f1": 1.0}
    assert loaded.card.params["char_ngrams"] == [2, 4]
    assert loaded.card.classes == ["other", "reporting", "support"]
    assert loaded.card.created_at and loaded.card.sklearn_version
    assert np.allclose(loaded.model.predict_proba(TEXTS), model.predict_proba(TEXTS))
    assert [c.ref for c in store.cards()] == ["toy/v0001", "toy/v0002"]


def test_loading_a_model_from_another_version_warns(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "models")
    card = store.save(small_model().fit(TEXTS, LABELS), task="toy", data={})
    path = store.folder("toy", card.version) / "card.json"
    payload = json.loads(path.read_text())
    payload["vigil_version"] = "0.0.1"
    path.write_text(json.dumps(payload))
    with pytest.warns(ModelVersionWarning, match="trained under Vigil 0.0.1"):
        store.load("toy")


def test_store_errors_say_what_to_do(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "models")
    with pytest.raises(StateError, match="vigil model train --task absent"):
        store.load("absent")
    with pytest.raises(InputError, match="not valid"):
        store.versions("../escape")


def test_transformer_backend_needs_a_local_directory(tmp_path: Path) -> None:
    # the optional backend never downloads: a missing directory is a configuration error
    from sklearn.base import clone as sk_clone

    from vigil.errors import ConfigError
    from vigil.models.transformer import TransformerTextClassifier

    model = TransformerTextClassifier(model_path=str(tmp_path / "no-such-model"))
    assert sk_clone(model).get_params()["model_path"] == str(tmp_path / "no-such-model")
    with pytest.raises(ConfigError, match="no-such-model"):
        model.fit(TEXTS, LABELS)
