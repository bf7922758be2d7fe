"""Exchange formats: provenance survives every round trip; partner files are read offline."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from vigil.core import Vigil
from vigil.errors import InputError
from vigil.media import banks
from vigil.media.banks import NewEntry
from vigil.media.exchange import FORMATS, export_entries, read_entries

PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
MD5 = "900150983cd24fb0d6963f7d28e17f72"
SHA = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
WHEN = datetime(2025, 3, 1, 12, 30, tzinfo=UTC)

ENTRIES = [
    NewEntry(
        "pdq",
        PDQ,
        added_by="analyst-7",
        organisation="ttp",
        labels=("glorification", "image"),
        graphic=True,
        source="case-2025-14",
        source_id="ev-31",
        reason="Umar Media poster",
        added_at=WHEN,
    ),
    NewEntry(
        "md5",
        MD5,
        added_by="partner-agency",
        organisation="bla",
        labels=("recruitment",),
        status="disputed",
        source="partner:agency-b",
        source_id="B-9912",
        reason="shared by partner",
        added_at=WHEN,
    ),
    NewEntry(
        "sha256",
        SHA,
        added_by="analyst-7",
        status="retired",
        source="case-2025-02",
        reason="withdrawn after review",
        added_at=WHEN,
    ),
]
PROVENANCE = (
    "signal_type",
    "value",
    "organisation",
    "labels",
    "graphic",
    "status",
    "added_by",
    "source",
    "source_id",
    "reason",
    "added_at",
)


def snapshot(entries: list) -> list[tuple]:  # type: ignore[type-arg]
    def norm(e: object) -> tuple:  # type: ignore[type-arg]
        vals = [getattr(e, f) for f in PROVENANCE]
        vals[3] = tuple(sorted(vals[3]))
        vals[10] = vals[10].replace(tzinfo=vals[10].tzinfo or UTC).astimezone(UTC)
        return tuple(vals)

    return sorted(norm(e) for e in entries)


@pytest.mark.parametrize("fmt", FORMATS)
def test_provenance_survives_the_round_trip(sqlite_vigil: Vigil, tmp_path: Path, fmt: str) -> None:
    banks.create_bank(sqlite_vigil, "src", created_by="lead")
    banks.add_entries(sqlite_vigil, "src", ENTRIES, actor="lead")
    bank = banks.get_bank(sqlite_vigil, "src")
    path = tmp_path / f"export.{fmt}"
    path.write_text(export_entries(bank, banks.bank_entries(sqlite_vigil, "src"), fmt))
    back = read_entries(path, fmt, added_by="importer")
    assert snapshot(back) == snapshot(ENTRIES)
    banks.create_bank(sqlite_vigil, "dst", created_by="lead")
    banks.add_entries(sqlite_vigil, "dst", back, actor="importer")
    assert snapshot(banks.bank_entries(sqlite_vigil, "dst")) == snapshot(ENTRIES)
    again = banks.add_entries(sqlite_vigil, "dst", read_entries(path, fmt, added_by="x"), actor="x")
    assert again.added == again.updated == 0  # importing twice changes nothing


def test_stix_bundle_is_valid_stix_21(sqlite_vigil: Vigil) -> None:
    import stix2

    banks.create_bank(sqlite_vigil, "src", created_by="lead")
    banks.add_entries(sqlite_vigil, "src", ENTRIES, actor="lead")
    text = export_entries(
        banks.get_bank(sqlite_vigil, "src"), banks.bank_entries(sqlite_vigil, "src"), "stix"
    )
    bundle = stix2.parse(text, allow_custom=True)
    indicators = [o for o in bundle.objects if o.type == "indicator"]
    assert {i.pattern for i in indicators} == {
        f"[file:hashes.PDQ = '{PDQ}']",
        f"[file:hashes.MD5 = '{MD5}']",
        f"[file:hashes.'SHA-256' = '{SHA}']",
    }
    names = {o.id: o.name for o in bundle.objects if o.type == "identity"}
    assert {names[i.created_by_ref] for i in indicators} == {"analyst-7", "partner-agency"}


def tat_page(results: list[dict], checkpoint: str, next_url: str | None) -> dict:
    return {
        "count": len(results),
        "next": next_url,
        "previous": None,
        "checkpoint": checkpoint,
        "results": results,
    }


def tat_record(
    id_: int, digest: str, algorithm: str, file_type: str, deleted: bool = False
) -> dict:
    return {
        "id": id_,
        "hash_digest": digest,
        "algorithm": algorithm,
        "ideology": "islamist",
        "file_type": file_type,
        "deleted": deleted,
        "updated_on": 1735725600.0 + id_,
        "created_on": "2025-01-01T10:00:00+00:00",
    }


def test_tech_against_terrorism_list_through_threatexchange(tmp_path: Path) -> None:
    pages = [
        tat_page(
            [tat_record(1, PDQ, "PDQ", "jpg"), tat_record(2, MD5, "MD5", "mp4")],
            "1735725602,2",
            "limit=2&offset=2",
        ),
        tat_page(
            [
                tat_record(3, "d" * 32, "MD5", "jpg"),  # image MD5: not a signal type TX uses
                tat_record(4, "e" * 32, "MD5", "webm", deleted=True),
            ],
            "1735725604,4",
            None,
        ),
    ]
    path = tmp_path / "tat_pages.json"
    path.write_text(json.dumps(pages))
    got = {(e.signal_type, e.value): e for e in read_entries(path, "tat", added_by="importer")}
    assert set(got) == {("pdq", PDQ), ("md5", MD5), ("md5", "e" * 32)}
    assert got[("pdq", PDQ)].source == "Tech Against Terrorism hash list"
    assert got[("pdq", PDQ)].source_id == "1" and got[("pdq", PDQ)].labels == ("ideology:islamist",)
    assert got[("md5", "e" * 32)].status == "retired"  # deleted upstream


def test_bad_partner_files_name_the_file_and_line(tmp_path: Path) -> None:
    bad_csv = tmp_path / "list.csv"
    bad_csv.write_text(f"signal_type,value\npdq,{PDQ}\nmd5,not-a-hash\n")
    with pytest.raises(InputError, match=r"list\.csv:3: 'not-a-hash' is not a valid md5 hash"):
        read_entries(bad_csv, "csv", added_by="x")
    no_col = tmp_path / "nocol.csv"
    no_col.write_text("hash\nabc\n")
    with pytest.raises(InputError, match=r"nocol\.csv:1: missing column"):
        read_entries(no_col, "csv", added_by="x")
    broken = tmp_path / "list.json"
    broken.write_text('{"entries": [\n{"signal_type": "pdq",,}]}')
    with pytest.raises(InputError, match=r"list\.json:2: not valid JSON"):
        read_entries(broken, "json", added_by="x")
    te = tmp_path / "te.json"
    te.write_text(json.dumps({"data": [{"id": "1", "type": "URI", "raw_indicator": "x"}]}))
    with pytest.raises(InputError, match=r"data\[0\]: unsupported indicator type 'URI'"):
        read_entries(te, "te", added_by="x")
    with pytest.raises(InputError, match="unknown import format"):
        read_entries(te, "xml", added_by="x")
