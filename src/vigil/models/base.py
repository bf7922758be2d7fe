"""The model protocol: every text model Vigil trains or loads looks like this.

It follows scikit-learn's estimator protocol so that models can be swapped and compared, and
``sklearn.base.clone`` works on them: ``__init__`` takes keyword parameters only and stores them
unchanged; ``fit(texts, labels)`` learns, sets attributes ending in ``_`` and returns ``self``;
``predict_proba(texts)`` gives one column per entry of ``classes_``; ``explain(text)`` names the
features that pushed a text towards a label.  Saving and loading go through
:mod:`vigil.models.store`, which writes a model card beside the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol, Self, runtime_checkable

import numpy as np

__all__ = ["Contribution", "TextModel", "check_texts_labels", "explain_texts", "score_and_explain"]


@dataclass(frozen=True)
class Contribution:
    """One feature's push towards a label: ``weight`` = feature value x learned coefficient."""

    feature: str
    weight: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@runtime_checkable
class TextModel(Protocol):
    classes_: np.ndarray

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> Self: ...

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray: ...

    def predict(self, texts: Sequence[str]) -> np.ndarray: ...

    def explain(self, text: str, *, label: str | None = None, top: int = 5) -> list[Contribution]: ...

    def get_params(self, deep: bool = True) -> dict[str, Any]: ...


def check_texts_labels(texts: Sequence[str], labels: Sequence[str] | None = None) -> None:
    """Refuse inputs a model cannot learn from, with messages in scikit-learn's shape."""
    if isinstance(texts, str):
        raise ValueError("Expected a sequence of texts, got a single string; wrap it in a list.")
    if len(texts) == 0:
        raise ValueError("Found 0 texts; a model needs at least one.")
    if labels is None:
        return
    if len(texts) != len(labels):
        raise ValueError(
            f"Found input variables with inconsistent numbers of samples: {len(texts)} texts, {len(labels)} labels."
        )
    if len(set(labels)) < 2:
        raise ValueError(f"Found only one label ({labels[0]!r}); a classifier needs two or more.")


def explain_texts(
    model: TextModel, texts: Sequence[str], *, label: str | None = None, top: int = 5
) -> list[list[Contribution]]:
    """Explanations for many texts: the model's batch method where it has one."""
    many = getattr(model, "explain_many", None)
    if many is not None:
        return list(many(texts, label=label, top=top))
    return [model.explain(t, label=label, top=top) for t in texts]


def score_and_explain(
    model: TextModel, texts: Sequence[str], *, label: str | None = None, top: int = 5
) -> tuple[np.ndarray, list[list[Contribution]]]:
    """Probabilities and explanations for many texts, in one pass where the model offers one."""
    both = getattr(model, "score_and_explain", None)
    if both is not None:
        proba, explained = both(texts, label=label, top=top)
        return proba, list(explained)
    return model.predict_proba(texts), explain_texts(model, texts, label=label, top=top)
