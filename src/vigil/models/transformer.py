"""Optional backend: a local sentence-transformers model as the encoder, a calibrated logistic
regression on its embeddings.  Needs the ``[transformer]`` extra (sentence-transformers and
PyTorch) and a model *directory* on disk; it never downloads (the hub is switched off before the
library loads).  Select it with ``vigil model train --backend transformer --param
model_path=DIR``.

Explanations are by occlusion: the words whose removal lowers the label's probability most.
The encoder is not pickled; the saved model keeps ``model_path`` and reloads the encoder from
that directory on first use.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Self

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from vigil.errors import ConfigError
from vigil.models.base import Contribution, check_texts_labels

__all__ = ["TransformerTextClassifier"]

_WORD_RE = re.compile(r"\S+")


def _encoder(model_path: str) -> Any:
    path = Path(model_path)
    if not path.is_dir():
        raise ConfigError(
            f"transformer model directory {model_path!r} not found; give a local "
            "sentence-transformers folder with --param model_path=DIR"
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # offline by design: never fetch weights
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise ConfigError(
            "the transformer backend needs the [transformer] extra: pip install 'vigil[transformer]'"
        ) from exc
    # Vigil reports its own progress; the library's weight-loading bars would only add noise.
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    return SentenceTransformer(str(path), device="cpu")


class TransformerTextClassifier(ClassifierMixin, BaseEstimator):
    """Sentence embeddings from a local model + calibrated logistic regression."""

    def __init__(
        self,
        *,
        model_path: str = "",
        C: float = 1.0,
        batch_size: int = 64,
        cv: int = 3,
        random_state: int = 0,
    ) -> None:
        self.model_path = model_path
        self.C = C
        self.batch_size = batch_size
        self.cv = cv
        self.random_state = random_state

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        encoder = self.__dict__.get("_encoder")
        if encoder is None:
            encoder = self.__dict__["_encoder"] = _encoder(self.model_path)
        return np.asarray(encoder.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True))

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> Self:
        check_texts_labels(texts, labels)
        y = np.asarray(labels, dtype=object).astype(str)
        folds = min(self.cv, int(np.unique(y, return_counts=True)[1].min()))
        if folds < 2:
            raise ValueError("Each label needs at least 2 examples to calibrate probabilities.")
        base = LogisticRegression(C=self.C, max_iter=2000, random_state=self.random_state)
        self.calibrated_ = CalibratedClassifierCV(base, cv=folds, ensemble=False).fit(self._embed(texts), y)
        self.classes_ = self.calibrated_.classes_
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        check_is_fitted(self, "calibrated_")
        return self.calibrated_.predict_proba(self._embed(texts))

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(texts), axis=1)]

    def explain(self, text: str, *, label: str | None = None, top: int = 5) -> list[Contribution]:
        words = _WORD_RE.findall(text)
        if not words:
            return []
        variants = [text] + [" ".join(words[:i] + words[i + 1 :]) for i in range(len(words))]
        proba = self.predict_proba(variants)
        k = int(np.argmax(proba[0])) if label is None else list(self.classes_).index(label)
        drops = proba[0, k] - proba[1:, k]
        order = np.argsort(-drops)[:top]
        return [Contribution(f"word:{words[i]}", round(float(drops[i]), 4)) for i in order if drops[i] > 0]

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop("_encoder", None)  # weights stay in their own directory
        return state
