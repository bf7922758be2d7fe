"""Review benchmarks: audit chain append and verify, login (argon2id at its default cost),
evidence package export and verify.  Prints one JSON object.

    python bench/bench_review.py [--events 20000] [--items 200] [--item-kb 64]

Runs on a SQLite home in a temporary folder; set VIGIL_DATABASE_URL to measure PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from vigil.config import Settings
from vigil.core import Vigil
from vigil.review import auth, evidence
from vigil.store import audit
from vigil.store.tables import cases


def _timed(fn) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def bench_audit(vigil: Vigil, n: int) -> dict:
    def append() -> None:
        with vigil.begin() as conn:  # one transaction: measures the chain, not commits
            for i in range(n):
                audit.append(
                    conn,
                    actor="bench",
                    action="case.decide",
                    object_type="case",
                    object_id=i,
                    before={"status": "open"},
                    after={"status": "decided"},
                )

    t_append, _ = _timed(append)
    with vigil.read() as conn:
        t_verify, report = _timed(lambda: audit.verify(conn))
    return {
        "events": n,
        "append_per_s": round(n / t_append),
        "verify_s": round(t_verify, 3),
        "verify_per_s": round(n / t_verify),
        "ok": report.ok,
    }


def bench_login(vigil: Vigil, rounds: int = 5) -> dict:
    auth.bootstrap_admin(vigil, "root", "bench-password")
    t, _ = _timed(lambda: [auth.login(vigil, "root", "bench-password") for _ in range(rounds)])
    return {"argon2id_login_ms": round(1000 * t / rounds, 1)}


def bench_evidence(vigil: Vigil, items: int, kb: int, out: Path) -> dict:
    root = auth.login(vigil, "root", "bench-password")
    auth.create_user(vigil, root, "rev", ["reviewer"], "bench-password")
    rev = auth.actor_from_token(vigil, auth.create_token(vigil, root, "rev", ["*"])["token"])
    with vigil.begin() as conn:
        cid = conn.execute(
            insert(cases).values(platform="x", account_id="a", organisation="o", score=1.0, status="open")
        ).inserted_primary_key[0]
    t_keep, _ = _timed(
        lambda: [
            evidence.preserve(vigil, rev, cid, os.urandom(kb * 1024), kind="media", media_type="image/jpeg")
            for _ in range(items)
        ]
    )
    t_export, summary = _timed(lambda: evidence.export_package(vigil, rev, cid, out))
    t_verify, report = _timed(lambda: evidence.verify_package(out))
    mb = items * kb / 1024
    return {
        "items": items,
        "item_kb": kb,
        "preserve_per_s": round(items / t_keep),
        "export_mb_per_s": round(mb / t_export, 1),
        "verify_mb_per_s": round(mb / t_verify, 1),
        "package_mb": round(out.stat().st_size / 2**20, 1),
        "verified": report.ok,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=20000)
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--item-kb", type=int, default=64)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(home=Path(tmp) / "home")
        with Vigil(settings) as vigil:
            result = {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "database": "sqlite" if settings.is_sqlite else "postgresql",
                "audit": bench_audit(vigil, args.events),
                "login": bench_login(vigil),
                "evidence": bench_evidence(vigil, args.items, args.item_kb, Path(tmp) / "pkg.zip"),
            }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
