"""Evaluation: the figures a unit needs before trusting a model, overall and per language."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

from vigil.models.base import TextModel

__all__ = ["HARD_NEGATIVES", "evaluate", "per_language", "scores"]

# For the support task: the lawful speech that names the same groups and must not be caught.
HARD_NEGATIVES = {"support": ("reporting", "counter_speech", "political")}


def _r(x: float) -> float:
    return round(float(x), 4)


def scores(y_true: Sequence[str], y_pred: Sequence[str], *, positive: str | None = None) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class precision/recall/F1, confusion matrix; with ``positive``,
    also the share of each other true class predicted as ``positive`` (its false alarms)."""
    labels = sorted(set(y_true) | set(y_pred))
    with warnings.catch_warnings():
        # one-label subsets (a language with only one class) are expected, not a problem
        warnings.simplefilter("ignore", UserWarning)
        return _scores(list(y_true), list(y_pred), labels, positive)


def _scores(y_true: list[str], y_pred: list[str], labels: list[str], positive: str | None) -> dict[str, Any]:
    p, r, f, n = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    out: dict[str, Any] = {
        "rows": len(y_true),
        "accuracy": _r(accuracy_score(y_true, y_pred)),
        "macro_f1": _r(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)),
        "per_class": {
            lab: {"precision": _r(p[i]), "recall": _r(r[i]), "f1": _r(f[i]), "support": int(n[i])}
            for i, lab in enumerate(labels)
        },
        "confusion": {
            "labels": labels,
            "matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        },
    }
    if positive is not None:
        yt, yp = np.asarray(y_true), np.asarray(y_pred)
        out["positive"] = positive
        # no true and no predicted positives: F1 is undefined, not 0 (a language may have none)
        defined = positive in out["per_class"]
        out[f"f1_{positive}"] = out["per_class"][positive]["f1"] if defined else None
        out["scored_as_positive"] = {
            lab: _r(np.mean(yp[yt == lab] == positive)) for lab in labels if lab != positive and np.any(yt == lab)
        }
        hard = [lab for lab in HARD_NEGATIVES.get(positive, ()) if np.any(yt == lab)]
        if hard:
            out["hard_negatives"] = hard
            out["hard_negatives_as_positive"] = _r(np.mean(yp[np.isin(yt, hard)] == positive))
    return out


def evaluate(
    model: TextModel,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    languages: Sequence[str] | None = None,
    positive: str | None = None,
) -> dict[str, Any]:
    """Score ``model`` on labelled texts; with ``languages``, the same figures per language."""
    predicted = [str(p) for p in model.predict(texts)]
    result = scores(list(labels), predicted, positive=positive)
    if languages is not None:
        result["per_language"] = per_language(list(labels), predicted, list(languages), positive)
    return result


def per_language(labels: list[str], predicted: list[str], languages: list[str], positive: str | None) -> dict[str, Any]:
    """The headline figures of :func:`scores` for each language."""
    langs = np.asarray(languages)
    per: dict[str, Any] = {}
    for lang in sorted(set(languages)):
        idx = np.flatnonzero(langs == lang)
        sub = scores([labels[i] for i in idx], [predicted[i] for i in idx], positive=positive)
        keep = ["rows", "accuracy", "macro_f1"]
        if positive is not None:
            keep += [f"f1_{positive}", "scored_as_positive"]
            keep += [k for k in ("hard_negatives_as_positive",) if k in sub]
        per[lang] = {k: sub[k] for k in keep}
    return per
