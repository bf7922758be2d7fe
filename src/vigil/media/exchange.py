"""Exchanging hash lists with partners, provenance included.

Formats (``FORMATS``):

``csv``    one entry per row: signal_type, value, organisation, labels (``;``-separated), graphic,
           status, added_by, source, source_id, reason, added_at.
``json``   ``{"format": "vigil-hash-list", "version": 1, "bank": {...}, "entries": [...]}``.
``te``     ThreatExchange-style descriptors (``{"data": [{"id", "raw_indicator", "type":
           "HASH_PDQ" | "HASH_MD5" | "HASH_SHA256", "owner": {"name"}, "status", "tags",
           "description", "added_on", "source_uri", "expire_time"}]}``), the shape the Graph API
           returns.  The organisation travels as an ``org:<slug>`` tag, graphic media as a
           ``graphic`` tag, a disputed entry as ThreatExchange's own ``disputed`` tag.
``stix``   a STIX 2.1 bundle (``stix2``): one Indicator per hash with a ``file:hashes`` pattern,
           ``created_by_ref`` to an Identity for whoever added it, ``external_references`` for
           the source and its id, ``revoked`` for retired entries, and ``x_vigil_*`` properties.
``tat``    (import only) the Tech Against Terrorism hash list, read through threatexchange's
           ``TATSignalExchangeAPI`` from a local file of API pages instead of the network.
vPDQ entries travel only in ``csv`` and ``json``: the other formats have no field for them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vigil.errors import InputError
from vigil.media.banks import Bank, BankEntry, NewEntry

__all__ = ["FORMATS", "IMPORT_FORMATS", "export_entries", "read_entries"]

FORMATS = ("csv", "json", "te", "stix")
IMPORT_FORMATS = (*FORMATS, "tat")
CSV_COLUMNS = (
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
TE_TYPES = {"pdq": "HASH_PDQ", "md5": "HASH_MD5", "sha256": "HASH_SHA256"}
STIX_HASH = {"pdq": "PDQ", "md5": "MD5", "sha256": "'SHA-256'"}


# ---- export ---------------------------------------------------------------------------------
def export_entries(bank: Bank, entries: Sequence[BankEntry], fmt: str) -> str:
    """A bank's entries as text in one of FORMATS."""
    writers = {"csv": _to_csv, "json": _to_json, "te": _to_te, "stix": _to_stix}
    if fmt not in writers:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writers[fmt](bank, entries)


def _iso(value: datetime) -> str:
    if value.tzinfo is None:  # SQLite hands back naive datetimes; they were stored as UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _to_csv(bank: Bank, entries: Sequence[BankEntry]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for e in entries:
        writer.writerow(
            {
                "signal_type": e.signal_type,
                "value": e.value,
                "organisation": e.organisation or "",
                "labels": ";".join(list(e.labels)),
                "graphic": "yes" if e.graphic else "no",
                "status": e.status,
                "added_by": e.added_by,
                "source": e.source,
                "source_id": e.source_id or "",
                "reason": e.reason,
                "added_at": _iso(e.added_at),
            }
        )
    return buf.getvalue()


def _entry_json(bank: Bank, e: BankEntry) -> dict[str, Any]:
    return {
        "signal_type": e.signal_type,
        "value": e.value,
        "organisation": e.organisation,
        "labels": list(e.labels),
        "graphic": e.graphic,
        "status": e.status,
        "added_by": e.added_by,
        "source": e.source,
        "source_id": e.source_id,
        "reason": e.reason,
        "added_at": _iso(e.added_at),
    }


