"""How well re-emergence matching works: recall@1, MRR and false alarms on demo worlds.

A hit at rank 1 counts only when its score also passes the alert threshold, so recall@1 is the
share of re-created accounts that would open the right case.  MRR uses the rank of the true
original among the top 10 whatever the score.  The false-alarm rate is the share of unrelated
look-alike accounts whose best match passes the threshold.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from vigil.domain import Account, Interaction, Post
from vigil.linkage.fingerprint import Fingerprint, fingerprint_account
from vigil.linkage.reemergence import ReemergenceIndex

__all__ = ["evaluate_reemergence", "evaluate_on_worlds", "neighbours_of"]


def neighbours_of(interactions: Iterable[Interaction]) -> dict[str, set[str]]:
    """Account key -> keys of the accounts it forwarded, reposted, mentioned or followed."""
    out: dict[str, set[str]] = defaultdict(set)
    for it in interactions:
        if not it.target_account_id:
            continue
        target = it.target_account_id
        if ":" not in target:
            target = f"{it.platform.value}:{target}"
        out[f"{it.platform.value}:{it.source_account_id}"].add(target)
    return out


def _fingerprints(
    accounts: Sequence[Account],
    posts: dict[str, list[Post]],
    avatars: dict[str, str],
    neighbours: dict[str, set[str]],
) -> list[Fingerprint]:
    out = []
    for a in accounts:
        key = f"{a.platform.value}:{a.platform_id}"
        out.append(
            fingerprint_account(
                a, posts.get(key, []), avatar_pdq=avatars.get(key),
                neighbours=neighbours.get(key, ()),
            )
        )  # fmt: skip
    return out


def evaluate_reemergence(
    removed: Sequence[Account],
    posts: dict[str, list[Post]],
    *,
    seed: int,
    share: float = 0.5,
    neighbours: dict[str, set[str]] | None = None,
    threshold: float | None = None,
) -> dict[str, Any]:
    """Re-create ``share`` of the ``removed`` accounts (and as many look-alikes) with ``seed``,
    match each new account against the fingerprints of all removed accounts, and score."""
    from vigil.demo.recreate import recreate_accounts

    neighbours = neighbours or {}
    avatars: dict[str, str] = {}
    recreated, new_posts, truth, lookalikes = recreate_accounts(
        list(removed), posts, random.Random(seed), share, avatars=avatars
    )
    new_by_account: dict[str, list[Post]] = defaultdict(list)
    for p in new_posts:
        new_by_account[f"{p.platform.value}:{p.account_id}"].append(p)
    index = ReemergenceIndex() if threshold is None else ReemergenceIndex(threshold=threshold)
    for fp in _fingerprints(removed, posts, avatars, neighbours):
        index.add(fp, fp.key, defer=True)
    index.compact()
    # A re-created account comes back to the same circles: it keeps most of its neighbours.
    rng = random.Random(seed + 1)
    new_neigh = {new: {n for n in neighbours.get(old, ()) if rng.random() < 0.7} for new, old in truth.items()}
    hits, rr, misses = 0, 0.0, []
    for fp in _fingerprints(recreated, new_by_account, avatars, new_neigh):
        matches = index.match(fp, top=10)
        ranks = [i for i, m in enumerate(matches) if m.fingerprint_key == truth[fp.key]]
        if ranks:
            rr += 1.0 / (ranks[0] + 1)
        if ranks and ranks[0] == 0 and index.is_alert(matches[0]):
            hits += 1
        else:
            misses.append({"account": fp.key, "original": truth[fp.key],
                           "top": matches[0].to_dict() if matches else None})  # fmt: skip
    alarms = []
    for fp in _fingerprints(lookalikes, new_by_account, avatars, {}):
        matches = index.match(fp, top=1)
        if matches and index.is_alert(matches[0]):
            alarms.append({"account": fp.key, "top": matches[0].to_dict()})
    n = max(len(recreated), 1)
    return {
        "seed": seed,
        "fingerprints": len(index),
        "recreated": len(recreated),
        "lookalikes": len(lookalikes),
        "threshold": index.threshold,
        "recall_at_1": round(hits / n, 4),
        "mrr": round(rr / n, 4),
        "false_alarm_rate": round(len(alarms) / max(len(lookalikes), 1), 4),
        "misses": misses[:10],
        "false_alarms": alarms[:10],
    }


def evaluate_on_worlds(seeds: Sequence[int] = (7, 8), *, accounts: int = 3000, share: float = 0.5) -> dict[str, Any]:
    """Generate a demo world per seed; its linked accounts stand for the removed ones."""
    from vigil.demo.world import generate

    results = []
    for seed in seeds:
        world = generate(seed=seed, accounts=accounts)
        removed = [
            a for a in world.accounts
            if world.truth[f"{a.platform.value}:{a.platform_id}"]["linked"]
        ]  # fmt: skip
        posts: dict[str, list[Post]] = defaultdict(list)
        for p in world.posts:
            posts[f"{p.platform.value}:{p.account_id}"].append(p)
        results.append(
            evaluate_reemergence(
                removed, posts, seed=seed, share=share,
                neighbours=neighbours_of(world.interactions),
            )
        )  # fmt: skip
    return {"worlds": results, "passed": all(_passes(r) for r in results)}


def _passes(result: dict[str, Any]) -> bool:
    return result["recall_at_1"] >= 0.95 and result["mrr"] >= 0.97 and result["false_alarm_rate"] <= 0.01
