"""Re-emergence matching: is this new account a removed one, back under a new name?

Every removed account leaves a :class:`~vigil.linkage.fingerprint.Fingerprint`.  The
:class:`ReemergenceIndex` compares a new account against all of them in sub-linear time:

1. **Blocking keys** narrow millions of fingerprints to a few hundred candidates: folded handles
   and names (and their consonant skeletons), links, invite links, phone numbers, neighbours,
   sixteen 16-bit slices of the avatar's PDQ hash (two hashes within 15 bits share a slice, by
   the pigeonhole principle), and the bands of a MinHash signature of the bio and name (LSH).
2. **Scoring** compares each candidate feature by feature, and combines the similarities as a
   noisy-or, so one strong feature (the same avatar, the same invite link) or several weak ones
   (a similar handle, the same writing style and hours) are needed for a high score; a similar
   name alone is not enough, which is what keeps look-alike accounts out.

Why the LSH is written here rather than with datasketch's ``MinHashLSH``: that class keeps a
Python dict of sets per band, several gigabytes at a million fingerprints.  The signatures are
still datasketch ``MinHash`` values; only their bands are stored, as keys in the same sorted
posting arrays as every other blocking key (12 bytes a posting).

Entry points: :class:`ReemergenceIndex` (``add``, ``match``), :class:`Match`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from vigil.errors import InputError
from vigil.linkage.fingerprint import (
    NUM_PERM,
    STYLE_DIM,
    Fingerprint,
    fold_name,
    name_keys,
    strip_affixes,
)

__all__ = ["WEIGHTS", "DEFAULT_THRESHOLD", "FeatureMatch", "Match", "ReemergenceIndex"]

#: How much each feature, fully matched, says that two accounts are the same owner's.
WEIGHTS: dict[str, float] = {
    "platform_id": 0.99,
    "avatar": 0.92,
    "invites": 0.9,
    "phones": 0.9,
    "links": 0.8,
    "handle": 0.5,
    "display_name": 0.35,
    "bio": 0.6,
    "style": 0.55,
    "hours": 0.35,
    "neighbours": 0.6,
}
DEFAULT_THRESHOLD = 0.8
_BANDS, _ROWS = 8, NUM_PERM // 8
_PDQ_SLICES = 16
_MAX_DF = 2000  # keys shared by more fingerprints than this say nothing and cost time
_MAX_CANDIDATES = 250


@dataclass(frozen=True)
class FeatureMatch:
    """One feature's contribution: its similarity in [0, 1] and what matched."""

    feature: str
    similarity: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "similarity": round(self.similarity, 3),
                "detail": self.detail}  # fmt: skip


@dataclass
class Match:
    """A removed account's fingerprint that a new account resembles."""

    fingerprint_key: str
    ref: Any
    score: float
    features: list[FeatureMatch] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint_key,
            "ref": self.ref,
            "score": round(self.score, 4),
            "features": [f.to_dict() for f in self.features],
        }


def _key(family: str, value: object) -> int:
    # Python's string hash is salted per process; the index lives in one process and is rebuilt
    # from the store on start, so it only has to be consistent within a run.
    return hash((family, value))


class _Postings:
    """Key -> rows, as sorted numpy arrays plus a small dict of recent additions, merged when
    the dict grows (so adding is cheap and looking up is a binary search)."""

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.int64)
        self.rows = np.empty(0, dtype=np.int32)
        self.recent: dict[int, list[int]] = defaultdict(list)
        self.recent_count = 0

    def add(self, keys: Iterable[int], row: int) -> None:
        for k in keys:
            self.recent[k].append(row)
            self.recent_count += 1
        if self.recent_count > 200_000:
            self.compact()

    def add_bulk(self, keys: np.ndarray, rows: np.ndarray) -> None:
        self.compact()
        self.keys = np.concatenate([self.keys, keys.astype(np.int64)])
        self.rows = np.concatenate([self.rows, rows.astype(np.int32)])
        order = np.argsort(self.keys, kind="stable")
        self.keys, self.rows = self.keys[order], self.rows[order]

    def compact(self) -> None:
        if not self.recent_count:
            return
        ks = [k for k, rows in self.recent.items() for _ in rows]
        rs = [r for rows in self.recent.values() for r in rows]
        self.recent, self.recent_count = defaultdict(list), 0
        self.add_bulk(np.asarray(ks, dtype=np.int64), np.asarray(rs, dtype=np.int32))

    def get(self, key: int) -> np.ndarray:
        lo = int(np.searchsorted(self.keys, key, side="left"))
        hi = int(np.searchsorted(self.keys, key, side="right"))
        extra = self.recent.get(key)
        if extra:
            return np.concatenate([self.rows[lo:hi], np.asarray(extra, dtype=np.int32)])
        return self.rows[lo:hi]


