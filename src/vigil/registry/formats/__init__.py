"""List formats, by their ``--format`` name.  Add a format: one module, one line here."""

from __future__ import annotations

from pathlib import Path

from vigil.errors import InputError
from vigil.registry.formats.base import Edition, ListEntity, ListFormat, ListPerson
from vigil.registry.formats.curated import CuratedYaml
from vigil.registry.formats.eu_xml import EuFsfXml
from vigil.registry.formats.ofac import OfacCsv, OfacXml
from vigil.registry.formats.uk_xml import UkSanctionsXml
from vigil.registry.formats.un_xml import UnConsolidatedXml

FORMATS: dict[str, ListFormat] = {}


def _register(fmt: ListFormat) -> None:
    if fmt.name in FORMATS:
        raise ValueError(f"list format {fmt.name!r} registered twice")
    FORMATS[fmt.name] = fmt


for _fmt in (
    UnConsolidatedXml(),
    OfacXml(),
    UkSanctionsXml(),
    EuFsfXml(),
    OfacCsv(),
    CuratedYaml(),
):
    _register(_fmt)


def get_format(name: str | None, path: Path, raw: bytes) -> ListFormat:
    """The named format, or the one that recognises the file's first bytes."""
    if name is not None:
        try:
            return FORMATS[name]
        except KeyError:
            known = ", ".join(sorted(FORMATS))
            raise InputError(f"unknown list format {name!r}; use one of: {known}") from None
    head = raw[:4096]
    for fmt in FORMATS.values():
        if fmt.sniff(head):
            return fmt
    known = ", ".join(sorted(FORMATS))
    raise InputError(f"cannot tell the list format; pass --format ({known})", source=str(path))


__all__ = ["FORMATS", "Edition", "ListEntity", "ListFormat", "ListPerson", "get_format"]
