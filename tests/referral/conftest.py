"""Fixtures for the referral tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from referral_helpers import MakeRequest, SmtpInbox, WebhookReceiver, free_port, insert_request


@pytest.fixture
def make_request() -> MakeRequest:
    return insert_request


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    r = WebhookReceiver()
    yield r
    r.close()


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpInbox, int]]:
    inbox = SmtpInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    inbox.release.set()
    controller.stop()
