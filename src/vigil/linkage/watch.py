"""Permanent blocking over the store: fingerprint removed accounts, scan new ones, open cases.

- :func:`fingerprint_removed` keeps a fingerprint of every account whose removal request was
  actioned (``removal_requests.state = 'actioned'``, case -> account through ``cases``), linked
  to the case and the decision that removed it.
- :func:`scan` compares accounts in the store with every fingerprint and, for each match above
  the threshold, calls :func:`open_reemergence_case`: a priority case (tier 1) for the new
  account, linked to the original decision, with the features that matched; audit-logged.

Running either twice changes nothing the second time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from vigil.core import Vigil
from vigil.domain import Account, Platform, Post
from vigil.domain.enums import CaseStatus, RequestState
from vigil.errors import InputError
from vigil.linkage.fingerprint import Fingerprint, fingerprint_account, validate_pdq
from vigil.linkage.reemergence import DEFAULT_THRESHOLD, Match, ReemergenceIndex
from vigil.store import audit
from vigil.store.tables import accounts, cases, decisions, interactions, posts, removal_requests
from vigil.store.tables_linkage import fingerprints, reemergence_matches

__all__ = [
    "METHOD_VERSION",
    "ScanResult",
    "fingerprint_removed",
    "load_avatar_file",
    "load_index",
    "open_reemergence_case",
    "scan",
]

METHOD_VERSION = "1"
REEMERGENCE_TIER = 1  # a returning removed account is reviewed first


@dataclass
class ScanResult:
    fingerprinted: int = 0
    scanned: int = 0
    alerts: list[dict[str, Any]] = field(default_factory=list)
    cases_opened: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprinted": self.fingerprinted,
            "scanned": self.scanned,
            "alerts": self.alerts,
            "cases_opened": self.cases_opened,
        }


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite returns naive UTC values
        return value.replace(tzinfo=UTC)
    return value


def _account(row: Any) -> Account:
    return Account(
        platform=Platform(row.platform),
        platform_id=row.platform_id,
        handle=row.handle,
        display_name=row.display_name,
        bio=row.bio,
        followers=row.followers,
        created_at=_aware(row.created_at),
        links=tuple(row.links or ()),
    )


def _posts_of(conn: Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], list[Post]]:
    out: dict[tuple[str, str], list[Post]] = defaultdict(list)
    q = select(posts.c.platform, posts.c.platform_id, posts.c.account_id, posts.c.text,
               posts.c.created_at)  # fmt: skip
    for r in conn.execute(q):
        k = (r.platform, r.account_id)
        if k in keys:
            out[k].append(
                Post(
                    platform=Platform(r.platform),
                    platform_id=r.platform_id,
                    account_id=r.account_id,
                    text=r.text or "",
                    created_at=_aware(r.created_at),
                )  # fmt: skip
            )
    return out


def _neighbours_of(conn: Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    q = select(interactions.c.platform, interactions.c.source_account_id,
               interactions.c.target_account_id).where(
        interactions.c.target_account_id.is_not(None))  # fmt: skip
    for r in conn.execute(q):
        k = (r.platform, r.source_account_id)
        if k in keys:
            target = r.target_account_id
            out[k].add(target if ":" in target else f"{r.platform}:{target}")
    return out


def _fingerprint_rows(
    conn: Connection, account_keys: set[tuple[str, str]], avatar_pdq: dict[str, str]
) -> dict[tuple[str, str], Fingerprint]:
    if not account_keys:
        return {}
    by_post = _posts_of(conn, account_keys)
    by_neigh = _neighbours_of(conn, account_keys)
    out = {}
    for row in conn.execute(select(accounts)):
        k = (row.platform, row.platform_id)
        if k in account_keys:
            out[k] = fingerprint_account(
                _account(row), by_post.get(k, []),
                avatar_pdq=avatar_pdq.get(f"{k[0]}:{k[1]}"), neighbours=by_neigh.get(k, ()),
            )  # fmt: skip
    return out


def fingerprint_removed(vigil: Vigil, *, avatar_pdq: dict[str, str] | None = None, now: datetime | None = None) -> int:
    """Fingerprint every account removed (request actioned) that has no fingerprint yet.
    ``avatar_pdq`` maps "platform:platform_id" to the profile picture's PDQ hash, where known.
    Returns the number of fingerprints added."""
    now = now or datetime.now(UTC)
    with vigil.begin() as conn:
        _fill_avatars(conn, avatar_pdq or {})
        done = {(r.platform, r.platform_id) for r in conn.execute(
            select(fingerprints.c.platform, fingerprints.c.platform_id))}  # fmt: skip
        q = (
            select(
                cases.c.id,
                cases.c.platform,
                cases.c.account_id,
                cases.c.organisation,
                decisions.c.id.label("decision_id"),
            )  # fmt: skip
            .join(removal_requests, removal_requests.c.case_id == cases.c.id)
            .outerjoin(decisions, decisions.c.case_id == cases.c.id)
            .where(removal_requests.c.state == RequestState.ACTIONED.value)
        )
        removed = {}
        for r in conn.execute(q):
            if (r.platform, r.account_id) not in done:
                removed[(r.platform, r.account_id)] = r
        fps = _fingerprint_rows(conn, set(removed), avatar_pdq or {})
        seen_up_to = conn.execute(select(func.max(accounts.c.id))).scalar() or 0
        for k, fp in sorted(fps.items()):
            r = removed[k]
            values = {**fp.to_row(), "case_id": r.id, "decision_id": r.decision_id,
                      "organisation": r.organisation, "method_version": METHOD_VERSION,
                      "created_at": now, "seen_up_to": seen_up_to}  # fmt: skip
            fid = conn.execute(fingerprints.insert().values(**values)).inserted_primary_key[0]
            audit.append(conn, actor="system:watch", action="fingerprint.created",
                         object_type="fingerprint", object_id=fid,
                         after={"account": f"{k[0]}:{k[1]}", "case_id": r.id,
                                "decision_id": r.decision_id}, at=now)  # fmt: skip
    return len(fps)


def _fill_avatars(conn: Connection, avatar_pdq: dict[str, str]) -> None:
    """Picture hashes often arrive after the account was fingerprinted: fill in missing ones."""
    if not avatar_pdq:
        return
    q = select(fingerprints.c.id, fingerprints.c.platform, fingerprints.c.platform_id).where(
        fingerprints.c.avatar_pdq.is_(None)
    )
    for r in conn.execute(q).all():
        pdq = avatar_pdq.get(f"{r.platform}:{r.platform_id}")
        if pdq:
            conn.execute(fingerprints.update().where(fingerprints.c.id == r.id).values(avatar_pdq=pdq))


def load_index(conn: Connection, *, threshold: float = DEFAULT_THRESHOLD) -> ReemergenceIndex:
    """Every stored fingerprint in an index; each match's ``ref`` is the fingerprint id."""
    index = ReemergenceIndex(threshold=threshold)
    for row in conn.execute(select(fingerprints)):
        index.add(Fingerprint.from_row(row), row.id, defer=True)
    index.compact()
    return index


