"""Referral throughput: documents rendered, signed and sent per second (file drop), compliance
figures over many requests, and the transparency report.  Prints one JSON object.

    python bench/bench_referral.py --requests 200 --history 5000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from vigil.config import Settings
from vigil.core import Vigil
from vigil.referral import dispatch
from vigil.report.compliance import compliance
from vigil.report.transparency import render_html, render_pdf
from vigil.store.tables import cases, removal_requests

PLATFORMS = ["facebook", "instagram", "tiktok", "x", "telegram", "whatsapp"]
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def seed(vigil: Vigil, n: int, *, state: str, rng: random.Random) -> None:
    """n requests with cases; 'closed' ones get an outcome and a time to removal."""
    with vigil.begin() as conn:
        for i in range(n):
            platform = rng.choice(PLATFORMS)
            case_id = conn.execute(
                cases.insert().values(
                    platform=platform,
                    account_id=f"a{uuid.uuid4().hex[:10]}",
                    organisation=rng.choice(["ttp", "bla"]),
                    score=0.9,
                    reach=rng.randint(10, 50_000),
                    tier=3,
                    status="decided",
                )
            ).inserted_primary_key[0]
            sent = T0 + timedelta(hours=rng.randint(0, 24 * 300))
            final = state if state != "closed" else rng.choice(["actioned", "rejected", "no_response"])
            conn.execute(
                removal_requests.insert().values(
                    case_id=case_id,
                    platform=platform,
                    kind=rng.choice(["legal_order", "tos_referral"]),
                    state=final,
                    targets=[f"https://{platform}.example/{i}", f"acct-{i}"],
                    idempotency_key=uuid.uuid4().hex,
                    created_at=sent,
                    sent_at=None if state == "approved" else sent,
                    due_at=None if state == "approved" else sent + timedelta(hours=1),
                    closed_at=None if state == "approved" else sent + timedelta(hours=rng.expovariate(1 / 20)),
                )
            )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=200, help="requests to send by file drop")
    ap.add_argument("--history", type=int, default=5000, help="closed requests for the figures")
    args = ap.parse_args()
    rng = random.Random(7)
    out: dict[str, object] = {"python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        (home / "platforms.yaml").write_text(
            "platforms:\n" + "".join(f"  {p}:\n    channel: {{type: filedrop, folder: drop}}\n" for p in PLATFORMS)
        )
        with Vigil(Settings(home=home)) as vigil:
            seed(vigil, args.requests, state="approved", rng=rng)
            t = time.perf_counter()
            summary = dispatch.send(vigil)
            dt = time.perf_counter() - t
            out["dispatch"] = {"requests": summary.sent, "seconds": round(dt, 2), "per_s": round(summary.sent / dt, 1)}
            seed(vigil, args.history, state="closed", rng=rng)
            t = time.perf_counter()
            report = {"referral": compliance(vigil)}
            out["compliance"] = {"requests": args.history + args.requests, "seconds": round(time.perf_counter() - t, 2)}
            t = time.perf_counter()
            html, pdf = render_html(report), render_pdf(report)
            out["transparency_report"] = {
                "seconds": round(time.perf_counter() - t, 2),
                "html_bytes": len(html),
                "pdf_bytes": len(pdf),
            }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
