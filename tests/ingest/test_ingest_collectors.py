"""Live collectors against a fake X API on 127.0.0.1 and a fake Telethon client.

MTProto cannot be faked over HTTP, so the Telegram collector is tested through a fake client
object at Telethon's API boundary (get_entity, iter_messages), fed real Telethon TL objects."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from telethon import errors
from telethon.tl import types

from vigil.errors import ExternalError
from vigil.ingest.collectors import (
    TelegramChannel,
    XRecentSearch,
    XUserTimeline,
    load_checkpoint,
    run_collector,
)


def tweet(i: int, author: str = "10") -> dict:
    return {
        "id": str(i),
        "author_id": author,
        "text": f"post {i}",
        "created_at": "2024-06-01T12:00:00.000Z",
        "edit_history_tweet_ids": [str(i)],
    }


def page(ids: list[int], next_token: str | None) -> dict:
    meta = {"result_count": len(ids), "newest_id": str(max(ids)), "oldest_id": str(min(ids))}
    if next_token:
        meta["next_token"] = next_token
    users = [{"id": "10", "username": "watched", "name": "W", "public_metrics": {"followers_count": 5}}]
    return {"data": [tweet(i) for i in ids], "includes": {"users": users}, "meta": meta}


class FakeX:
    """A local X API: search pages keyed by next_token, one 429 first, requests recorded."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.throttle_once = True
        self.pages = {None: page([30, 29], "t2"), "t2": page([28, 27], None)}
        self.newer = page([31], None)

    def handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                url = urlparse(self.path)
                q = {k: v[0] for k, v in parse_qs(url.query).items()}
                fake.requests.append({"path": url.path, **q, "auth": self.headers.get("Authorization")})
                if fake.throttle_once:
                    fake.throttle_once = False
                    return self.reply(429, {"title": "Too Many Requests"}, {"x-rate-limit-reset": "1030"})
                if q.get("since_id") == "30":
                    return self.reply(200, fake.newer)
                token = q.get("next_token") or q.get("pagination_token")
                return self.reply(200, fake.pages[token])

            def reply(self, status, body, headers=None):
                data = json.dumps(body).encode()
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def fake_x():
    fake = FakeX()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/2"
    yield fake
    server.shutdown()
    server.server_close()


def test_x_search_waits_out_a_429_pages_and_resumes_from_its_checkpoint(sqlite_vigil, fake_x, stored_of):
    waits: list[float] = []
    kw = {
        "bearer_token": "secret",
        "base_url": fake_x.url,
        "sleep": waits.append,
        "clock": lambda: 1000.0,
    }
    first = run_collector(sqlite_vigil, XRecentSearch("umar media", max_pages=1, **kw))
    assert waits == [30.0]  # until x-rate-limit-reset
    assert first.by_type == {"account": 1, "post": 2}
    search = XRecentSearch("umar media", **kw)
    assert load_checkpoint(sqlite_vigil, search)["next_token"] == "t2"
    second = run_collector(sqlite_vigil, search)  # carries on with the pagination token
    assert second.by_type["post"] == 2
    assert load_checkpoint(sqlite_vigil, search) == {"since_id": "30"}
    third = run_collector(sqlite_vigil, XRecentSearch("umar media", **kw))  # only newer posts
    assert third.imported == 1
    assert set(stored_of(sqlite_vigil).rows("post")) == {"27", "28", "29", "30", "31"}
    assert all(r["auth"] == "Bearer secret" for r in fake_x.requests)
    assert [r.get("next_token") for r in fake_x.requests[1:]] == [None, "t2", None]
    assert fake_x.requests[-1]["query"] == "umar media"


def test_x_timeline_uses_pagination_token(sqlite_vigil, fake_x):
    fake_x.throttle_once = False
    s = run_collector(sqlite_vigil, XUserTimeline("10", bearer_token="t", base_url=fake_x.url))
    assert s.by_type["post"] == 4
    assert fake_x.requests[0]["path"] == "/2/users/10/tweets"
    assert fake_x.requests[1]["pagination_token"] == "t2"


def test_x_rejected_token_is_a_clear_error(sqlite_vigil):
    import httpx

    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(401)))
    with pytest.raises(ExternalError, match="bearer token"):
        run_collector(sqlite_vigil, XRecentSearch("q", bearer_token="bad", client=client))


def test_x_long_rate_limit_stops_with_a_message_not_a_hang(sqlite_vigil):
    import httpx

    client = httpx.Client(
        transport=httpx.MockTransport(lambda r: httpx.Response(429, headers={"x-rate-limit-reset": "99999"}))
    )
    collector = XRecentSearch("q", bearer_token="t", client=client, clock=lambda: 0.0, max_wait_s=60)
    with pytest.raises(ExternalError, match="run again later"):
        run_collector(sqlite_vigil, collector)


