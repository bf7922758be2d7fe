"""Training, evaluating and retraining models for a task, and the default support model.

``train`` splits off a held-out part (stratified by label, or by group so that no template or
thread is on both sides), fits, scores the held-out part, and stores the model with its card and
the held-out rows (``holdout.tsv`` beside the model) so ``vigil model eval`` can reproduce the
figures.  The default support model is trained from the shipped seed corpus on first use, in a
few seconds, deterministically, and cached in the model store as task ``support``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.model_selection import GroupShuffleSplit, StratifiedKFold, StratifiedShuffleSplit

from vigil.errors import InputError
from vigil.models.base import TextModel
from vigil.models.data import SEED_ALIAS, Dataset, read_labelled, write_labelled
from vigil.models.evaluate import evaluate, per_language, scores
from vigil.models.linear import LinearTextClassifier
from vigil.models.store import ModelCard, ModelStore, StoredModel

if TYPE_CHECKING:
    from vigil.core import Vigil

__all__ = [
    "BACKENDS",
    "cross_validate",
    "DEFAULT_TASK",
    "PRESETS",
    "TrainOptions",
    "default_support_model",
    "make_model",
    "preset_params",
    "model_store",
    "retrain",
    "split",
    "train",
]

DEFAULT_TASK = "support"
POSITIVE_LABELS = ("support", "threat", "abusive", "pro_isis", "extremist", "hate")


def _transformer_backend() -> type:
    from vigil.models.transformer import TransformerTextClassifier

    return TransformerTextClassifier


BACKENDS: dict[str, Any] = {
    "linear": lambda: LinearTextClassifier,
    "transformer": _transformer_backend,
}


# Named parameter sets for the linear backend, each chosen by cross-validation on training data
# only (docs/models.md gives the commands).  ``--param`` overrides a preset's values one by one.
PRESETS: dict[str, dict[str, Any]] = {
    # Roman Urdu abuse (RUHSOLD task 1, two labels): char n-grams 2-6, word trigrams, word
    # n-grams over the spelling-folded text so that "bharway"/"bharwe" and "bhenc*hod"/"bhenchod"
    # meet, and naive-Bayes feature weighting (two labels only).
    "roman-urdu": {
        "char_ngrams": (2, 6),
        "word_ngrams": (1, 3),
        "spelling_ngrams": (1, 2),
        "punctuation": False,
        "nb_weighting": True,
        "C": 1.0,
    },
}


def preset_params(preset: str | None, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """A preset's parameters (none for ``None``) updated by explicit ``params``."""
    if preset is None:
        return dict(params or {})
    if preset not in PRESETS:
        raise InputError(f"unknown preset {preset!r}; choose one of {sorted(PRESETS)}")
    return PRESETS[preset] | (params or {})


@dataclass
class TrainOptions:
    holdout: float = 0.1
    seed: int = 0
    group_col: str | None = None
    lang_col: str | None = None
    text_col: str = "text"
    label_col: str = "label"
    backend: str = "linear"
    params: dict[str, Any] | None = None
    positive: str | None = None
    preset: str | None = None


def model_store(vigil: Vigil) -> ModelStore:
    return ModelStore(vigil.home / "models")


def make_model(backend: str, params: dict[str, Any] | None = None) -> TextModel:
    if backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r}; choose one of {sorted(BACKENDS)}")
    cls = BACKENDS[backend]()
    # parameters read back from a JSON model card come as lists where the model takes tuples
    params = {k: tuple(v) if isinstance(v, list) else v for k, v in (params or {}).items()}
    try:
        return cls(**params)
    except TypeError as exc:
        raise InputError(f"bad parameter for backend {backend!r}: {exc}") from exc


def _model(options: TrainOptions) -> TextModel:
    if options.preset is not None and options.backend != "linear":
        raise InputError(f"--preset is for the linear backend; got backend {options.backend!r}")
    return make_model(options.backend, preset_params(options.preset, options.params))


