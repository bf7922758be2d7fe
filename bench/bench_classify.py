"""Throughput of the default support model on one core: `python bench/bench_classify.py`.

Trains (or reuses) the default support model in a temporary home, then scores posts drawn from
the seed corpus with light changes, in batches as the detect stage does.  Prints JSON:
posts/s for P(support) alone (what the detect stage's scoring costs), and for the full
`vigil classify` path (plus language ID and the top-5 features of every post).
"""

from __future__ import annotations

import os

# one core: keep any BLAS/OpenMP pool to a single thread before numpy loads
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402


def posts(n: int, seed: int = 7) -> list[str]:
    from vigil.models.corpus import load_seed

    rng = random.Random(seed)
    base = [p.text for p in load_seed()]
    suffixes = ["", " !!", " yaar", " 🙏", " #Pakistan", " please share", " ?"]
    return [rng.choice(base) + rng.choice(suffixes) for _ in range(n)]


def rate(fn, texts: list[str], batch: int) -> tuple[float, float]:
    """(posts per CPU-second of this process, posts per wall-clock second).  CPU time is the
    figure for "one core": it does not move when other programs share the machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(texts), batch):
        fn(texts[i : i + batch])
    return len(texts) / (time.process_time() - cpu), len(texts) / (time.perf_counter() - wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from vigil.cli.classify import classify_texts
    from vigil.config import Settings
    from vigil.core import Vigil
    from vigil.models.training import default_support_model

    with tempfile.TemporaryDirectory() as tmp:
        vigil = Vigil(Settings(home=Path(tmp)))
        start = time.perf_counter()
        stored = default_support_model(vigil)
        train_s = time.perf_counter() - start
        texts = posts(args.posts)
        stored.model.predict_proba(texts[:100])  # warm up
        score_cpu, score_wall = rate(stored.model.predict_proba, texts, args.batch)
        full = texts[: max(args.posts // 5, 1000)]
        full_cpu, full_wall = rate(lambda b: classify_texts(stored, b, top=5), full, args.batch)
    print(
        json.dumps(
            {
                "model": stored.card.ref,
                "first_use_training_s": round(train_s, 2),
                "posts": len(texts),
                "cores": 1,
                "support_score_posts_per_cpu_s": round(score_cpu),
                "support_score_posts_per_wall_s": round(score_wall),
                "classify_full_posts_per_cpu_s": round(full_cpu),
                "classify_full_posts_per_wall_s": round(full_wall),
                "target_posts_per_s": 5000,
            }
        )
    )


if __name__ == "__main__":
    main()
