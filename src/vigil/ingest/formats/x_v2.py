"""X (Twitter) API v2 responses as twarc2 writes them: JSON Lines, one response page a line.

A page holds ``data`` (the tweets asked for), ``includes`` (``users``, ``tweets`` referenced by
them, ``media``, ``places``), ``meta``, ``errors`` and twarc's own ``__twarc``.  Lines holding one
flattened tweet (``twarc2 flatten``: the tweet with its ``author`` inlined) are read too.

What becomes what:
  users -> Account; data and includes.tweets -> Post (every version of an edited tweet is its own
  Post, with ``edit_index``/``edit_versions`` in its metrics, so the original text survives);
  referenced_tweets -> Interaction (retweeted: repost, quoted: quote, replied_to: reply) with the
  referenced post and, when the page includes that post, its author;
  entities.mentions -> Interaction (mention; the user id when the page includes the user, else
  ``@username``); entities.urls -> Link (the expanded URL); attachments.media_keys -> Media;
  withheld -> metrics ``withheld`` and ``withheld:<country code>``; errors -> rejects.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from vigil.domain.enums import InteractionKind, Platform
from vigil.domain.records import Account, Interaction, Link, Media, Post
from vigil.ingest._convert import (
    RECORD_ERRORS,
    Bad,
    as_id,
    counts,
    explain,
    text_or_none,
    utc_from_iso,
)
from vigil.ingest.base import Item, Reject, register_reader
from vigil.ingest.textio import open_text_lines

X = Platform.X
_REFERENCE_KINDS = {
    "retweeted": InteractionKind.REPOST,
    "quoted": InteractionKind.QUOTE,
    "replied_to": InteractionKind.REPLY,
}
_MEDIA_KINDS = {"photo": "image", "video": "video", "animated_gif": "video"}
_NO_LANGUAGE = {"und", "qst", "qme", "qam", "qct", "qht", "zxx", ""}
_TWEET_METRICS = {
    "retweet_count": "reposts",
    "reply_count": "replies",
    "like_count": "likes",
    "quote_count": "quotes",
    "impression_count": "views",
    "bookmark_count": "bookmarks",
}


@register_reader
class XV2Jsonl:
    name: ClassVar[str] = "x_v2_jsonl"
    description: ClassVar[str] = "X API v2 pages as written by twarc2 (JSON Lines)"

    def sniff(self, head: bytes, path: Path) -> bool:
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
        if not first.startswith(b"{"):
            return False
        page = b'"data"' in first and (b'"includes"' in first or b'"__twarc"' in first)
        flat = b'"__twarc"' in first and b'"author_id"' in first
        return page or flat or (b'"edit_history_tweet_ids"' in first and b'"type"' not in first)

    def read(self, path: Path) -> Iterator[Item]:
        source = str(path)
        for lineno, line in open_text_lines(path):
            if line.strip():
                yield from read_line(line, source, lineno)


def read_line(line: str, source: str, lineno: int) -> Iterator[Item]:
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        yield Reject(source, lineno, f"not valid JSON ({getattr(exc, 'msg', exc)})")
        return
    if not isinstance(obj, dict):
        yield Reject(source, lineno, "expected a JSON object (one twarc2 page a line)")
        return
    if "data" in obj or "errors" in obj or "includes" in obj:
        yield from read_page(obj, source, lineno)
    elif "id" in obj:
        yield from _flat_tweet(obj, source, lineno)
    else:
        yield Reject(source, lineno, "neither a twarc2 page ('data') nor a tweet ('id')")


def read_page(page: dict[str, Any], source: str, lineno: int) -> Iterator[Item]:
    """The records of one API response page (also used by the live X collector)."""
    includes = page.get("includes")
    includes = includes if isinstance(includes, dict) else {}
    users = _list(includes.get("users"))
    data = page.get("data")
    tweets = [data] if isinstance(data, dict) else _list(data)
    ctx = _Context.of(users, [*tweets, *_list(includes.get("tweets"))], includes.get("media"))
    for i, user in enumerate(users):
        yield from _guard(source, lineno, f"$.includes.users[{i}]", lambda u=user: [_account(u)])
    seen: set[str] = set()
    groups = (("data", tweets), ("includes.tweets", _list(includes.get("tweets"))))
    for where, items in groups:
        for i, tweet in enumerate(items):
            key = tweet.get("id") if isinstance(tweet, dict) else None
            if isinstance(key, str) and key in seen:
                continue  # the same tweet in data and in includes: read it once
            if isinstance(key, str):
                seen.add(key)
            jpath = "$.data" if isinstance(data, dict) and where == "data" else f"$.{where}[{i}]"
            yield from _guard(source, lineno, jpath, lambda t=tweet: _tweet(t, ctx))
    for i, err in enumerate(_list(page.get("errors"))):
        yield Reject(
            source,
            lineno,
            f"the API returned an error instead of a record: {_error(err)}",
            path=f"$.errors[{i}]",
        )


def _flat_tweet(tweet: dict[str, Any], source: str, lineno: int) -> Iterator[Item]:
    author = tweet.get("author")
    if isinstance(author, dict):
        yield from _guard(source, lineno, "$.author", lambda: [_account(author)])
    ctx = _Context.of([author], [], None)
    yield from _guard(source, lineno, "$", lambda: _tweet(tweet, ctx))


def _guard(source: str, lineno: int, jpath: str, build: Any) -> Iterator[Item]:
    """Build the records of one object; a bad object becomes one reject, and reading goes on."""
    try:
        records = list(build())
    except RECORD_ERRORS as exc:
        reason, field = explain(exc)
        yield Reject(source, lineno, reason, path=f"{jpath}.{field}" if field else jpath)
        return
    yield from records


def _account(user: Any) -> Account:
    if not isinstance(user, dict):
        raise Bad("expected a user object")
    links = []
    entities = user.get("entities")
    for part in ("url", "description"):
        block = entities.get(part) if isinstance(entities, dict) else None
        for u in _list(block.get("urls") if isinstance(block, dict) else None):
            if isinstance(u, dict) and (u.get("expanded_url") or u.get("url")):
                links.append(u.get("expanded_url") or u.get("url"))
    username = text_or_none(user.get("username"))
    metrics = user.get("public_metrics")
    return Account(
        platform=X,
        platform_id=as_id(user.get("id"), "id"),
        handle=username,
        display_name=text_or_none(user.get("name")),
        bio=text_or_none(user.get("description")),
        followers=counts(metrics, {"followers_count": "f"}).get("f"),
        url=f"https://x.com/{username}" if username else None,
        created_at=utc_from_iso(user["created_at"], "created_at") if user.get("created_at") else None,
        links=tuple(dict.fromkeys(str(link) for link in links)),
    )


@dataclass
class _Context:
    """What a page tells about the objects its tweets refer to."""

    handles: dict[str, Any]  # lower-case username -> user id
    authors: dict[str, Any]  # tweet id -> author id
    media: dict[Any, Any]  # media key -> media object

    @classmethod
    def of(cls, users: list[Any], tweets: list[Any], media: Any) -> _Context:
        return cls(
            handles={str(u.get("username", "")).lower(): u.get("id") for u in users if isinstance(u, dict)},
            authors={t.get("id"): t.get("author_id") for t in tweets if isinstance(t, dict)},
            media={m.get("media_key"): m for m in _list(media) if isinstance(m, dict)},
        )


def _tweet(tweet: Any, ctx: _Context) -> list[Any]:
    if not isinstance(tweet, dict):
        raise Bad("expected a tweet object")
    tid = as_id(tweet.get("id"), "id")
    author = as_id(tweet.get("author_id") or (tweet.get("author") or {}).get("id"), "author_id")
    created = utc_from_iso(tweet["created_at"], "created_at") if tweet.get("created_at") else None
    refs = [r for r in _list(tweet.get("referenced_tweets")) if isinstance(r, dict)]
    reply_to = next(
        (as_id(r.get("id"), "referenced_tweets.id") for r in refs if r.get("type") == "replied_to"),
        None,
    )
    lang = tweet.get("lang")
    post = Post(
        platform=X,
        platform_id=tid,
        account_id=author,
        text=str(tweet.get("text") or ""),
        created_at=created,
        language=lang if isinstance(lang, str) and lang not in _NO_LANGUAGE else None,
        url=f"https://x.com/i/status/{tid}",
        reply_to=reply_to,
        metrics=_metrics(tweet),
    )
    out: list[Any] = [post]
    out += _references(tweet, refs, ctx, tid, author, created)
    out += _entities(tweet, ctx.handles, tid, author, created)
    out += _media(tweet, ctx.media, tid)
    return out


def _metrics(tweet: dict[str, Any]) -> dict[str, int]:
    metrics = counts(tweet.get("public_metrics"), _TWEET_METRICS)
    history = [h for h in _list(tweet.get("edit_history_tweet_ids")) if isinstance(h, str)]
    if len(history) > 1 and tweet.get("id") in history:
        metrics["edit_versions"] = len(history)
        metrics["edit_index"] = history.index(tweet["id"])
    withheld = tweet.get("withheld")
    if isinstance(withheld, dict):
        metrics["withheld"] = 1
        if withheld.get("copyright"):
            metrics["withheld_copyright"] = 1
        for cc in _list(withheld.get("country_codes")):
            if isinstance(cc, str) and cc:
                metrics[f"withheld:{cc.upper()}"] = 1
    return metrics


def _references(
    tweet: dict[str, Any],
    refs: list[dict[str, Any]],
    ctx: _Context,
    tid: str,
    author: str,
    created: Any,
) -> list[Interaction]:
    out = []
    for ref in refs:
        kind = _REFERENCE_KINDS.get(str(ref.get("type")))
        if kind is None:
            raise Bad(f"unknown referenced_tweets type {ref.get('type')!r}", "referenced_tweets")
        target_account = ctx.authors.get(ref.get("id"))
        if kind is InteractionKind.REPLY:
            target_account = tweet.get("in_reply_to_user_id") or target_account
        out.append(
            Interaction(
                platform=X,
                platform_id=tid,
                kind=kind,
                source_account_id=author,
                target_post_id=as_id(ref.get("id"), "referenced_tweets.id"),
                target_account_id=str(target_account) if target_account else None,
                created_at=created,
            )
        )
    return out


def _entities(tweet: dict[str, Any], handles: dict[str, Any], tid: str, author: str, created: Any) -> list[Any]:
    entities = tweet.get("entities")
    if not isinstance(entities, dict):
        return []
    out: list[Any] = []
    for m in _list(entities.get("mentions")):
        if not isinstance(m, dict) or not m.get("username"):
            continue
        username = str(m["username"])
        target = m.get("id") or handles.get(username.lower()) or f"@{username}"
        out.append(
            Interaction(
                platform=X,
                platform_id=tid,
                kind=InteractionKind.MENTION,
                source_account_id=author,
                target_account_id=str(target),
                created_at=created,
            )
        )
    for u in _list(entities.get("urls")):
        url = (u.get("unwound_url") or u.get("expanded_url") or u.get("url")) if isinstance(u, dict) else None
        if url:
            out.append(Link(platform=X, platform_id=tid, url=str(url)))
    return out


def _media(tweet: dict[str, Any], media: dict[Any, Any], tid: str) -> list[Media]:
    attachments = tweet.get("attachments")
    keys = _list(attachments.get("media_keys")) if isinstance(attachments, dict) else []
    out = []
    for key in keys:
        m = media.get(key, {})
        out.append(
            Media(
                platform=X,
                platform_id=as_id(key, "attachments.media_keys"),
                post_id=tid,
                kind=_MEDIA_KINDS.get(str(m.get("type")), "other") if m else "other",
                url=_media_url(m),
            )
        )
    return out


def _media_url(m: dict[str, Any]) -> str | None:
    if m.get("url"):
        return str(m["url"])
    variants = [v for v in _list(m.get("variants")) if isinstance(v, dict) and v.get("url")]
    mp4 = [v for v in variants if v.get("content_type") == "video/mp4"]
    if mp4:
        best = max(mp4, key=lambda v: v.get("bit_rate") if isinstance(v.get("bit_rate"), int) else 0)
        return str(best["url"])
    preview = m.get("preview_image_url")
    return str(preview) if preview else (str(variants[0]["url"]) if variants else None)


def _error(err: Any) -> str:
    if not isinstance(err, dict):
        return repr(err)[:200]
    parts = [str(err.get(k)) for k in ("title", "detail", "value") if err.get(k)]
    return ": ".join(parts) or json.dumps(err)[:200]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