def split(data: Dataset, holdout: float, seed: int, group_col: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Train and held-out row indices.  ``holdout`` 0 keeps everything for training."""
    index = np.arange(len(data))
    if holdout <= 0:
        return index, index[:0]
    if not 0 < holdout < 1:
        raise InputError(f"--holdout must be in [0, 1). Got {holdout} instead.")
    if group_col:
        splitter: Any = GroupShuffleSplit(n_splits=1, test_size=holdout, random_state=seed)
        train_idx, test_idx = next(splitter.split(index, data.labels, data.extra[group_col]))
    else:
        splitter = StratifiedShuffleSplit(n_splits=1, test_size=holdout, random_state=seed)
        train_idx, test_idx = next(splitter.split(index, data.labels))
    return np.sort(train_idx), np.sort(test_idx)


def fold_ids(data: Dataset, folds: int, seed: int, group_col: str | None = None) -> np.ndarray:
    """A fold number per row: whole groups per fold when ``group_col`` is given (groups dealt
    out in a seeded random order), else stratified by label."""
    if folds < 2:
        raise InputError(f"--folds must be at least 2. Got {folds} instead.")
    out = np.empty(len(data), dtype=int)
    if group_col:
        groups = np.asarray(data.extra[group_col])
        unique = np.unique(groups)
        if len(unique) < folds:
            raise InputError(f"column {group_col!r} has {len(unique)} groups, fewer than {folds} folds")
        order = np.random.default_rng(seed).permutation(len(unique))
        fold_of = {unique[g]: i % folds for i, g in enumerate(order)}
        return np.array([fold_of[x] for x in groups])
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for k, (_, test_idx) in enumerate(splitter.split(np.zeros(len(data)), data.labels)):
        out[test_idx] = k
    return out


def cross_validate(data: Dataset, options: TrainOptions, folds: int = 5) -> dict[str, Any]:
    """Every row scored by a model that never saw it (nor, with ``group_col``, its group):
    ``folds`` models, predictions pooled, then the same figures as :func:`evaluate`."""
    ids = fold_ids(data, folds, options.seed, options.group_col)
    predicted = np.empty(len(data), dtype=object)
    for k in range(folds):
        train_part = data.subset(np.flatnonzero(ids != k))
        test_idx = np.flatnonzero(ids == k)
        model = _model(options)
        try:
            model.fit(train_part.texts, train_part.labels)
        except ValueError as exc:
            raise InputError(f"cannot train fold {k + 1} of {folds}: {exc}") from exc
        predicted[test_idx] = [str(p) for p in model.predict([data.texts[i] for i in test_idx])]
    positive = default_positive(data.labels, options.positive)
    result = scores(data.labels, list(predicted), positive=positive)
    result["per_language"] = per_language(data.labels, list(predicted), _languages(data, options.lang_col), positive)
    return {"folds": folds, "group_col": options.group_col, "seed": options.seed, "preset": options.preset} | result


def _languages(data: Dataset, lang_col: str | None) -> list[str]:
    if lang_col:
        return data.extra[lang_col]
    from vigil.text.langid import detect_languages

    return detect_languages(data.texts)


def default_positive(labels: list[str], given: str | None) -> str | None:
    if given:
        return given
    return next((p for p in POSITIVE_LABELS if p in set(labels)), None)


def train(
    vigil: Vigil,
    task: str,
    data: Dataset,
    options: TrainOptions,
    *,
    extra: dict[str, Any] | None = None,
    notes: str = "",
) -> ModelCard:
    """Fit a model for ``task`` on ``data`` less a held-out part, score that part, store both."""
    store = model_store(vigil)
    train_idx, test_idx = split(data, options.holdout, options.seed, options.group_col)
    model = _model(options)
    train_part = data.subset(train_idx)
    try:
        model.fit(train_part.texts, train_part.labels)
    except ValueError as exc:
        raise InputError(f"cannot train task {task!r}: {exc}") from exc
    positive = default_positive(data.labels, options.positive)
    metrics: dict[str, Any] = {}
    held = data.subset(test_idx)
    if len(held):
        metrics = evaluate(
            model,
            held.texts,
            held.labels,
            languages=_languages(held, options.lang_col),
            positive=positive,
        )
    info = (
        data.describe()
        | {
            "train_rows": len(train_part),
            "holdout_rows": len(held),
            "holdout": options.holdout,
            "seed": options.seed,
            "group_col": options.group_col,
            "lang_col": options.lang_col,
            "text_col": options.text_col,
            "label_col": options.label_col,
            "positive": positive,
            "backend": options.backend,
            "preset": options.preset,
        }
        | (extra or {})
    )
    card = store.save(model, task=task, data=info, metrics=metrics, notes=notes)
    if len(held):
        folder = store.folder(task, card.version)
        write_labelled(folder / "holdout.tsv", held, text_col="text", label_col="label")
    return card


_DEFAULT_LOCK = threading.Lock()
_LOADED: dict[str, StoredModel] = {}


def default_support_model(vigil: Vigil) -> StoredModel:
    """The newest ``support`` model of this home; trained from the seed corpus on first use."""
    store = model_store(vigil)
    with _DEFAULT_LOCK:
        if not store.versions(DEFAULT_TASK):
            data = read_labelled([SEED_ALIAS], keep_cols=("language", "template"))
            options = TrainOptions(holdout=0.0, lang_col="language", group_col="template")
            train(vigil, DEFAULT_TASK, data, options)
        version = store.latest_version(DEFAULT_TASK)
        key = f"{store.root.resolve()}|{version}|{store.card(DEFAULT_TASK, version).created_at}"
        if key not in _LOADED:
            _LOADED[key] = store.load(DEFAULT_TASK, version)
        return _LOADED[key]


def retrain(vigil: Vigil, task: str = DEFAULT_TASK) -> tuple[ModelCard, int]:
    """Train a new version of ``task`` on the data of its newest model plus every reviewer
    decision that maps to one of its labels.  Returns the new card and how many reviewer
    examples were folded in."""
    from vigil.models.feedback import examples_from_decisions

    store = model_store(vigil)
    if task == DEFAULT_TASK and not store.versions(task):
        default_support_model(vigil)
    card = store.card(task)
    info = card.data
    keep = tuple(c for c in (info.get("lang_col"), info.get("group_col")) if c)
    data = read_labelled(info["sources"], text_col=info["text_col"], label_col=info["label_col"], keep_cols=keep)
    added = [(t, lab) for t, lab in examples_from_decisions(vigil) if lab in set(card.classes)]
    for text, label in added:
        data.texts.append(text)
        data.labels.append(label)
        for col in keep:
            # reviewer examples are their own group and their language is detected
            data.extra[col].append(_extra_value(col, info, text))
    options = TrainOptions(
        holdout=float(info.get("holdout", 0.0)),
        seed=int(info.get("seed", 0)),
        group_col=info.get("group_col"),
        lang_col=info.get("lang_col"),
        text_col=info["text_col"],
        label_col=info["label_col"],
        backend=info.get("backend", "linear"),
        params=card.params,
        positive=info.get("positive"),
    )
    new = train(
        vigil,
        task,
        data,
        options,
        extra={"reviewer_examples": len(added)},
        notes=f"retrained with {len(added)} reviewer example(s)",
    )
    return new, len(added)


def _extra_value(col: str, info: dict[str, Any], text: str) -> str:
    if col == info.get("lang_col"):
        from vigil.text.langid import detect_language

        return detect_language(text)
    return "reviewer"