def _to_json(bank: Bank, entries: Sequence[BankEntry]) -> str:
    doc = {
        "format": "vigil-hash-list",
        "version": 1,
        "bank": {
            "name": bank.name,
            "kind": bank.kind,
            "description": bank.description,
            "labels": list(bank.labels),
            "graphic": bank.graphic,
        },
        "entries": [_entry_json(bank, e) for e in entries],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _to_te(bank: Bank, entries: Sequence[BankEntry]) -> str:
    data = []
    for e in entries:
        if e.signal_type not in TE_TYPES:
            continue
        tags = list(e.labels)
        tags += [f"org:{e.organisation}"] if e.organisation else []
        tags += ["graphic"] if e.graphic else []
        tags += ["disputed"] if e.status == "disputed" else []
        tags += ["quarantined"] if e.status == "quarantined" else []
        item = {
            "id": e.source_id or f"{_OWN_ID}{e.id}",
            "raw_indicator": e.value,
            "type": TE_TYPES[e.signal_type],
            "owner": {"name": e.added_by},
            "tags": sorted(tags),
            "description": e.reason,
            "added_on": _iso(e.added_at),
            "source_uri": e.source,
            "status": "NON_MALICIOUS" if bank.kind == "allow" else "MALICIOUS",
        }
        if e.status == "retired":
            item["expire_time"] = _iso(e.added_at)
        data.append(item)
    return json.dumps({"data": data}, ensure_ascii=False, indent=1) + "\n"


def _stix_refs(e: BankEntry) -> list[dict[str, str]]:
    """Where an entry came from, as a STIX external reference (which needs an id or a text)."""
    if not (e.source or e.source_id):
        return []
    ref = {"source_name": e.source or _NO_SOURCE}
    if e.source_id:
        ref["external_id"] = e.source_id
    else:
        ref["description"] = f"source of the hash: {e.source}"
    return [ref]


_NO_SOURCE = "unspecified"


def _to_stix(bank: Bank, entries: Sequence[BankEntry]) -> str:
    import stix2

    identities: dict[str, Any] = {}
    objects: list[Any] = []
    for e in entries:
        if e.signal_type not in STIX_HASH:
            continue
        if e.added_by not in identities:
            identities[e.added_by] = stix2.Identity(name=e.added_by, identity_class="individual")
        refs = _stix_refs(e)
        objects.append(
            stix2.Indicator(
                name=f"{e.signal_type} {e.value[:16]}",
                description=e.reason or None,
                pattern=f"[file:hashes.{STIX_HASH[e.signal_type]} = '{e.value}']",
                pattern_type="stix",
                valid_from=e.added_at if e.added_at.tzinfo else e.added_at.replace(tzinfo=UTC),
                created=e.added_at if e.added_at.tzinfo else e.added_at.replace(tzinfo=UTC),
                created_by_ref=identities[e.added_by].id,
                labels=list(e.labels) or None,
                indicator_types=["benign" if bank.kind == "allow" else "malicious-activity"],
                external_references=refs or None,
                revoked=e.status == "retired",
                custom_properties={
                    "x_vigil_signal_type": e.signal_type,
                    "x_vigil_organisation": e.organisation,
                    "x_vigil_graphic": e.graphic,
                    "x_vigil_status": e.status,
                    "x_vigil_bank": bank.name,
                },
                allow_custom=True,
            )
        )
    bundle = stix2.Bundle(*identities.values(), *objects, allow_custom=True)
    return str(bundle.serialize(pretty=True)) + "\n"


# ---- import ---------------------------------------------------------------------------------
def read_entries(path: Path, fmt: str, *, added_by: str) -> list[NewEntry]:
    """Entries from a partner's file; ``added_by`` is used where the file names nobody."""
    readers = {
        "csv": _from_csv,
        "json": _from_json,
        "te": _from_te,
        "stix": _from_stix,
        "tat": _from_tat,
    }
    if fmt not in readers:
        raise InputError(f"unknown import format {fmt!r}; use one of {', '.join(IMPORT_FORMATS)}")
    if not path.is_file():
        raise InputError("no such file", source=str(path))
    return list(readers[fmt](path, added_by))


def _when(value: Any, where: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"bad timestamp {value!r}", source=where) from exc
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _entry(where: str, **kw: Any) -> NewEntry:
    from vigil.media.banks import normalise_value

    kw["value"] = normalise_value(kw["signal_type"], kw["value"], where=where)
    return NewEntry(**kw)


def _from_csv(path: Path, added_by: str) -> Iterator[NewEntry]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = {"signal_type", "value"} - set(reader.fieldnames or ())
        if missing:
            raise InputError(
                f"missing column(s) {', '.join(sorted(missing))}", source=str(path), line=1
            )
        for line, row in enumerate(reader, start=2):
            where = f"{path}:{line}"
            yield _entry(
                where,
                signal_type=(row.get("signal_type") or "").strip(),
                value=row.get("value") or "",
                organisation=row.get("organisation") or None,
                labels=tuple(x for x in (row.get("labels") or "").split(";") if x),
                graphic=(row.get("graphic") or "").strip().lower() in ("yes", "true", "1"),
                status=row.get("status") or "active",
                added_by=row.get("added_by") or added_by,
                source=row.get("source") or "",
                source_id=row.get("source_id") or None,
                reason=row.get("reason") or "",
                added_at=_when(row.get("added_at"), where),
            )


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(f"not valid JSON: {exc}", source=str(path), line=line) from exc


def _from_json(path: Path, added_by: str) -> Iterator[NewEntry]:
    doc = _load_json(path)
    items = doc.get("entries") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise InputError('expected a list of entries or {"entries": [...]}', source=str(path))
    for i, item in enumerate(items):
        where = f"{path}: entries[{i}]"
        if not isinstance(item, dict) or "value" not in item or "signal_type" not in item:
            raise InputError(f"{where}: an entry needs 'signal_type' and 'value'")
        yield _entry(
            where,
            signal_type=item["signal_type"],
            value=item["value"],
            organisation=item.get("organisation"),
            labels=tuple(item.get("labels") or ()),
            graphic=bool(item.get("graphic")),
            status=item.get("status") or "active",
            added_by=item.get("added_by") or added_by,
            source=item.get("source") or "",
            source_id=item.get("source_id"),
            reason=item.get("reason") or "",
            added_at=_when(item.get("added_at"), where),
        )


_OWN_ID = "vigil-entry-"  # a descriptor needs an id: entries without a source id get their row's


def _te_source_id(value: Any) -> str | None:
    text = str(value) if value not in (None, "") else ""
    return None if not text or text.startswith(_OWN_ID) else text


def _from_te(path: Path, added_by: str) -> Iterator[NewEntry]:
    doc = _load_json(path)
    items = doc.get("data") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise InputError('expected ThreatExchange descriptors: {"data": [...]}', source=str(path))
    types = {v: k for k, v in TE_TYPES.items()}
    for i, item in enumerate(items):
        where = f"{path}: data[{i}]"
        kind = types.get(str(item.get("type")))
        if kind is None:
            raise InputError(f"{where}: unsupported indicator type {item.get('type')!r}")
        tags = [str(t) for t in (item.get("tags") or [])]
        org = next((t[4:] for t in tags if t.startswith("org:")), None)
        status = "retired" if item.get("expire_time") else "active"
        status = next((t for t in ("disputed", "quarantined") if t in tags), status)
        plain = [
            t
            for t in tags
            if not t.startswith("org:") and t not in ("graphic", "disputed", "quarantined")
        ]
        yield _entry(
            where,
            signal_type=kind,
            value=item.get("raw_indicator") or "",
            organisation=org,
            labels=tuple(plain),
            graphic="graphic" in tags,
            status=status,
            added_by=(item.get("owner") or {}).get("name") or added_by,
            source=item.get("source_uri") or "",
            source_id=_te_source_id(item.get("id")),
            reason=item.get("description") or "",
            added_at=_when(item.get("added_on"), where),
        )


def _from_stix(path: Path, added_by: str) -> Iterator[NewEntry]:
    import stix2
    from stix2.exceptions import STIXError

    try:
        bundle = stix2.parse(path.read_text(encoding="utf-8"), allow_custom=True)
    except (STIXError, ValueError) as exc:
        raise InputError(f"not a STIX 2.1 bundle: {exc}", source=str(path)) from exc
    objects = getattr(bundle, "objects", None) or []
    names = {o.id: o.name for o in objects if o.type == "identity"}
    kinds = {v.strip("'"): k for k, v in STIX_HASH.items()}
    for o in objects:
        if o.type != "indicator":
            continue
        where = f"{path}: {o.id}"
        kind, value = _stix_hash(o.pattern, kinds, where)
        refs = list(o.get("external_references") or [])
        status = "retired" if o.get("revoked") else o.get("x_vigil_status", "active")
        yield _entry(
            where,
            signal_type=kind,
            value=value,
            organisation=o.get("x_vigil_organisation"),
            labels=tuple(o.get("labels") or ()),
            graphic=bool(o.get("x_vigil_graphic", False)),
            status=status,
            added_by=names.get(o.get("created_by_ref"), added_by),
            source=_source_name(refs),
            source_id=refs[0].get("external_id") if refs else None,
            reason=o.get("description") or "",
            added_at=o.created,
        )


def _source_name(refs: list[Any]) -> str:
    name = str(refs[0].get("source_name", "")) if refs else ""
    return "" if name == _NO_SOURCE else name


def _stix_hash(pattern: str, kinds: dict[str, str], where: str) -> tuple[str, str]:
    from stix2patterns.pattern import Pattern

    try:
        comparisons = Pattern(pattern).inspect().comparisons
    except Exception as exc:  # stix2patterns raises its own ParseException
        raise InputError(f"bad STIX pattern {pattern!r}: {exc}", source=where) from exc
    for path_parts, op, value in comparisons.get("file", []):
        if len(path_parts) == 2 and path_parts[0] == "hashes" and op == "=":
            kind = kinds.get(str(path_parts[1]))
            if kind:
                return kind, value.strip("'")
    raise InputError(f"no MD5, SHA-256 or PDQ file hash in pattern {pattern!r}", source=where)


# ---- Tech Against Terrorism ---------------------------------------------------------------
class _LocalTATClient:
    """Stands in for threatexchange's TATHashListAPI: pages come from a file, not the network."""

    def __init__(self, path: Path) -> None:
        self.path = path
        doc = _load_json(path)
        self.pages = doc if isinstance(doc, list) else [doc]
        self.records: dict[str, Any] = {}

    def fetch_hashes_iter(self, checkpoint: str = "") -> Iterator[Any]:
        from threatexchange.exchanges.clients.techagainstterrorism.api import (
            TATHashListEntry,
            TATHashListResponse,
        )

        for n, page in enumerate(self.pages):
            try:
                results = [TATHashListEntry(**r) for r in page["results"]]
                resp = TATHashListResponse(
                    count=page["count"],
                    next=page.get("next"),
                    previous=page.get("previous"),
                    checkpoint=page["checkpoint"],
                    results=results,
                )
            except (KeyError, TypeError) as exc:
                raise InputError(
                    f"page {n} is not a TAT hash-list page: {exc}", source=str(self.path)
                ) from exc
            for r in results:
                self.records[r.hash_digest] = r
            yield resp


def _from_tat(path: Path, added_by: str) -> Iterator[NewEntry]:
    from threatexchange.exchanges.impl.techagainstterrorism_api import TATSignalExchangeAPI
    from threatexchange.signal_type.md5 import VideoMD5Signal
    from threatexchange.signal_type.pdq.signal import PdqSignal

    class LocalTATExchange(TATSignalExchangeAPI):
        """threatexchange's TAT exchange, fed by the local client (no credentials, no network)."""

        def get_client(self) -> Any:
            return client

    client = _LocalTATClient(path)
    api = LocalTATExchange(username="", password="")
    kinds = {PdqSignal.get_name(): "pdq", VideoMD5Signal.get_name(): "md5"}
    for delta in api.fetch_iter([PdqSignal, VideoMD5Signal], None):
        for (signal_type, digest), meta in delta.updates.items():
            record = client.records.get(digest)
            ideology = getattr(
                getattr(record, "ideology", None), "value", getattr(record, "ideology", None)
            )
            yield _entry(
                f"{path}: {digest}",
                signal_type=kinds[signal_type],
                value=digest,
                labels=(f"ideology:{ideology}",) if ideology else (),
                status="retired" if meta is None else "active",
                added_by=added_by,
                source="Tech Against Terrorism hash list",
                source_id=str(record.id) if record else None,
                reason=f"listed by Tech Against Terrorism ({getattr(record, 'file_type', '')})",
                added_at=_when(getattr(record, "created_on", None), str(path)),
            )
