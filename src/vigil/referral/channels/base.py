"""The channel interface: one method, ``send(envelope) -> Receipt`` (like httpx's transport).

A channel carries one request to one platform: by e-mail, webhook/API, file drop, or (in the
demo) the platform simulator.  ``send`` must be safe to call again with the same envelope: the
envelope's idempotency key lets the receiver (or the channel itself) drop a repeat, so a crash
between "sending" and "sent" never sends twice.  A channel raises
:class:`~vigil.errors.ExternalError` for failures worth retrying.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Protocol, runtime_checkable


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Envelope:
    """What leaves for a platform: the request, its rendered document, and where it goes."""

    request_id: int
    idempotency_key: str
    platform: str
    kind: str  # legal_order | tos_referral
    targets: tuple[str, ...]
    body: dict[str, Any]  # the request document as JSON
    attachments: tuple[Attachment, ...] = ()
    contact: dict[str, str] = field(default_factory=dict)  # address, url, folder ... from config


@dataclass(frozen=True)
class Receipt:
    channel: str
    idempotency_key: str
    sent_at: datetime
    message_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class Channel(Protocol):
    name: ClassVar[str]

    def send(self, envelope: Envelope) -> Receipt: ...
