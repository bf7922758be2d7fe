"""The alias detector: designated organisations' names, outlets, slogans and hashtags in posts
and profiles, found by the registry's cross-script matcher.

Its version includes a digest of the registry, so a changed registry (an import, a delisting)
makes the stage scan everything again with the new names.  A name preceded by the phrasing of
news reports ("banned", "proscribed", "کالعدم") is kept as a signal but marked as a reporting
frame and scored low: that phrasing is a strong sign of reporting, not support.  A state label
for the group ("Fitna al-Khawarij") is marked likewise: supporters do not use it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar

from vigil.detect.base import DetectableRecord, register_detector
from vigil.domain.records import Account, Post
from vigil.domain.signals import Evidence, Signal

if TYPE_CHECKING:
    from vigil.core import Vigil
    from vigil.registry import Matcher

# Words that news uses before a group's name.  Checked in the 30 characters before a mention.
_REPORTING_FRAME = re.compile(
    r"(banned|proscribed|outlawed|terrorist outfit|militant group|kaladam|kalaadam|کالعدم|بندیز)\W*(\w+\W+){0,2}$",
    re.IGNORECASE,
)
_REPORTING_WEIGHT = 0.25

KIND_EVIDENCE = {
    "name": "alias",
    "abbreviation": "alias",
    "outlet": "outlet",
    "slogan": "slogan",
    "hashtag": "hashtag",
    "label": "label",
}


class AliasDetector:
    name: ClassVar[str] = "alias"
    version: ClassVar[str] = "2"
    applies_to: ClassVar[frozenset[str]] = frozenset({"post", "account"})

    def __init__(self, matcher: Matcher, registry_digest: str) -> None:
        self.matcher = matcher
        # Per instance: the registry is part of what the detector's output depends on.
        self.version = f"2.{registry_digest[:10]}"  # type: ignore[misc]

    def detect(self, records: Sequence[DetectableRecord]) -> Iterator[Signal]:
        for rec in records:
            if isinstance(rec, Post):
                yield from self._text_signals(rec, rec.text, "post", rec.platform_id, rec.account_id)
            elif isinstance(rec, Account):
                profile = " \n ".join(x for x in (rec.handle, rec.display_name, rec.bio) if x)
                yield from self._text_signals(rec, profile, "account", rec.platform_id, rec.platform_id)

    def _text_signals(
        self, rec: DetectableRecord, text: str, rtype: str, record_id: str, account_id: str
    ) -> Iterator[Signal]:
        if not text:
            return
        for m in self.matcher.find(text):
            details: dict[str, object] = {"quality": m.quality}
            framed = True
            if m.kind == "label":
                details["frame"] = "state-label"  # the state's name for the group: counter-speech
            elif m.kind in ("name", "abbreviation") and _REPORTING_FRAME.search(text[max(0, m.start - 40) : m.start]):
                details["frame"] = "reporting"
            else:
                framed = False
            yield Signal(
                detector=self.name,
                detector_version=self.version,
                platform=rec.platform.value,
                record_type=rtype,
                record_id=record_id,
                account_id=account_id,
                organisation=m.organisation,
                score=round(m.confidence * (_REPORTING_WEIGHT if framed else 1.0), 4),
                evidence=Evidence(
                    kind=KIND_EVIDENCE.get(m.kind, "alias"),
                    matched=m.matched,
                    span=(m.start, m.end),
                    alias=m.alias,
                    references=m.references,
                    details=details,
                ),
            )


@register_detector("alias")
def build(vigil: Vigil) -> AliasDetector | None:
    from vigil.registry import ensure_seed, load_organisations, matcher_for

    ensure_seed(vigil)  # a new home starts from the shipped, sourced curated list
    organisations = load_organisations(vigil)
    if not organisations:
        return None
    return AliasDetector(matcher_for(vigil), registry_digest(organisations))


def registry_digest(organisations: Sequence[object]) -> str:
    """A digest of everything in the registry that can change what the matcher finds."""
    payload = "\n".join(sorted(o.model_dump_json() for o in organisations))  # type: ignore[attr-defined]
    return hashlib.sha256(payload.encode()).hexdigest()
