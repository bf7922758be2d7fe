"""Bank index cache benchmark: opening the matcher after a small change to a large PDQ bank.

    python bench/bench_bank_cache.py                  # 1,000,000 entries (a few minutes to fill)
    python bench/bench_bank_cache.py --entries 200000 --change 100

Fills one bank in an SQLite home with random PDQ hashes, then times ``BankMatcher.load`` when
the cache is current, after ``--change`` entries are added, after as many are retired, and a
rebuild from the database (the cache deleted) for comparison, in one run.  Prints one JSON
object; ``patch_vs_rebuild`` is how many times faster patching is than rebuilding.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np


def random_pdq(rng: np.random.Generator, n: int) -> list[str]:
    raw = rng.integers(0, 256, size=(n, 32), dtype=np.uint8)
    return [row.tobytes().hex() for row in raw]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--change", type=int, default=100)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()

    from vigil.config import Settings
    from vigil.core import Vigil
    from vigil.media import banks
    from vigil.media.banks import NewEntry
    from vigil.media.matching import BankMatcher

    rng = np.random.default_rng(args.seed)
    home = Path(tempfile.mkdtemp(prefix="vigil-bench-cache-"))
    out: dict = {"entries": args.entries, "change": args.change}
    try:
        with Vigil(Settings(home=home)) as vigil:
            banks.create_bank(vigil, "bench", created_by="bench")
            t = time.perf_counter()
            for start in range(0, args.entries, 20_000):
                n = min(20_000, args.entries - start)
                new = [NewEntry("pdq", h, added_by="bench") for h in random_pdq(rng, n)]
                banks.add_entries(vigil, "bench", new, actor="bench")
            out["fill_s"] = time.perf_counter() - t

            def timed(label: str) -> None:
                t = time.perf_counter()
                matcher = BankMatcher.load(vigil)
                out[f"{label}_s"] = time.perf_counter() - t
                out[f"{label}_indexed"] = len(matcher.index)

            timed("first_build")
            timed("reopen_unchanged")
            added = random_pdq(rng, args.change)
            banks.add_entries(
                vigil, "bench", [NewEntry("pdq", h, added_by="bench") for h in added], actor="b"
            )
            timed("after_adds")
            entries = banks.bank_entries(vigil, "bench", statuses=("active",))[: args.change]
            for e in entries:
                banks.set_status(vigil, e.id, "retired", actor="bench")
            timed("after_retirements")
            shutil.rmtree(home / "media" / "pdq-index")
            timed("rebuild")
        patch = max(out["after_adds_s"], out["after_retirements_s"])
        out["patch_vs_rebuild"] = out["rebuild_s"] / patch
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
