"""``un-xml``: the UN Security Council Consolidated List (CONSOLIDATED_LIST XML).

Quirks handled: aliases with quality a.k.a./f.k.a./Good/Low; empty placeholder aliases
(``<ALIAS_NAME />``); stray spaces and line breaks inside names; LISTED_ON with an offset
(``2015-03-27-04:00``); NAME_ORIGINAL_SCRIPT; cross-references only in free text ("Splinter group
of ... (QDe.132)"), which become the entity's linked references and its parent.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from vigil.domain.registry import Alias, Designation
from vigil.registry.curated import script_of
from vigil.registry.formats.base import (
    Edition,
    ListEntity,
    ListPerson,
    clean,
    parse_list_date,
    split_abbreviation,
)
from vigil.registry.formats.xmlutil import REF_RE, children, line_of, parse, text, to_dict

LIST_NAMES = {
    "al-qaida": "UNSC ISIL (Da'esh) and Al-Qaida Sanctions List",
    "taliban": "UNSC 1988 Sanctions List",
}
ALIAS_QUALITY = {"a.k.a.": "strong", "good": "strong", "f.k.a.": "former", "low": "weak"}
_SPLINTER_RE = re.compile(r"splinter group of[^()]*\((Q[DT]e\.\d{3})\)", re.IGNORECASE)


def list_name(un_list_type: str) -> str:
    return LIST_NAMES.get(un_list_type.lower(), f"UNSC {un_list_type} Sanctions List")


def alias_kind(name: str) -> str:
    letters = name.replace(".", "").replace("-", "")
    return "abbreviation" if letters.isupper() and len(letters) <= 5 and " " not in name else "name"


def entity_aliases(name: str, abbr: str | None, original: str, el: Element) -> list[Alias]:
    out = [Alias(text=name, script="Latn", language="en")]
    if abbr:
        out.append(Alias(text=abbr, kind="abbreviation", quality="weak", language="en"))
    if original:
        out.append(Alias(text=original, script=script_of(original)))
    for a in children(el, "ENTITY_ALIAS"):
        out.extend(_alias(text(a, "ALIAS_NAME"), text(a, "QUALITY")))
    return out


def _alias(raw_name: str, raw_quality: str) -> list[Alias]:
    if not raw_name:
        return []  # the list's empty placeholder alias
    name, abbr = split_abbreviation(raw_name)
    quality = ALIAS_QUALITY.get(raw_quality.lower(), "strong")
    kind = alias_kind(name)
    if kind == "abbreviation":
        quality = "weak" if quality == "strong" else quality
    out = [Alias(text=name, script=script_of(name), quality=quality, kind=kind)]
    if abbr:
        out.append(Alias(text=abbr, kind="abbreviation", quality="weak"))
    return out


class UnConsolidatedXml:
    name: ClassVar[str] = "un-xml"

    def sniff(self, head: bytes) -> bool:
        return b"<CONSOLIDATED_LIST" in head

    def read(self, path: Path, raw: bytes, sha256: str) -> Edition:
        root = parse(path, raw)
        edition = Edition(
            format=self.name,
            source=path.name,
            sha256=sha256,
            edition=root.get("dateGenerated"),
            scope=frozenset({("UN", None)}),
        )
        for group in children(root, "ENTITIES"):
            for i, el in enumerate(children(group, "ENTITY"), start=1):
                self._entity(path, raw, el, i, edition)
        for group in children(root, "INDIVIDUALS"):
            for i, el in enumerate(children(group, "INDIVIDUAL"), start=1):
                self._person(path, raw, el, i, edition)
        return edition

    def _entity(self, path: Path, raw: bytes, el: Element, i: int, edition: Edition) -> None:
        dataid = text(el, "DATAID")
        try:
            ref = text(el, "REFERENCE_NUMBER")
            full = text(el, "FIRST_NAME")
            if not ref or not full:
                raise ValueError("REFERENCE_NUMBER and FIRST_NAME are required")
            name, abbr = split_abbreviation(full)
            comments = clean(text(el, "COMMENTS1"))
            designation = Designation(
                jurisdiction="UN",
                list_name=list_name(text(el, "UN_LIST_TYPE")),
                reference=ref,
                listed_on=parse_list_date(text(el, "LISTED_ON")),
                source=f"{path.name}: ENTITY {ref} (DATAID {dataid})",
            )
            splinter = _SPLINTER_RE.search(comments)
            entity = ListEntity(
                name=name,
                designations=(designation,),
                aliases=tuple(entity_aliases(name, abbr, text(el, "NAME_ORIGINAL_SCRIPT"), el)),
                notes=comments or None,
                linked_references=(splinter.group(1),) if splinter else (),
                details={"record": to_dict(el)},
            )
        except ValueError as exc:
            line = line_of(raw, f"<DATAID>{dataid}</DATAID>") if dataid else None
            where = f"{path}:{line}" if line else str(path)
            edition.rejects.append(f"{where}: ENTITY #{i} (DATAID {dataid or '?'}): {exc}")
            return
        edition.entities.append(entity)

    def _person(self, path: Path, raw: bytes, el: Element, i: int, edition: Edition) -> None:
        dataid = text(el, "DATAID")
        ref = text(el, "REFERENCE_NUMBER")
        parts = [text(el, f) for f in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        name = " ".join(p for p in parts if p)
        try:
            if not ref or not name:
                raise ValueError("REFERENCE_NUMBER and a name are required")
            listed = parse_list_date(text(el, "LISTED_ON"))
        except ValueError as exc:
            line = line_of(raw, f"<DATAID>{dataid}</DATAID>") if dataid else None
            where = f"{path}:{line}" if line else str(path)
            edition.rejects.append(f"{where}: INDIVIDUAL #{i} (DATAID {dataid or '?'}): {exc}")
            return
        aliases = tuple(
            {"text": text(a, "ALIAS_NAME"), "quality": text(a, "QUALITY")}
            for a in children(el, "INDIVIDUAL_ALIAS")
            if text(a, "ALIAS_NAME")
        )
        edition.persons.append(
            ListPerson(
                jurisdiction="UN",
                list_name=list_name(text(el, "UN_LIST_TYPE")),
                reference=ref,
                name=name,
                original_script=text(el, "NAME_ORIGINAL_SCRIPT") or None,
                aliases=aliases,
                listed_on=listed,
                linked_references=tuple(dict.fromkeys(REF_RE.findall(text(el, "COMMENTS1")))),
                details=to_dict(el),
            )
        )