class _Grow:
    """A numpy array that grows by doubling, for per-row features."""

    def __init__(self, width: int, dtype: Any) -> None:
        self.data = np.zeros((1024, width), dtype=dtype)
        self.n = 0

    def append(self, row: np.ndarray) -> None:
        self.extend(row[None, :])

    def extend(self, rows: np.ndarray) -> None:
        while self.n + len(rows) > len(self.data):
            self.data = np.concatenate([self.data, np.zeros_like(self.data)])
        self.data[self.n : self.n + len(rows)] = rows
        self.n += len(rows)

    def view(self) -> np.ndarray:
        return self.data[: self.n]


def _pdq_words(pdq: str | None) -> np.ndarray:
    if not pdq:
        return np.zeros(4, dtype=np.uint64)
    return np.array([int(pdq[i : i + 16], 16) for i in range(0, 64, 16)], dtype=np.uint64)


_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def _hamming(rows: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Bits that differ between each row of 4 x 64-bit words and ``q`` (a byte table, since
    np.bitwise_count needs numpy 2)."""
    diff = np.ascontiguousarray(rows ^ q).view(np.uint8)
    return _POPCOUNT[diff].reshape(len(rows), -1).sum(axis=1).astype(np.float64)


def _quantise(v: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(v * 255.0), 0, 255).astype(np.uint8)


def _blocking_keys(fp: Fingerprint) -> dict[str, list[tuple[int, str]]]:
    """Blocking keys by feature family, each with a readable form for explanations."""
    fam: dict[str, list[tuple[int, str]]] = defaultdict(list)
    fam["platform_id"].append((_key("pid", fp.key), fp.key))
    for k in name_keys(fp.handle) | name_keys(fp.display_name):
        fam["name"].append((_key("name", k), k))
    for family, values in (("links", fp.links), ("invites", fp.invites),
                           ("phones", fp.phones), ("neighbours", fp.neighbours)):  # fmt: skip
        for v in values:
            fam[family].append((_key(family, v), v))
    if fp.avatar_pdq:
        for i in range(_PDQ_SLICES):
            fam["avatar"].append((_key("pdq", (i, fp.avatar_pdq[i * 4 : i * 4 + 4])), ""))
    if fp.signature.any():
        raw = fp.signature.tobytes()
        width = 4 * _ROWS
        for b in range(_BANDS):
            fam["lsh"].append((_key("lsh", (b, raw[b * width : (b + 1) * width])), ""))
    return fam


def _centred_cosine(rows: np.ndarray, q: np.ndarray, mean: np.ndarray) -> np.ndarray:
    a = rows.astype(np.float32) / 255.0 - mean
    b = q - mean
    denom = np.linalg.norm(a, axis=1) * float(np.linalg.norm(b))
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.where(denom > 0, a @ b / np.where(denom > 0, denom, 1.0), 0.0)
    return np.asarray(cos, dtype=np.float64)


class ReemergenceIndex:
    """All fingerprints of removed accounts, searchable in sub-linear time.

    ``add(fp, ref)`` stores a fingerprint with a reference of the caller's (the fingerprint's
    database id, the original case); ``match(fp)`` returns the best matches, highest score
    first; ``is_alert(match)`` applies the threshold.
    """

    def __init__(self, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0 < threshold < 1:
            raise InputError(f"The 'threshold' must be in (0, 1). Got {threshold} instead.")
        self.threshold = threshold
        self._postings = _Postings()
        self._keys: list[str] = []
        self._refs: list[Any] = []
        self._handles: list[str] = []
        self._names: list[str] = []
        self._avatar = _Grow(4, np.uint64)
        self._has_avatar = _Grow(1, np.bool_)
        self._style = _Grow(STYLE_DIM, np.uint8)
        self._hours = _Grow(168, np.uint8)
        self._sig = _Grow(NUM_PERM, np.uint32)
        self._stripped: list[str] = []
        # Sums of the style and hour profiles: their mean, what everybody shares, is removed
        # before comparing two accounts.
        self._style_sum = np.zeros(STYLE_DIM, dtype=np.float64)
        self._hours_sum = np.zeros(168, dtype=np.float64)
        self._bulk: list[tuple[np.ndarray, np.ndarray]] = []

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, fp: Fingerprint, ref: Any = None, *, defer: bool = False) -> int:
        """Add a fingerprint; returns its row.  ``defer=True`` batches the posting updates
        until :meth:`compact` (faster when loading many; :meth:`extend` is faster still)."""
        row = len(self._keys)
        self.extend([fp], [ref], compact=False)
        if not defer:
            keys, _ = self._bulk.pop()
            self._postings.add(keys.tolist(), row)
        return row

    def extend(self, fps: Sequence[Fingerprint], refs: Sequence[Any], *, compact: bool = True) -> None:
        """Add many fingerprints at once; the per-row arrays are filled in one step each."""
        if len(fps) != len(refs):
            raise InputError("extend() needs one ref per fingerprint")
        start = len(self._keys)
        keys: list[int] = []
        rows: list[int] = []
        for i, fp in enumerate(fps):
            handle = fold_name(fp.handle)
            self._keys.append(fp.key)
            self._handles.append(handle)
            self._stripped.append(strip_affixes(handle))
            self._names.append(fold_name(fp.display_name))
            fp_keys = [k for items in _blocking_keys(fp).values() for k, _ in items]
            keys += fp_keys
            rows += [start + i] * len(fp_keys)
        # Kept as arrays until compact(): 12 bytes a posting instead of a Python int's 32+.
        self._bulk.append((np.array(keys, dtype=np.int64), np.array(rows, dtype=np.int32)))
        self._refs.extend(refs)
        self._avatar.extend(np.stack([_pdq_words(fp.avatar_pdq) for fp in fps]))
        self._has_avatar.extend(np.array([[fp.avatar_pdq is not None] for fp in fps]))
        style = _quantise(np.stack([fp.style for fp in fps]))
        hours = _quantise(np.stack([fp.hours for fp in fps]))
        self._style.extend(style)
        self._hours.extend(hours)
        self._style_sum += style.sum(axis=0, dtype=np.float64)
        self._hours_sum += hours.sum(axis=0, dtype=np.float64)
        self._sig.extend(np.stack([fp.signature for fp in fps]))
        if compact:
            self.compact()

    def _profile_means(self) -> tuple[np.ndarray, np.ndarray]:
        n = 255.0 * max(len(self), 1)
        return (self._style_sum / n).astype(np.float32), (self._hours_sum / n).astype(np.float32)

    def compact(self) -> None:
        """Fold deferred and recent additions into the sorted posting arrays."""
        if self._bulk:
            keys = np.concatenate([k for k, _ in self._bulk])
            rows = np.concatenate([r for _, r in self._bulk])
            self._bulk = []
            self._postings.add_bulk(keys, rows)
        self._postings.compact()

    # -- matching ------------------------------------------------------------------------

    def _candidates(
        self, fam: dict[str, list[tuple[int, str]]]
    ) -> tuple[np.ndarray, dict[str, dict[int, list[tuple[str, float]]]]]:
        """Candidate rows, and per set-valued family the keys each candidate shares, each with
        its weight 1/df (a link shared by one fingerprint says more than one shared by 500)."""
        if self._bulk:
            self.compact()
        hits: dict[int, int] = defaultdict(int)
        shared: dict[str, dict[int, list[tuple[str, float]]]] = defaultdict(lambda: defaultdict(list))
        for family, items in fam.items():
            for key, shown in items:
                rows = self._postings.get(key)
                if len(rows) == 0 or len(rows) > _MAX_DF:
                    continue
                for r in rows.tolist():
                    hits[r] += 1
                    if shown:
                        shared[family][r].append((shown, 1.0 / len(rows)))
        if len(hits) > _MAX_CANDIDATES:
            best = sorted(hits.items(), key=lambda kv: -kv[1])[:_MAX_CANDIDATES]
            rows_arr = np.fromiter((r for r, _ in best), dtype=np.int64)
        else:
            rows_arr = np.fromiter(hits.keys(), dtype=np.int64)
        return rows_arr, shared

    def _similarities(self, fp: Fingerprint, rows: np.ndarray) -> dict[str, np.ndarray]:
        style_mean, hours_mean = self._profile_means()
        sims: dict[str, np.ndarray] = {}
        if fp.avatar_pdq:
            dist = _hamming(self._avatar.view()[rows], _pdq_words(fp.avatar_pdq))
            # PDQ: the same picture re-encoded or slightly cropped stays within ~30 bits;
            # unrelated pictures sit near 128.
            s = np.clip((40.0 - dist) / 30.0, 0.0, 1.0)
            sims["avatar"] = np.where(self._has_avatar.view()[rows, 0], s, 0.0)
            sims["_avatar_dist"] = dist
        if np.any(fp.signature):
            sig = self._sig.view()[rows]
            same = (sig == fp.signature).mean(axis=1)
            sims["bio"] = np.where(sig.any(axis=1), same, 0.0)
        if np.any(fp.style):
            cos = _centred_cosine(self._style.view()[rows], fp.style, style_mean)
            sims["style"] = np.clip((cos - 0.2) / 0.6, 0.0, 1.0)
        if np.any(fp.hours):
            cos = _centred_cosine(self._hours.view()[rows], fp.hours, hours_mean)
            sims["hours"] = np.clip((cos - 0.2) / 0.6, 0.0, 1.0)
        rl = rows.tolist()
        h, d = fold_name(fp.handle), fold_name(fp.display_name)
        full = _batch_sim(h, [self._handles[r] for r in rl])
        bare = _batch_sim(strip_affixes(h), [self._stripped[r] for r in rl])
        sims["handle"] = np.maximum(full, bare)
        sims["display_name"] = _batch_sim(d, [self._names[r] for r in rl])
        return sims

    def match(self, fp: Fingerprint, *, top: int = 5) -> list[Match]:
        """The ``top`` most similar removed accounts, each with its per-feature evidence."""
        if len(self) == 0:
            return []
        fam = _blocking_keys(fp)
        rows, shared = self._candidates(fam)
        if len(rows) == 0:
            return []
        sims = self._similarities(fp, rows)
        keep = np.ones(len(rows), dtype=np.float64)
        set_sims: dict[str, np.ndarray] = {}
        position = {r: i for i, r in enumerate(rows.tolist())}
        for family, scale in (("links", 1.0), ("invites", 1.0), ("phones", 1.0),
                              ("neighbours", 2.0), ("platform_id", 1.0)):  # fmt: skip
            arr = np.zeros(len(rows))
            for r, items in shared.get(family, {}).items():
                if r in position:
                    arr[position[r]] = min(1.0, sum(w for _, w in items) / scale)
            set_sims[family] = arr
        for feature, weight in WEIGHTS.items():
            s = sims.get(feature, set_sims.get(feature))
            if s is not None:
                keep *= 1.0 - weight * s
        score = 1.0 - keep
        order = np.argsort(-score, kind="stable")[:top]
        out = []
        for i in order.tolist():
            r = int(rows[i])
            feats = _explain(i, r, sims, set_sims, shared, self, fp)
            out.append(Match(self._keys[r], self._refs[r], float(score[i]), feats))
        return out

    def is_alert(self, match: Match) -> bool:
        return match.score >= self.threshold

    def refs(self) -> Iterator[tuple[str, Any]]:
        return zip(self._keys, self._refs, strict=True)


def _batch_sim(query: str, names: list[str]) -> np.ndarray:
    """Indel similarity of folded names (rapidfuzz, in C++), rescaled so that 0.5 and below,
    where two names are unrelated, count as 0."""
    if not query or not names:
        return np.zeros(len(names))
    sim = process.cdist([query], names, scorer=Indel.normalized_similarity, dtype=np.float32)[0]
    sim = np.where([bool(n) for n in names], sim, 0.0)
    return np.clip((sim - 0.5) / 0.5, 0.0, 1.0)


def _explain(
    i: int,
    row: int,
    sims: dict[str, np.ndarray],
    set_sims: dict[str, np.ndarray],
    shared: dict[str, dict[int, list[tuple[str, float]]]],
    index: ReemergenceIndex,
    fp: Fingerprint,
) -> list[FeatureMatch]:
    feats = []
    for feature in WEIGHTS:
        arr = sims.get(feature, set_sims.get(feature))
        if arr is None or arr[i] <= 0:
            continue
        s = float(arr[i])
        if feature == "avatar":
            detail = f"PDQ distance {int(sims['_avatar_dist'][i])}/256"
        elif feature == "handle":
            detail = f"{fp.handle!r} ~ {index._handles[row]!r} (folded)"
        elif feature == "display_name":
            detail = f"{fp.display_name!r} ~ {index._names[row]!r} (folded)"
        elif feature in set_sims:
            items = shared.get(feature, {}).get(row, [])
            detail = "shared: " + ", ".join(sorted(v for v, _ in items)[:5])
        else:
            detail = f"similarity {s:.2f}"
        feats.append(FeatureMatch(feature, s, detail))
    feats.sort(key=lambda f: -WEIGHTS[f.feature] * f.similarity)
    return feats


def expected_candidates(n: int) -> float:
    """Rough number of chance candidates per query at ``n`` fingerprints (PDQ slices dominate),
    for the docs and the benchmark."""
    return _PDQ_SLICES * n / 65536 + math.log2(max(n, 2))
