"""An exact PDQ index: multi-index hashing over numpy arrays.

Why not faiss: threatexchange's default index wraps faiss ``IndexBinaryMultiHash`` behind
per-query Python work (hex decoding, an id map rebuilt on every add), and it must be rebuilt
whole to change.  This index keeps the same idea (multi-index hashing, Norouzi et al. 2012) in a
few flat numpy arrays, so that it can be searched in batches, grown and shrunk in place, and
saved and loaded as plain ``.npy`` files.

How it works.  A 256-bit hash is cut into ``m`` chunks (16 chunks of 16 bits; for large
indexes 12 chunks of 21-22 bits or 11 of 23 bits).  If two hashes are within Hamming
distance ``T``, then by the pigeonhole principle at least one of their chunks differs in at most
``T // m`` bits.  For each
chunk position the index keeps every slot sorted by that chunk's value (a CSR table:
``offsets[c][v]`` .. ``offsets[c][v + 1]`` are the slots whose chunk ``c`` equals ``v``).  A
query looks up, in each table, its own chunk value and every value within ``T // m`` bit flips
of it; the slots found are candidates, and each candidate's full distance is computed.  No
candidate within ``T`` can be missed, and nothing beyond ``T`` is returned, so the results are
identical to brute force.  Wider chunks mean more probes but far fewer candidates; each
candidate costs a random memory access, so from 4M hashes on wider chunks are faster.

Adds go to a small pending buffer that is searched by brute force; when it fills up it is merged
into the tables with one ``np.insert`` per table (a linear copy, no sort of the existing slots).
Removals set a tombstone bit.  Slots never change, so callers can keep their own slot -> entry map.

Memory, per hash: 32 bytes of raw hash, 3 bytes per table for the slot (4 from 16M slots on),
and one tombstone bit; plus the bucket offsets, kept in two levels (a 4-byte start per group of
64 buckets, then one byte per bucket for the start inside its group, two where a group holds
more than 255 slots).  That is about 2.5x the raw hashes with 16 chunks and 2.3x with 11 chunks
at 10M hashes (3-3.9x before the slots and offsets were packed).  threatexchange's faiss index
takes about 17-20x.  Twice the raw hashes or less is out of reach for this design at speed: each
table must name every hash once (log2(n) bits, 24 at 10M), and the eleven tables that make the
search fast at 10M cost more than the raw hash itself; docs/media.md gives the arithmetic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
from numba import njit

from vigil.errors import InputError

__all__ = ["PDQIndex", "IndexMatches", "brute_force", "hex_to_array", "array_to_hex"]

BITS = 256
DEFAULT_THRESHOLD = 31
MAX_PENDING = 8192
# Wider chunks mean fewer candidates (each a random memory access) but bucket offsets that grow
# with 2**width: worth it only for large indexes.  Measured at 10M hashes on one core: 16 chunks
# about 1,100 queries per CPU second (before slots and offsets were packed), 12 chunks 1,350
# (1,900 before), 11 chunks 2,700-2,900 (3,300-3,700 before).
WIDE_FROM = 4_000_000  # 12 chunks of 21-22 bits
WIDER_FROM = 8_000_000  # 11 chunks of 23 bits
# 11 chunks of 23 bits index 253 of the 256 bits: the pigeonhole argument holds on any subset of
# the bits (a distance over a subset is never larger), and a 24-bit chunk would double its
# offsets for a small gain.
MAX_WIDTH = 23
GROUP_SHIFT = 6  # offsets: one 4-byte start per 64 buckets, then a small start per bucket
_FILES = ("hashes", "ids", "coarse", "fine", "dead")
FORMAT = 2


def hex_to_array(hashes: list[str] | tuple[str, ...]) -> np.ndarray:
    """64-hex-digit PDQ hashes as an (n, 4) uint64 array; raises InputError on a bad hash."""
    bad = next((h for h in hashes if len(h) != 64), None)
    if bad is not None:
        raise InputError(f"{bad!r} is not a PDQ hash: it must have 64 hex digits")
    try:
        raw = bytes.fromhex("".join(hashes))
    except ValueError as exc:
        raise InputError(f"not a hexadecimal PDQ hash: {exc}") from exc
    return np.frombuffer(raw, dtype=np.uint64).reshape(-1, 4).copy()


def array_to_hex(arr: np.ndarray) -> list[str]:
    data = np.ascontiguousarray(arr, dtype=np.uint64).tobytes()
    return [data[i : i + 32].hex() for i in range(0, len(data), 32)]


_POP8 = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def _distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Hamming distances between rows of a and b (broadcast), as int32."""
    x = np.ascontiguousarray(np.bitwise_xor(a, b))
    if hasattr(np, "bitwise_count"):  # numpy >= 2.0
        return np.bitwise_count(x).sum(axis=-1, dtype=np.int32)
    return _POP8[x.view(np.uint8)].reshape(*x.shape[:-1], -1).sum(axis=-1, dtype=np.int32)


