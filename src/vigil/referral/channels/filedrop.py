"""File-drop channel: write each request into a folder a platform collects from (SFTP, a
shared drive).  One sub-folder per idempotency key, moved into place in one rename, so a
half-written request is never visible and a repeat finds the folder and writes nothing.  The
platform answers by writing ``answer.json`` (or ``answer-2.json`` ...) into the request's folder;
``vigil check`` collects them."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from vigil.errors import ExternalError
from vigil.referral.channels._common import PermanentChannelError, envelope_dict
from vigil.referral.channels.base import Envelope, Receipt

_SAFE_KEY = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


class FileDropChannel:
    name: ClassVar[str] = "filedrop"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, envelope: Envelope) -> Receipt:
        key = envelope.idempotency_key
        if not _SAFE_KEY.match(key):
            raise PermanentChannelError(
                f"Request {envelope.request_id}: idempotency key {key!r} is not safe as a folder name."
            )
        final = self.folder / key
        if final.exists():
            return self._receipt(envelope, final, duplicate=True)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".partial-", dir=self.folder))
            data = envelope_dict(envelope)
            data.pop("attachments")
            (tmp / "request.json").write_text(
                json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False), encoding="utf-8"
            )
            for att in envelope.attachments:
                (tmp / Path(att.filename).name).write_bytes(att.content)
            try:
                os.rename(tmp, final)  # atomic on one file system
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
                if final.exists():  # another run got there first
                    return self._receipt(envelope, final, duplicate=True)
                raise
        except OSError as exc:
            raise ExternalError(f"Cannot drop request {envelope.request_id} into {self.folder}: {exc}") from exc
        return self._receipt(envelope, final, duplicate=False)

    def answers(self) -> Iterator[tuple[str, Path]]:
        """Answers the platform left beside the requests: ``<key>/answer*.json``."""
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.glob("*/answer*.json")):
            yield path.parent.name, path

    def _receipt(self, envelope: Envelope, final: Path, *, duplicate: bool) -> Receipt:
        return Receipt(
            channel=self.name,
            idempotency_key=envelope.idempotency_key,
            sent_at=datetime.now(UTC),
            message_id=str(final),
            detail={"folder": str(final), "duplicate": duplicate},
        )
