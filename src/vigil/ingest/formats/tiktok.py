"""TikTok Research API responses, saved as JSON.

A file holds one response, or several (one per line, or one after another, as a collector saves
page after page); each is read as a stream with ijson.  Responses understood:
  video query   {"data": {"videos": [...], "cursor", "has_more", "search_id"}, "error": {...}}
  user info     {"data": {"display_name", "bio_description", "follower_count", ...}}
  comments      {"data": {"comments": [...]}}
  a bare list of videos.
Videos carry their id as ``id`` (newer responses) or ``video_id`` (older ones).  The API does not
always name a video's author (``username`` is an optional field): such videos are kept under the
account id ``unknown``.  User info responses do not name the user either; tools that save them
add ``username``, which is then the account id (without it the response is rejected).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import ijson

from vigil.domain.enums import Platform
from vigil.domain.records import Account, Link, Post
from vigil.ingest._convert import (
    RECORD_ERRORS,
    Bad,
    as_id,
    count,
    counts,
    explain,
    text_or_none,
    utc_from_unix,
)
from vigil.ingest.base import Item, Reject, register_reader
from vigil.ingest.textio import open_binary

TT = Platform.TIKTOK
UNKNOWN_AUTHOR = "unknown"
_VIDEO_METRICS = {
    "view_count": "views",
    "like_count": "likes",
    "comment_count": "comments",
    "share_count": "shares",
    "favorites_count": "favorites",
    "video_duration": "duration_s",
}


@register_reader
class TikTokResearchJson:
    name: ClassVar[str] = "tiktok_research_json"
    description: ClassVar[str] = "TikTok Research API responses (videos, user info, comments)"

    def sniff(self, head: bytes, path: Path) -> bool:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not start.startswith((b"{", b"[")):
            return False
        video = b'"video_id"' in head or (b'"videos"' in head and b'"create_time"' in head)
        video = video or (b'"video_description"' in head)
        user = b'"bio_description"' in head or (
            b'"follower_count"' in head and b'"display_name"' in head and b'"data"' in head
        )
        return video or user

    def read(self, path: Path) -> Iterator[Item]:
        source = str(path)
        n = -1
        try:
            with open_binary(path) as fh:
                for n, doc in enumerate(ijson.items(fh, "", multiple_values=True, use_float=True)):
                    where = "$" if n == 0 else f"$[document {n + 1}]"
                    yield from _document(doc, source, where)
        except (
            ijson.JSONError,
            ijson.IncompleteJSONError,
            UnicodeDecodeError,
            ValueError,
            RecursionError,
        ) as exc:
            yield Reject(
                source,
                None,
                f"not valid JSON after document {n + 2} starts "
                f"({exc.__class__.__name__}: {str(exc)[:200]}); what came before was read",
            )


def _document(doc: Any, source: str, where: str) -> Iterator[Item]:
    if isinstance(doc, list):
        for i, video in enumerate(doc):
            yield from _guard(source, f"{where}[{i}]", lambda v=video: _video(v))
        return
    if not isinstance(doc, dict):
        yield Reject(source, None, "expected a response object or a list of videos", path=where)
        return
    error = doc.get("error")
    if isinstance(error, dict) and error.get("code") not in (None, "ok"):
        yield Reject(
            source,
            None,
            f"the API answered with an error: {error.get('code')}: {error.get('message')}",
            path=f"{where}.error",
        )
    data = doc.get("data", doc)
    if not isinstance(data, dict):
        yield Reject(source, None, "'data' is not an object", path=f"{where}.data")
        return
    yield from _data(data, source, f"{where}.data" if "data" in doc else where)


def _data(data: dict[str, Any], source: str, where: str) -> Iterator[Item]:
    if "videos" in data:
        for i, video in enumerate(_list(data["videos"])):
            yield from _guard(source, f"{where}.videos[{i}]", lambda v=video: _video(v))
    elif "comments" in data:
        for i, comment in enumerate(_list(data["comments"])):
            yield from _guard(source, f"{where}.comments[{i}]", lambda c=comment: [_comment(c)])
    elif "display_name" in data or "follower_count" in data or "bio_description" in data:
        yield from _guard(source, where, lambda: [_user(data)])
    elif "id" in data or "video_id" in data:
        yield from _guard(source, where, lambda: _video(data))
    elif data:
        yield Reject(source, None, "no videos, comments or user info in this response", path=where)


def _guard(source: str, jpath: str, build: Any) -> Iterator[Item]:
    try:
        records = list(build())
    except RECORD_ERRORS as exc:
        reason, field = explain(exc)
        yield Reject(source, None, reason, path=f"{jpath}.{field}" if field else jpath)
        return
    yield from records


def _video(video: Any) -> list[Any]:
    if not isinstance(video, dict):
        raise Bad("expected a video object")
    vid = as_id(video.get("id", video.get("video_id")), "id")
    username = text_or_none(video.get("username"))
    author = username or UNKNOWN_AUTHOR
    text = str(video.get("video_description") or "")
    created = utc_from_unix(video["create_time"], "create_time") if "create_time" in video else None
    url = f"https://www.tiktok.com/@{username}/video/{vid}" if username else None
    post = Post(
        platform=TT,
        platform_id=vid,
        account_id=author,
        text=text,
        created_at=created,
        url=url,
        metrics=counts(video, _VIDEO_METRICS),
    )
    out: list[Any] = []
    if username:
        out.append(
            Account(
                platform=TT,
                platform_id=username,
                handle=username,
                url=f"https://www.tiktok.com/@{username}",
            )
        )
    out.append(post)
    for link in _list(video.get("links")):
        if isinstance(link, str) and link:
            out.append(Link(platform=TT, platform_id=vid, url=link))
    return out


def _comment(comment: Any) -> Post:
    if not isinstance(comment, dict):
        raise Bad("expected a comment object")
    parent = comment.get("parent_comment_id") or comment.get("video_id")
    return Post(
        platform=TT,
        platform_id=as_id(comment.get("id"), "id"),
        account_id=text_or_none(comment.get("username")) or UNKNOWN_AUTHOR,
        text=str(comment.get("text") or ""),
        created_at=utc_from_unix(comment["create_time"], "create_time") if "create_time" in comment else None,
        reply_to=str(parent) if parent not in (None, "", 0) else None,
        metrics=counts(comment, {"like_count": "likes", "reply_count": "replies"}),
    )


def _user(data: dict[str, Any]) -> Account:
    username = text_or_none(data.get("username"))
    if username is None:
        raise Bad(
            "user info without 'username': the response does not say whose it is; add the username you queried",
            "username",
        )
    return Account(
        platform=TT,
        platform_id=username,
        handle=username,
        display_name=text_or_none(data.get("display_name")),
        bio=text_or_none(data.get("bio_description")),
        followers=count(data.get("follower_count")),
        url=f"https://www.tiktok.com/@{username}",
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