@dataclass(frozen=True)
class IndexMatches:
    """Matches of a batch of queries: parallel arrays, sorted by (query, distance, slot)."""

    query: np.ndarray  # index of the query in the batch
    slot: np.ndarray  # slot of the indexed hash
    distance: np.ndarray

    def __len__(self) -> int:
        return int(self.query.shape[0])

    def for_query(self, i: int) -> list[tuple[int, int]]:
        """(slot, distance) pairs of query i."""
        sel = self.query == i
        return list(zip(self.slot[sel].tolist(), self.distance[sel].tolist(), strict=True))


def brute_force(hashes: np.ndarray, queries: np.ndarray, threshold: int) -> IndexMatches:
    """The reference answer: every (query, hash) pair within threshold, by full scan."""
    qs, ss, ds = [], [], []
    for i, q in enumerate(queries):
        d = _distances(hashes, q)
        hit = np.flatnonzero(d <= threshold)
        qs.append(np.full(hit.shape, i, dtype=np.int64))
        ss.append(hit.astype(np.int64))
        ds.append(d[hit])
    return _sorted_matches(qs, ss, ds)


def _sorted_matches(qs: list, ss: list, ds: list) -> IndexMatches:
    if not qs:
        empty = np.empty(0, dtype=np.int64)
        return IndexMatches(empty, empty, empty.astype(np.int32))
    q, s, d = np.concatenate(qs), np.concatenate(ss), np.concatenate(ds)
    order = np.lexsort((s, d, q))
    return IndexMatches(q[order], s[order], d[order].astype(np.int32))


