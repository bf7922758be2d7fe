"""``ofac-csv`` and ``ofac-xml``: the US Treasury OFAC SDN list.

CSV quirks: no header, 12 columns, ``-0- `` for empty, programs packed as ``FTO] [SDGT``, CRLF,
a trailing 0x1A byte, aliases only in the remarks (``a.k.a. 'BLA'``) or in the companion
``alt.csv`` (ent_num, alt_num, alt_type, alt_name, alt_remarks) found beside the file.
XML: elements are matched by local name, since the namespace differs between editions.
The SDN list gives no listing dates; designations carry none rather than a guessed one.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

from vigil.domain.registry import Alias, Designation
from vigil.registry.curated import script_of
from vigil.registry.formats.base import Edition, ListEntity, ListPerson, split_abbreviation
from vigil.registry.formats.xmlutil import children, descendants, parse, text, to_dict

LIST_NAME = "OFAC SDN"
SCOPE = frozenset({("US", LIST_NAME)})
NULL = "-0-"
COLUMNS = (
    "ent_num",
    "sdn_name",
    "sdn_type",
    "program",
    "title",
    "call_sign",
    "vess_type",
    "tonnage",
    "grt",
    "vess_flag",
    "vess_owner",
    "remarks",
)
_AKA_RE = re.compile(r"\b([afn])\.k\.a\.\s+'([^']+)'")
_QUALITY = {"a": "strong", "f": "former", "n": "strong"}


def _value(cell: str) -> str:
    cell = cell.strip()
    return "" if cell == NULL else cell


def _programs(cell: str) -> tuple[str, ...]:
    """'FTO] [SDGT' -> ('FTO', 'SDGT')."""
    return tuple(p.strip(" []") for p in cell.split("] [") if p.strip(" []"))


def _decode(raw: bytes) -> str:
    raw = raw.rstrip(b"\x1a\r\n") + b"\n"
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")  # older SDN files are Windows-1252


def _name_aliases(name: str, quality: str = "strong", kind_hint: str | None = None) -> list[Alias]:
    base, abbr = split_abbreviation(name)
    short = base.replace(".", "").replace("-", "")
    kind = kind_hint or ("abbreviation" if short.isupper() and len(short) <= 5 else "name")
    if kind == "abbreviation" and quality == "strong":
        quality = "weak"
    out = [Alias(text=base, script=script_of(base), quality=quality, kind=kind)]
    if abbr:
        out.append(Alias(text=abbr, kind="abbreviation", quality="weak"))
    return out


class OfacCsv:
    name: ClassVar[str] = "ofac-csv"

    def sniff(self, head: bytes) -> bool:
        first = head.split(b"\n", 1)[0]
        return bool(re.match(rb'^\d+,"[^"]*",', first)) and first.count(b",") >= 11

    def read(self, path: Path, raw: bytes, sha256: str) -> Edition:
        edition = Edition(self.name, path.name, sha256, None, SCOPE)
        alt = _read_alt(_companion(path))
        for line_no, row in enumerate(csv.reader(io.StringIO(_decode(raw))), start=1):
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != len(COLUMNS):
                edition.rejects.append(f"{path}:{line_no}: expected {len(COLUMNS)} columns, found {len(row)}")
                continue
            rec = {k: _value(v) for k, v in zip(COLUMNS, row, strict=True)}
            if not rec["ent_num"].isdigit() or not rec["sdn_name"]:
                edition.rejects.append(f"{path}:{line_no}: ent_num and SDN_Name are required")
                continue
            self._record(path, rec, alt.get(rec["ent_num"], []), edition)
        return edition

    def _record(self, path: Path, rec: dict[str, str], alt: list[Alias], edition: Edition) -> None:
        ref = f"OFAC {rec['ent_num']}"
        remark_aliases = [a for q, n in _AKA_RE.findall(rec["remarks"]) for a in _name_aliases(n, _QUALITY[q])]
        kind = rec["sdn_type"].lower()
        if kind == "individual":
            edition.persons.append(_person(ref, rec["sdn_name"], remark_aliases + alt, rec))
            return
        if kind in ("vessel", "aircraft"):
            return  # not organisations; nothing to match in text
        designation = Designation(
            jurisdiction="US",
            list_name=LIST_NAME,
            reference=ref,
            programs=_programs(rec["program"]),
            source=f"{path.name}: ent_num {rec['ent_num']}",
        )
        aliases = _name_aliases(rec["sdn_name"]) + remark_aliases + alt
        name = split_abbreviation(rec["sdn_name"])[0]
        edition.entities.append(
            ListEntity(
                name=name,
                designations=(designation,),
                aliases=tuple(_unique(aliases)),
                notes=rec["remarks"] or None,
                details={"record": rec},
            )
        )


def _unique(aliases: list[Alias]) -> list[Alias]:
    seen: dict[tuple[str, str], Alias] = {}
    for a in aliases:
        seen.setdefault((a.text, a.kind), a)
    return list(seen.values())


def _person(ref: str, name: str, aliases: list[Alias], details: dict[str, object]) -> ListPerson:
    linked = tuple(re.findall(r"Linked To: ([^.;]+)", str(details.get("remarks", ""))))
    return ListPerson(
        jurisdiction="US",
        list_name=LIST_NAME,
        reference=ref,
        name=name,
        original_script=None,
        aliases=tuple({"text": a.text, "quality": str(a.quality)} for a in aliases),
        listed_on=None,
        linked_references=linked,
        details=dict(details),
    )


def _companion(path: Path) -> Path | None:
    """alt.csv beside sdn.csv (or <prefix>alt<suffix>.csv beside <prefix>sdn<suffix>.csv)."""
    candidates = [path.with_name(path.name.replace("sdn", "alt")), path.with_name("alt.csv")]
    for c in candidates:
        if c != path and c.exists():
            return c
    return None


def _read_alt(path: Path | None) -> dict[str, list[Alias]]:
    if path is None:
        return {}
    out: dict[str, list[Alias]] = {}
    for row in csv.reader(io.StringIO(_decode(path.read_bytes()))):
        if len(row) < 4 or not row[0].strip().isdigit():
            continue
        alt_type, alt_name = _value(row[2]).lower(), _value(row[3])
        if not alt_name:
            continue
        quality = "former" if alt_type.startswith("fka") else "strong"
        out.setdefault(row[0].strip(), []).extend(_name_aliases(alt_name, quality))
    return out


class OfacXml:
    name: ClassVar[str] = "ofac-xml"

    def sniff(self, head: bytes) -> bool:
        return b"<sdnList" in head or b":sdnList" in head

    def read(self, path: Path, raw: bytes, sha256: str) -> Edition:
        root = parse(path, raw)
        publish = next(descendants(root, "Publish_Date"), None)
        edition = Edition(self.name, path.name, sha256, _us_date(text(publish)), SCOPE)
        for i, entry in enumerate(children(root, "sdnEntry"), start=1):
            self._entry(path, entry, i, edition)
        return edition

    def _entry(self, path: Path, entry: Element, i: int, edition: Edition) -> None:
        uid, last = text(entry, "uid"), text(entry, "lastName")
        if not uid or not last:
            edition.rejects.append(f"{path}: sdnEntry #{i} (uid {uid or '?'}): uid and lastName are required")
            return
        ref = f"OFAC {uid}"
        full = " ".join(p for p in (text(entry, "firstName"), last) if p)
        aliases = _name_aliases(full)
        for aka in descendants(entry, "aka"):
            aka_name = " ".join(p for p in (text(aka, "firstName"), text(aka, "lastName")) if p)
            if not aka_name:
                continue
            quality = "former" if text(aka, "type").lower().startswith("f") else "strong"
            if text(aka, "category").lower() == "weak":
                quality = "weak"
            aliases.extend(_name_aliases(aka_name, quality))
        programs = tuple(text(p) for p in descendants(entry, "program") if text(p))
        kind = text(entry, "sdnType").lower()
        if kind == "individual":
            edition.persons.append(_person(ref, full, aliases, {"record": to_dict(entry)}))
            return
        if kind in ("vessel", "aircraft"):
            return
        edition.entities.append(
            ListEntity(
                name=split_abbreviation(full)[0],
                designations=(
                    Designation(
                        jurisdiction="US",
                        list_name=LIST_NAME,
                        reference=ref,
                        programs=programs,
                        source=f"{path.name}: sdnEntry uid {uid}",
                    ),
                ),
                aliases=tuple(_unique(aliases)),
                notes=text(entry, "remarks") or None,
                details={"record": to_dict(entry)},
            )
        )


def _us_date(value: str) -> str | None:
    m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    return f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}" if m else (value or None)
