"""X API v2 collectors over httpx with a bearer token: recent search and user timelines.

Pages are requested with the same expansions and fields as twarc2, and read by the same code as
``x_v2_jsonl`` files.  Rate limits: a 429 answer waits until ``x-rate-limit-reset``; a page that
leaves ``x-rate-limit-remaining: 0`` waits before the next request; 5xx answers and network errors
are retried with backoff.  Checkpoints: within a run, the pagination token (so a restart carries
on where it stopped); after a complete run, ``since_id`` (so the next run fetches only newer
posts).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import httpx

from vigil.errors import ConfigError, ExternalError
from vigil.ingest.collectors.base import Batch, Checkpoint
from vigil.ingest.formats.x_v2 import read_page

API = "https://api.x.com/2"
FIELDS = {
    "expansions": "author_id,in_reply_to_user_id,referenced_tweets.id,"
    "referenced_tweets.id.author_id,entities.mentions.username,attachments.media_keys,"
    "edit_history_tweet_ids",
    "tweet.fields": "attachments,author_id,conversation_id,created_at,edit_history_tweet_ids,"
    "entities,id,in_reply_to_user_id,lang,public_metrics,referenced_tweets,text,withheld",
    "user.fields": "created_at,description,entities,id,name,public_metrics,url,username,withheld",
    "media.fields": "media_key,type,url,preview_image_url,variants",
}
RETRIES = 5


class _XApi:
    name: ClassVar[str] = "x_api_v2"
    token_param: ClassVar[str] = "next_token"

    def __init__(
        self,
        *,
        bearer_token: str,
        base_url: str = API,
        client: httpx.Client | None = None,
        max_pages: int | None = None,
        page_size: int = 100,
        max_wait_s: float = 900,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not bearer_token:
            raise ConfigError("an X API bearer token is needed: set VIGIL_X_BEARER_TOKEN")
        self.base_url = base_url.rstrip("/")
        self.client = client or httpx.Client(timeout=30)
        self.headers = {"Authorization": f"Bearer {bearer_token}"}
        self.max_pages = max_pages
        self.page_size = page_size
        self.max_wait_s = max_wait_s
        self.sleep = sleep
        self.clock = clock
        self.paused_until = 0.0

    endpoint: str = ""

    def collect(self, checkpoint: Checkpoint) -> Iterator[Batch]:
        since = checkpoint.get("since_id")
        newest = checkpoint.get("newest_id")
        token = checkpoint.get("next_token")
        pages = 0
        while True:
            params = {**FIELDS, "max_results": str(self.page_size)}
            if since:
                params["since_id"] = str(since)
            if token:
                params[self.token_param] = str(token)
            page = self._get(self.endpoint, params)
            pages += 1
            meta = page.get("meta") if isinstance(page.get("meta"), dict) else {}
            newest = _newer(newest, meta.get("newest_id"))
            token = meta.get("next_token")
            items = list(read_page(page, f"{self.base_url}{self.endpoint}", pages))
            if token:
                yield Batch(items, {"since_id": since, "newest_id": newest, "next_token": token})
            else:
                yield Batch(items, {"since_id": newest or since})
                return
            if self.max_pages is not None and pages >= self.max_pages:
                return

    def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        url = f"{self.base_url}{path}"
        for attempt in range(RETRIES):
            self._wait(self.paused_until)
            try:
                resp = self.client.get(url, params=params, headers=self.headers)
            except httpx.TransportError as exc:
                if attempt == RETRIES - 1:
                    raise ExternalError(f"X API unreachable at {url}: {exc}") from exc
                self.sleep(2**attempt)
                continue
            if resp.status_code == 429:
                self._wait(self._reset(resp, default=60))
                continue
            if resp.status_code >= 500 and attempt < RETRIES - 1:
                self.sleep(2**attempt)
                continue
            self._check(resp, url)
            if resp.headers.get("x-rate-limit-remaining") == "0":
                self.paused_until = self._reset(resp, default=60)
            try:
                data = resp.json()
            except ValueError as exc:
                raise ExternalError(f"X API sent something that is not JSON from {url}") from exc
            return data if isinstance(data, dict) else {}
        raise ExternalError(f"X API still failing after {RETRIES} tries: {url}")

    def _check(self, resp: httpx.Response, url: str) -> None:
        if resp.status_code in (401, 403):
            raise ExternalError(
                f"X API refused the request (HTTP {resp.status_code}) for {url}: check the "
                "bearer token (VIGIL_X_BEARER_TOKEN) and the access level of the app"
            )
        if resp.status_code >= 400:
            raise ExternalError(f"X API answered HTTP {resp.status_code} for {url}: {resp.text[:300]}")

    def _reset(self, resp: httpx.Response, default: float) -> float:
        try:
            return float(resp.headers["x-rate-limit-reset"])
        except (KeyError, ValueError):
            return self.clock() + default

    def _wait(self, until: float) -> None:
        delay = until - self.clock()
        if delay <= 0:
            return
        if delay > self.max_wait_s:
            raise ExternalError(
                f"X API rate limit: the next request is allowed in {delay:.0f} s, more than "
                f"{self.max_wait_s:.0f} s; run again later, it resumes from its checkpoint"
            )
        self.sleep(delay)


class XRecentSearch(_XApi):
    """Posts of the last seven days matching a query (GET /2/tweets/search/recent)."""

    name: ClassVar[str] = "x_recent_search"
    endpoint = "/tweets/search/recent"

    def __init__(self, query: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.query = query

    @property
    def key(self) -> str:
        return f"search:{self.query}"

    def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        return super()._get(path, {**params, "query": self.query})


class XUserTimeline(_XApi):
    """Posts of one user, newest first (GET /2/users/:id/tweets)."""

    name: ClassVar[str] = "x_user_timeline"
    token_param: ClassVar[str] = "pagination_token"

    def __init__(self, user_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user_id = user_id
        self.endpoint = f"/users/{user_id}/tweets"

    @property
    def key(self) -> str:
        return f"timeline:{self.user_id}"


def _newer(a: Any, b: Any) -> Any:
    """The larger of two post ids (ids grow with time), either may be missing."""
    ids = [str(x) for x in (a, b) if isinstance(x, str | int) and str(x).isdigit()]
    return max(ids, key=int) if ids else None
