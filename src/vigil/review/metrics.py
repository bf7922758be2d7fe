"""Errors, measured: refused proposals and reversed decisions per detector, organisation and
language, so the unit sees where its tools mislead it.

A *refused proposal* is a case a reviewer decided was not proven or exempt; a *reversal* is an
appeal that ended reversed.  A case counts for every detector that raised a signal on its
account for its organisation (or for no organisation), so a detector that proposes many
refused cases stands out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from vigil.core import Vigil
from vigil.domain.enums import DecisionOutcome
from vigil.review.auth import Actor, authorize
from vigil.store.tables import accounts, cases, decisions, posts, signals
from vigil.store.tables_review import appeals

REFUSED = {DecisionOutcome.NOT_PROVEN.value, DecisionOutcome.EXEMPT.value}
UNKNOWN = "und"


def error_metrics(vigil: Vigil, actor: Actor | str) -> dict[str, Any]:
    authorize(vigil, actor, "metrics.view")
    with vigil.read() as conn:
        return compute(conn)


def compute(conn: Connection) -> dict[str, Any]:
    decided = conn.execute(
        select(
            cases.c.id,
            cases.c.platform,
            cases.c.account_id,
            cases.c.organisation,
            decisions.c.outcome,
        ).join(decisions, decisions.c.case_id == cases.c.id)
    ).all()
    reversed_cases = set(conn.execute(select(appeals.c.case_id).where(appeals.c.state == "reversed")).scalars())
    langs = _languages(conn, {(c.platform, c.account_id) for c in decided})
    detectors = _detectors(conn, decided)
    tallies: dict[str, dict[str, Counter[str]]] = {
        "detector": defaultdict(Counter),
        "organisation": defaultdict(Counter),
        "language": defaultdict(Counter),
    }
    for c in decided:
        keys = {
            "detector": detectors.get(c.id) or {"(none)"},
            "organisation": {c.organisation},
            "language": {langs.get((c.platform, c.account_id), UNKNOWN)},
        }
        for dim, values in keys.items():
            for v in values:
                _count(tallies[dim][v], c.outcome, c.id in reversed_cases)
    total: Counter[str] = Counter()
    for c in decided:
        _count(total, c.outcome, c.id in reversed_cases)
    return {"totals": _rates(total), **{f"by_{dim}": _table(t) for dim, t in tallies.items()}}


def _count(t: Counter[str], outcome: str, reversed_: bool) -> None:
    t["decided"] += 1
    t["refused"] += outcome in REFUSED
    t["proven"] += outcome == DecisionOutcome.LINK_PROVEN.value
    t["reversed"] += reversed_


def _rates(t: Counter[str]) -> dict[str, Any]:
    n = t["decided"]
    return {
        "decided": n,
        "proven": t["proven"],
        "refused": t["refused"],
        "reversed": t["reversed"],
        "refusal_rate": round(t["refused"] / n, 4) if n else None,
        "reversal_rate": round(t["reversed"] / n, 4) if n else None,
    }


def _table(t: dict[str, Counter[str]]) -> list[dict[str, Any]]:
    rows = [{"key": k, **_rates(v)} for k, v in t.items()]
    return sorted(rows, key=lambda r: (-(r["refused"] + r["reversed"]), r["key"]))


def _languages(conn: Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """An account's language: its own field, else the commonest language of its posts."""
    out: dict[tuple[str, str], str] = {}
    for r in conn.execute(select(accounts.c.platform, accounts.c.platform_id, accounts.c.language)):
        if (r.platform, r.platform_id) in keys and r.language:
            out[(r.platform, r.platform_id)] = r.language
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in conn.execute(
        select(posts.c.platform, posts.c.account_id, posts.c.language).where(posts.c.language.is_not(None))
    ):
        k = (r.platform, r.account_id)
        if k in keys and k not in out:
            votes[k][r.language] += 1
    out.update({k: v.most_common(1)[0][0] for k, v in votes.items()})
    return out


def _detectors(conn: Connection, decided: Sequence[Any]) -> dict[int, set[str]]:
    by_account: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for c in decided:
        by_account[(c.platform, c.account_id, c.organisation)].add(c.id)
        by_account[(c.platform, c.account_id, "")].add(c.id)
    out: dict[int, set[str]] = defaultdict(set)
    for s in conn.execute(
        select(signals.c.platform, signals.c.account_id, signals.c.organisation, signals.c.detector).distinct()
    ):
        for case_id in by_account.get((s.platform, s.account_id, s.organisation), ()):
            out[case_id].add(s.detector)
    return out
