"""What the three real channels share: the error for failures that a retry cannot fix, and the
envelope as JSON (the same bytes every time, so an HMAC or a content hash is stable)."""

from __future__ import annotations

import base64
import json
from typing import Any

from vigil.errors import ExternalError
from vigil.referral.channels.base import Envelope


class PermanentChannelError(ExternalError):
    """The platform refused the request itself (e.g. HTTP 400/401/403): retrying won't help."""

    retryable = False


def envelope_dict(envelope: Envelope) -> dict[str, Any]:
    return {
        "request_id": envelope.request_id,
        "idempotency_key": envelope.idempotency_key,
        "platform": envelope.platform,
        "kind": envelope.kind,
        "targets": list(envelope.targets),
        "body": envelope.body,
        "attachments": [
            {
                "filename": a.filename,
                "mime_type": a.mime_type,
                "content_b64": base64.b64encode(a.content).decode(),
            }
            for a in envelope.attachments
        ],
    }


def envelope_bytes(envelope: Envelope) -> bytes:
    return json.dumps(envelope_dict(envelope), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def summary_text(envelope: Envelope) -> str:
    ref = envelope.body.get("reference", f"request {envelope.request_id}")
    kind = "Removal order" if envelope.kind == "legal_order" else "Terms-of-service referral"
    lines = [
        f"{kind} {ref} for {envelope.platform}.",
        f"Idempotency key: {envelope.idempotency_key}",
        "",
        "Content:",
        *(f"  - {t}" for t in envelope.targets),
        "",
        "The signed documents are attached (JSON and PDF, each with a .sig file).",
        "Check them with: vigil referral verify FILE --public-key OUR_KEY.pem",
    ]
    return "\n".join(lines)
