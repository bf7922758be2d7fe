"""Import benchmark: a generated Vigil JSON Lines file into SQLite.

    python bench/bench_ingest.py            # 1,000,000 posts (about a minute per 20k posts/s)
    python bench/bench_ingest.py --posts 100000
    python bench/bench_ingest.py --format telegram_json --posts 200000   # a Desktop export

Generates the file in a temporary folder, imports it in a child process (so that the peak RSS
measured with resource.getrusage is the import's alone), and prints one JSON object with posts/s
(wall clock, and per CPU-second of the importing process) and the peak resident memory.
Targets: >= 20,000 posts/s on one core, peak RSS < 500 MB.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

ACCOUNTS = 5000


def generate(path: Path, posts: int) -> None:
    """Write ``posts`` posts by ACCOUNTS accounts, one JSON object a line."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(ACCOUNTS):
            acct = {
                "type": "account",
                "platform": "x",
                "platform_id": f"u{i}",
                "handle": f"user{i}",
                "followers": i * 7,
            }
            fh.write(json.dumps(acct) + "\n")
        for i in range(posts):
            day, sec = divmod(i, 86400)
            post = {
                "type": "post",
                "platform": "x",
                "platform_id": f"p{i}",
                "account_id": f"u{i % ACCOUNTS}",
                "text": f"post number {i} about the weather and the news of day {day}",
                "created_at": f"2024-{1 + day % 12:02d}-{1 + day % 28:02d}T"
                f"{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}Z",
                "language": "en",
                "metrics": {"likes": i % 100, "reposts": i % 7},
            }
            fh.write(json.dumps(post) + "\n")


def generate_telegram(path: Path, posts: int) -> None:
    """A Telegram Desktop export of one supergroup: ``posts`` messages with links and replies."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"name": "bench", "type": "public_supergroup", "id": 1, "messages": [\n')
        for i in range(1, posts + 1):
            msg = {
                "id": i,
                "type": "message",
                "date": "2024-01-01T00:00:00",
                "date_unixtime": str(1704067200 + i),
                "from": f"user {i % ACCOUNTS}",
                "from_id": f"user{i % ACCOUNTS}",
                "text": [f"message {i} ", {"type": "link", "text": f"https://example.org/{i}"}],
            }
            if i % 3 == 0:
                msg["reply_to_message_id"] = i - 1
            fh.write(("," if i > 1 else "") + json.dumps(msg) + "\n")
        fh.write("]}\n")


GENERATORS = {"vigil_jsonl": generate, "telegram_json": generate_telegram}


def _import(path: str, home: str, queue: mp.Queue) -> None:
    from vigil import ingest
    from vigil.config import Settings
    from vigil.core import Vigil

    vigil = Vigil(Settings(home=Path(home)))
    _ = vigil.engine  # create the schema before the clock starts
    cpu0 = _cpu_s()
    start = time.perf_counter()
    summary = ingest.run(vigil, [Path(path)])
    elapsed = time.perf_counter() - start
    cpu = _cpu_s() - cpu0
    vigil.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    queue.put(
        {
            "elapsed_s": elapsed,
            "cpu_s": cpu,
            "imported": summary.imported,
            "read": summary.read,
            "rejected": summary.rejected,
            "peak_rss_mb": peak_kb / 1024,
        }
    )


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--format", choices=sorted(GENERATORS), default="vigil_jsonl")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / ("result.json" if args.format == "telegram_json" else "posts.jsonl")
        t0 = time.perf_counter()
        GENERATORS[args.format](data, args.posts)
        gen_s = time.perf_counter() - t0
        ctx = mp.get_context("spawn")  # a fresh interpreter: its RSS is the import's own
        queue: mp.Queue = ctx.Queue()
        child = ctx.Process(target=_import, args=(str(data), str(Path(tmp) / "home"), queue))
        child.start()
        out = queue.get()
        child.join()
        records = out["read"]
        result = {
            "benchmark": f"ingest {args.format} into SQLite",
            "posts": args.posts,
            "records": records,
            "file_mb": round(data.stat().st_size / 1e6, 1),
            "generate_s": round(gen_s, 1),
            "import_s": round(out["elapsed_s"], 1),
            "cpu_s": round(out["cpu_s"], 1),
            "posts_per_s": round(args.posts / out["elapsed_s"]),
            # the import runs on one core: posts per CPU-second is the per-core rate, and it
            # holds even when other processes share the machine
            "posts_per_cpu_s": round(args.posts / out["cpu_s"]),
            "records_per_s": round(records / out["elapsed_s"]),
            "peak_rss_mb": round(out["peak_rss_mb"], 1),
            "imported": out["imported"],
            "rejected": out["rejected"],
            "targets": {"posts_per_s": 20000, "peak_rss_mb": 500},
        }
        json.dump(result, sys.stdout)
        sys.stdout.write("\n")


if __name__ == "__main__":
    main()
