"""Real e-mail to a local SMTP server, real HTTP to a local webhook, and a file drop."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from referral_helpers import SECRET, insert_request, write_platforms
from sqlalchemy import select

from vigil.config import Settings
from vigil.core import Vigil
from vigil.domain.enums import RequestState
from vigil.errors import ExternalError
from vigil.referral import dispatch, signing
from vigil.referral.channels._common import PermanentChannelError
from vigil.referral.channels.base import Attachment, Channel, Envelope
from vigil.referral.channels.email import EmailChannel
from vigil.referral.channels.filedrop import FileDropChannel
from vigil.referral.channels.webhook import WebhookChannel
from vigil.referral.platforms import EmailChannelConfig, SmtpSettings, WebhookChannelConfig
from vigil.store.tables import removal_requests
from vigil.store.tables_referral import dispatch_attempts


@pytest.fixture
def home_vigil(tmp_path):
    v = Vigil(Settings(home=tmp_path / "home"))
    yield v
    v.close()


def envelope(key: str = "k1") -> Envelope:
    return Envelope(
        request_id=1,
        idempotency_key=key,
        platform="x",
        kind="legal_order",
        targets=("https://x.example/1",),
        body={"reference": "VIGIL-ORD-000001"},
        attachments=(Attachment("order.json", b'{"a": 1}', "application/json"),),
    )


def state_of(vigil, rid):
    with vigil.read() as conn:
        return conn.execute(select(removal_requests.c.state).where(removal_requests.c.id == rid)).scalar_one()


def test_every_channel_satisfies_the_protocol(tmp_path):
    smtp = SmtpSettings()
    channels = [
        EmailChannel(smtp, EmailChannelConfig(type="email", to="a@b.example")),
        WebhookChannel(WebhookChannelConfig(type="webhook", url="http://127.0.0.1:9/x", secret_env="S")),
        FileDropChannel(tmp_path),
    ]
    assert all(isinstance(c, Channel) for c in channels)
    assert len({c.name for c in channels}) == 3


def test_email_carries_signed_documents_that_verify(home_vigil, smtp, tmp_path, monkeypatch):
    inbox, port = smtp
    write_platforms(
        home_vigil.home,
        f"smtp: {{host: 127.0.0.1, port: {port}, sender: nru@unit.example}}\n"
        "platforms:\n  tiktok:\n    channel: {type: email, to: legal@tiktok.example}\n",
    )
    rid = insert_request(home_vigil, platform="tiktok", targets=("https://tiktok.example/@a/video/1", "acct-9"))
    summary = dispatch.send(home_vigil)
    assert summary.sent == 1 and state_of(home_vigil, rid) == "sent"
    [msg] = inbox.messages
    assert msg["To"] == "legal@tiktok.example" and "VIGIL-ORD" in msg["Subject"]
    files = {p.get_filename(): p.get_payload(decode=True) for p in msg.walk() if p.get_filename()}
    assert {"order.json", "order.pdf", "order.pdf.sig", "batch.csv"} <= set(files)
    assert files["order.pdf"].startswith(b"%PDF")
    # The platform checks the PDF it received against the unit's published key.
    (tmp_path / "order.pdf").write_bytes(files["order.pdf"])
    (tmp_path / "order.pdf.sig").write_bytes(files["order.pdf.sig"])
    pub = home_vigil.home / "keys" / signing.PUBLIC_NAME
    assert signing.verify_file(tmp_path / "order.pdf", public_key=pub).pinned
    order = json.loads(files["order.json"])
    assert order["type"] == "removal_order" and order["content"][1] == {"kind": "account", "value": "acct-9"}


def test_webhook_is_signed_and_retried_with_backoff(home_vigil, webhook, monkeypatch):
    monkeypatch.setenv("X_SECRET", SECRET)
    write_platforms(
        home_vigil.home,
        f"platforms:\n  x:\n    channel: {{type: webhook, url: '{webhook.url}', secret_env: X_SECRET}}\n",
    )
    rid = insert_request(home_vigil, platform="x")
    webhook.fail_next = [503, 503]
    summary = dispatch.send(home_vigil, attempts=3, backoff_s=0.01)
    assert summary.sent == 1 and webhook.bad_signatures == 0
    assert len(webhook.deliveries) == 3 and len(webhook.accepted) == 1
    with home_vigil.read() as conn:
        attempt = conn.execute(select(dispatch_attempts).where(dispatch_attempts.c.request_id == rid)).one()
    assert attempt.state == "ok" and attempt.message_id.startswith("ticket-")


def test_webhook_refusal_is_not_retried_and_request_stays_resumable(home_vigil, webhook, monkeypatch):
    monkeypatch.setenv("X_SECRET", "wrong-secret")
    write_platforms(
        home_vigil.home,
        f"platforms:\n  x:\n    channel: {{type: webhook, url: '{webhook.url}', secret_env: X_SECRET}}\n",
    )
    rid = insert_request(home_vigil, platform="x")
    summary = dispatch.send(home_vigil, attempts=5, backoff_s=0.01)
    assert rid in summary.failed and "401" in summary.failed[rid]
    assert len(webhook.deliveries) == 1  # a refusal is final: no retry storm
    assert state_of(home_vigil, rid) == RequestState.SENDING.value
    monkeypatch.setenv("X_SECRET", SECRET)
    assert dispatch.send(home_vigil).resumed == 1 and state_of(home_vigil, rid) == "sent"


def test_answer_in_webhook_reply_is_recorded_as_from_the_channel(home_vigil, webhook, monkeypatch):
    monkeypatch.setenv("X_SECRET", SECRET)
    write_platforms(
        home_vigil.home,
        f"platforms:\n  x:\n    channel: {{type: webhook, url: '{webhook.url}', secret_env: X_SECRET}}\n",
    )
    webhook.answer = {"status": "acknowledged", "received_at": datetime.now(UTC).isoformat()}
    rid = insert_request(home_vigil, platform="x")
    dispatch.send(home_vigil)
    assert state_of(home_vigil, rid) == "acknowledged"
    from vigil.referral.service import show

    [answer] = show(home_vigil, rid)["answers"]
    assert answer["source"] == "channel" and answer["entered_by"] == "channel:webhook"


def test_file_drop_writes_once(tmp_path):
    channel = FileDropChannel(tmp_path / "drop")
    first = channel.send(envelope("key-1"))
    second = channel.send(envelope("key-1"))
    assert not first.detail["duplicate"] and second.detail["duplicate"]
    assert sorted(p.name for p in (tmp_path / "drop").iterdir()) == ["key-1"]
    assert (tmp_path / "drop" / "key-1" / "order.json").read_bytes() == b'{"a": 1}'


def test_unreachable_smtp_is_a_retryable_external_error():
    channel = EmailChannel(SmtpSettings(port=9, timeout_s=1), EmailChannelConfig(type="email", to="a@b.example"))
    with pytest.raises(ExternalError, match="Cannot send request 1 by e-mail") as info:
        channel.send(envelope())
    assert not isinstance(info.value, PermanentChannelError)


def test_webhook_without_its_secret_is_not_sent(home_vigil, webhook, monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    write_platforms(
        home_vigil.home,
        f"platforms:\n  x:\n    channel: {{type: webhook, url: '{webhook.url}', secret_env: X_SECRET}}\n",
    )
    rid = insert_request(home_vigil, platform="x")
    summary = dispatch.send(home_vigil)
    assert "'X_SECRET' is not set" in summary.failed[rid] and webhook.deliveries == []


def test_platform_without_channel_is_a_config_error(home_vigil):
    from vigil.errors import ConfigError

    insert_request(home_vigil, platform="whatsapp")
    with pytest.raises(ConfigError, match="No channel is configured for platform 'whatsapp'"):
        dispatch.send(home_vigil)


def test_bad_answer_in_a_reply_does_not_stop_the_batch(home_vigil, webhook, monkeypatch):
    monkeypatch.setenv("X_SECRET", SECRET)
    write_platforms(
        home_vigil.home,
        f"platforms:\n  x:\n    channel: {{type: webhook, url: '{webhook.url}', secret_env: X_SECRET}}\n",
    )
    webhook.answer = {"status": "rejected"}  # no reason given
    ids = [insert_request(home_vigil, platform="x", targets=(f"https://x.example/{i}",)) for i in range(2)]
    summary = dispatch.send(home_vigil)
    assert summary.sent == 2 and [state_of(home_vigil, i) for i in ids] == ["sent", "sent"]
    assert "needs a reason" in summary.notes[ids[0]]


def test_a_second_sender_on_the_same_home_is_refused(vigil):
    from vigil.errors import StateError

    refused = pytest.raises(StateError, match="Another 'vigil referral send'")
    with dispatch.dispatch_lock(vigil), refused, dispatch.dispatch_lock(vigil):
        pass
    with dispatch.dispatch_lock(vigil):  # released after use
        pass
