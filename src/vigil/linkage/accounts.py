"""One account, everything Vigil knows about it: the record, its posts' count, how it is linked
to which organisation and why, its cases and decisions, the requests sent about it, and whether
it is a removed account come back (or has come back under another name)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select

from vigil.core import Vigil
from vigil.domain import Platform
from vigil.errors import InputError
from vigil.store.tables import accounts, assessments, cases, decisions, posts, removal_requests
from vigil.store.tables_linkage import fingerprints, reemergence_matches


def resolve(vigil: Vigil, ref: str) -> tuple[str, str]:
    """``platform:id``, a bare platform id, or a handle (with or without @) -> (platform, id)."""
    platform, _, rest = ref.partition(":")
    if rest and platform in {p.value for p in Platform}:
        where = (accounts.c.platform == platform) & (accounts.c.platform_id == rest)
    else:
        where = or_(accounts.c.platform_id == ref, accounts.c.handle == ref.lstrip("@"))
    with vigil.read() as conn:
        rows = conn.execute(select(accounts.c.platform, accounts.c.platform_id).where(where)).all()
    if not rows:
        raise InputError(f"no account {ref!r}; give platform:id (e.g. x:12345), a platform id or a handle")
    if len(rows) > 1:
        options = ", ".join(f"{r.platform}:{r.platform_id}" for r in rows[:10])
        raise InputError(f"{ref!r} names several accounts ({options}); give platform:id")
    return rows[0].platform, rows[0].platform_id


def account_view(vigil: Vigil, ref: str) -> dict[str, Any]:
    platform, account_id = resolve(vigil, ref)
    with vigil.read() as conn:
        record = (
            conn.execute(select(accounts).where(accounts.c.platform == platform, accounts.c.platform_id == account_id))
            .mappings()
            .first()
        )
        n_posts = conn.execute(
            select(func.count())
            .select_from(posts)
            .where(posts.c.platform == platform, posts.c.account_id == account_id)
        ).scalar_one()
        links = (
            conn.execute(
                select(assessments)
                .where(assessments.c.platform == platform, assessments.c.account_id == account_id)
                .order_by(assessments.c.score.desc())
            )
            .mappings()
            .all()
        )
        case_rows = (
            conn.execute(
                select(cases, decisions.c.outcome, decisions.c.decided_by, decisions.c.ground, decisions.c.references)
                .outerjoin(decisions, decisions.c.case_id == cases.c.id)
                .where(cases.c.platform == platform, cases.c.account_id == account_id)
                .order_by(cases.c.id)
            )
            .mappings()
            .all()
        )
        case_ids = [c["id"] for c in case_rows]
        requests = (
            conn.execute(
                select(
                    removal_requests.c.id,
                    removal_requests.c.case_id,
                    removal_requests.c.kind,
                    removal_requests.c.state,
                    removal_requests.c.sent_at,
                    removal_requests.c.closed_at,
                )
                .where(removal_requests.c.case_id.in_(case_ids))
                .order_by(removal_requests.c.id)
            )
            .mappings()
            .all()
            if case_ids
            else []
        )
        returned_as = (
            conn.execute(
                select(reemergence_matches.c.account_id, reemergence_matches.c.score, reemergence_matches.c.case_id)
                .join(fingerprints, fingerprints.c.id == reemergence_matches.c.fingerprint_id)
                .where(fingerprints.c.platform == platform, fingerprints.c.platform_id == account_id)
            )
            .mappings()
            .all()
        )
        return_of = (
            conn.execute(
                select(
                    fingerprints.c.platform_id,
                    reemergence_matches.c.score,
                    reemergence_matches.c.features,
                    reemergence_matches.c.original_decision_id,
                )
                .join(fingerprints, fingerprints.c.id == reemergence_matches.c.fingerprint_id)
                .where(reemergence_matches.c.platform == platform, reemergence_matches.c.account_id == account_id)
            )
            .mappings()
            .all()
        )
    return {
        "account": {k: v for k, v in dict(record).items() if k != "id"}
        if record
        else {"platform": platform, "platform_id": account_id},
        "posts": n_posts,
        "linkage": [
            {
                "organisation": a["organisation"],
                "score": a["score"],
                "signals": a["signal_count"],
                "evidence": a["evidence"],
            }
            for a in links
        ],
        "reach_note": "followers count follows, not people: the same person may follow many accounts",
        "cases": [dict(c) for c in case_rows],
        "requests": [dict(r) for r in requests],
        "came_back_as": [dict(r) for r in returned_as],
        "return_of": [dict(r) for r in return_of],
    }