class _Layout:
    """How the 256 bits are cut into chunks, and the bit flips probed in each chunk."""

    def __init__(self, chunks: int, threshold: int) -> None:
        if not 11 <= chunks <= 32:
            raise InputError(f"The 'chunks' parameter must be an int in [11, 32]. Got {chunks}.")
        self.chunks = chunks
        base, extra = divmod(BITS, chunks)
        widths = [base + 1] * extra + [base] * (chunks - extra)
        self.widths = np.minimum(np.array(widths, dtype=np.int64), MAX_WIDTH)
        self.starts = np.concatenate([[0], np.cumsum(self.widths)[:-1]]).astype(np.int64)
        buckets = 1 << self.widths
        self.fbase = np.concatenate([[0], np.cumsum(buckets)]).astype(np.int64)
        self.cbase = np.concatenate([[0], np.cumsum((buckets >> GROUP_SHIFT) + 1)]).astype(np.int64)
        radius = threshold // chunks  # pigeonhole: some chunk is within this many bits
        per_chunk = [_flip_masks(int(w), radius) for w in self.widths]
        self.nmasks = np.array([m.size for m in per_chunk], dtype=np.int64)
        self.masks = np.zeros((chunks, int(self.nmasks.max())), dtype=np.uint32)
        for c, m in enumerate(per_chunk):
            self.masks[c, : m.size] = m

    def values(self, hashes: np.ndarray, c: int) -> np.ndarray:
        """Chunk c of every row, as uint32 (the same bits the search loop extracts)."""
        start, width = int(self.starts[c]), int(self.widths[c])
        word, off = divmod(start, 64)
        val = hashes[:, word] >> np.uint64(off)
        if off + width > 64:
            val |= hashes[:, word + 1] << np.uint64(64 - off)
        return (val & np.uint64((1 << width) - 1)).astype(np.uint32)

    def offsets(self, coarse: np.ndarray, fine: np.ndarray, c: int) -> np.ndarray:
        """Table c's bucket offsets, unpacked: entry v is where bucket v starts (int64)."""
        grp = coarse[int(self.cbase[c]) : int(self.cbase[c + 1])].astype(np.int64)
        out = np.empty(int(self.fbase[c + 1] - self.fbase[c]) + 1, dtype=np.int64)
        out[:-1] = np.repeat(grp[:-1], 1 << GROUP_SHIFT)
        out[:-1] += fine[int(self.fbase[c]) : int(self.fbase[c + 1])]
        out[-1] = grp[-1]
        return out

    def pack_offsets(self, offsets: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """(coarse, fine) from each table's unpacked offsets; fine takes the smallest unsigned
        type that holds a start inside a group (uint8 unless some group is crowded)."""
        coarse = np.concatenate([off[:: 1 << GROUP_SHIFT] for off in offsets]).astype(np.uint32)
        fine = np.concatenate(
            [off[:-1] - np.repeat(off[:-1:1 << GROUP_SHIFT], 1 << GROUP_SHIFT) for off in offsets]
        )
        top = int(fine.max()) if fine.size else 0
        dtype = np.uint8 if top < 1 << 8 else np.uint16 if top < 1 << 16 else np.uint32
        return coarse, fine.astype(dtype)


def _flip_masks(width: int, radius: int) -> np.ndarray:
    """Every ``width``-bit mask with at most ``radius`` bits set."""
    masks = [0]
    for r in range(1, radius + 1):
        masks.extend(sum(1 << b for b in bits) for bits in combinations(range(width), r))
    return np.array(masks, dtype=np.uint32)


def _stable_order(col: np.ndarray) -> np.ndarray:
    """argsort(col, stable) for keys below 2**24, by two 16-bit radix passes (numpy radix-sorts
    uint16, but falls back to a slower merge sort for wider keys)."""
    low = np.argsort((col & 0xFFFF).astype(np.uint16), kind="stable")
    high = (col[low] >> 16).astype(np.uint16)
    return low[np.argsort(high, kind="stable")]


class PDQIndex:
    """Exact range search over PDQ hashes within a Hamming threshold (default 31)."""

    def __init__(
        self,
        threshold: int = DEFAULT_THRESHOLD,
        *,
        chunks: int = 16,
        max_pending: int = MAX_PENDING,
    ) -> None:
        if not 0 <= threshold <= 63:
            raise InputError(
                f"The 'threshold' parameter must be an int in [0, 63]. Got {threshold} instead."
            )
        self.threshold = threshold
        self.max_pending = max_pending
        self._layout = _Layout(chunks, threshold)
        self._hashes = np.empty((0, 4), dtype=np.uint64)  # indexed in the tables
        # Table c, entry p: the slot, as 3 little-endian bytes (4 from 2**24 slots on).
        self._ids = np.empty((chunks, 0, 3), dtype=np.uint8)
        # Every bucket empty; np.zeros costs no memory until written (build and load replace it).
        self._coarse = np.zeros(int(self._layout.cbase[-1]), dtype=np.uint32)
        self._fine = np.zeros(int(self._layout.fbase[-1]), dtype=np.uint8)
        self._pending_arr = np.empty((0, 4), dtype=np.uint64)
        self._slots = 0
        self._dead = np.zeros(0, dtype=np.uint8)  # tombstones, one bit per slot (little-endian)

    # ---- size and memory -------------------------------------------------------------------
    def __len__(self) -> int:
        """Live hashes (added and not removed)."""
        removed = np.unpackbits(self._dead, count=self._slots, bitorder="little").sum()
        return self._slots - int(removed)

    @property
    def slots(self) -> int:
        return self._slots

    @property
    def chunks(self) -> int:
        return self._layout.chunks

    @property
    def tombstones(self) -> np.ndarray:
        """The removed-slot bits, as saved in ``dead.npy``."""
        return self._dead

    def live(self, slots: np.ndarray) -> np.ndarray:
        """For each slot, whether it holds a hash that was not removed."""
        slots = np.asarray(slots, dtype=np.int64)
        return (self._dead[slots >> 3] >> (slots & 7)) & 1 == 0

    @property
    def nbytes(self) -> int:
        parts = (self._hashes, self._ids, self._coarse, self._fine, self._dead, self._pending_arr)
        return sum(int(a.nbytes) for a in parts)

    # ---- building --------------------------------------------------------------------------
    @classmethod
    def build(
        cls, hashes: np.ndarray, threshold: int = DEFAULT_THRESHOLD, *, chunks: int | None = None
    ) -> PDQIndex:
        """An index over (n, 4) uint64 hashes; slot i is row i.  ``chunks`` defaults to 16, to
        12 from 4M hashes on, and to 11 from 8M on."""
        hashes = np.ascontiguousarray(hashes, dtype=np.uint64).reshape(-1, 4)
        n = hashes.shape[0]
        if chunks is None:
            chunks = 11 if n >= WIDER_FROM else 12 if n >= WIDE_FROM else 16
        index = cls(threshold, chunks=chunks)
        lay = index._layout
        index._hashes = hashes
        index._slots = n
        index._dead = np.zeros(_bitmap_len(n), dtype=np.uint8)
        index._ids = np.empty((lay.chunks, n, _id_bytes(n)), dtype=np.uint8)
        offsets = []
        for c in range(lay.chunks):
            col = lay.values(hashes, c)
            # A stable order keeps slots ascending inside a bucket.
            index._ids[c] = _slot_bytes(_stable_order(col), index._ids.shape[2])
            off = np.zeros(int(lay.fbase[c + 1] - lay.fbase[c]) + 1, dtype=np.int64)
            np.cumsum(np.bincount(col, minlength=off.size - 1), out=off[1:])
            offsets.append(off)
        index._coarse, index._fine = lay.pack_offsets(offsets)
        return index

    def add(self, hashes: np.ndarray) -> np.ndarray:
        """Add (n, 4) uint64 hashes; returns their slots.  No rebuild of what is indexed."""
        hashes = np.ascontiguousarray(hashes, dtype=np.uint64).reshape(-1, 4)
        start = self._slots
        self._pending_arr = np.concatenate([self._pending_arr, hashes])
        self._slots += hashes.shape[0]
        grow = _bitmap_len(self._slots) - self._dead.shape[0]
        self._dead = np.concatenate([self._dead, np.zeros(grow, dtype=np.uint8)])
        if self._pending_arr.shape[0] >= self.max_pending:
            self.flush()
        return np.arange(start, self._slots, dtype=np.int64)

    def remove(self, slots: np.ndarray | list[int]) -> None:
        """Forget these slots; they are never returned again."""
        slots = np.asarray(slots, dtype=np.int64)
        if slots.size and (slots.min() < 0 or slots.max() >= self._slots):
            raise InputError(f"no such slot in the PDQ index (it has {self._slots})")
        np.bitwise_or.at(self._dead, slots >> 3, (1 << (slots & 7)).astype(np.uint8))

    def flush(self) -> None:
        """Merge pending hashes into the tables: one linear insert per table, no resort."""
        new = self._pending_arr
        if new.shape[0] == 0:
            return
        lay = self._layout
        base = self._hashes.shape[0]
        width = max(self._ids.shape[2], _id_bytes(base + new.shape[0]))
        new_slots = np.arange(base, base + new.shape[0], dtype=np.int64)
        tables, offsets = [], []
        for c in range(lay.chunks):
            col = lay.values(new, c)
            order = np.argsort(col, kind="stable")
            off = lay.offsets(self._coarse, self._fine, c)
            # New slots are larger than every indexed slot: they go at the end of their bucket.
            at = off[1 + col[order].astype(np.int64)]
            old = _widen(self._ids[c], width)
            tables.append(np.insert(old, at, _slot_bytes(new_slots[order], width), axis=0))
            off[1:] += np.cumsum(np.bincount(col, minlength=off.size - 1))
            offsets.append(off)
        self._ids = np.stack(tables)
        self._coarse, self._fine = lay.pack_offsets(offsets)
        self._hashes = np.concatenate([self._hashes, new])
        self._pending_arr = np.empty((0, 4), dtype=np.uint64)

    # ---- searching -------------------------------------------------------------------------
    def query(self, hashes: np.ndarray) -> IndexMatches:
        """Every indexed hash within the threshold of each query row, with its distance."""
        queries = np.ascontiguousarray(hashes, dtype=np.uint64).reshape(-1, 4)
        qs, ss, ds = [], [], []
        if self._hashes.shape[0]:
            self._search_tables(queries, qs, ss, ds)
        if self._pending_arr.shape[0]:
            self._search_pending(queries, qs, ss, ds)
        return _sorted_matches(qs, ss, ds)

    def query_hex(self, pdq_hex: str) -> list[tuple[int, int]]:
        """(slot, distance) pairs for one hex hash."""
        return self.query(hex_to_array([pdq_hex])).for_query(0)

    def _search_tables(self, queries: np.ndarray, qs: list, ss: list, ds: list) -> None:
        lay = self._layout
        q, s, d = _mih_search(
            self._hashes,
            self._ids,
            self._coarse,
            self._fine,
            lay.cbase,
            lay.fbase,
            lay.starts,
            lay.widths,
            lay.masks,
            lay.nmasks,
            self._dead,
            queries,
            self.threshold,
        )
        if q.size:
            # A hash near the query in several chunks is found several times: keep one.
            key = np.unique(q * self._hashes.shape[0] + s, return_index=True)[1]
            q, s, d = q[key], s[key], d[key]
        qs.append(q)
        ss.append(s)
        ds.append(d)

    def _search_pending(self, queries: np.ndarray, qs: list, ss: list, ds: list) -> None:
        base = self._hashes.shape[0]
        dist = _distances(self._pending_arr[None, :, :], queries[:, None, :])  # (nq, p)
        q, p = np.nonzero(dist <= self.threshold)
        slots = p + base
        keep = self.live(slots)
        qs.append(q[keep].astype(np.int64))
        ss.append(slots[keep].astype(np.int64))
        ds.append(dist[q, p][keep])

    # ---- persistence -----------------------------------------------------------------------
    def save(self, folder: str | Path) -> None:
        """Write the index as .npy files in a folder (pending hashes are merged first)."""
        self.flush()
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        arrays = (self._hashes, self._ids, self._coarse, self._fine, self._dead)
        for name, arr in zip(_FILES, arrays, strict=True):
            np.save(folder / f"{name}.npy", arr)
        meta = {"threshold": self.threshold, "chunks": self.chunks, "format": FORMAT}
        (folder / "index.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, folder: str | Path, *, mmap: bool = True) -> PDQIndex:
        """Open a saved index; with mmap the arrays are paged in on use, so opening is instant."""
        folder = Path(folder)
        try:
            meta = json.loads((folder / "index.json").read_text())
            if meta.get("format") != FORMAT:
                raise ValueError(f"format {meta.get('format')}, this version reads {FORMAT}")
            mode = "r" if mmap else None
            arrays = {name: np.load(folder / f"{name}.npy", mmap_mode=mode) for name in _FILES}
            index = cls(int(meta["threshold"]), chunks=int(meta["chunks"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"not a saved PDQ index: {exc}", source=str(folder)) from exc
        index._hashes = arrays["hashes"]
        index._ids = arrays["ids"]
        index._coarse = arrays["coarse"]
        index._fine = arrays["fine"]
        index._slots = int(index._hashes.shape[0])
        index._dead = np.array(arrays["dead"])  # writable: removals set tombstones
        index._check_shapes(folder)
        return index

    def _check_shapes(self, folder: Path) -> None:
        """Refuse arrays that disagree (a partly replaced folder): the compiled search does not
        check bounds, so a short array would be read past its end."""
        lay, n = self._layout, self._slots
        expected = {
            "hashes": (self._hashes.shape[1:], (4,)),
            "ids": (self._ids.shape[:2], (lay.chunks, n)),
            "coarse": (self._coarse.shape, (int(lay.cbase[-1]),)),
            "fine": (self._fine.shape, (int(lay.fbase[-1]),)),
            "dead": (self._dead.shape, (_bitmap_len(n),)),
        }
        bad = [name for name, (got, want) in expected.items() if tuple(got) != want]
        if bad or self._ids.shape[2] not in (3, 4):
            raise InputError(f"not a saved PDQ index: {', '.join(bad) or 'ids'} do not fit", source=str(folder))


def _bitmap_len(slots: int) -> int:
    return (slots + 7) // 8


def _id_bytes(slots: int) -> int:
    """Bytes per stored slot: 3 while every slot fits in 24 bits."""
    return 3 if slots <= 1 << 24 else 4


def _slot_bytes(slots: np.ndarray, width: int) -> np.ndarray:
    """Slots as (n, width) little-endian bytes."""
    return np.ascontiguousarray(slots.astype("<u4").view(np.uint8).reshape(-1, 4)[:, :width])


def _widen(table: np.ndarray, width: int) -> np.ndarray:
    if table.shape[1] == width:
        return table
    return np.concatenate([table, np.zeros((table.shape[0], width - table.shape[1]), np.uint8)], 1)


# The search loop is compiled with numba: per candidate it is a few word operations, which
# numpy can only do through large temporary arrays (measured 10x slower per query).
@njit(cache=True, nogil=True)
def _popcount64(x: np.uint64) -> np.int64:  # pragma: no cover - compiled
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return np.int64((x * np.uint64(0x0101010101010101)) >> np.uint64(56))


@njit(cache=True, nogil=True)
def _chunk_value(row, start, width):  # type: ignore[no-untyped-def]  # pragma: no cover
    word = start >> 6
    off = start & 63
    val = row[word] >> np.uint64(off)
    if off + width > 64:
        val |= row[word + 1] << np.uint64(64 - off)
    return np.int64(val & np.uint64((1 << width) - 1))


@njit(cache=True, nogil=True)
def _bucket(coarse, fine, cb, fb, v):  # type: ignore[no-untyped-def]  # pragma: no cover
    """[start, end) of bucket v of the table whose offsets begin at cb (groups) and fb."""
    group = np.int64(coarse[cb + (v >> GROUP_SHIFT)])
    start = group + np.int64(fine[fb + v])
    nxt = v + 1
    if nxt & ((1 << GROUP_SHIFT) - 1) == 0:
        end = np.int64(coarse[cb + (nxt >> GROUP_SHIFT)])
    else:
        end = group + np.int64(fine[fb + nxt])
    return start, end


@njit(cache=True, nogil=True)
def _mih_search(
    hashes, ids, coarse, fine, cbase, fbase, starts, widths, masks, nmasks, dead, queries, threshold
):  # type: ignore[no-untyped-def]  # noqa: E501  # pragma: no cover
    cap = 64
    out_q = np.empty(cap, dtype=np.int64)
    out_s = np.empty(cap, dtype=np.int64)
    out_d = np.empty(cap, dtype=np.int32)
    n_out = 0
    wide = ids.shape[2] == 4
    for qi in range(queries.shape[0]):
        row = queries[qi]
        q0, q1, q2, q3 = row[0], row[1], row[2], row[3]
        for c in range(starts.shape[0]):
            value = _chunk_value(row, starts[c], widths[c])
            cb = cbase[c]
            fb = fbase[c]
            for m in range(nmasks[c]):
                start, end = _bucket(coarse, fine, cb, fb, value ^ np.int64(masks[c, m]))
                for p in range(start, end):
                    s = np.int64(ids[c, p, 0]) | (np.int64(ids[c, p, 1]) << 8)
                    s |= np.int64(ids[c, p, 2]) << 16
                    if wide:
                        s |= np.int64(ids[c, p, 3]) << 24
                    d = _popcount64(hashes[s, 0] ^ q0) + _popcount64(hashes[s, 1] ^ q1)
                    if d > threshold:
                        continue
                    d += _popcount64(hashes[s, 2] ^ q2) + _popcount64(hashes[s, 3] ^ q3)
                    if d > threshold or (dead[s >> 3] >> (s & 7)) & 1:
                        continue
                    if n_out == cap:
                        cap *= 2
                        out_q = np.concatenate((out_q, np.empty(cap - n_out, dtype=np.int64)))
                        out_s = np.concatenate((out_s, np.empty(cap - n_out, dtype=np.int64)))
                        out_d = np.concatenate((out_d, np.empty(cap - n_out, dtype=np.int32)))
                    out_q[n_out] = qi
                    out_s[n_out] = s
                    out_d[n_out] = d
                    n_out += 1
    return out_q[:n_out], out_s[:n_out], out_d[:n_out]
