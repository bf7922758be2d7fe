"""Helpers for list XML: safe parsing (defusedxml: list files come from outside) and matching
elements by local name, because namespaces differ between editions of the same list."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from vigil.errors import InputError


def parse(path: Path, raw: bytes) -> Element:
    try:
        return safe_et.fromstring(raw)
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError(f"not well-formed XML: {exc}", source=str(path), line=line) from exc
    except DefusedXmlException as exc:
        raise InputError(f"refused unsafe XML: {exc}", source=str(path)) from exc


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def children(el: Element, name: str) -> Iterator[Element]:
    return (c for c in el if local(c.tag) == name)


def child(el: Element, name: str) -> Element | None:
    return next(children(el, name), None)


def descendants(el: Element, name: str) -> Iterator[Element]:
    return (c for c in el.iter() if local(c.tag) == name)


def text(el: Element | None, name: str | None = None) -> str:
    """Text of ``el`` (or of its first child ``name``), whitespace collapsed; '' when absent."""
    if el is not None and name is not None:
        el = child(el, name)
    if el is None or el.text is None:
        return ""
    return " ".join(el.text.split())


def to_dict(el: Element) -> Any:
    """The element as plain JSON-able data, nothing dropped (for provenance)."""
    kids = list(el)
    if not kids and not el.attrib:
        return " ".join((el.text or "").split())
    out: dict[str, Any] = {f"@{local(k)}": v for k, v in el.attrib.items()}
    for c in kids:
        out.setdefault(local(c.tag), []).append(to_dict(c))
    if el.text and el.text.strip():
        out["#text"] = " ".join(el.text.split())
    return out


def line_of(raw: bytes, needle: str) -> int | None:
    """Line of the first occurrence of ``needle`` in the file (for messages about a record)."""
    idx = raw.find(needle.encode())
    return raw.count(b"\n", 0, idx) + 1 if idx >= 0 else None


REF_RE = re.compile(r"\b(Q[DT][ie]\.\d{3})\b")
