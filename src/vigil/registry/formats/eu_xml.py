"""``eu-xml``: the EU Financial Sanctions Files (FSF) consolidated XML.

``export`` (attribute ``generationDate``) holds ``sanctionEntity`` elements with attributes
``euReferenceNumber``, ``unitedNationId``, ``designationDate`` and ``logicalId``; children
``regulation`` (attribute ``programme``), ``subjectType`` (``code`` enterprise | person) and
``nameAlias`` (``wholeName``, ``strong`` true/false, ``nameLanguage``).  Elements are matched by
local name, because the namespace URI has changed between editions.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from vigil.domain.registry import Alias, Designation
from vigil.registry.curated import script_of
from vigil.registry.formats.base import (
    Edition,
    ListEntity,
    ListPerson,
    parse_list_date,
    split_abbreviation,
)
from vigil.registry.formats.xmlutil import children, parse, to_dict

LIST_NAME = "EU Consolidated Financial Sanctions List"


def _aliases(el: Element) -> list[Alias]:
    out: list[Alias] = []
    for n in children(el, "nameAlias"):
        whole = " ".join((n.get("wholeName") or "").split())
        if not whole:
            continue
        base, abbr = split_abbreviation(whole)
        strong = (n.get("strong") or "true").lower() != "false"
        lang = (n.get("nameLanguage") or "").lower() or None
        out.append(
            Alias(
                text=base,
                script=script_of(base),
                language=lang,
                quality="strong" if strong else "weak",
            )
        )
        if abbr:
            out.append(Alias(text=abbr, kind="abbreviation", quality="weak"))
    return list(dict.fromkeys(out))


class EuFsfXml:
    name: ClassVar[str] = "eu-xml"

    def sniff(self, head: bytes) -> bool:
        return b"sanctionEntity" in head or (b"<export" in head and b"fsd" in head)

    def read(self, path: Path, raw: bytes, sha256: str) -> Edition:
        root = parse(path, raw)
        edition = Edition(
            self.name,
            path.name,
            sha256,
            root.get("generationDate"),
            frozenset({("EU", LIST_NAME)}),
        )
        for i, el in enumerate(children(root, "sanctionEntity"), start=1):
            try:
                self._entity(path, el, edition)
            except ValueError as exc:
                ref = el.get("euReferenceNumber") or el.get("logicalId") or "?"
                edition.rejects.append(f"{path}: sanctionEntity #{i} ({ref}): {exc}")
        return edition

    def _entity(self, path: Path, el: Element, edition: Edition) -> None:
        ref = el.get("euReferenceNumber") or (f"EU logicalId {el.get('logicalId')}" if el.get("logicalId") else "")
        aliases = _aliases(el)
        if not ref or not aliases:
            raise ValueError("euReferenceNumber (or logicalId) and a nameAlias are required")
        listed = parse_list_date(el.get("designationDate"))
        subject = next(children(el, "subjectType"), None)
        code = (subject.get("code") if subject is not None else "") or ""
        un_ref = el.get("unitedNationId")
        programmes = tuple(dict.fromkeys(r.get("programme") for r in children(el, "regulation") if r.get("programme")))
        if code.lower() == "person":
            edition.persons.append(
                ListPerson(
                    jurisdiction="EU",
                    list_name=LIST_NAME,
                    reference=ref,
                    name=aliases[0].text,
                    original_script=None,
                    aliases=tuple({"text": a.text, "quality": str(a.quality)} for a in aliases),
                    listed_on=listed,
                    linked_references=(un_ref,) if un_ref else (),
                    details=to_dict(el),
                )
            )
            return
        edition.entities.append(
            ListEntity(
                name=aliases[0].text,
                designations=(
                    Designation(
                        jurisdiction="EU",
                        list_name=LIST_NAME,
                        reference=ref,
                        listed_on=listed,
                        programs=programmes,
                        source=f"{path.name}: sanctionEntity {ref}",
                    ),
                ),
                aliases=tuple(aliases),
                same_as=(un_ref,) if un_ref else (),
                details={"record": to_dict(el)},
            )
        )
