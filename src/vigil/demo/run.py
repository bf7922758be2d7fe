"""`vigil demo`: generate a world, run every stage over it, and score the result.

Simulated time: the world's posts end on 2026-10-31; review happens the day after, requests
go out the day after that, and platform answers are collected for 30 days.  The day after, half
of the removed accounts come back under new names and `vigil watch` looks for them.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from vigil import detect, ingest
from vigil.config import Settings
from vigil.core import Vigil
from vigil.demo import reviewer
from vigil.demo.world import EPOCH_END, generate
from vigil.errors import InputError
from vigil.linkage import assess
from vigil.referral import stage as referral
from vigil.report import headline
from vigil.report.html import write_headline
from vigil.review import cases as review
from vigil.simulator import PlatformSimulator

MARKER = ".vigil-demo"
LIAISON = "demo-liaison"
ANSWER_WINDOW = timedelta(days=30)
RETURN_SHARE = 0.5

Say = Callable[[str], None]


def prepare_home(home: Path) -> None:
    """A fresh demo home: refuse to wipe a folder that is not a previous demo's."""
    if home.exists() and any(home.iterdir()):
        if not (home / MARKER).exists():
            raise InputError(
                f"{home} holds data that is not a previous demo's; the demo needs a fresh folder. "
                "Pass --home with a new or empty folder."
            )
        shutil.rmtree(home)
    home.mkdir(parents=True, exist_ok=True)
    (home / MARKER).write_text("created by vigil demo; safe to delete\n", encoding="utf-8")


def run_demo(home: Path, *, seed: int = 7, accounts: int = 3000, say: Say = lambda _m: None) -> dict[str, Any]:
    prepare_home(home)
    timings: dict[str, float] = {}

    def step(name: str, fn: Callable[[], Any]) -> Any:
        say(f"{name} ...")
        t = time.perf_counter()
        out = fn()
        timings[name] = round(time.perf_counter() - t, 2)
        return out

    world = step("generate world", lambda: generate(seed=seed, accounts=accounts))
    world_path, truth_path = world.write(home / "world")
    vigil = Vigil(Settings(home=home))
    try:
        from vigil.registry import ensure_seed

        step("load registry", lambda: ensure_seed(vigil))
        ingested = step("ingest", lambda: ingest.run(vigil, [world_path]))
        detected = step("detect", lambda: detect.run(vigil))
        step("assess", lambda: assess.run(vigil, versions=detected.detectors))
        review_at = EPOCH_END + timedelta(days=1)
        step("propose cases", lambda: review.propose_cases(vigil, now=review_at))
        decisions = step("scripted review", lambda: reviewer.review_all(vigil, now=review_at))
        send_at = EPOCH_END + timedelta(days=2)
        simulator = PlatformSimulator(home / "simulator", seed=seed, clock=send_at)
        step("draft requests", lambda: referral.draft_requests(vigil, actor=LIAISON, now=send_at))
        step("send requests", lambda: referral.dispatch(vigil, lambda _p: simulator, actor=LIAISON, now=send_at))
        step("platform answers", lambda: _collect(vigil, simulator, until=send_at + ANSWER_WINDOW))
        report = step("report", lambda: headline(vigil))
        identified = identified_accounts(vigil)  # scored before the returns are added
        returns_at = send_at + ANSWER_WINDOW + timedelta(days=1)
        blocking = step("permanent blocking", lambda: _permanent_blocking(vigil, seed=seed, now=returns_at))
    finally:
        vigil.close()
    truth = json.loads(truth_path.read_text(encoding="utf-8"))["accounts"]
    report["ground_truth"] = score_against_truth(identified, truth)
    report["ground_truth"]["referred"] = score_referrals(home, truth)
    report["permanent_blocking"] = blocking
    report["scripted_review"] = True
    report["decisions"] = decisions
    report["world"] = {
        "seed": seed,
        "accounts": len(world.accounts),
        "posts": len(world.posts),
        "interactions": len(world.interactions),
    }
    report["ingest"] = {"read": ingested.read, "imported": ingested.imported, "rejected": ingested.rejected}
    report["detectors"] = detected.detectors
    report["timings_s"] = timings
    (home / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    write_headline(report, home / "report.html")
    return report


def _permanent_blocking(vigil: Vigil, *, seed: int, now: Any) -> dict[str, Any]:
    """Half of the removed accounts come back under new names (with unrelated look-alikes
    beside them); `vigil watch` must catch the returns and leave the look-alikes alone."""
    from vigil.demo.returns import score_scan, simulate_returns
    from vigil.linkage import watch

    returns = simulate_returns(vigil, share=RETURN_SHARE, seed=seed, now=now)
    avatars = watch.load_avatar_file(Path(returns["avatar_file"]))
    result = watch.scan(vigil, avatar_pdq=avatars, now=now)
    return {
        "fingerprinted": result.fingerprinted,
        "scanned": result.scanned,
        "cases_opened": result.cases_opened,
        **score_scan(result, returns["truth"], returns["lookalikes"]),
    }


def _collect(vigil: Vigil, simulator: PlatformSimulator, *, until: Any) -> int:
    n = 0
    for answer in simulator.answers(until):
        n += referral.record_answer(
            vigil, answer.request_id, answer.outcome, at=answer.at, actor=LIAISON, reason=answer.reason
        )
    referral.expire_unanswered(vigil, now=until, actor=LIAISON)
    return n


def identified_accounts(vigil: Vigil) -> set[str]:
    from sqlalchemy import select

    from vigil.store.tables import cases

    with vigil.read() as conn:
        return {f"{r.platform}:{r.account_id}" for r in conn.execute(select(cases.c.platform, cases.c.account_id))}


def score_referrals(home: Path, truth: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Of the (account, organisation) pairs that were referred: how many were linked accounts,
    and how many named the right organisation."""
    from sqlalchemy import select

    from vigil.store.tables import cases, removal_requests

    with Vigil(Settings(home=home)) as vigil, vigil.read() as conn:
        stmt = select(cases.c.platform, cases.c.account_id, cases.c.organisation).join(
            removal_requests, removal_requests.c.case_id == cases.c.id
        )
        pairs = {(f"{r.platform}:{r.account_id}", r.organisation) for r in conn.execute(stmt)}
    linked = sum(1 for k, _ in pairs if truth.get(k, {}).get("linked"))
    right_org = sum(1 for k, org in pairs if truth.get(k, {}).get("organisation") == org)
    return {
        "pairs": len(pairs),
        "precision": round(linked / len(pairs), 4) if pairs else None,
        "organisation_correct": round(right_org / len(pairs), 4) if pairs else None,
    }


def score_against_truth(identified: set[str], truth: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Precision and recall of "identified" against the generator's ground truth."""
    linked = {k for k, v in truth.items() if v["linked"]}
    tp = len(identified & linked)
    hard = {"news", "official_gov", "researcher", "political"}
    flagged_roles: dict[str, int] = {}
    for k in identified - linked:
        role = str(truth.get(k, {}).get("role", "unknown"))
        flagged_roles[role] = flagged_roles.get(role, 0) + 1
    return {
        "precision": round(tp / len(identified), 4) if identified else None,
        "recall": round(tp / len(linked), 4) if linked else None,
        "identified": len(identified),
        "linked_accounts": len(linked),
        "true_positives": tp,
        "false_positives_by_role": flagged_roles,
        "hard_negatives_flagged": sum(v for r, v in flagged_roles.items() if r in hard),
    }
