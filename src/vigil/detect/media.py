"""The media-hash detector: hashes attached images and videos and matches them against banks.

For each Media record whose ``path`` points to a readable file (absolute, or relative to the
working folder or to the Vigil home), the file is hashed (PDQ or vPDQ, MD5, SHA-256) and matched
against every active bank entry.  Each actionable match (block bank, active entry, no allow-list
match) becomes a Signal whose evidence names the hash, the distance, the bank entry, its labels
and provenance, and whether the media must be shown blurred.  Every match, actionable or not,
is recorded for flood control and for the blurred flag.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

from sqlalchemy import select

from vigil.core import Vigil
from vigil.detect.base import DetectableRecord, register_detector
from vigil.domain.records import Media
from vigil.domain.signals import Evidence, Signal
from vigil.errors import InputError
from vigil.media.hashing import MediaHashes, hash_file
from vigil.media.matching import BankMatcher, Match
from vigil.store.tables import posts

__all__ = ["MediaHashDetector"]


class MediaHashDetector:
    name: ClassVar[str] = "media_hash"
    version: ClassVar[str] = "1"
    applies_to: ClassVar[frozenset[str]] = frozenset({"media"})

    def __init__(self, vigil: Vigil, matcher: BankMatcher) -> None:
        self.vigil = vigil
        self.matcher = matcher
        self.skipped: list[str] = []  # "platform|id: why", for the stage's report

    def detect(self, records: Sequence[DetectableRecord]) -> Iterator[Signal]:
        media = [r for r in records if isinstance(r, Media) and r.path]
        hashed: list[tuple[Media, MediaHashes]] = []
        for rec in media:
            path = self._resolve(rec.path or "")
            if path is None:
                self.skipped.append(f"{rec.platform.value}|{rec.platform_id}: no file {rec.path!r}")
                continue
            try:
                hashed.append((rec, hash_file(path)))
            except InputError as exc:
                self.skipped.append(f"{rec.platform.value}|{rec.platform_id}: {exc}")
        results = [
            (f"{rec.platform.value}|{rec.platform_id}", self.matcher.match(h)) for rec, h in hashed
        ]
        quarantined = set(self.matcher.record(self.vigil, results))
        owners = self._owners([rec for rec, _ in hashed])
        for (rec, h), (_, res) in zip(hashed, results, strict=True):
            for m in res.actionable:
                if m.entry.id in quarantined:
                    continue
                yield _signal(rec, h, m, owners.get(rec.post_id, ""), self.matcher.threshold)

    def _resolve(self, path: str) -> Path | None:
        p = Path(path)
        for candidate in (p,) if p.is_absolute() else (p, self.vigil.home / p):
            if candidate.is_file():
                return candidate
        return None

    def _owners(self, media: Sequence[Media]) -> dict[str, str]:
        """post id -> account id, for the Signal's account."""
        ids = sorted({m.post_id for m in media})
        out: dict[str, str] = {}
        with self.vigil.read() as conn:
            for i in range(0, len(ids), 500):
                q = select(posts.c.platform_id, posts.c.account_id).where(
                    posts.c.platform_id.in_(ids[i : i + 500])
                )
                out.update({pid: acc for pid, acc in conn.execute(q)})
        return out


def _score(m: Match, threshold: int) -> float:
    if m.signal_type in ("md5", "sha256"):
        return 1.0
    if m.signal_type == "vpdq":
        return max(0.5, 1.0 - m.distance / 100)
    return max(0.5, 1.0 - m.distance / (2 * (threshold + 1)))


def _signal(rec: Media, h: MediaHashes, m: Match, account_id: str, threshold: int) -> Signal:
    e = m.entry
    matched = {"md5": h.md5, "sha256": h.sha256, "pdq": h.pdq}.get(m.signal_type) or "vpdq"
    evidence = Evidence(
        kind="media_hash",
        matched=matched,
        details={
            "signal_type": m.signal_type,
            "distance": m.distance,
            "bank": e.bank,
            "entry_id": e.id,
            "entry_hash": e.value if m.signal_type != "vpdq" else f"vpdq entry {e.id}",
            "labels": list(e.labels),
            "blurred": m.blurred,
            "added_by": e.added_by,
            "source": e.source,
            "source_id": e.source_id,
            "reason": e.reason,
            **({"video": m.detail} if m.detail else {}),
        },
    )
    return Signal(
        detector=MediaHashDetector.name,
        detector_version=MediaHashDetector.version,
        platform=rec.platform.value,
        record_type="media",
        record_id=rec.platform_id,
        account_id=account_id,
        organisation=e.organisation,
        score=_score(m, threshold),
        evidence=evidence,
    )


@register_detector("media_hash")
def media_hash_detector(vigil: Vigil) -> MediaHashDetector | None:
    """None when no bank holds an entry that can match (the detect stage then skips it)."""
    matcher = BankMatcher.load(vigil)
    return MediaHashDetector(vigil, matcher) if len(matcher) else None
