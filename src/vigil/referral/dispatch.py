"""Sending approved requests to platforms: signed documents over the configured channels.

The lifecycle (``vigil.referral.stage.dispatch``) does the exactly-once part:

1. it commits ``approved -> sending`` and a 'started' attempt row *before* calling the channel;
2. calls the channel (retrying transient failures with exponential backoff, via tenacity);
3. commits ``sending -> sent`` (starting the SLA clock) and the attempt's outcome *after*.

A crash between 1 and 3 leaves the request in ``sending``.  The next run resumes it and sends the
same envelope with the same idempotency key, so the receiver (or the channel, for file drops)
drops the repeat.  This module adds what a real platform needs: the documents (rendered and
signed once, reused on a resend), the channel from platforms.yaml, and answers in replies.
"""

from __future__ import annotations

import fcntl
import json
import mimetypes
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from vigil.core import Vigil
from vigil.domain.enums import RequestKind
from vigil.errors import ConfigError, StateError, VigilError
from vigil.referral import answers, documents, requests, signing, stage
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
LOCK_KEY = 7262  # PostgreSQL advisory lock id of the dispatcher (the audit chain uses 7261)


def make_channel(vigil: Vigil, cfg: ReferralConfig, platform: str) -> Channel:
    """The channel configured for a platform in platforms.yaml."""
    conf = cfg.channel_for(platform)
    if isinstance(conf, EmailChannelConfig):
        return EmailChannel(cfg.smtp, conf)
    if isinstance(conf, WebhookChannelConfig):
        return WebhookChannel(conf)
    if isinstance(conf, FileDropChannelConfig):
        return FileDropChannel(conf.path(vigil.home))
    raise ConfigError(f"Unknown channel type for platform {platform!r}.")  # pragma: no cover


def document_folder(vigil: Vigil, view: requests.RequestView) -> Path:
    return vigil.home / "documents" / view.reference


def write_documents(vigil: Vigil, view: requests.RequestView, cfg: ReferralConfig, issued_at: datetime) -> list[Path]:
    """Render and sign the request's documents once; a resumed send reuses the same files."""
    folder = document_folder(vigil, view)
    stem = "order" if view.kind is RequestKind.LEGAL_ORDER else "referral"
    paths = [folder / f"{stem}.json", folder / f"{stem}.pdf", folder / "batch.csv"]
    if all(p.exists() and p.with_name(p.name + ".sig").exists() for p in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    doc = documents.build(view, cfg.authority, issued_at)
    signing.atomic_write(paths[0], documents.to_json(doc))
    signing.atomic_write(paths[1], documents.to_pdf(doc))
    signing.atomic_write(paths[2], documents.batch_csv([view], issued_at))
    signer = signing.load_or_create(vigil.home / "keys")
    for p in paths:
        signer.sign_file(p)
    return paths


def envelope_for(vigil: Vigil, view: requests.RequestView, cfg: ReferralConfig, issued_at: datetime) -> Envelope:
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


def _issued_at(vigil: Vigil, request_id: int) -> datetime:
    """When the first attempt started: a resumed send re-renders nothing with a new date."""
    with vigil.read() as conn:
        first = conn.execute(
            select(func.min(dispatch_attempts.c.started_at)).where(dispatch_attempts.c.request_id == request_id)
        ).scalar_one()
    return requests.utc(first) or datetime.now(UTC)


@contextmanager
def dispatch_lock(vigil: Vigil) -> Iterator[None]:
    """One sender at a time per home: two would both resume the same 'sending' requests.

    PostgreSQL: a session advisory lock (a team may send from several machines).  SQLite: an
    exclusive ``flock`` on ``$VIGIL_HOME/dispatch.lock``.  Both vanish with a killed process.
    """
    busy = StateError("Another 'vigil referral send' is running on this home; wait for it to finish.")
    if vigil.engine.dialect.name == "postgresql":
        with vigil.engine.connect() as conn:
            if not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar_one():
                raise busy
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
        return
    vigil.home.mkdir(parents=True, exist_ok=True)
    with open(vigil.home / "dispatch.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
        yield


def send(
    vigil: Vigil,
    *,
    actor: str = ACTOR,
    request_ids: tuple[int, ...] = (),
    channels: Mapping[str, Channel] | None = None,
    attempts: int = 3,
    backoff_s: float = 0.5,
) -> stage.DispatchSummary:
    """Send every approved request with signed documents over its configured channel (and
    resume any left in 'sending' by a crash); record answers that came back with a reply."""
    cfg = load_for(vigil.home)
    made: dict[str, Channel] = dict(channels or {})

    def channel_for(platform: str) -> Channel:
        if platform not in made:
            made[platform] = make_channel(vigil, cfg, platform)
        return made[platform]

    def build(req: dict[str, Any]) -> Envelope:
        with vigil.read() as conn:
            view = requests.get(conn, req["id"])
        return envelope_for(vigil, view, cfg, _issued_at(vigil, view.id))

    with dispatch_lock(vigil):
        summary = stage.dispatch(
            vigil,
            channel_for,
            actor=actor,
            envelope_for=build,
            request_ids=request_ids,
            attempts=attempts,
            backoff_s=backoff_s,
        )
        for request_id, receipt in summary.receipts.items():
            try:
                _record_reply(vigil, request_id, receipt)
            except VigilError as exc:  # the request was sent; a bad answer must not stop the batch
                summary.notes[request_id] = f"answer in the reply not recorded: {exc}"
    return summary


def _record_reply(vigil: Vigil, request_id: int, receipt: Receipt) -> None:
    response = receipt.detail.get("response")
    payload = response.get("answer") if isinstance(response, dict) else None
    if isinstance(payload, dict):
        answer = answers.parse_answer(payload, source=f"{receipt.channel} reply to request {request_id}")
        answers.record(vigil, request_id, answer, actor=f"channel:{receipt.channel}", source="channel")
