"""Matching hashed media against the active banks.

:class:`BankMatcher` loads the entries that can match (active and quarantined ones) once, puts
the PDQ hashes in a :class:`~vigil.media.pdq_index.PDQIndex`, MD5 and SHA-256 in dictionaries,
and compares videos frame by frame with threatexchange's vPDQ matcher and its per-video
thresholds (a match needs 80% of the query video's frames within distance 31 of the banked
video's frames).  A match is *actionable* when its entry is active, its bank is a block bank,
and the media matched no allow-list entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np

from vigil.core import Vigil
from vigil.media.banks import MATCHABLE, BankEntry, bank_entries, record_matches
from vigil.media.hashing import QUALITY_THRESHOLD, MediaHashes
from vigil.media.index_cache import cached_pdq_index
from vigil.media.pdq_index import DEFAULT_THRESHOLD, PDQIndex, hex_to_array

__all__ = ["BankMatcher", "Match", "MediaMatches", "match_files"]

FLOOD_LIMIT = 1000
FLOOD_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Match:
    entry: BankEntry
    signal_type: str
    distance: int  # bits for PDQ; 0 for exact hashes; for vPDQ, 100 - query match percent
    detail: str = ""

    @property
    def blurred(self) -> bool:
        return self.entry.graphic

    def to_dict(self) -> dict[str, Any]:
        return {
            "signal_type": self.signal_type,
            "distance": self.distance,
            "detail": self.detail,
            "blurred": self.blurred,
            "entry": self.entry.to_dict(),
        }


@dataclass
class MediaMatches:
    """What one file or media record matched."""

    hashes: MediaHashes
    matches: list[Match] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return any(m.entry.bank_kind == "allow" for m in self.matches)

    @property
    def actionable(self) -> list[Match]:
        if self.allowed:
            return []
        return [
            m for m in self.matches if m.entry.bank_kind == "block" and m.entry.status == "active"
        ]

    @property
    def blurred(self) -> bool:
        return any(m.blurred for m in self.matches)

    def to_dict(self) -> dict[str, Any]:
        return {
            "hashes": self.hashes.to_dict(),
            "allowed": self.allowed,
            "blurred": self.blurred,
            "actionable": len(self.actionable),
            "matches": [m.to_dict() for m in self.matches],
        }



class BankMatcher:
    """Every matchable bank entry, indexed for lookup.

    Built from a list of entries (everything in memory), or with :meth:`load` from a Vigil home,
    where the PDQ index is cached on disk under ``<home>/media/pdq-index`` and reopened
    memory-mapped while the banks have not changed; PDQ entries are then read from the
    database only when they match.
    """

    def __init__(
        self,
        entries: Sequence[BankEntry],
        *,
        threshold: int = DEFAULT_THRESHOLD,
        flood_limit: int = FLOOD_LIMIT,
        flood_window: timedelta = FLOOD_WINDOW,
    ) -> None:
        self.threshold = threshold
        self.flood_limit = flood_limit
        self.flood_window = flood_window
        self.exact: dict[tuple[str, str], list[BankEntry]] = defaultdict(list)
        self.videos: list[tuple[BankEntry, str]] = []
        for e in entries:
            if e.signal_type in ("md5", "sha256"):
                self.exact[(e.signal_type, e.value)].append(e)
            elif e.signal_type == "vpdq":
                self.videos.append((e, e.value))
        pdq = {e.id: e for e in entries if e.signal_type == "pdq"}
        self.pdq_ids = np.array(list(pdq), dtype=np.int64)
        self.index = PDQIndex.build(hex_to_array([e.value for e in pdq.values()]), threshold)
        self._lookup: Callable[[list[int]], dict[int, BankEntry]] = lambda ids: {
            i: pdq[i] for i in ids
        }

    @classmethod
    def load(cls, vigil: Vigil, **kwargs: Any) -> BankMatcher:
        others = bank_entries(vigil, statuses=MATCHABLE, signal_types=("md5", "sha256", "vpdq"))
        matcher = cls(others, **kwargs)
        matcher.index, matcher.pdq_ids = cached_pdq_index(vigil, matcher.threshold)
        matcher._lookup = lambda ids: {
            e.id: e for e in bank_entries(vigil, ids=ids, statuses=MATCHABLE)
        }
        return matcher

    def __len__(self) -> int:
        return len(self.index) + sum(map(len, self.exact.values())) + len(self.videos)

    def match(self, hashes: MediaHashes) -> MediaMatches:
        out = MediaMatches(hashes)
        for kind, value in (("md5", hashes.md5), ("sha256", hashes.sha256)):
            out.matches.extend(Match(e, kind, 0) for e in self.exact.get((kind, value), ()))
        if hashes.pdq is not None and len(self.index):
            found = [(int(self.pdq_ids[s]), d) for s, d in self.index.query_hex(hashes.pdq)]
            entries = self._lookup([i for i, _ in found])
            out.matches.extend(Match(entries[i], "pdq", d) for i, d in found if i in entries)
        if hashes.vpdq and self.videos:
            out.matches.extend(self._match_video(hashes))
        best: dict[int, Match] = {}
        for m in out.matches:  # one match per entry: the closest
            if m.entry.id not in best or m.distance < best[m.entry.id].distance:
                best[m.entry.id] = m
        out.matches = sorted(best.values(), key=lambda m: (m.distance, m.entry.id))
        return out

    def _match_video(self, hashes: MediaHashes) -> list[Match]:
        from threatexchange.extensions.vpdq.vpdq import VPDQSignal
        from threatexchange.extensions.vpdq.vpdq_util import VpdqCompactFeature, vpdq_to_json

        frames = [VpdqCompactFeature(h, q, t) for h, q, t in hashes.vpdq]
        query = vpdq_to_json(frames)
        out = []
        for entry, value in self.videos:
            result = VPDQSignal.compare_hash(query, value)
            if result.match:
                info = result.distance  # a VPDQSimilarityInfo: both match percentages
                pct = float(info.query_match_percent)
                detail = (
                    f"{pct:.0f}% of the video's frames match, {info.compared_match_percent:.0f}% "
                    f"of the banked video's (frames with quality >= {QUALITY_THRESHOLD})"
                )
                out.append(Match(entry, "vpdq", int(round(100 - pct)), detail))
        return out

    def record(self, vigil: Vigil, results: Sequence[tuple[str, MediaMatches]]) -> list[int]:
        """Store matches under their media keys; returns entry ids quarantined by flood control."""
        rows = [
            (m.entry.id, key, m.distance, m.blurred) for key, res in results for m in res.matches
        ]
        with vigil.begin() as conn:
            return record_matches(
                conn, rows, flood_limit=self.flood_limit, flood_window=self.flood_window
            )


def match_files(
    vigil: Vigil, hashes: Sequence[MediaHashes], *, threshold: int = DEFAULT_THRESHOLD
) -> list[MediaMatches]:
    """Match hashed files against every bank (nothing is recorded)."""
    matcher = BankMatcher.load(vigil, threshold=threshold)
    return [matcher.match(h) for h in hashes]
