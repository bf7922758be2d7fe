"""Re-emergence match latency with many fingerprints.

Builds an index of N synthetic fingerprints (random avatar hashes, handles, bios drawn from a
pool so that many fingerprints share one, profile links, style and hour profiles), then times
``match`` for new accounts: half are re-created variants of indexed accounts (new handle,
avatar with a few bits flipped, same links), half are unrelated.  Prints JSON with the build
time, p50/p99 latency, and how many re-created variants were found at rank 1.

    python bench/bench_reemergence.py                    # 1M fingerprints (~10 min, 2.4 GiB)
    python bench/bench_reemergence.py --fingerprints 100000   # about a minute

Most of the time goes into generating and loading the fingerprints (Python-level name folding,
~0.3-0.5 ms each); the matching itself is what the latency figures measure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import time

import numpy as np

from vigil.linkage.fingerprint import NUM_PERM, STYLE_DIM, Fingerprint, text_signature
from vigil.linkage.reemergence import ReemergenceIndex

SYLLABLES = ["ba", "lo", "ch", "sar", "ma", "kha", "zan", "taj", "gul", "noor", "sha", "heen",
             "wa", "tan", "ghaz", "mir", "dad", "jan", "zai", "ul"]  # fmt: skip


def _handle(rng: random.Random) -> str:
    return "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) + str(rng.randint(0, 9999))


def _vector(rng: np.random.Generator, dim: int, active: int) -> np.ndarray:
    v = np.zeros(dim, dtype=np.float32)
    v[rng.integers(0, dim, active)] = rng.random(active, dtype=np.float32)
    return v / np.linalg.norm(v)


def make_fingerprint(i: int, rng: random.Random, nrng: np.random.Generator,
                     bios: list[tuple[str, np.ndarray]]) -> Fingerprint:  # fmt: skip
    handle = _handle(rng)
    bio, sig = bios[rng.randrange(len(bios))]
    return Fingerprint(
        key=f"x:{i}", platform="x", platform_id=str(i), handle=handle,
        display_name=handle.title(), bio=bio,
        avatar_pdq=f"{rng.getrandbits(256):064x}" if rng.random() < 0.8 else None,
        links={f"site{rng.randrange(10**9)}.example/{handle}"} if rng.random() < 0.4 else set(),
        style=_vector(nrng, STYLE_DIM, 60), hours=_vector(nrng, 168, 12), signature=sig,
    )  # fmt: skip


def variant(fp: Fingerprint, rng: random.Random, nrng: np.random.Generator) -> Fingerprint:
    pdq = fp.avatar_pdq
    if pdq:
        value = int(pdq, 16)
        for b in rng.sample(range(256), rng.randint(2, 20)):
            value ^= 1 << b
        pdq = f"{value:064x}"
    noise = lambda v: (v + nrng.normal(0, 0.02, len(v)).astype(np.float32)).clip(0)  # noqa: E731
    return Fingerprint(
        key="x:new", platform="x", platform_id="new", handle=fp.handle + "_real",
        display_name=fp.display_name, bio=fp.bio, avatar_pdq=pdq, links=set(fp.links),
        style=noise(fp.style), hours=noise(fp.hours), signature=fp.signature,
    )  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fingerprints", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=2000)
    args = ap.parse_args()
    rng, nrng = random.Random(5), np.random.default_rng(5)
    words = ["truth", "mountains", "home", "caravan", "news", "poet", "student", "cricket",
             "karachi", "quetta", "peace", "rights", "official", "voice", "free"]  # fmt: skip
    bio_pool = []
    for _ in range(20_000):
        bio = " ".join(rng.choices(words, k=rng.randint(2, 6))).capitalize() + "."
        bio_pool.append((bio, text_signature(bio)))
    bio_pool.append(("", np.zeros(NUM_PERM, dtype=np.uint32)))
    index = ReemergenceIndex()
    kept: list[Fingerprint] = []
    t = time.perf_counter()
    step = max(1, args.fingerprints // args.queries)
    for lo in range(0, args.fingerprints, 20_000):
        batch = [make_fingerprint(i, rng, nrng, bio_pool)
                 for i in range(lo, min(lo + 20_000, args.fingerprints))]  # fmt: skip
        index.extend(batch, [fp.key for fp in batch], compact=False)
        kept += [fp for fp in batch if int(fp.platform_id) % step == 0]
    index.compact()
    build = time.perf_counter() - t
    queries = [(variant(fp, rng, nrng), fp.key) for fp in kept[: args.queries // 2]]
    queries += [(make_fingerprint(10**9 + i, rng, nrng, bio_pool), None)
                for i in range(args.queries - len(queries))]  # fmt: skip
    latencies, cpu, found = [], [], 0
    for fp, truth in queries:
        t, c = time.perf_counter(), time.thread_time()
        matches = index.match(fp, top=5)
        latencies.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - c)
        if truth and matches and matches[0].fingerprint_key == truth and index.is_alert(matches[0]):
            found += 1
    ms, cpu_ms = np.array(latencies) * 1000, np.array(cpu) * 1000
    print(json.dumps({
        "fingerprints": len(index),
        "queries": len(queries),
        "build_seconds": round(build, 1),
        "p50_ms": round(float(np.percentile(ms, 50)), 2),
        "p99_ms": round(float(np.percentile(ms, 99)), 2),
        "max_ms": round(float(ms.max()), 2),
        # CPU time of the matching thread: what the latency is on an idle machine; the wall
        # clock figures above include waiting for a core on a busy one.
        "cpu_p50_ms": round(float(np.percentile(cpu_ms, 50)), 2),
        "cpu_p99_ms": round(float(np.percentile(cpu_ms, 99)), 2),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "recreated_found_at_rank_1": f"{found}/{len(kept[: args.queries // 2])}",
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
