"""The support detector: P(post supports a designated organisation), from the text model.

One signal per post with text: ``score`` is P(support) from the newest ``support`` model of the
home (trained from the shipped seed corpus on first use, see :mod:`vigil.models.training`); the
evidence names the model version, the predicted label, the language and the n-grams that pushed
the post towards support.  ``organisation`` is the first organisation the registry's matcher
finds in the post, or "" when the post names none (support often avoids the name; assessment
then weighs it through the account's other signals).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from vigil.detect.base import DetectableRecord, register_detector
from vigil.domain.records import Post
from vigil.domain.signals import Evidence, Signal
from vigil.errors import VigilError
from vigil.models.base import Contribution, score_and_explain
from vigil.models.store import StoredModel
from vigil.text.langid import detect_language

if TYPE_CHECKING:
    from vigil.core import Vigil

__all__ = ["SupportDetector", "build"]

POSITIVE = "support"
TOP_FEATURES = 5


class SupportDetector:
    name: ClassVar[str] = "support_model"
    version: ClassVar[str] = "1"
    applies_to: ClassVar[frozenset[str]] = frozenset({"post"})

    def __init__(self, stored: StoredModel, matcher: Any | None = None) -> None:
        self.model = stored.model
        self.card = stored.card
        self.matcher = matcher
        if POSITIVE not in set(self.model.classes_):
            raise VigilError(
                f"model {self.card.ref} has no {POSITIVE!r} label (it knows "
                f"{list(self.model.classes_)}); train the support task on support data"
            )
        self._k = int(np.flatnonzero(self.model.classes_ == POSITIVE)[0])
        # Per instance: a retrained model changes the output, so its identity is in the version.
        digest = hashlib.sha1(f"{self.card.ref}|{self.card.created_at}".encode()).hexdigest()
        self.version = f"1.{self.card.version}.{digest[:8]}"  # type: ignore[misc]

    def detect(self, records: Sequence[DetectableRecord]) -> Iterator[Signal]:
        posts = [r for r in records if isinstance(r, Post) and r.text.strip()]
        if not posts:
            return
        texts = [p.text for p in posts]
        proba, explained = score_and_explain(self.model, texts, label=POSITIVE, top=TOP_FEATURES)
        for post, row, features in zip(posts, proba, explained, strict=True):
            yield self._signal(post, row, features)

    def _signal(self, post: Post, row: np.ndarray, features: list[Contribution]) -> Signal:
        label = str(self.model.classes_[int(np.argmax(row))])
        organisation, alias = self._organisation(post.text)
        return Signal(
            detector=self.name,
            detector_version=self.version,
            platform=post.platform.value,
            record_type="post",
            record_id=post.platform_id,
            account_id=post.account_id,
            organisation=organisation,
            score=round(float(row[self._k]), 4),
            evidence=Evidence(
                kind="model",
                alias=alias,
                details={
                    "model": self.card.ref,
                    "label": label,
                    "p_support": round(float(row[self._k]), 4),
                    "language": detect_language(post.text),
                    "features": [f"{c.feature} (+{c.weight:.3f})" for c in features],
                },
            ),
        )

    def _organisation(self, text: str) -> tuple[str, str | None]:
        if self.matcher is None:
            return "", None
        mentions = self.matcher.find(text)
        if not mentions:
            return "", None
        return str(mentions[0].organisation), str(mentions[0].alias)


def _matcher(vigil: Vigil) -> Any | None:
    """The registry's matcher, or None where the registry is not installed or has no names."""
    try:
        from vigil.registry import matcher_for
    except ImportError:
        return None
    try:
        return matcher_for(vigil)
    except VigilError:
        return None


@register_detector("support_model")
def build(vigil: Vigil) -> SupportDetector:
    from vigil.models.training import default_support_model

    return SupportDetector(default_support_model(vigil), _matcher(vigil))