def open_reemergence_case(
    conn: Connection,
    *,
    platform: str,
    account_id: str,
    match: Match,
    reach: int = 0,
    actor: str = "system:watch",
    now: datetime | None = None,
) -> int | None:
    """Open a priority case for a new account that matches a removed one's fingerprint
    (``match.ref`` is the fingerprint id), linked to the original case and decision, and
    record the match with its per-feature evidence.  Returns the new case id, or None when this
    match was already recorded.  Runs in the caller's transaction."""
    now = now or datetime.now(UTC)
    fp = conn.execute(select(fingerprints).where(fingerprints.c.id == match.ref)).first()
    if fp is None:
        raise ValueError(f"fingerprint {match.ref} not found")
    seen = conn.execute(select(reemergence_matches.c.id).where(
        reemergence_matches.c.platform == platform,
        reemergence_matches.c.account_id == account_id,
        reemergence_matches.c.fingerprint_id == fp.id)).first()  # fmt: skip
    if seen is not None:
        return None
    organisation = fp.organisation or ""
    case = conn.execute(select(cases.c.id).where(
        cases.c.platform == platform, cases.c.account_id == account_id,
        cases.c.organisation == organisation)).first()  # fmt: skip
    if case is None:
        values = {"platform": platform, "account_id": account_id, "organisation": organisation,
                  "score": match.score, "reach": reach, "tier": REEMERGENCE_TIER,
                  "status": CaseStatus.OPEN.value, "opened_at": now}  # fmt: skip
        case_id = conn.execute(cases.insert().values(**values)).inserted_primary_key[0]
    else:
        case_id = case.id
        conn.execute(cases.update().where(cases.c.id == case_id).values(tier=REEMERGENCE_TIER))
    evidence = {"platform": platform, "account_id": account_id, "fingerprint_id": fp.id,
                "case_id": case_id, "original_case_id": fp.case_id,
                "original_decision_id": fp.decision_id, "score": match.score,
                "features": [f.to_dict() for f in match.features], "created_at": now}  # fmt: skip
    conn.execute(reemergence_matches.insert().values(**evidence))
    audit.append(conn, actor=actor, action="reemergence.case_opened", object_type="case",
                 object_id=case_id, after={**evidence, "original": f"{fp.platform}:{fp.platform_id}",
                                           "created_at": now.isoformat()}, at=now)  # fmt: skip
    return case_id