CHANNEL = 555
WHEN = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)


def tg_message(i: int, text: str = "", **kw) -> types.Message:
    return types.Message(id=i, peer_id=types.PeerChannel(CHANNEL), date=WHEN, message=text, **kw)


class FakeTelegram:
    """Telethon's client at its API boundary: get_entity and iter_messages."""

    def __init__(self, messages, flood_after: int | None = None):
        self.messages = messages
        self.flood_after = flood_after
        self.calls: list[int] = []
        self.loop = asyncio.new_event_loop()

    async def get_entity(self, name):
        return types.Channel(
            id=CHANNEL,
            title="Hakkal Watch",
            photo=types.ChatPhotoEmpty(),
            date=WHEN,
            username=name,
            participants_count=1200,
        )

    async def iter_messages(self, entity, min_id=0, reverse=False):
        self.calls.append(min_id)
        for msg in self.messages:
            if msg.id <= min_id:
                continue
            if self.flood_after is not None and msg.id > self.flood_after:
                self.flood_after = None
                raise errors.FloodWaitError(request=None, capture=7)
            yield msg


def telegram_messages():
    text = "join 👉 https://t.me/x and @friend"
    url_at = len("join 👉 ".encode("utf-16-le")) // 2  # offsets count UTF-16 code units
    return [
        types.MessageService(
            id=1,
            peer_id=types.PeerChannel(CHANNEL),
            date=WHEN,
            action=types.MessageActionChannelCreate(title="Hakkal Watch"),
            from_id=types.PeerChannel(CHANNEL),
        ),
        tg_message(
            2,
            text,
            entities=[
                types.MessageEntityUrl(offset=url_at, length=len("https://t.me/x")),
                types.MessageEntityMention(offset=url_at + len("https://t.me/x and "), length=7),
            ],
            views=900,
            media=types.MessageMediaPhoto(
                photo=types.Photo(id=42, access_hash=0, file_reference=b"", date=WHEN, sizes=[], dc_id=1)
            ),
        ),
        tg_message(3, "relayed", fwd_from=types.MessageFwdHeader(date=WHEN, from_id=types.PeerChannel(777))),
        tg_message(
            4,
            "answer",
            reply_to=types.MessageReplyHeader(reply_to_msg_id=2),
            from_id=types.PeerUser(9),
        ),
        types.MessageService(
            id=5,
            peer_id=types.PeerChannel(CHANNEL),
            date=WHEN,
            action=types.MessageActionPinMessage(),
        ),
    ]


def test_telegram_channel_records_flood_wait_and_checkpoint(sqlite_vigil, stored_of):
    client = FakeTelegram(telegram_messages(), flood_after=3)
    waits: list[float] = []

    async def sleep(seconds):
        waits.append(seconds)

    s = run_collector(sqlite_vigil, TelegramChannel("hakkalwatch", client, sleep=sleep, batch_size=2))
    assert waits == [7] and client.calls == [0, 3]  # resumed after the last message read
    assert s.skipped == 1 and s.rejected == 0
    stored = stored_of(sqlite_vigil)
    posts = stored.rows("post")
    assert set(posts) == {"555/2", "555/3", "555/4"}
    assert posts["555/2"]["metrics"] == {"views": 900}
    assert posts["555/4"]["reply_to"] == "555/2" and posts["555/4"]["account_id"] == "user9"
    assert {r["url"] for r in stored.rows("link").values()} == {"https://t.me/x"}
    kinds = {(r["kind"], r["target_account_id"]) for r in stored.rows("interaction").values()}
    assert kinds == {
        ("member", "channel555"),
        ("mention", "@friend"),
        ("forward", "channel777"),
        ("reply", None),
    }
    assert set(stored.rows("media")) == {"photo42"}
    account = stored.rows("account")["channel555"]
    assert (account["handle"], account["followers"]) == ("hakkalwatch", 1200)
    again = TelegramChannel("hakkalwatch", FakeTelegram(telegram_messages()))
    assert load_checkpoint(sqlite_vigil, again) == {"min_id": 5}
    run_collector(sqlite_vigil, again)
    assert again.client.calls == [5]  # nothing fetched twice


def test_collect_command_against_the_fake_api(tmp_path, fake_x):
    from typer.testing import CliRunner

    from vigil.cli import app

    fake_x.throttle_once = False
    args = [
        "collect",
        "x-search",
        "umar media",
        "--api",
        fake_x.url,
        "--bearer-token",
        "t",
        "--home",
        str(tmp_path / "h"),
        "--json",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["by_type"]["post"] == 4
    again = CliRunner().invoke(app, args)  # resumes with since_id: only the newer post
    assert json.loads(again.stdout.strip().splitlines()[-1])["imported"] == 1
