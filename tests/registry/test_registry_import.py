"""Importing the real lists and fixtures written from the published schemas."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from vigil.core import Vigil
from vigil.errors import InputError
from vigil.registry import (
    changes,
    ensure_seed,
    flagged_cases,
    import_file,
    load_organisations,
    matcher_for,
    merges,
    unmerge,
)
from vigil.registry.formats import get_format
from vigil.store.tables import cases
from vigil.store.tables_registry import registry_persons


def _orgs(vigil: Vigil, in_scope_only: bool = False) -> dict[str, object]:
    return {o.slug: o for o in load_organisations(vigil, in_scope_only=in_scope_only)}


def test_un_list_imports_without_loss(vigil: Vigil, un_file: Path) -> None:
    summary = import_file(vigil, un_file)
    assert summary.rejects == [] and summary.format == "un-xml"
    orgs = load_organisations(vigil, in_scope_only=False)
    by_ref = {d.reference: (o, d) for o in orgs for d in o.designations}
    root = ET.parse(un_file).getroot()
    entities = root.findall("ENTITIES/ENTITY")
    assert len(entities) == 5 and len(orgs) == 5
    for el in entities:
        org, des = by_ref[el.findtext("REFERENCE_NUMBER")]
        assert des.listed_on == date.fromisoformat(el.findtext("LISTED_ON")[:10])
        assert des.source_sha256 and des.source.startswith(un_file.name)
        alias_texts = {" ".join(a.text.split()).casefold() for a in org.aliases}
        for alias in el.findall("ENTITY_ALIAS/ALIAS_NAME"):
            if alias.text and alias.text.strip():
                name = " ".join(alias.text.split()).split(" (")[0].casefold()
                assert name in alias_texts, (org.slug, alias.text)
        if el.findtext("NAME_ORIGINAL_SCRIPT"):
            assert el.findtext("NAME_ORIGINAL_SCRIPT") in {a.text for a in org.aliases}
    # Splinter groups point at TTP although the file lists them before it.
    assert {o.slug: o.parent for o in orgs}["jua"] == "ttp"
    with vigil.read() as conn:
        persons = {r.reference: r for r in conn.execute(select(registry_persons))}
    assert set(persons) == {"QDi.312", "QDi.352"}
    assert persons["QDi.352"].listed_on == date(2015, 4, 7)  # "2015-04-07-04:00"
    assert {a["text"] for a in persons["QDi.312"].aliases} >= {"Huzaifa", "Amir Ali Chaudry"}
    assert persons["QDi.312"].linked_references == ["QDe.132"]


def test_reimport_changes_nothing(vigil: Vigil, un_file: Path) -> None:
    first = import_file(vigil, un_file)
    again = import_file(vigil, un_file)
    assert again.already_imported and again.import_id == first.import_id
    assert again.designations_added == 0


def test_malformed_records_are_reported_and_skipped(vigil: Vigil, tmp_path: Path, un_file: Path) -> None:
    raw = un_file.read_text(encoding="utf-8")
    raw = raw.replace("<REFERENCE_NUMBER>QDe.096</REFERENCE_NUMBER>", "<REFERENCE_NUMBER />")
    raw = raw.replace("<LISTED_ON>2005-05-02</LISTED_ON>", "<LISTED_ON>someday</LISTED_ON>")
    bad = tmp_path / "un_bad.xml"
    bad.write_text(raw, encoding="utf-8")
    summary = import_file(vigil, bad)
    assert len(summary.rejects) == 2
    assert all(r.startswith(f"{bad}:") for r in summary.rejects)
    assert "DATAID 114089" in summary.rejects[0] and "someday" in summary.rejects[1]
    assert set(_orgs(vigil)) == {"jua", "tgg", "ttp"}


def test_not_xml_is_a_clear_error(vigil: Vigil, tmp_path: Path) -> None:
    bad = tmp_path / "broken.xml"
    bad.write_text("<CONSOLIDATED_LIST><ENTITIES>", encoding="utf-8")
    with pytest.raises(InputError, match="broken.xml:1: not well-formed XML"):
        import_file(vigil, bad)


def test_new_edition_delists_and_flags_open_cases(vigil: Vigil, tmp_path: Path, un_file: Path) -> None:
    import_file(vigil, un_file)
    assert matcher_for(vigil).find("Tariq Gidar Group")
    with vigil.begin() as conn:
        conn.execute(
            cases.insert().values(
                platform="x",
                account_id="1",
                organisation="tgg",
                score=0.9,
                status="open",
                opened_at=datetime.now(UTC),
            )
        )
    raw = un_file.read_text(encoding="utf-8")
    start = raw.index("<ENTITY><DATAID>6908768")
    end = raw.index("</ENTITY>", start) + len("</ENTITY>")
    newer = tmp_path / "un_next.xml"
    newer.write_text(
        (raw[:start] + raw[end:]).replace("2020-03-20T19:09:21", "2020-04-01T10:00:00"),
        encoding="utf-8",
    )
    summary = import_file(vigil, newer)
    assert summary.designations_delisted == 1 and summary.out_of_scope == ["tgg"]
    tgg = _orgs(vigil)["tgg"]
    assert tgg.designations[0].delisted_on == date(2020, 4, 1) and not tgg.in_scope
    assert matcher_for(vigil).find("Tariq Gidar Group") == []  # no new signals
    flags = flagged_cases(vigil)
    assert [(f["organisation"], f["import_id"]) for f in flags] == [("tgg", summary.import_id)]
    kinds = [(c["change"], c["organisation"]) for c in changes(vigil)["changes"]]
    assert ("delisted", "tgg") in kinds and ("out_of_scope", "tgg") in kinds
    # Listed again in a later edition: back in scope.
    third = tmp_path / "un_third.xml"
    third.write_text(raw.replace("2020-03-20T19:09:21", "2020-05-01T10:00:00"), encoding="utf-8")
    again = import_file(vigil, third)
    assert again.designations_relisted == 1 and _orgs(vigil)["tgg"].in_scope


def test_partial_import_delists_nothing(vigil: Vigil, ofac_rows: Path) -> None:
    ensure_seed(vigil)
    summary = import_file(vigil, ofac_rows, partial=True)
    assert summary.designations_delisted == 0


def test_ofac_csv_quirks_and_alt_companion(vigil: Vigil, tmp_path: Path, ofac_rows: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes(ofac_rows.read_bytes() + b"\x1a")  # the full file ends with 0x1A
    (tmp_path / "alt.csv").write_bytes(
        b'15001,90101,"aka","TEHREEK-E-TALIBAN PAKISTAN",-0- \r\n'.replace(b"15001", b"12206")
        + b'26953,90102,"fka","BALUCHISTAN LIBERATION ARMY",-0- \r\n\x1a'
    )
    summary = import_file(vigil, sdn)
    assert summary.format == "ofac-csv" and summary.rejects == [] and summary.persons == 1
    orgs = _orgs(vigil)
    ttp = next(o for o in orgs.values() if "OFAC 12206" in o.references)
    bla = next(o for o in orgs.values() if "OFAC 26953" in o.references)
    assert ttp.designations[0].programs == ("FTO", "SDGT")
    assert {a.text for a in ttp.aliases} >= {"TTP", "TEHREEK-E-TALIBAN PAKISTAN"}
    bla_aliases = {(a.text, str(a.quality)) for a in bla.aliases}
    assert ("BLA", "weak") in bla_aliases and (
        "BALUCHISTAN LIBERATION ARMY",
        "former",
    ) in bla_aliases


def test_ofac_csv_bad_row(vigil: Vigil, tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes(
        b'12206,"TEHRIK-E TALIBAN PAKISTAN (TTP)",-0- ,"FTO] [SDGT"' + b",-0- " * 8 + b'\r\n99,"SHORT ROW",-0- \r\n'
    )
    summary = import_file(vigil, sdn, format="ofac-csv")
    assert summary.rejects == [f"{sdn}:2: expected 12 columns, found 3"]
    assert summary.organisations_new == 1


def test_ofac_xml_matches_elements_by_local_name(vigil: Vigil, fixtures: Path, tmp_path: Path) -> None:
    summary = import_file(vigil, fixtures / "ofac_sdn.xml")
    assert summary.format == "ofac-xml" and summary.organisations_new == 2 and summary.persons == 1
    assert len(summary.rejects) == 1 and "sdnEntry #4" in summary.rejects[0]
    older = tmp_path / "sdn_old.xml"
    older.write_text(
        (fixtures / "ofac_sdn.xml")
        .read_text()
        .replace(
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML",
            "http://tempuri.org/sdnList.xsd",
        )
    )
    again = import_file(vigil, older)
    assert again.organisations_new == 0 and again.organisations_updated == 2
    bla = next(o for o in _orgs(vigil).values() if "OFAC 26953" in o.references)
    assert set(bla.designations[0].programs) == {"SDGT", "FTO"}
    assert ("THE MAJEED BRIGADE", "strong") in {(a.text, str(a.quality)) for a in bla.aliases}


def test_uk_xml_merges_by_un_reference(vigil: Vigil, fixtures: Path) -> None:
    ensure_seed(vigil)
    summary = import_file(vigil, fixtures / "uk_sanctions_list.xml")
    assert summary.format == "uk-xml" and summary.persons == 1
    assert len(summary.rejects) == 1 and "AQD9999" in summary.rejects[0]
    (merge,) = summary.merges
    assert merge["into"] == "ttp" and merge["same_as"] == "QDe.132"
    ttp = _orgs(vigil)["ttp"]
    uk = next(d for d in ttp.designations if d.reference == "AQD9132")
    assert uk.listed_on == date(2011, 7, 29) and uk.jurisdiction == "UK"
    assert "Tehrik-I-Taliban Pakistan" in {a.text for a in ttp.aliases}  # line break cleaned


def test_eu_xml(vigil: Vigil, fixtures: Path) -> None:
    ensure_seed(vigil)
    summary = import_file(vigil, fixtures / "eu_fsf.xml")
    assert summary.format == "eu-xml" and summary.persons == 1 and len(summary.rejects) == 1
    ttp = _orgs(vigil)["ttp"]
    eu = next(d for d in ttp.designations if d.jurisdiction == "EU")
    assert eu.reference == "EU.9132.01" and eu.programs == ("TAQA",)
    assert ("Tehreek-e-Taliban", "strong") in {(a.text, str(a.quality)) for a in ttp.aliases}


def test_merge_by_name_is_explained_and_reversible(
    vigil: Vigil, un_file: Path, ofac_rows: Path, tmp_path: Path
) -> None:
    import_file(vigil, un_file)  # no seed: the UN list alone
    summary = import_file(vigil, ofac_rows)
    (merge,) = summary.merges
    assert merge["into"] == "ttp" and merge["references"] == ["US OFAC 12206"]
    assert {"list": "TEHRIK-E TALIBAN PAKISTAN", "registry": "TEHRIK-E TALIBAN PAKISTAN"} in merge["names"]
    assert "OFAC 12206" in _orgs(vigil)["ttp"].references
    split = unmerge(vigil, merge["id"])
    orgs = _orgs(vigil)
    assert orgs["ttp"].references == ("QDe.132",)
    assert orgs[split].references == ("OFAC 12206",)
    assert merges(vigil, "ttp")[0]["undone_at"] is not None
    with pytest.raises(Exception, match="already undone"):
        unmerge(vigil, merge["id"])
    # A later edition keeps them apart: the designation stays where it is.
    newer = tmp_path / "sdn_next.csv"
    newer.write_bytes(ofac_rows.read_bytes().replace(b'SDGT",-0- ', b'SDGT",-0-  ', 1))
    later = import_file(vigil, newer)
    assert later.merges == [] and "OFAC 12206" in _orgs(vigil)[split].references


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("uk_sanctions_list.xml", "uk-xml"),
        ("eu_fsf.xml", "eu-xml"),
        ("ofac_sdn.xml", "ofac-xml"),
    ],
)
def test_formats_are_sniffed(fixtures: Path, name: str, expected: str) -> None:
    path = fixtures / name
    assert get_format(None, path, path.read_bytes()).name == expected


def test_unknown_format_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("hello")
    with pytest.raises(InputError, match="cannot tell the list format"):
        get_format(None, path, path.read_bytes())
    with pytest.raises(InputError, match="unknown list format 'pdf'"):
        get_format("pdf", path, b"")


def test_curated_file_with_bad_entries(vigil: Vigil, tmp_path: Path) -> None:
    path = tmp_path / "extra.yaml"
    path.write_text(
        "format: vigil-curated\n"
        "organisations:\n"
        "  - slug: demo-front\n"
        "    name: Demo Front\n"
        "    designations:\n"
        "      - {jurisdiction: PK, list: ATA 1997 First Schedule, reference: DEMO-1,\n"
        "         listed_on: 2020-01-01, source: a citation}\n"
        "    aliases: [Demo Front]\n"
        "  - name: No Slug\n"
        "  - slug: no-source\n"
        "    name: No Source\n"
        "    designations: [{jurisdiction: PK, list: L, reference: X-2}]\n",
        encoding="utf-8",
    )
    summary = import_file(vigil, path)
    assert summary.format == "curated" and summary.organisations_new == 1
    assert summary.rejects == [
        f"{path}: organisations[2]: missing field 'slug'",
        f"{path}: organisations[3]: designation 'X-2' has no source citation",
    ]
    (m,) = matcher_for(vigil).find("Statement of the Demo Front")
    assert m.organisation == "demo-front" and m.references == ("DEMO-1",)


def test_curated_yaml_syntax_error_names_the_line(vigil: Vigil, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("organisations:\n  - slug: a\n    name: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken.yaml:\d+: not valid YAML"):
        import_file(vigil, path, format="curated")