def scan(
    vigil: Vigil,
    *,
    avatar_pdq: dict[str, str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    open_cases: bool = True,
    only: Iterable[tuple[str, str]] | None = None,
    now: datetime | None = None,
) -> ScanResult:
    """Fingerprint newly removed accounts, then compare the accounts seen since (or ``only``
    these (platform, platform_id) keys) with the fingerprints.

    An account is compared only with fingerprints made before it was first stored (accounts.id
    is higher than the fingerprint's ``seen_up_to``): a removed account comes back after its
    removal, and accounts already known then are the assessment stage's business."""
    now = now or datetime.now(UTC)
    avatar_pdq = avatar_pdq or {}
    result = ScanResult(fingerprinted=fingerprint_removed(vigil, avatar_pdq=avatar_pdq, now=now))
    with vigil.begin() as conn:
        index = load_index(conn, threshold=threshold)
        fp_rows = conn.execute(
            select(fingerprints.c.id, fingerprints.c.platform, fingerprints.c.platform_id,
                   fingerprints.c.seen_up_to)).all()  # fmt: skip
        removed = {(r.platform, r.platform_id) for r in fp_rows}
        seen_up_to = {r.id: r.seen_up_to for r in fp_rows}
        oldest = min(seen_up_to.values(), default=0)
        rows = conn.execute(select(accounts.c.id, accounts.c.platform, accounts.c.platform_id,
                                   accounts.c.followers).where(accounts.c.id > oldest)).all()  # fmt: skip
        wanted = set(only) if only is not None else None
        info = {(r.platform, r.platform_id): r for r in rows
                if (r.platform, r.platform_id) not in removed
                and (wanted is None or (r.platform, r.platform_id) in wanted)}  # fmt: skip
        for k, fp in sorted(_fingerprint_rows(conn, set(info), avatar_pdq).items()):
            result.scanned += 1
            newer = [m for m in index.match(fp, top=5) if seen_up_to[m.ref] < info[k].id]
            if not newer or not index.is_alert(newer[0]):
                continue
            best = newer[0]
            alert = {"account": f"{k[0]}:{k[1]}", "match": best.to_dict()}
            if open_cases:
                case_id = open_reemergence_case(conn, platform=k[0], account_id=k[1], match=best,
                                                reach=info[k].followers or 0, now=now)  # fmt: skip
                alert["case_id"] = case_id
                result.cases_opened += case_id is not None
            result.alerts.append(alert)
    return result


def load_avatar_file(path: Path) -> dict[str, str]:
    """A JSON object {"platform:platform_id": "<PDQ hash, 64 hex digits>"} from a file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError("file not found", source=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", source=str(path), line=exc.lineno) from exc
    if not isinstance(data, dict):
        raise InputError('expected a JSON object {"platform:id": "<pdq hex>"}', source=str(path))
    out = {}
    for key, value in data.items():
        try:
            pdq = validate_pdq(value if isinstance(value, str) else repr(value), field_name=key)
        except InputError as exc:
            raise InputError(str(exc), source=str(path)) from exc
        if pdq:
            out[key] = pdq
    return out
