"""Opening source files the same way in every reader.

Readers open files through :func:`open_binary` so that the stage can ask how far into a file the
reader is (:func:`position`) and show a progress bar with an ETA, without the reader knowing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_OPEN: dict[str, BinaryIO] = {}


@contextmanager
def open_binary(path: Path) -> Iterator[BinaryIO]:
    """Open a source file for reading; its position can be read with :func:`position`."""
    with open(path, "rb") as fh:
        _OPEN[str(path)] = fh
        try:
            yield fh
        finally:
            _OPEN.pop(str(path), None)


def position(path: Path) -> int | None:
    """How many bytes of ``path`` the reader has consumed, or None when it is not open."""
    fh = _OPEN.get(str(path))
    if fh is None or fh.closed:
        return None
    try:
        return fh.tell()
    except (OSError, ValueError):  # a stream that cannot tell, or closed meanwhile
        return None


def open_text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) from a file, streaming.  Invalid UTF-8 bytes become U+FFFD
    rather than stopping the whole file."""
    with open_binary(path) as fh:
        for lineno, raw in enumerate(fh, start=1):
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            yield lineno, raw.decode("utf-8", errors="replace").rstrip("\r\n")


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in chunks (media files can be large)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
