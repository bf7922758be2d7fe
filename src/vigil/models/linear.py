"""The default backend: a calibrated linear model over character and word n-grams.

Character n-grams (within word boundaries) carry the spelling families of Roman Urdu and the
letters of Urdu, Pashto and Arabic without any tokeniser; word n-grams carry phrasing
("claimed responsibility", "zindabad").  A linear SVM separates them; sigmoid calibration
(scikit-learn's ``CalibratedClassifierCV`` with ``ensemble=False``: one SVM fitted on all the
data, calibrated on cross-validated scores) turns its margins into probabilities.  A single
linear model keeps prediction fast and the explanation exact: a feature's contribution is its
TF-IDF value times its coefficient.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from vigil.models.base import Contribution, check_texts_labels
from vigil.text.clean import clean_text, fold_spelling

__all__ = ["LinearTextClassifier"]

_WORD_TOKENS = r"(?u)#?\b\w+\b"
# words, plus quotation marks, "?" and "!" as tokens of their own
_PUNCT_TOKENS = r"(?u)#?\b\w+\b|[\"'\u2018\u2019\u201c\u201d?!\u061f]"


class LinearTextClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated linear SVM over char (within words) and word TF-IDF n-grams.

    Parameters
    ----------
    char_ngrams, word_ngrams : (min, max) n-gram lengths; ``None`` drops that feature family.
    spelling_ngrams : (min, max) word n-grams over the spelling-folded text
        (:func:`vigil.text.clean.fold_spelling`: Roman Urdu vowels and doubled letters folded,
        symbols inside words dropped), an extra feature family named ``spell``; ``None``
        (the default) leaves it out.
    punctuation : word n-grams also see quotation marks, "?" and "!" as tokens, so that a
        model can learn that a phrase in quotes or put as a question is being rejected
        ("They call the killers 'martyrs'?").
    nb_weighting : for two labels only: scale every feature by its naive-Bayes log-count ratio
        (the NB-SVM of Wang and Manning, 2012), which lets the SVM lean on the n-grams that
        are far more common in one label than in the other.  Off by default.
    C : inverse regularisation strength of the SVM.
    min_df : drop n-grams seen in fewer documents (smaller, faster models).
    max_features : keep at most this many n-grams per family.
    class_weight : passed to the SVM; "balanced" helps rare classes such as "threat".
    calibration : "sigmoid" or "isotonic".
    cv : folds used to calibrate.
    random_state : seeds the calibration folds.
    """

    def __init__(
        self,
        *,
        char_ngrams: tuple[int, int] | None = (4, 6),
        word_ngrams: tuple[int, int] | None = (1, 3),
        spelling_ngrams: tuple[int, int] | None = None,
        punctuation: bool = True,
        nb_weighting: bool = False,
        C: float = 0.5,
        min_df: int = 1,
        max_features: int | None = 400_000,
        class_weight: str | None = "balanced",
        calibration: str = "sigmoid",
        cv: int = 3,
        random_state: int = 0,
    ) -> None:
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.spelling_ngrams = spelling_ngrams
        self.punctuation = punctuation
        self.nb_weighting = nb_weighting
        self.C = C
        self.min_df = min_df
        self.max_features = max_features
        self.class_weight = class_weight
        self.calibration = calibration
        self.cv = cv
        self.random_state = random_state

    # --- fitting ------------------------------------------------------------------------------
    def _vectorizers(self) -> list[tuple[str, TfidfVectorizer]]:
        """(family, vectoriser) pairs; the ``spell`` family reads the spelling-folded text."""
        common: dict[str, Any] = {
            "lowercase": False,  # clean_text already casefolds
            "sublinear_tf": True,
            "min_df": self.min_df,
            "max_features": self.max_features,
            "dtype": np.float32,
        }
        out = []
        if self.char_ngrams is not None:
            out.append(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=self.char_ngrams, **common)))
        if self.word_ngrams is not None:
            out.append(
                (
                    "word",
                    TfidfVectorizer(
                        analyzer="word",
                        ngram_range=self.word_ngrams,
                        token_pattern=_PUNCT_TOKENS if self.punctuation else _WORD_TOKENS,
                        **common,
                    ),
                )
            )
        if self.spelling_ngrams is not None:
            out.append(
                (
                    "spell",
                    TfidfVectorizer(
                        analyzer="word",
                        ngram_range=self.spelling_ngrams,
                        token_pattern=_WORD_TOKENS,
                        preprocessor=fold_spelling,
                        **common,
                    ),
                )
            )
        if not out:
            raise ValueError("The LinearTextClassifier needs char_ngrams or word_ngrams; got none.")
        return out

    def _check_params(self) -> None:
        if not (isinstance(self.C, int | float) and self.C > 0):
            raise ValueError(f"The 'C' parameter must be a float in (0, inf). Got {self.C!r}.")
        if self.calibration not in ("sigmoid", "isotonic"):
            raise ValueError(
                f"The 'calibration' parameter must be 'sigmoid' or 'isotonic'. Got {self.calibration!r} instead."
            )

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> Self:
        """Learn from ``texts`` and their ``labels``; returns self."""
        self._check_params()
        check_texts_labels(texts, labels)
        y = np.asarray(labels, dtype=object).astype(str)
        _, counts = np.unique(y, return_counts=True)
        folds = min(self.cv, int(counts.min()))
        if folds < 2:
            raise ValueError(
                f"Each label needs at least 2 examples to calibrate probabilities; the rarest has {int(counts.min())}."
            )
        cleaned = [clean_text(t) for t in texts]
        self.vectorizers_ = self._vectorizers()
        blocks = [vec.fit_transform(cleaned) for _, vec in self.vectorizers_]
        for _, vec in self.vectorizers_:
            vec.stop_words_ = None  # pruned terms are only kept for inspection; they bloat files
        X = sparse.hstack(blocks, format="csr")
        self.nb_ratio_ = None
        if self.nb_weighting:
            self.nb_ratio_ = _nb_ratio(X, y)
            _scale(X, self.nb_ratio_)
        svm = LinearSVC(C=self.C, class_weight=self.class_weight)
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        self.calibrated_ = CalibratedClassifierCV(svm, method=self.calibration, cv=splitter, ensemble=False).fit(X, y)
        self.classes_ = self.calibrated_.classes_
        self.n_features_ = X.shape[1]
        return self

    # --- predicting ---------------------------------------------------------------------------
    def _transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        check_is_fitted(self, "calibrated_")
        if isinstance(texts, str):
            raise ValueError("Expected a sequence of texts, got a single string; wrap it in a list.")
        cleaned = [clean_text(t) for t in texts]
        X = sparse.hstack([vec.transform(cleaned) for _, vec in self.vectorizers_], format="csr")
        ratio = getattr(self, "nb_ratio_", None)  # models saved before nb_weighting lack it
        if ratio is not None:
            _scale(X, ratio)
        return X

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities, one column per entry of ``classes_``."""
        X = self._transform(texts)  # checks fitted first, for sklearn's NotFittedError message
        return self.calibrated_.predict_proba(X)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(texts), axis=1)]

    # --- explaining ---------------------------------------------------------------------------
    def _coef(self) -> np.ndarray:
        """(n_classes, n_features) coefficients; binary SVMs store only the positive row."""
        coef = self.__dict__.get("_coef_cache")
        if coef is None:
            coef = self.calibrated_.calibrated_classifiers_[0].estimator.coef_
            if coef.shape[0] == 1:
                coef = np.vstack([-coef[0], coef[0]])
            self.__dict__["_coef_cache"] = coef
        return coef

    def _feature_name(self, index: int) -> str:
        names = self.__dict__.get("_names")
        if names is None:
            names = []
            for family, vec in self.vectorizers_:
                names.extend(f"{family}:{term}" for term in vec.get_feature_names_out())
            self.__dict__["_names"] = names
        return names[index]

    def explain(self, text: str, *, label: str | None = None, top: int = 5) -> list[Contribution]:
        """The features of ``text`` that pushed it most towards ``label`` (default: the predicted
        label), strongest first.  Only positive pushes are listed."""
        return self.explain_many([text], label=label, top=top)[0]

    def explain_many(self, texts: Sequence[str], *, label: str | None = None, top: int = 5) -> list[list[Contribution]]:
        """:meth:`explain` for many texts, vectorised once."""
        return self.score_and_explain(texts, label=label, top=top)[1]

    def score_and_explain(
        self, texts: Sequence[str], *, label: str | None = None, top: int = 5
    ) -> tuple[np.ndarray, list[list[Contribution]]]:
        """``predict_proba`` and :meth:`explain` together, the texts vectorised once (what the
        detector and ``vigil classify`` call)."""
        X = self._transform(texts)
        proba = self.calibrated_.predict_proba(X)
        coef = self._coef()
        if label is None:
            ks = np.argmax(proba, axis=1)
        else:
            matches = np.flatnonzero(self.classes_ == label)
            if matches.size == 0:
                raise ValueError(f"Unknown label {label!r}; the model knows {list(self.classes_)}.")
            ks = np.full(X.shape[0], matches[0])
        out = []
        for i in range(X.shape[0]):
            start, end = X.indptr[i], X.indptr[i + 1]
            indices = X.indices[start:end]
            weights = X.data[start:end] * coef[ks[i], indices]
            order = np.argsort(-weights)[:top]
            out.append(
                [
                    Contribution(self._feature_name(int(indices[j])), round(float(weights[j]), 4))
                    for j in order
                    if weights[j] > 0
                ]
            )
        return proba, out

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop("_names", None)  # rebuilt on demand; no need to store every n-gram twice
        state.pop("_coef_cache", None)
        return state


def _nb_ratio(X: sparse.csr_matrix, y: np.ndarray) -> np.ndarray:
    """Per feature: log of its share of the second label's feature mass over its share of the
    first label's, with add-one smoothing."""
    labels = np.unique(y)
    if len(labels) != 2:
        raise ValueError(f"nb_weighting needs exactly two labels; got {len(labels)}: {list(labels)}.")
    p = np.asarray(X[y == labels[1]].sum(axis=0)).ravel() + 1.0
    q = np.asarray(X[y == labels[0]].sum(axis=0)).ravel() + 1.0
    return np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)


def _scale(X: sparse.csr_matrix, ratio: np.ndarray) -> None:
    """Multiply each stored value of ``X`` by its column's ratio, in place."""
    X.data *= ratio[X.indices]
