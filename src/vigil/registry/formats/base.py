"""What every list importer produces: one :class:`Edition` of one list.

An importer is a class with a stable ``name`` (the ``--format`` value: never rename), a
``sniff(head)`` that recognises the file from its first bytes, and ``read(path, raw)`` returning
an Edition.  A malformed record is reported in ``Edition.rejects`` with its place in the file and
skipped; the rest of the file is still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar, Protocol

from vigil.domain.registry import Alias, Designation
from vigil.text.normalise import match_form


@dataclass(frozen=True)
class ListEntity:
    """One organisation as one list (or the curated file) describes it."""

    name: str
    designations: tuple[Designation, ...]
    aliases: tuple[Alias, ...]
    slug: str | None = None  # explicit in curated files; otherwise derived from the name
    parent: str | None = None
    notes: str | None = None
    linked_references: tuple[str, ...] = ()  # parent: "Splinter group of ... (QDe.132)"
    same_as: tuple[str, ...] = ()  # its own reference on another list (UK/EU give the UN one)
    details: dict[str, Any] = field(default_factory=dict)  # the list's whole record

    @property
    def slug_hint(self) -> str:
        return self.slug or slug_from_name(self.name, self.aliases)


@dataclass(frozen=True)
class ListPerson:
    """A designated individual: kept so that the import loses nothing, not matched in text."""

    jurisdiction: str
    list_name: str
    reference: str
    name: str
    original_script: str | None
    aliases: tuple[dict[str, str], ...]
    listed_on: date | None
    linked_references: tuple[str, ...]
    details: dict[str, Any]


@dataclass
class Edition:
    format: str
    source: str  # file name
    sha256: str
    edition: str | None  # the list's own date, when it states one
    # (jurisdiction, list name or None for all of the jurisdiction's lists) this file is a
    # complete edition of: designations of that scope absent from the file are delisted.
    scope: frozenset[tuple[str, str | None]]
    entities: list[ListEntity] = field(default_factory=list)
    persons: list[ListPerson] = field(default_factory=list)
    rejects: list[str] = field(default_factory=list)
    explicit_slugs: bool = False  # the curated file names its organisations itself

    @property
    def edition_date(self) -> date | None:
        if not self.edition:
            return None
        try:
            return date.fromisoformat(self.edition[:10])
        except ValueError:
            return None


class ListFormat(Protocol):
    name: ClassVar[str]

    def sniff(self, head: bytes) -> bool: ...

    def read(self, path: Path, raw: bytes, sha256: str) -> Edition: ...


_ABBR_RE = re.compile(r"\(([A-Za-z][A-Za-z-]{1,9})\)\s*$")
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def split_abbreviation(name: str) -> tuple[str, str | None]:
    """'TEHRIK-E TALIBAN PAKISTAN (TTP)' -> ('TEHRIK-E TALIBAN PAKISTAN', 'TTP')."""
    m = _ABBR_RE.search(name)
    if not m:
        return " ".join(name.split()), None
    return " ".join(name[: m.start()].split()), m.group(1)


def slug_from_name(name: str, aliases: tuple[Alias, ...] = ()) -> str:
    for a in aliases:
        if a.kind == "abbreviation" and a.text.isascii() and 2 <= len(a.text) <= 8:
            return _SLUG_RE.sub("-", a.text.lower()).strip("-")
    from anyascii import anyascii

    slug = _SLUG_RE.sub("-", anyascii(match_form(name)).lower()).strip("-")
    return slug[:60] or "organisation"


def clean(text: str | None) -> str:
    """Stray spaces and line breaks inside names, as the real lists have them."""
    return " ".join((text or "").split())


def parse_list_date(value: str | None) -> date | None:
    """'2015-04-07-04:00' (a date with a UTC offset, as the UN list writes some) -> 2015-04-07."""
    value = clean(value)
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for fmt in ("%d %b %Y", "%d %B %Y", "%d/%m/%Y"):
        try:
            from datetime import datetime

            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {value!r}")
