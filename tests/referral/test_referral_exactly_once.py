"""Kill the sending process mid-dispatch (a real subprocess, SIGKILL) and rerun it: each request
reaches the platform exactly once.  The dispatcher commits 'sending' before the channel call and
'sent' after; the receiver drops the resend of the one request caught in between by its key."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from referral_helpers import SECRET, insert_request, liaison_token, write_platforms
from sqlalchemy import select

from vigil.config import Settings
from vigil.core import Vigil
from vigil.referral import dispatch
from vigil.store.tables import removal_requests
from vigil.store.tables_referral import dispatch_attempts

SEND = [sys.executable, "-c", "from vigil.cli import main; main()", "referral", "send", "--json"]


def env_for(vigil) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        VIGIL_HOME=str(vigil.home),
        VIGIL_DATABASE_URL=vigil.settings.database_url,
        X_SECRET=SECRET,
        VIGIL_TOKEN=liaison_token(vigil),
    )
    return env


def states(vigil, ids):
    with vigil.read() as conn:
        rows = dict(conn.execute(select(removal_requests.c.id, removal_requests.c.state)).all())
    return [rows[i] for i in ids]


def kill_while_held(vigil, receiver) -> None:
    proc = subprocess.Popen(SEND, env=env_for(vigil), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert receiver.holding.wait(60), proc.communicate(timeout=5)
    finally:
        proc.kill()  # SIGKILL: no cleanup, no 'finally' in the dispatcher runs
        proc.wait(10)
    receiver.hold_on = None
    receiver.release.set()


def rerun(vigil) -> None:
    # The rerun may as well be in-process: what matters is the state the killed process left.
    summary = dispatch.send(vigil)
    assert summary.failed == {} and (summary.sent, summary.resumed) == (2, 1)


def check_after_crash_and_rerun(vigil, ids, receiver):
    assert states(vigil, ids) == ["sent", "sending", "approved"]
    rerun(vigil)
    assert states(vigil, ids) == ["sent", "sent", "sent"]
    with vigil.read() as conn:
        attempts = (
            conn.execute(
                select(dispatch_attempts.c.state)
                .where(dispatch_attempts.c.request_id == ids[1])
                .order_by(dispatch_attempts.c.id)
            )
            .scalars()
            .all()
        )
    assert attempts == ["started", "ok"]  # the killed attempt stays visible


def test_webhook_kill_mid_dispatch_then_rerun_sends_each_once(vigil, webhook, monkeypatch):
    monkeypatch.setenv("X_SECRET", SECRET)
    write_platforms(
        vigil.home, f"platforms:\n  x:\n    channel: {{type: webhook, url: '{webhook.url}', secret_env: X_SECRET}}\n"
    )
    ids = [insert_request(vigil, platform="x", targets=(f"https://x.example/{i}",)) for i in range(3)]
    webhook.hold_on = 2
    kill_while_held(vigil, webhook)
    check_after_crash_and_rerun(vigil, ids, webhook)
    assert len(webhook.accepted) == 3  # the platform acts on three requests...
    keys = [d["key"] for d in webhook.deliveries]
    assert len(keys) == 4 and len(set(keys)) == 3  # ...though one arrived twice, under one key


@pytest.fixture
def sqlite_only(tmp_path):
    # The storage side is covered on both databases by the webhook test; this one is about SMTP.
    v = Vigil(Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path / 'v.db'}"))
    yield v
    v.close()


def test_email_kill_mid_dispatch_then_rerun_sends_each_once(sqlite_only, smtp):
    vigil = sqlite_only
    inbox, port = smtp
    write_platforms(
        vigil.home,
        f"smtp: {{host: 127.0.0.1, port: {port}}}\nplatforms:\n  x:\n    channel: {{type: email, to: le@x.example}}\n",
    )
    ids = [insert_request(vigil, platform="x", targets=(f"https://x.example/{i}",)) for i in range(3)]
    inbox.hold_on = 2
    kill_while_held(vigil, inbox)
    check_after_crash_and_rerun(vigil, ids, inbox)
    assert len(inbox.unique) == 3 and len(inbox.messages) == 4
    assert {m["X-Vigil-Idempotency-Key"] for m in inbox.messages} == {
        m["X-Vigil-Idempotency-Key"] for m in inbox.unique.values()
    }
