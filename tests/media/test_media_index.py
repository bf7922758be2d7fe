"""The PDQ index gives exactly the brute-force answer, through adds, removals and reloads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.errors import InputError
from vigil.media.pdq_index import PDQIndex, array_to_hex, brute_force, hex_to_array


def random_hashes(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, np.iinfo(np.uint64).max, size=(n, 4), dtype=np.uint64, endpoint=True)


def near_copies(rng: np.random.Generator, rows: np.ndarray, max_flips: int) -> np.ndarray:
    """Each row with 0..max_flips random bits flipped."""
    bits = np.unpackbits(rows.view(np.uint8), axis=1)
    for row in bits:
        row[rng.choice(256, int(rng.integers(0, max_flips + 1)), replace=False)] ^= 1
    return np.packbits(bits, axis=1).view(np.uint64)


def same(a, b) -> bool:  # type: ignore[no-untyped-def]
    return (
        np.array_equal(a.query, b.query)
        and np.array_equal(a.slot, b.slot)
        and np.array_equal(a.distance, b.distance)
    )


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    hashes = random_hashes(rng, 20_000)
    # Clusters of near-duplicates, as a bank of re-uploads has.
    hashes[:1000] = near_copies(rng, np.repeat(hashes[:50], 20, axis=0), 20)
    queries = np.concatenate(
        [near_copies(rng, hashes[rng.integers(0, 20_000, 150)], 45), random_hashes(rng, 50)]
    )
    return hashes, queries


@pytest.mark.parametrize(
    ("threshold", "chunks"),
    [(0, 16), (10, 16), (31, 16), (40, 16), (31, 11), (31, 12), (31, 13), (45, 13)],
)
def test_identical_to_brute_force(data: tuple, threshold: int, chunks: int) -> None:
    hashes, queries = data
    got = PDQIndex.build(hashes, threshold, chunks=chunks).query(queries)
    want = brute_force(hashes, queries, threshold)
    assert len(want) > (100 if threshold >= 31 else 0)  # planted copies and clusters found
    assert same(got, want)


@pytest.mark.parametrize("chunks", [16, 13])
def test_incremental_adds_and_removals_match_brute_force(data: tuple, chunks: int) -> None:
    hashes, queries = data
    index = PDQIndex.build(hashes[:12_000], chunks=chunks)
    index.max_pending = 2000
    slots = index.add(hashes[12_000:13_000])  # stays pending: searched by brute force
    assert slots.tolist() == list(range(12_000, 13_000))
    index.add(hashes[13_000:])  # crosses max_pending: merged into the tables
    assert index._pending_arr.shape[0] == 0
    removed = np.arange(0, 20_000, 7)
    index.remove(removed)
    assert len(index) == 20_000 - removed.size
    got = index.query(queries)
    want = brute_force(hashes, queries, 31)
    keep = ~np.isin(want.slot, removed)
    assert np.array_equal(got.slot, want.slot[keep])
    assert np.array_equal(got.distance, want.distance[keep])


def test_save_and_load_give_the_same_answers(data: tuple, tmp_path: Path) -> None:
    hashes, queries = data
    index = PDQIndex.build(hashes[:15_000], chunks=13)
    index.add(hashes[15_000:])
    index.remove([3, 5])
    index.save(tmp_path / "ix")
    loaded = PDQIndex.load(tmp_path / "ix")
    assert same(loaded.query(queries), index.query(queries))
    assert loaded.chunks == 13
    loaded.remove([8])  # a loaded index still accepts removals and adds
    assert 8 not in loaded.query(hashes[8:9]).slot.tolist()
    loaded.max_pending = 1
    [slot] = loaded.add(queries[:1])
    assert (slot, 0) in loaded.query(queries[:1]).for_query(0)


def test_memory_is_about_two_and_a_half_times_the_raw_hashes(data: tuple) -> None:
    hashes, _ = data
    index = PDQIndex.build(hashes)
    n, raw = len(hashes), hashes.nbytes
    # 32 raw + 16 x 3 slot bytes + a tombstone bit per hash, plus the packed bucket offsets
    # (a 4-byte start per 64 buckets and a byte per bucket, 16 tables of 65,536 buckets).
    offsets = 16 * (65_536 + 4 * (65_536 // 64 + 1))
    assert index.nbytes <= 80.125 * n + 8 + offsets
    assert (index.nbytes - offsets) / raw < 2.51


def test_crowded_buckets_and_duplicates(data: tuple) -> None:
    """A bank holds the same image many times: 2,000 copies crowd one bucket group."""
    hashes, queries = data
    crowded = np.concatenate([np.repeat(hashes[:1], 2000, axis=0), hashes[:5000]])
    index = PDQIndex.build(crowded)
    got = index.query(np.concatenate([crowded[:1], queries]))
    want = brute_force(crowded, np.concatenate([crowded[:1], queries]), 31)
    assert len(got.for_query(0)) >= 2000
    assert same(got, want)


def test_slots_past_three_bytes(data: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    """Slots are stored in 3 bytes up to 2**24 and in 4 beyond; an index that grows past the
    limit widens its tables on merge and answers as before (the limit is lowered here)."""
    from vigil.media import pdq_index

    monkeypatch.setattr(pdq_index, "_id_bytes", lambda slots: 3 if slots <= 15_000 else 4)
    hashes, queries = data
    index = PDQIndex.build(hashes[:12_000])
    index.max_pending = 1000
    index.add(hashes[12_000:])
    assert index.nbytes > 32 * len(hashes) + 16 * 4 * len(hashes)  # widened to 4 bytes
    assert same(index.query(queries), brute_force(hashes, queries, 31))


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(0, 2**256 - 1), min_size=1, max_size=40),
    st.integers(0, 2**256 - 1),
    st.integers(0, 63),
)
def test_any_hashes_any_threshold(values: list[int], query: int, threshold: int) -> None:
    hexes = [f"{v:064x}" for v in values]
    hashes = hex_to_array(hexes)
    q = hex_to_array([f"{query:064x}"])
    assert same(PDQIndex.build(hashes, threshold).query(q), brute_force(hashes, q, threshold))
    assert array_to_hex(hashes) == hexes


def test_bad_input_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InputError, match="64 hex digits"):
        hex_to_array(["abc"])
    with pytest.raises(InputError, match="not a hexadecimal"):
        hex_to_array(["z" * 64])
    with pytest.raises(InputError, match="threshold"):
        PDQIndex(threshold=99)
    with pytest.raises(InputError, match="'chunks' parameter"):
        PDQIndex(chunks=4)
    with pytest.raises(InputError, match="not a saved PDQ index"):
        PDQIndex.load("/nonexistent-index-folder")
    with pytest.raises(InputError, match="no such slot"):
        PDQIndex.build(hex_to_array(["0" * 64])).remove([5])


def test_an_index_saved_by_an_older_version_is_refused_not_misread(tmp_path: Path) -> None:
    """The matcher's cache catches this and rebuilds from the banks."""
    PDQIndex.build(hex_to_array(["0" * 64])).save(tmp_path / "ix")
    meta = tmp_path / "ix" / "index.json"
    meta.write_text(meta.read_text().replace('"format": 2', '"format": 1'))
    with pytest.raises(InputError, match="format 1"):
        PDQIndex.load(tmp_path / "ix")


def test_arrays_that_disagree_are_refused(tmp_path: Path) -> None:
    """A folder whose tombstones belong to another index is not searched past its end."""
    PDQIndex.build(random_hashes(np.random.default_rng(1), 100)).save(tmp_path / "ix")
    np.save(tmp_path / "ix" / "dead.npy", np.zeros(3, dtype=np.uint8))
    with pytest.raises(InputError, match="dead do not fit"):
        PDQIndex.load(tmp_path / "ix")
