"""Demo only: removed accounts that come back under new names.

:func:`simulate_returns` re-creates a share of a demo home's removed accounts (and as many
unrelated look-alikes) with :mod:`vigil.demo.recreate`; :func:`score_scan` scores a
`vigil watch` scan against that ground truth.  They live in the demo because they generate and
read ground truth, which the pipeline itself never does.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from vigil.core import Vigil
from vigil.linkage.watch import ScanResult, _account, _posts_of, fingerprint_removed
from vigil.store.tables import accounts
from vigil.store.tables_linkage import fingerprints


def simulate_returns(vigil: Vigil, *, share: float = 0.5, seed: int = 7, now: datetime | None = None) -> dict[str, Any]:
    """Demo only: re-create ``share`` of the removed accounts (and as many unrelated look-alikes)
    with :func:`vigil.demo.recreate.recreate_accounts`, store them, and write the simulated avatar
    hashes of every account to ``<home>/demo/avatar_pdq.json``.  Returns the ground truth."""
    import random

    from vigil.demo.recreate import account_key, demo_avatar_pdq, recreate_accounts
    from vigil.store.records import upsert_records

    now = now or datetime.now(UTC)
    with vigil.read() as conn:
        everyone = [_account(r) for r in conn.execute(select(accounts))]
    avatars = {account_key(a): p for a in everyone if (p := demo_avatar_pdq(a))}
    fingerprint_removed(vigil, avatar_pdq=avatars, now=now)
    with vigil.read() as conn:
        removed_keys = {(r.platform, r.platform_id) for r in conn.execute(
            select(fingerprints.c.platform, fingerprints.c.platform_id))}  # fmt: skip
        all_accounts = [_account(r) for r in conn.execute(select(accounts))]
        post_map = _posts_of(conn, {(a.platform.value, a.platform_id) for a in all_accounts})
    removed = [a for a in all_accounts if (a.platform.value, a.platform_id) in removed_keys]
    posts_by_key = {f"{p}:{i}": v for (p, i), v in post_map.items()}
    recreated, new_posts, truth, lookalikes = recreate_accounts(
        removed, posts_by_key, random.Random(seed), share, avatars=avatars
    )
    with vigil.begin() as conn:
        upsert_records(conn, [*recreated, *lookalikes, *new_posts])
    path = vigil.path("demo", "avatar_pdq.json")
    path.write_text(json.dumps(avatars, indent=0, sort_keys=True), encoding="utf-8")
    return {"truth": truth, "lookalikes": [account_key(a) for a in lookalikes],
            "avatar_file": str(path)}  # fmt: skip


def score_scan(result: ScanResult, truth: dict[str, str], lookalikes: list[str]) -> dict[str, Any]:
    """Demo only: how many re-created accounts a scan caught, linked to the right original, and
    how many look-alikes it flagged."""
    caught = sum(
        1 for a in result.alerts
        if truth.get(a["account"]) == a["match"]["fingerprint"]
    )  # fmt: skip
    flagged = sum(1 for a in result.alerts if a["account"] in set(lookalikes))
    return {
        "recreated": len(truth),
        "caught_with_right_original": caught,
        "recall": round(caught / max(len(truth), 1), 4),
        "lookalikes": len(lookalikes),
        "lookalikes_flagged": flagged,
        "false_alarm_rate": round(flagged / max(len(lookalikes), 1), 4),
    }
