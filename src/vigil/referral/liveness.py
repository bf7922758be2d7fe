"""Independent confirmation: is a referred URL or account still online?

What Vigil sees for itself is recorded apart from what the platform says (a platform may answer
"actioned" while the content stays up, or remove it without answering).  A checker is one
method, ``check(url, platform) -> LivenessResult``; :class:`HttpChecker` reads the HTTP status
and per-platform page markers from platforms.yaml (``offline_markers``, ``online_markers``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar, Literal, Protocol

import httpx
from sqlalchemy import Connection, select

from vigil.core import Vigil
from vigil.domain.enums import RequestState
from vigil.referral import requests
from vigil.referral.platforms import ReferralConfig, load_for
from vigil.store.tables_referral import liveness_checks

Status = Literal["online", "offline", "unknown"]

#: HTTP statuses that mean the content is gone (451: withheld for legal reasons).
GONE = {404, 410, 451}

CHECKED_STATES = tuple(s for s in RequestState if s not in (RequestState.DRAFTED, RequestState.APPROVED))


@dataclass(frozen=True)
class LivenessResult:
    status: Status
    http_status: int | None = None
    marker: str | None = None
    detail: str | None = None


class Checker(Protocol):
    name: ClassVar[str]

    def check(self, url: str, platform: str) -> LivenessResult: ...


@dataclass
class HttpChecker:
    """GET the page; gone statuses and offline markers mean offline."""

    config: ReferralConfig
    timeout_s: float = 10.0
    transport: httpx.BaseTransport | None = None
    name: ClassVar[str] = "http"

    def check(self, url: str, platform: str) -> LivenessResult:
        try:
            with httpx.Client(
                timeout=self.timeout_s,
                follow_redirects=True,
                transport=self.transport,
                headers={"User-Agent": "vigil-liveness/1"},
            ) as client:
                resp = client.get(url)
        except httpx.HTTPError as exc:
            return LivenessResult("unknown", detail=f"{type(exc).__name__}: {exc}")
        return classify(resp.status_code, resp.text, self.config, platform)


def classify(status: int, text: str, config: ReferralConfig, platform: str) -> LivenessResult:
    pconf = config.platform(platform)
    if status in GONE:
        return LivenessResult("offline", status)
    if status >= 400:
        return LivenessResult("unknown", status, detail="login wall, rate limit or error")
    for marker in pconf.offline_markers:
        if marker in text:
            return LivenessResult("offline", status, marker=marker)
    for marker in pconf.online_markers:
        if marker in text:
            return LivenessResult("online", status, marker=marker)
    # With online markers configured, a page that shows none of them proves nothing.
    return LivenessResult("unknown" if pconf.online_markers else "online", status)


def target_url(target: str, platform: str, config: ReferralConfig) -> str | None:
    if target.startswith(("http://", "https://")):
        return target
    template = config.platform(platform).account_url
    return template.format(id=target) if template else None


@dataclass
class LivenessSummary:
    checked: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"checked": self.checked, "counts": dict(self.counts), "skipped": self.skipped}


def run(
    vigil: Vigil,
    *,
    checker: Checker | None = None,
    request_ids: tuple[int, ...] = (),
    now: datetime | None = None,
) -> LivenessSummary:
    """Check every target of every sent request once and record what was seen."""
    config = load_for(vigil.home)
    checker = checker or HttpChecker(config)
    summary = LivenessSummary()
    with vigil.read() as conn:
        views = requests.find(conn, states=CHECKED_STATES, ids=request_ids)
    for view in views:
        for target in view.targets:
            url = target_url(target, view.platform, config)
            if url is None:
                summary.skipped.append(f"{view.platform}:{target} (no account_url template)")
                continue
            result = checker.check(url, view.platform)
            with vigil.begin() as conn:
                conn.execute(
                    liveness_checks.insert().values(
                        request_id=view.id,
                        target=target,
                        url=url,
                        status=result.status,
                        http_status=result.http_status,
                        marker=result.marker,
                        detail=result.detail,
                        checked_at=(now or datetime.now(UTC)),
                    )
                )
            summary.checked += 1
            summary.counts[result.status] += 1
    return summary


def latest(conn: Connection) -> dict[tuple[int, str], str]:
    """The most recent status seen for each (request, target)."""
    rows = conn.execute(
        select(liveness_checks.c.request_id, liveness_checks.c.target, liveness_checks.c.status).order_by(
            liveness_checks.c.checked_at, liveness_checks.c.id
        )
    )
    return {(r.request_id, r.target): r.status for r in rows}
