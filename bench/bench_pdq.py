"""PDQ index benchmark: Vigil's index against threatexchange's default PDQ index, side by side.

For each size (default 1M and 10M) it makes random PDQ hashes plus planted near-duplicates,
builds both indexes, saves and reloads them, and queries both with the same hashes (half planted
copies with 0-40 bits flipped, half unrelated), checking that both return the same (hash,
distance) pairs.  Each index runs in its own worker process, pinned to one core, so that memory
is measured as the growth of that process's resident set and faiss runs on one thread.  Query
rates are given per wall-clock second and per CPU second (the fair figure on a shared machine).
Vigil's index is timed after loading it into memory; ``open_mmap_s`` is the time to open it
memory-mapped and answer one query.

Prints one JSON object.  Example:

    python bench/bench_pdq.py                      # 1M and 10M (several minutes, ~8 GB)
    python bench/bench_pdq.py --sizes 100000 --queries 200
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

THRESHOLD = 31
CHUNKS = int(os.environ["BENCH_CHUNKS"]) if os.environ.get("BENCH_CHUNKS") else None


def rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def make_data(size: int, queries: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    hashes = rng.integers(
        0, np.iinfo(np.uint64).max, size=(size, 4), dtype=np.uint64, endpoint=True
    )
    planted = hashes[rng.integers(0, size, queries // 2)]
    bits = np.unpackbits(planted.view(np.uint8), axis=1)
    for row in bits:
        row[rng.choice(256, int(rng.integers(0, 41)), replace=False)] ^= 1
    planted = np.packbits(bits, axis=1).view(np.uint64)
    unrelated = rng.integers(
        0,
        np.iinfo(np.uint64).max,
        size=(queries - planted.shape[0], 4),
        dtype=np.uint64,
        endpoint=True,
    )
    return hashes, np.concatenate([planted, unrelated])


class Clock:
    """Wall and CPU seconds of a block: this machine may be shared, and CPU time per core is
    what the comparison is about."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def worker_vigil(hashes: np.ndarray, queries: np.ndarray, tmp: Path) -> dict:
    from vigil.media.pdq_index import PDQIndex

    PDQIndex.build(hashes[:1000]).query(queries[:2])  # compile the search loop first
    before = rss_bytes()
    with Clock() as build:
        index = PDQIndex.build(hashes.copy(), THRESHOLD, chunks=CHUNKS)
    mem = rss_bytes() - before
    index.save(tmp / "vigil_index")
    del index
    with Clock() as open_mmap:
        PDQIndex.load(tmp / "vigil_index", mmap=True).query(queries[:1])
    with Clock() as load:
        index = PDQIndex.load(tmp / "vigil_index", mmap=False)
    index.query(queries[:1])
    with Clock() as single:
        results = [index.query(queries[i : i + 1]).for_query(0) for i in range(queries.shape[0])]
    with Clock() as batch:
        index.query(queries)
    n = queries.shape[0]
    return {
        "build_s": build.wall,
        "open_mmap_s": open_mmap.wall,
        "load_s": load.wall,
        "chunks": index.chunks,
        "index_bytes": index.nbytes,
        "rss_growth_bytes": mem,
        "queries_per_s": n / single.wall,
        "queries_per_cpu_s": n / single.cpu,
        "batch_queries_per_cpu_s": n / batch.cpu,
        "results": [sorted(r) for r in results],
    }


def worker_reference(hashes: np.ndarray, queries: np.ndarray, tmp: Path) -> dict:
    import faiss
    from threatexchange.signal_type.pdq.signal import PdqSignal

    faiss.omp_set_num_threads(1)
    index_cls = PdqSignal.get_index_cls()
    raw = hashes.tobytes()
    hexes = [raw[i : i + 32].hex() for i in range(0, len(raw), 32)]
    qraw = queries.tobytes()
    qhex = [qraw[i : i + 32].hex() for i in range(0, len(qraw), 32)]
    before = rss_bytes()
    with Clock() as build:
        index = index_cls(entries=((h, i) for i, h in enumerate(hexes)))
    mem = rss_bytes() - before
    del hexes
    path = tmp / "reference_index.pickle"
    with open(path, "wb") as fh:
        index.serialize(fh)
    del index
    with Clock() as load, open(path, "rb") as fh:
        index = index_cls.deserialize(fh)
    with Clock() as single:
        results = [[(m.metadata, m.similarity_info.distance) for m in index.query(q)] for q in qhex]
    return {
        "class": f"{index_cls.__module__}.{index_cls.__qualname__}",
        "build_s": build.wall,
        "load_s": load.wall,
        "rss_growth_bytes": mem,
        "queries_per_s": len(qhex) / single.wall,
        "queries_per_cpu_s": len(qhex) / single.cpu,
        "results": [sorted(r) for r in results],
    }


def run_worker(impl: str, size: int, queries: int, seed: int, chunks: int | None) -> dict:
    """Run one index in a fresh process pinned to one core; returns its measurements."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.pickle"
        cmd = [
            sys.executable,
            __file__,
            "--worker",
            impl,
            "--sizes",
            str(size),
            "--queries",
            str(queries),
            "--seed",
            str(seed),
            "--out",
            str(out),
        ]
        env = dict(os.environ, OMP_NUM_THREADS="1", NUMBA_NUM_THREADS="1")
        if chunks:
            env["BENCH_CHUNKS"] = str(chunks)
        subprocess.run(["taskset", "-c", "0", *cmd], check=True, env=env)
        with open(out, "rb") as fh:
            return pickle.load(fh)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000000,10000000")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--worker", choices=["vigil", "reference"])
    ap.add_argument("--out")
    ap.add_argument("--chunks", type=int, help="force the index's chunk count (default: auto)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.worker:
        hashes, queries = make_data(sizes[0], args.queries, args.seed)
        fn = worker_vigil if args.worker == "vigil" else worker_reference
        with tempfile.TemporaryDirectory() as tmp:
            result = fn(hashes, queries, Path(tmp))
        with open(args.out, "wb") as fh:
            pickle.dump(result, fh)
        return
    report: dict = {"threshold": THRESHOLD, "queries": args.queries, "cores": 1, "sizes": {}}
    for size in sizes:
        ours = run_worker("vigil", size, args.queries, args.seed, args.chunks)
        ref = run_worker("reference", size, args.queries, args.seed, None)
        same = ours.pop("results") == ref.pop("results")
        report["sizes"][str(size)] = {
            "vigil": ours,
            "reference": ref,
            "same_results": same,
            "speedup_queries_per_cpu_s": ours["queries_per_cpu_s"] / ref["queries_per_cpu_s"],
            "speedup_queries_per_s": ours["queries_per_s"] / ref["queries_per_s"],
            "raw_hash_bytes": size * 32,
            "vigil_memory_vs_raw": ours["index_bytes"] / (size * 32),
            "reference_memory_vs_raw": ref["rss_growth_bytes"] / (size * 32),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
