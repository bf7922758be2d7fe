"""Helpers for the referral tests: requests in a given state (without the review stage), and
local receivers standing in for a platform: a webhook intake and an SMTP inbox."""

from __future__ import annotations

import asyncio
import email
import hashlib
import hmac
import json
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from vigil.core import Vigil
from vigil.store.tables import cases, decisions, removal_requests

MakeRequest = Callable[..., int]

#: For tests of logic that storage does not change (documents, parsing, exports): run on SQLite
#: only, to keep the suite fast.  Storage behaviour is covered on both databases elsewhere.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def insert_request(
    vigil: Vigil,
    *,
    platform: str = "x",
    kind: str = "legal_order",
    state: str = "approved",
    targets: tuple[str, ...] = ("https://x.example/status/1",),
    organisation: str = "ttp",
    reach: int = 1000,
    account_id: str | None = None,
    sent_at: datetime | None = None,
    due_at: datetime | None = None,
    created_at: datetime | None = None,
    closed_at: datetime | None = None,
) -> int:
    account = account_id or f"acct-{uuid.uuid4().hex[:8]}"
    with vigil.begin() as conn:
        case_id = conn.execute(
            cases.insert().values(
                platform=platform,
                account_id=account,
                organisation=organisation,
                score=0.9,
                reach=reach,
                tier=3,
                status="decided",
                opened_at=datetime.now(UTC),
            )
        ).inserted_primary_key[0]
        conn.execute(
            decisions.insert().values(
                case_id=case_id,
                outcome="link_proven",
                organisation=organisation,
                references=["UN QDe.132"],
                ground="glorification",
                legal_basis="Anti-Terrorism Act 1997, s. 11W",
                reasons="Praises an attack.",
                decided_by="reviewer-a",
                scripted=False,
                decided_at=datetime.now(UTC),
            )
        )
        return conn.execute(
            removal_requests.insert().values(
                case_id=case_id,
                platform=platform,
                kind=kind,
                state=state,
                targets=list(targets),
                idempotency_key=uuid.uuid4().hex,
                created_at=created_at or datetime.now(UTC),
                sent_at=sent_at,
                due_at=due_at,
                closed_at=closed_at,
            )
        ).inserted_primary_key[0]


# --- local receivers -------------------------------------------------------------------------

SECRET = "s3cret-shared-with-platform"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebhookReceiver:
    """A platform's intake: checks the HMAC, drops repeats by Idempotency-Key.

    ``hold_on`` makes the n-th new delivery wait (after it was stored) until ``release`` is set,
    so a test can kill the sender while it waits for the reply.
    """

    def __init__(self) -> None:
        self.deliveries: list[dict] = []  # every POST, repeats included
        self.accepted: dict[str, dict] = {}  # by idempotency key: what the platform acts on
        self.bad_signatures = 0
        self.fail_next: list[int] = []  # statuses to answer before succeeding
        self.answer: dict | None = None
        self.hold_on: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.handle(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/referrals"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def handle(self, h: BaseHTTPRequestHandler, body: bytes) -> None:
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        key = h.headers.get("Idempotency-Key", "")
        with self.lock:
            self.deliveries.append({"key": key})
            if not hmac.compare_digest(expected, h.headers.get("X-Vigil-Signature", "")):
                self.bad_signatures += 1
                return self._reply(h, 401, {"error": "bad signature"})
            if self.fail_next:
                return self._reply(h, self.fail_next.pop(0), {"error": "try later"})
            repeat = key in self.accepted
            if not repeat:
                self.accepted[key] = json.loads(body)
            hold = not repeat and self.hold_on == len(self.accepted)
        if hold:
            self.holding.set()
            self.release.wait(30)
        reply: dict = {"id": f"ticket-{key[:8]}", "duplicate": repeat}
        if self.answer:
            reply["answer"] = self.answer
        self._reply(h, 200, reply)

    @staticmethod
    def _reply(h: BaseHTTPRequestHandler, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
        except OSError:  # the sender was killed while we held the reply
            pass

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


class SmtpInbox:
    """An aiosmtpd handler that keeps messages and drops repeats by Message-ID."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.unique: dict[str, email.message.Message] = {}
        self.hold_on: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001
        msg = email.message_from_bytes(envelope.content)
        self.messages.append(msg)
        mid = msg["Message-ID"]
        repeat = mid in self.unique
        if not repeat:
            self.unique[mid] = msg
        if not repeat and self.hold_on == len(self.unique):
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"


def write_platforms(home, text: str) -> None:  # noqa: ANN001
    home.mkdir(parents=True, exist_ok=True)
    (home / "platforms.yaml").write_text(text, encoding="utf-8")


def liaison_token(vigil: Vigil, name: str = "liaison") -> str:
    """A token for a scripted liaison officer (created by a scripted admin), for CLI calls."""
    from vigil.review import auth

    auth.ensure_scripted_users(vigil, {"root": ["admin"], name: ["liaison"]})
    return auth.create_token(vigil, "root", name, ["*"])["token"]
