"""Reading text files as they come: any line ending, a BOM, invalid UTF-8 reported per line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def open_text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) from a file, streaming.  Invalid UTF-8 bytes become U+FFFD
    rather than stopping the whole file."""
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            yield lineno, raw.decode("utf-8", errors="replace").rstrip("\r\n")
