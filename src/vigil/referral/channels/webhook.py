"""Webhook/API channel: POST the envelope as JSON, signed with HMAC-SHA256.

Headers: ``Idempotency-Key`` (the request's key; a receiver answers a repeat with the first
result or 409), ``X-Vigil-Signature: sha256=<hex>`` (HMAC of the exact body with the secret
shared with the platform) and ``X-Vigil-Timestamp``.  A JSON reply may carry the platform's
answer (``{"answer": {"outcome": "removed", ...}}``), which the dispatcher records.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any, ClassVar

import httpx

from vigil.errors import ExternalError
from vigil.referral.channels._common import PermanentChannelError, envelope_bytes
from vigil.referral.channels.base import Envelope, Receipt
from vigil.referral.platforms import WebhookChannelConfig

SIGNATURE_HEADER = "X-Vigil-Signature"


def sign(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def check_signature(secret: bytes, body: bytes, header: str | None) -> bool:
    """For receivers: constant-time comparison of the signature header."""
    return header is not None and hmac.compare_digest(sign(secret, body), header)


class WebhookChannel:
    name: ClassVar[str] = "webhook"

    def __init__(self, config: WebhookChannelConfig, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self.transport = transport  # tests may pass one; the default is real HTTP

    def send(self, envelope: Envelope) -> Receipt:
        body = envelope_bytes(envelope)
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": envelope.idempotency_key,
            SIGNATURE_HEADER: sign(self.config.secret, body),
            "X-Vigil-Timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        try:
            with httpx.Client(timeout=self.config.timeout_s, transport=self.transport) as client:
                resp = client.post(self.config.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise ExternalError(f"Cannot deliver request {envelope.request_id} to {self.config.url}: {exc}") from exc
        return self._receipt(envelope, resp)

    def _receipt(self, envelope: Envelope, resp: httpx.Response) -> Receipt:
        status = resp.status_code
        if status in (408, 425, 429) or status >= 500:
            raise ExternalError(
                f"{self.config.url} answered HTTP {status} for request {envelope.request_id}; will retry."
            )
        if status >= 400 and status != 409:  # 409: already received under this key
            raise PermanentChannelError(
                f"{self.config.url} refused request {envelope.request_id} with HTTP {status}: "
                f"{resp.text[:200]}. Check the platform's webhook settings and secret."
            )
        detail: dict[str, Any] = {"http_status": status, "duplicate": status == 409}
        try:
            payload = resp.json()
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            detail["response"] = payload
        message_id = payload.get("id") if isinstance(payload, dict) else None
        return Receipt(
            channel=self.name,
            idempotency_key=envelope.idempotency_key,
            sent_at=datetime.now(UTC),
            message_id=str(message_id) if message_id is not None else None,
            detail=detail,
        )
