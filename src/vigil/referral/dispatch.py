"""Sending approved requests over their channels, exactly once.

For each request the dispatcher

1. commits ``approved -> sending`` and a 'started' attempt row *before* calling the channel;
2. calls the channel (retrying transient failures with exponential backoff, via tenacity);
3. commits ``sending -> sent`` (starting the SLA clock) and the attempt's outcome *after*.

A crash between 1 and 3 leaves the request in ``sending``.  The next run resumes it and sends the
same envelope with the same idempotency key, so the receiver (or the channel, for file drops)
drops the repeat: each request reaches the platform once.  A request whose channel fails for
good goes back to ``approved`` with the error kept on its attempt row.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from vigil.core import Vigil
from vigil.domain.enums import RequestKind, RequestState
from vigil.errors import ConfigError, ExternalError
from vigil.referral import answers, documents, requests, signing
from vigil.referral.channels.base import Attachment, Channel, Envelope, Receipt
from vigil.referral.channels.email import EmailChannel
from vigil.referral.channels.filedrop import FileDropChannel
from vigil.referral.channels.webhook import WebhookChannel
from vigil.referral.platforms import (
    EmailChannelConfig,
    FileDropChannelConfig,
    ReferralConfig,
    WebhookChannelConfig,
    load_for,
)
from vigil.store.tables_referral import dispatch_attempts

ACTOR = "dispatcher"


@dataclass
class DispatchSummary:
    sent: list[int] = field(default_factory=list)
    resumed: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    answered: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "sent": self.sent,
            "resumed": self.resumed,
            "failed": {str(k): v for k, v in self.failed.items()},
            "answered": self.answered,
        }


def make_channel(vigil: Vigil, cfg: ReferralConfig, platform: str) -> Channel:
    """The channel configured for a platform in platforms.yaml."""
    conf = cfg.channel_for(platform)
    if isinstance(conf, EmailChannelConfig):
        return EmailChannel(cfg.smtp, conf)
    if isinstance(conf, WebhookChannelConfig):
        return WebhookChannel(conf)
    if isinstance(conf, FileDropChannelConfig):
        folder = Path(conf.folder)
        return FileDropChannel(folder if folder.is_absolute() else vigil.home / folder)
    raise ConfigError(f"Unknown channel type for platform {platform!r}.")  # pragma: no cover


def document_folder(vigil: Vigil, view: requests.RequestView) -> Path:
    return vigil.home / "documents" / view.reference


def write_documents(
    vigil: Vigil, view: requests.RequestView, cfg: ReferralConfig, issued_at: datetime
) -> list[Path]:
    """Render and sign the request's documents once; a resumed send reuses the same files."""
    folder = document_folder(vigil, view)
    stem = "order" if view.kind is RequestKind.LEGAL_ORDER else "referral"
    paths = [folder / f"{stem}.json", folder / f"{stem}.pdf", folder / "batch.csv"]
    if all(p.exists() and p.with_name(p.name + ".sig").exists() for p in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    doc = documents.build(view, cfg.authority, issued_at)
    paths[0].write_bytes(documents.to_json(doc))
    paths[1].write_bytes(documents.to_pdf(doc))
    paths[2].write_bytes(documents.batch_csv([view], issued_at))
    signer = signing.load_or_create(vigil.home / "keys")
    for p in paths:
        signer.sign_file(p)
    return paths


def envelope_for(
    vigil: Vigil, view: requests.RequestView, cfg: ReferralConfig, issued_at: datetime
) -> Envelope:
    paths = write_documents(vigil, view, cfg, issued_at)
    files = [f for p in paths for f in (p, p.with_name(p.name + ".sig"))]
    attachments = tuple(
        Attachment(
            filename=f.name,
            content=f.read_bytes(),
            mime_type="application/json"
            if f.suffix == ".sig"
            else (mimetypes.guess_type(f.name)[0] or "application/octet-stream"),
        )
        for f in files
    )
    return Envelope(
        request_id=view.id,
        idempotency_key=view.idempotency_key,
        platform=view.platform,
        kind=view.kind.value,
        targets=view.targets,
        body=json.loads(paths[0].read_bytes()),
        attachments=attachments,
        contact={},
    )


def _first_started(vigil: Vigil, request_id: int) -> datetime | None:
    with vigil.read() as conn:
        first = conn.execute(
            select(func.min(dispatch_attempts.c.started_at)).where(
                dispatch_attempts.c.request_id == request_id
            )
        ).scalar_one()
    return requests.utc(first)


def _start(vigil: Vigil, view: requests.RequestView, channel: str) -> int:
    """Commit 'sending' and a 'started' attempt before anything leaves."""
    with vigil.begin() as conn:
        if view.state is RequestState.APPROVED:
            requests.transition(conn, view.id, RequestState.SENDING, actor=ACTOR)
        return conn.execute(
            dispatch_attempts.insert().values(
                request_id=view.id,
                channel=channel,
                idempotency_key=view.idempotency_key,
                state="started",
                started_at=datetime.now(UTC),
            )
        ).inserted_primary_key[0]


def _finish(vigil: Vigil, view: requests.RequestView, attempt: int, receipt: Receipt) -> bool:
    """Commit 'sent' (and any answer the channel brought back) after the channel returned."""
    answered = False
    with vigil.begin() as conn:
        conn.execute(
            dispatch_attempts.update()
            .where(dispatch_attempts.c.id == attempt)
            .values(state="ok", message_id=receipt.message_id, finished_at=datetime.now(UTC))
        )
        requests.transition(conn, view.id, RequestState.SENT, actor=ACTOR,
                            at=receipt.sent_at, settings=vigil.settings)
        payload = receipt.detail.get("response", {}).get("answer")
        if isinstance(payload, dict):
            answer = answers.parse_answer(payload, source=f"{receipt.channel} reply")
            answered = answers.record(conn, view.id, answer, actor=f"channel:{receipt.channel}",
                                      source="channel", settings=vigil.settings)
    return answered


def _fail(vigil: Vigil, view: requests.RequestView, attempt: int, error: str) -> None:
    with vigil.begin() as conn:
        conn.execute(
            dispatch_attempts.update()
            .where(dispatch_attempts.c.id == attempt)
            .values(state="failed", error=error, finished_at=datetime.now(UTC))
        )
        requests.transition(conn, view.id, RequestState.APPROVED, actor=ACTOR)


def _send_with_retries(
    channel: Channel, envelope: Envelope, attempts: int, backoff_s: float
) -> Receipt:
    retrying = Retrying(
        retry=retry_if_exception(
            lambda e: isinstance(e, ExternalError) and getattr(e, "retryable", True)
        ),
        stop=stop_after_attempt(attempts),
        wait=wait_exponential(multiplier=backoff_s, max=60),
        reraise=True,
    )
    try:
        return retrying(channel.send, envelope)
    except RetryError as exc:  # only when reraise cannot apply
        raise ExternalError(str(exc)) from exc


def dispatch(
    vigil: Vigil,
    *,
    request_ids: tuple[int, ...] = (),
    channels: Mapping[str, Channel] | None = None,
    attempts: int = 4,
    backoff_s: float = 0.5,
    on_sent: Callable[[int], None] | None = None,
) -> DispatchSummary:
    """Send every approved request (and resume any left in 'sending' by a crash)."""
    cfg = load_for(vigil.home)
    summary = DispatchSummary()
    with vigil.read() as conn:
        todo = requests.find(
            conn, states=(RequestState.APPROVED, RequestState.SENDING), ids=request_ids
        )
    for view in todo:
        channel = (channels or {}).get(view.platform) or make_channel(vigil, cfg, view.platform)
        if view.state is RequestState.SENDING:
            summary.resumed.append(view.id)
        issued_at = _first_started(vigil, view.id)
        attempt = _start(vigil, view, channel.name)
        envelope = envelope_for(vigil, view, cfg, issued_at or datetime.now(UTC))
        try:
            receipt = _send_with_retries(channel, envelope, attempts, backoff_s)
        except ExternalError as exc:
            _fail(vigil, view, attempt, str(exc))
            summary.failed[view.id] = str(exc)
            continue
        if _finish(vigil, view, attempt, receipt):
            summary.answered.append(view.id)
        summary.sent.append(view.id)
        if on_sent:
            on_sent(view.id)
    return summary
