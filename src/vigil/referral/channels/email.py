"""E-mail channel: one message per request over SMTP, with the signed documents attached.

The Message-ID is derived from the idempotency key and the key is also sent as a header
(``X-Vigil-Idempotency-Key``), so a receiving system can drop a repeat after a crash between
"sending" and "sent" (SMTP itself cannot be asked whether a message was already delivered).
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import ClassVar

from vigil.errors import ExternalError
from vigil.referral.channels._common import PermanentChannelError, summary_text
from vigil.referral.channels.base import Envelope, Receipt
from vigil.referral.platforms import EmailChannelConfig, SmtpSettings


class EmailChannel:
    name: ClassVar[str] = "email"

    def __init__(self, smtp: SmtpSettings, config: EmailChannelConfig) -> None:
        self.smtp = smtp
        self.config = config

    def message(self, envelope: Envelope) -> EmailMessage:
        msg = EmailMessage()
        ref = envelope.body.get("reference", str(envelope.request_id))
        msg["Subject"] = f"[{ref}] {envelope.kind.replace('_', ' ')} for {envelope.platform}"
        msg["From"] = self.smtp.sender
        msg["To"] = self.config.to
        if self.config.cc:
            msg["Cc"] = ", ".join(self.config.cc)
        msg["Message-ID"] = f"<{envelope.idempotency_key}@vigil.referral>"
        msg["X-Vigil-Idempotency-Key"] = envelope.idempotency_key
        msg.set_content(summary_text(envelope))
        for att in envelope.attachments:
            maintype, _, subtype = att.mime_type.partition("/")
            msg.add_attachment(
                att.content,
                maintype=maintype,
                subtype=subtype or "octet-stream",
                filename=att.filename,
            )
        return msg

    def send(self, envelope: Envelope) -> Receipt:
        msg = self.message(envelope)
        where = f"{self.smtp.host}:{self.smtp.port}"
        try:
            with smtplib.SMTP(self.smtp.host, self.smtp.port, timeout=self.smtp.timeout_s) as s:
                if self.smtp.starttls:
                    s.starttls(context=ssl.create_default_context())
                if self.smtp.username:
                    s.login(self.smtp.username, self.smtp.password or "")
                refused = s.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentChannelError(
                f"SMTP server {where} refused every recipient of request "
                f"{envelope.request_id}: {exc.recipients}. Fix the platform's 'to' address."
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise ExternalError(f"Cannot send request {envelope.request_id} by e-mail through {where}: {exc}") from exc
        return Receipt(
            channel=self.name,
            idempotency_key=envelope.idempotency_key,
            sent_at=datetime.now(UTC),
            message_id=msg["Message-ID"],
            detail={"to": self.config.to, "refused": sorted(refused)},
        )
