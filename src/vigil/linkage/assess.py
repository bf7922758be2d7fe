"""Account assessment: per (account, organisation), how strongly linked, why, and with what reach.

One public entry, :func:`run`.  It reads the signals of the current detector versions and
recomputes every assessment, so running it twice gives the same table.

How a score is made (version 1):
- each post's evidence for an organisation is its strongest alias/outlet/hashtag signal;
- where the support model has scored the post, the post counts by P(support) weighted by that
  evidence; posts of the account that name nothing but read as support count at half weight
  (support often avoids the name), but only to corroborate a link the named posts already
  make (score >= 0.3), never to create one; a post that names another organisation is
  not "naming nothing";
- a profile match (handle, display name, bio) counts at half its confidence;
- the account's score is a noisy-OR over its eight strongest posts (and its profile), so one
  weak mention cannot make a link, and many reporting mentions add up slowly.
Reach is the account's follower count; the same person may follow many accounts, so summed
followers over-count people (the report says so).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, or_, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from vigil.core import Vigil
from vigil.detect.stage import active_versions
from vigil.store.tables import accounts, assessments, signals

METHOD_VERSION = "1"
SUPPORT_DETECTOR = "support_model"
TOP_POSTS = 8
IMPLICIT_WEIGHT = 0.5
CORROBORATE_FROM = 0.3
PROFILE_WEIGHT = 0.5
EVIDENCE_KEPT = 6


@dataclass
class AssessSummary:
    accounts: int = 0
    assessments: int = 0
    by_organisation: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"accounts": self.accounts, "assessments": self.assessments, "by_organisation": self.by_organisation}


@dataclass
class _AccountSignals:
    alias: dict[str, dict[str, tuple[float, dict[str, Any]]]] = field(
        default_factory=lambda: defaultdict(dict)
    )  # org -> record -> (score, evidence)
    support: dict[str, tuple[float, dict[str, Any]]] = field(default_factory=dict)  # post -> (p, ev)
    named_posts: set[str] = field(default_factory=set)  # records that name any organisation


def run(vigil: Vigil, *, versions: dict[str, str] | None = None) -> AssessSummary:
    versions = versions if versions is not None else active_versions(vigil)
    summary = AssessSummary()
    with vigil.read() as conn:
        per_account = _load_signals(conn, versions)
        followers = _followers(conn, per_account.keys())
    rows = []
    now = datetime.now(UTC)
    for (platform, account_id), sigs in per_account.items():
        for org, score, evidence, count in score_account(sigs):
            rows.append(
                {
                    "platform": platform,
                    "account_id": account_id,
                    "organisation": org,
                    "score": round(score, 4),
                    "followers": followers.get((platform, account_id)),
                    "signal_count": count,
                    "evidence": evidence,
                    "method_version": METHOD_VERSION,
                    "updated_at": now,
                }
            )
            summary.by_organisation[org] = summary.by_organisation.get(org, 0) + 1
    summary.accounts = len(per_account)
    summary.assessments = len(rows)
    with vigil.begin() as conn:
        _replace(conn, rows)
    return summary


def _load_signals(conn: Connection, versions: dict[str, str]) -> dict[tuple[str, str], _AccountSignals]:
    out: dict[tuple[str, str], _AccountSignals] = defaultdict(_AccountSignals)
    if not versions:
        return out
    current = or_(*(and_(signals.c.detector == d, signals.c.detector_version == v) for d, v in versions.items()))
    stmt = select(
        signals.c.detector,
        signals.c.platform,
        signals.c.account_id,
        signals.c.record_type,
        signals.c.record_id,
        signals.c.organisation,
        signals.c.score,
        signals.c.evidence,
    ).where(current)
    for row in conn.execute(stmt):
        acc = out[(row.platform, row.account_id)]
        record = f"{row.record_type}:{row.record_id}"
        ev = dict(row.evidence, record=record, detector=row.detector, score=row.score)
        if row.detector == SUPPORT_DETECTOR:
            acc.support[record] = (row.score, ev)
            if row.organisation:
                acc.named_posts.add(record)
        elif row.organisation:
            acc.named_posts.add(record)
            best = acc.alias[row.organisation].get(record)
            if best is None or row.score > best[0]:
                acc.alias[row.organisation][record] = (row.score, ev)
    return out


def score_account(sigs: _AccountSignals) -> list[tuple[str, float, list[dict[str, Any]], int]]:
    """[(organisation, score, evidence strongest first, number of signals)] for one account."""
    results = []
    have_model = bool(sigs.support)
    for org, by_record in sigs.alias.items():
        items: list[tuple[float, dict[str, Any]]] = []
        for record, (s_alias, ev) in by_record.items():
            if have_model and record.startswith("post:"):
                p, sev = sigs.support.get(record, (0.0, None))
                items.append((p * (0.2 + 0.8 * s_alias), ev))
                if sev is not None:
                    items.append((0.0, sev))  # shown as evidence, scored through the post
            elif record.startswith("account:"):
                # A profile (handle, name, bio) is one line of self-description: it counts, but a
                # weak alias there (a nickname shared by several groups) cannot make a link alone.
                items.append((s_alias * PROFILE_WEIGHT, ev))
            else:
                items.append((s_alias, ev))
        named_score = _noisy_or(s for s, _ in items)
        if have_model and named_score >= CORROBORATE_FROM:
            # Posts that name nothing can strengthen a link the named posts make, never create one:
            # an account's everyday posts say nothing about which organisation it backs.
            for record, (p, sev) in sigs.support.items():
                if record not in sigs.named_posts:  # names no organisation at all
                    items.append((IMPLICIT_WEIGHT * p, sev))
        results.append((org, _noisy_or(s for s, _ in items), _top_evidence(items), len(by_record)))
    return results


def _noisy_or(scores: Iterable[float]) -> float:
    top = sorted(scores, reverse=True)[:TOP_POSTS]
    miss = 1.0
    for s in top:
        miss *= 1.0 - min(max(s, 0.0), 0.999)
    return 1.0 - miss


def _top_evidence(items: list[tuple[float, dict[str, Any]]]) -> list[dict[str, Any]]:
    ranked = sorted(items, key=lambda it: (-it[0], -float(it[1].get("score", 0))))
    return [dict(ev, weight=round(s, 4)) for s, ev in ranked[:EVIDENCE_KEPT]]


def _followers(conn: Connection, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int | None]:
    keys = list(keys)
    out: dict[tuple[str, str], int | None] = {}
    for i in range(0, len(keys), 400):
        chunk = keys[i : i + 400]
        stmt = select(accounts.c.platform, accounts.c.platform_id, accounts.c.followers).where(
            tuple_(accounts.c.platform, accounts.c.platform_id).in_(chunk)
        )
        out.update({(r.platform, r.platform_id): r.followers for r in conn.execute(stmt)})
    return out


def _replace(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Upsert the new assessments and drop those no longer supported by any signal."""
    keep = {(r["platform"], r["account_id"], r["organisation"]) for r in rows}
    existing = conn.execute(
        select(assessments.c.id, assessments.c.platform, assessments.c.account_id, assessments.c.organisation)
    ).all()
    stale = [r.id for r in existing if (r.platform, r.account_id, r.organisation) not in keep]
    for i in range(0, len(stale), 500):
        conn.execute(delete(assessments).where(assessments.c.id.in_(stale[i : i + 500])))
    if not rows:
        return
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(assessments)
    stmt = stmt.on_conflict_do_update(
        index_elements=["platform", "account_id", "organisation"],
        set_={
            c: stmt.excluded[c]
            for c in ("score", "followers", "signal_count", "evidence", "method_version", "updated_at")
        },
    )
    for i in range(0, len(rows), 500):
        conn.execute(stmt, rows[i : i + 500])
