"""Vigil's own interchange format: JSON Lines, one record per line with a ``type`` field.

See docs/interchange.md and docs/schema/vigil-records.schema.json.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import Field, TypeAdapter, ValidationError

from vigil.domain.records import RECORD_TYPES, Account, Interaction, Link, Media, Post
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


# One pass in pydantic's core from the JSON text to the record, the 'type' field choosing the
# model: about twice as fast as json.loads followed by model_validate.
_RECORD = TypeAdapter(Annotated[Account | Post | Media | Link | Interaction, Field(discriminator="type")])


def parse_line(line: str, source: str, lineno: int) -> Item:
    try:
        return _RECORD.validate_json(line)  # type: ignore[no-any-return]
    except ValidationError as exc:
        return _reject(exc, source, lineno)


def _reject(exc: ValidationError, source: str, lineno: int) -> Reject:
    err = exc.errors(include_url=False)[0]
    kind, loc = err["type"], err["loc"]
    if kind == "json_invalid":
        return Reject(source, lineno, f"not valid JSON ({err['ctx'].get('error', err['msg'])})")
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        rtype = err.get("ctx", {}).get("tag")
        known = ", ".join(RECORD_TYPES)
        return Reject(source, lineno, f"unknown or missing 'type' {rtype!r}; expected one of {known}")
    if not loc or kind == "model_attributes_type":
        return Reject(source, lineno, "expected a JSON object")
    field = ".".join(str(p) for p in loc[1:]) or "(record)"
    return Reject(source, lineno, f"field {field!r}: {err['msg']}", path=f"$.{field}")
