"""Co-link network speed: Vigil's coordination module against QUT's coordination-network-toolkit.

Generates N posts with links (Zipf-popular URLs, background posting over 30 days, plus groups of
accounts that post the same URL within seconds), computes the co-link network with both on the
same input, window and minimum weight, checks that the edges are the same, and prints JSON.

    python bench/bench_coordination.py                      # 1M posts, both tools
    python bench/bench_coordination.py --posts 200000       # quicker
    python bench/bench_coordination.py --reference-posts 200000   # toolkit on a smaller slice

The toolkit runs on as many processes as there are cores (its own parallelism).  Its load step
(one INSERT per row into its SQLite file) is timed apart from the network computation.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import tempfile
import time
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np


def generate(n: int, seed: int = 1) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    n_users, n_urls = max(100, n // 20), max(100, n // 5)
    coordinated = n // 20  # 5% of posts come from coordinated bursts
    background = n - coordinated
    users = rng.integers(0, n_users, background)
    # URL popularity is heavy-tailed (log-normal weights): a few URLs are shared thousands of
    # times, most once or twice.
    popularity = rng.lognormal(0.0, 1.5, n_urls)
    urls = rng.choice(n_urls, background, p=popularity / popularity.sum())
    ts = rng.uniform(0, 30 * 86400, background).round()
    # Bursts: a group of 10 accounts posts one URL within 30 seconds.
    bursts = coordinated // 10
    g_users = (n_users + rng.integers(0, 2000, bursts)[:, None] * 10 + np.arange(10)).ravel()
    g_urls = np.repeat(n_urls + rng.integers(0, bursts * 2, bursts), 10)
    g_ts = (np.repeat(rng.uniform(0, 30 * 86400, bursts), 10) + rng.uniform(0, 30, bursts * 10)).round()
    users = np.concatenate([users, g_users])[:n]
    urls = np.concatenate([urls, g_urls])[:n]
    ts = np.concatenate([ts, g_ts])[:n]
    # Plain Python strings, as rows read from a file or a database would be.
    return {
        "account": [f"u{u}" for u in users.tolist()],
        "url": [f"https://site.example/{u}" for u in urls.tolist()],
        "post": [f"m{i}" for i in range(len(users))],
        "ts": ts.astype(np.float64),
    }


def run_vigil(data: dict[str, Any], window: float, min_weight: int) -> tuple[float, dict]:
    """Time the computation (as arrays); turn the edges into a dict afterwards, untimed, as
    the toolkit's edges are read out of its database untimed."""
    from vigil.linkage.coordination import co_share_arrays

    t = time.perf_counter()
    users, src, dst, weight = co_share_arrays(
        data["account"], data["url"], data["post"], data["ts"], window=window, min_weight=min_weight
    )
    elapsed = time.perf_counter() - t
    labels = np.asarray(users, dtype=object)
    pairs = zip(labels[src].tolist(), labels[dst].tolist(), strict=True)
    return elapsed, dict(zip(pairs, weight.tolist(), strict=True))


def run_toolkit(data: dict[str, Any], window: float, min_weight: int, folder: Path) -> tuple[float, float, dict]:
    from coordination_network_toolkit.compute_networks import compute_co_link_network
    from coordination_network_toolkit.preprocess import preprocess_data

    db = str(folder / "toolkit.db")
    rows = (
        (m, a, "", None, None, "", float(t), [u])
        for m, a, u, t in zip(data["post"], data["account"], data["url"], data["ts"], strict=True)
    )
    t = time.perf_counter()
    with redirect_stdout(StringIO()):
        preprocess_data(db, rows)
    load = time.perf_counter() - t
    t = time.perf_counter()
    with redirect_stdout(StringIO()):
        compute_co_link_network(db, window, n_threads=os.cpu_count() or 2, min_edge_weight=min_weight)
    compute = time.perf_counter() - t
    with sqlite3.connect(db) as conn:
        edges = {(a, b): w for a, b, w in conn.execute("select * from co_link_network where user_1 != user_2")}
    return load, compute, edges


def _slice(data: dict[str, Any], n: int) -> dict[str, Any]:
    return {k: v[:n] for k, v in data.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument(
        "--reference-posts", type=int, default=None, help="Run the toolkit on the first N posts only (default: all)."
    )
    ap.add_argument("--window", type=float, default=60.0)
    ap.add_argument("--min-weight", type=int, default=1)
    args = ap.parse_args()
    data = generate(args.posts)
    ours_s, ours = run_vigil(data, args.window, args.min_weight)
    ref_n = args.reference_posts or args.posts
    ref_data = data if ref_n == args.posts else _slice(data, ref_n)
    ours_ref_s, ours_ref = (ours_s, ours) if ref_n == args.posts else run_vigil(ref_data, args.window, args.min_weight)
    with tempfile.TemporaryDirectory() as tmp:
        load_s, ref_s, ref = run_toolkit(ref_data, args.window, args.min_weight, Path(tmp))
    print(json.dumps({
        "behaviour": "co_link",
        "posts": args.posts,
        "window_seconds": args.window,
        "min_weight": args.min_weight,
        "cores": os.cpu_count(),
        "vigil_seconds": round(ours_s, 2),
        "vigil_edges": len(ours),
        "reference_posts": ref_n,
        "toolkit_load_seconds": round(load_s, 2),
        "toolkit_compute_seconds": round(ref_s, 2),
        "vigil_seconds_same_input": round(ours_ref_s, 2),
        "speedup_compute": round(ref_s / ours_ref_s, 1),
        "speedup_with_toolkit_load": round((ref_s + load_s) / ours_ref_s, 1),
        "same_edges": ours_ref == ref,
        "edges_compared": len(ref),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
