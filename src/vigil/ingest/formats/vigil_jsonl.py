"""Vigil's own interchange format: JSON Lines, one record per line with a ``type`` field.

See docs/interchange.md and docs/schema/vigil-records.schema.json.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from pydantic import ValidationError

from vigil.domain.records import RECORD_TYPES
from vigil.ingest.base import Item, Reject, register_reader
from vigil.ingest.textio import open_text_lines


@register_reader
class VigilJsonl:
    name: ClassVar[str] = "vigil_jsonl"
    description: ClassVar[str] = "Vigil interchange JSON Lines (one record a line, 'type' field)"

    def sniff(self, head: bytes, path: Path) -> bool:
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
        return first.startswith(b"{") and b'"type"' in first and b'"platform"' in first

    def read(self, path: Path) -> Iterator[Item]:
        source = str(path)
        for lineno, line in open_text_lines(path):
            if not line.strip():
                continue
            yield parse_line(line, source, lineno)


def parse_line(line: str, source: str, lineno: int) -> Item:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Reject(source, lineno, f"not valid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(obj, dict):
        return Reject(source, lineno, "expected a JSON object")
    rtype = obj.get("type")
    model = RECORD_TYPES.get(rtype) if isinstance(rtype, str) else None
    if model is None:
        known = ", ".join(RECORD_TYPES)
        return Reject(
            source, lineno, f"unknown or missing 'type' {rtype!r}; expected one of {known}"
        )
    try:
        return model.model_validate(obj)  # type: ignore[return-value]
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "(record)"
        return Reject(source, lineno, f"field {field!r}: {err['msg']}", path=f"$.{field}")
