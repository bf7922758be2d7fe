"""The contract every channel keeps (like the reader and detector contracts): a stable name,
a receipt under the envelope's idempotency key, one delivery however often the same envelope is
sent, and an ExternalError (retryable) when the destination cannot be reached."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest
from referral_helpers import SECRET

from vigil.errors import ExternalError
from vigil.referral.channels.base import Attachment, Channel, Envelope
from vigil.referral.channels.email import EmailChannel
from vigil.referral.channels.filedrop import FileDropChannel
from vigil.referral.channels.webhook import WebhookChannel
from vigil.referral.platforms import EmailChannelConfig, SmtpSettings, WebhookChannelConfig

ENVELOPE = Envelope(
    request_id=7,
    idempotency_key="0123456789abcdef",
    platform="x",
    kind="legal_order",
    targets=("https://x.example/1",),
    body={"reference": "VIGIL-ORD-000007"},
    attachments=(Attachment("order.json", b"{}", "application/json"),),
)


class ChannelContract:
    """Subclass per channel and provide the ``setup`` fixture: (channel, deliveries, unreachable)."""

    name: ClassVar[str]

    @pytest.fixture
    def setup(self) -> tuple[Channel, Callable[[], int], Channel]:
        raise NotImplementedError

    def test_is_a_channel_with_its_name(self, setup):
        channel, _, _ = setup
        assert isinstance(channel, Channel) and channel.name == self.name

    def test_receipt_carries_the_idempotency_key(self, setup):
        channel, _, _ = setup
        receipt = channel.send(ENVELOPE)
        assert receipt.channel == self.name and receipt.idempotency_key == ENVELOPE.idempotency_key

    def test_same_envelope_twice_is_one_delivery(self, setup):
        channel, deliveries, _ = setup
        channel.send(ENVELOPE)
        channel.send(ENVELOPE)
        assert deliveries() == 1

    def test_unreachable_destination_is_an_external_error(self, setup):
        _, _, unreachable = setup
        with pytest.raises(ExternalError, match="request 7"):
            unreachable.send(ENVELOPE)


class TestEmailChannel(ChannelContract):
    name = "email"

    @pytest.fixture
    def setup(self, smtp):
        inbox, port = smtp
        to = EmailChannelConfig(type="email", to="le@x.example")
        closed = SmtpSettings(port=9, timeout_s=1)
        return EmailChannel(SmtpSettings(port=port), to), lambda: len(inbox.unique), EmailChannel(closed, to)


class TestWebhookChannel(ChannelContract):
    name = "webhook"

    @pytest.fixture
    def setup(self, webhook, monkeypatch):
        monkeypatch.setenv("X_SECRET", SECRET)
        ok = WebhookChannelConfig(type="webhook", url=webhook.url, secret_env="X_SECRET")
        dead = WebhookChannelConfig(type="webhook", url="http://127.0.0.1:9/x", secret_env="X_SECRET", timeout_s=1)
        return WebhookChannel(ok), lambda: len(webhook.accepted), WebhookChannel(dead)


class TestFileDropChannel(ChannelContract):
    name = "filedrop"

    @pytest.fixture
    def setup(self, tmp_path: Path):
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a file where the drop folder should be")
        drop = tmp_path / "drop"
        return FileDropChannel(drop), lambda: len(list(drop.iterdir())), FileDropChannel(blocker / "sub")
