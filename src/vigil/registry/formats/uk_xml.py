"""``uk-xml``: the UK Sanctions List (FCDO) XML.

One ``Designation`` element per designated person, entity or ship: ``UniqueID`` (the UK
reference, e.g. AQD0101), ``IndividualEntityShip``, ``Names/Name`` (``Name1``..``Name6`` with a
``NameType`` of "Primary Name" or "Alias"), ``NonLatinNames/NonLatinName``
(``NameNonLatinScript``), ``DateDesignated`` and ``LastUpdated`` as dd/mm/yyyy, ``RegimeName``,
``UNReferenceNumber`` and ``OtherInformation``.  Elements are matched by local name.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from vigil.domain.registry import Alias, Designation
from vigil.registry.curated import script_of
from vigil.registry.formats.base import Edition, ListEntity, ListPerson, split_abbreviation
from vigil.registry.formats.xmlutil import descendants, parse, text, to_dict

LIST_NAME = "UK Sanctions List"


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y")
    except ValueError:
        raise ValueError(f"unreadable date {value!r} (expected dd/mm/yyyy)") from None


def _names(el: Element) -> tuple[str, list[Alias]]:
    primary = ""
    aliases: list[Alias] = []
    for n in descendants(el, "Name"):
        if not list(n):
            continue  # a bare <Name> text node inside another structure
        parts = [text(n, f"Name{i}") for i in range(1, 7)]
        full = " ".join(p for p in parts if p)
        if not full:
            continue
        base, abbr = split_abbreviation(full)
        is_primary = text(n, "NameType").lower().startswith("primary")
        if is_primary and not primary:
            primary = base
        aliases.append(Alias(text=base, script=script_of(base)))
        if abbr:
            aliases.append(Alias(text=abbr, kind="abbreviation", quality="weak"))
    for n in descendants(el, "NameNonLatinScript"):
        if text(n):
            aliases.append(Alias(text=text(n), script=script_of(text(n))))
    return primary or (aliases[0].text if aliases else ""), aliases


class UkSanctionsXml:
    name: ClassVar[str] = "uk-xml"

    def sniff(self, head: bytes) -> bool:
        return b"<Designations" in head or (b"<Designation>" in head and b"UniqueID" in head)

    def read(self, path: Path, raw: bytes, sha256: str) -> Edition:
        root = parse(path, raw)
        generated = text(next(descendants(root, "DateGenerated"), None))
        edition = Edition(self.name, path.name, sha256, _iso(generated), frozenset({("UK", LIST_NAME)}))
        for i, el in enumerate(descendants(root, "Designation"), start=1):
            try:
                self._designation(path, el, edition)
            except ValueError as exc:
                uid = text(el, "UniqueID") or "?"
                edition.rejects.append(f"{path}: Designation #{i} (UniqueID {uid}): {exc}")
        return edition

    def _designation(self, path: Path, el: Element, edition: Edition) -> None:
        uid = text(el, "UniqueID")
        name, aliases = _names(el)
        if not uid or not name:
            raise ValueError("UniqueID and a name are required")
        designated = _date(text(el, "DateDesignated"))
        kind = text(el, "IndividualEntityShip").lower()
        un_ref = text(el, "UNReferenceNumber")
        if kind == "individual":
            edition.persons.append(
                ListPerson(
                    jurisdiction="UK",
                    list_name=LIST_NAME,
                    reference=uid,
                    name=name,
                    original_script=None,
                    aliases=tuple({"text": a.text, "quality": str(a.quality)} for a in aliases),
                    listed_on=designated.date() if designated else None,
                    linked_references=(un_ref,) if un_ref else (),
                    details=to_dict(el),
                )
            )
            return
        if kind == "ship":
            return
        regimes = tuple(text(r) for r in descendants(el, "RegimeName") if text(r))
        edition.entities.append(
            ListEntity(
                name=name,
                designations=(
                    Designation(
                        jurisdiction="UK",
                        list_name=LIST_NAME,
                        reference=uid,
                        listed_on=designated.date() if designated else None,
                        programs=regimes,
                        source=f"{path.name}: Designation {uid}",
                    ),
                ),
                aliases=tuple(dict.fromkeys(aliases)),
                notes=text(el, "OtherInformation") or None,
                same_as=(un_ref,) if un_ref else (),
                details={"record": to_dict(el)},
            )
        )


def _iso(value: str) -> str | None:
    try:
        return _date(value[:10]).date().isoformat() if value else None  # type: ignore[union-attr]
    except ValueError:
        return value or None
