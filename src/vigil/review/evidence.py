"""Evidence preservation: content-addressed blobs, WARC captures, retention, packages.

* Every piece of evidence (post text, media file, metadata, a WARC capture of a fetched URL) is
  stored once under ``$VIGIL_HOME/evidence/ab/cd/<sha256>`` and listed per case in
  ``evidence_items``.  Preserving the same bytes twice changes nothing.
* Retention is per case: by default six months after the content was removed, extendable, and
  a legal hold stops any purge.
* An evidence package is a zip (manifest.json, SHA256SUMS, items/, captures) written in a
  canonical form: members stored uncompressed, sorted, with fixed timestamps.  ``verify``
  re-hashes every member *and* rebuilds the zip from its contents, so a changed byte anywhere,
  a header included, fails verification.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import json
import mimetypes
import os
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, update
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from vigil.core import Vigil
from vigil.errors import ExternalError, InputError, IntegrityError, StateError
from vigil.review._db import aware, inserted_id
from vigil.review.auth import Actor, authorize
from vigil.store import audit
from vigil.store.tables import accounts, cases, media, posts
from vigil.store.tables_review import evidence_items, evidence_retention

RETENTION_MONTHS = 6
MAX_FETCH_BYTES = 50 * 1024 * 1024
PACKAGE_FORMAT = "vigil-evidence/1"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so a package is a function of its contents
_EXT = {"text": ".txt", "metadata": ".json", "warc": ".warc.gz"}


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(at: datetime | None) -> datetime | None:
    if at is None:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite returns naive UTC


# --- blobs -------------------------------------------------------------------------------


def blob_path(vigil: Vigil, sha256: str) -> Path:
    return vigil.home / "evidence" / sha256[:2] / sha256[2:4] / sha256


def store_blob(vigil: Vigil, data: bytes) -> str:
    """Write ``data`` under its SHA-256 (atomically; once) and return the digest."""
    sha = hashlib.sha256(data).hexdigest()
    path = blob_path(vigil, sha)
    if path.exists():
        return sha
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return sha


def read_blob(vigil: Vigil, sha256: str) -> bytes:
    path = blob_path(vigil, sha256)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise StateError(f"evidence blob {sha256} is missing from {path.parent}") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise IntegrityError(f"evidence blob {sha256} was altered on disk ({path})")
    return data


# --- preserving --------------------------------------------------------------------------


def _case_row(conn: Connection, case_id: int) -> Any:
    row = conn.execute(select(cases).where(cases.c.id == case_id)).first()
    if row is None:
        raise InputError(f"no case {case_id}; see the queue: vigil queue")
    return row


def _item_view(row: Any) -> dict[str, Any]:
    out = dict(row._mapping)
    for k in ("captured_at", "purged_at"):
        out[k] = _aware(out[k])
    return out


def preserve(
    vigil: Vigil,
    actor: Actor | str,
    case_id: int,
    data: bytes,
    *,
    kind: str,
    media_type: str,
    source: str = "",
) -> dict[str, Any]:
    """Preserve bytes as evidence for a case.  Idempotent: the same bytes give the same item."""
    who = authorize(vigil, actor, "evidence.capture")
    if kind not in ("text", "media", "metadata", "warc"):
        raise InputError(f"unknown evidence kind {kind!r}: text, media, metadata or warc")
    with vigil.read() as conn:
        _case_row(conn, case_id)  # before writing a blob that no case would hold
    sha = store_blob(vigil, data)
    with vigil.begin() as conn:
        _case_row(conn, case_id)
        have = conn.execute(
            select(evidence_items).where(evidence_items.c.case_id == case_id, evidence_items.c.sha256 == sha)
        ).first()
        if have is not None and have.purged_at is None:
            return _item_view(have)
        if have is not None:  # preserved again after a purge: the blob is back
            conn.execute(update(evidence_items).where(evidence_items.c.id == have.id).values(purged_at=None))
            item_id = have.id
        else:
            item_id = inserted_id(
                conn.execute(
                    evidence_items.insert().values(
                        case_id=case_id,
                        sha256=sha,
                        kind=kind,
                        media_type=media_type,
                        size=len(data),
                        source=source,
                        captured_at=_now(),
                        captured_by=who.username,
                    )
                )
            )
        row = conn.execute(select(evidence_items).where(evidence_items.c.id == item_id)).one()
        view = _item_view(row)
        audit.append(
            conn,
            actor=who.username,
            action="evidence.capture",
            object_type="case",
            object_id=case_id,
            after={k: view[k] for k in ("id", "sha256", "kind", "size", "source")},
        )
    return view


def preserve_text(vigil: Vigil, actor: Actor | str, case_id: int, text: str, source: str = "") -> dict:
    return preserve(
        vigil,
        actor,
        case_id,
        text.encode(),
        kind="text",
        media_type="text/plain; charset=utf-8",
        source=source,
    )


def preserve_metadata(
    vigil: Vigil, actor: Actor | str, case_id: int, meta: dict[str, Any], source: str = ""
) -> dict[str, Any]:
    data = json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str, indent=1).encode()
    return preserve(vigil, actor, case_id, data, kind="metadata", media_type="application/json", source=source)


def preserve_file(vigil: Vigil, actor: Actor | str, case_id: int, path: Path) -> dict[str, Any]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read evidence file: {exc.strerror}", source=str(path)) from None
    kind_type = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
    return preserve(vigil, actor, case_id, data, kind="media", media_type=kind_type, source=Path(path).name)


def preserve_case_records(vigil: Vigil, actor: Actor | str, case_id: int) -> list[dict[str, Any]]:
    """Preserve what the store holds on a case's account: the account's metadata, each post's
    text and metadata, and media files found on disk."""
    who = authorize(vigil, actor, "evidence.capture")
    return snapshot_case(vigil, case_id, by=who.username)


def _case_blobs(conn: Connection, case: Any) -> list[tuple[bytes, str, str, str]]:
    """(data, kind, media type, source) for everything stored on the case's account."""
    acct = (
        conn.execute(
            select(accounts).where(accounts.c.platform == case.platform, accounts.c.platform_id == case.account_id)
        )
        .mappings()
        .first()
    )
    post_rows = (
        conn.execute(
            select(posts)
            .where(posts.c.platform == case.platform, posts.c.account_id == case.account_id)
            .order_by(posts.c.platform_id)
        )
        .mappings()
        .all()
    )
    ids = [p["platform_id"] for p in post_rows]
    media_rows = (
        conn.execute(select(media).where(media.c.platform == case.platform, media.c.post_id.in_(ids))).mappings().all()
    )
    out = []
    if acct is not None:
        out.append(
            (_json_bytes(dict(acct)), "metadata", "application/json", f"account {case.platform}:{case.account_id}")
        )
    for p in post_rows:
        src = f"post {case.platform}:{p['platform_id']}"
        out.append((p["text"].encode(), "text", "text/plain; charset=utf-8", src))
        out.append((_json_bytes(dict(p)), "metadata", "application/json", src))
    for m in media_rows:
        if m["path"] and Path(m["path"]).is_file():
            mt = mimetypes.guess_type(m["path"])[0] or "application/octet-stream"
            out.append((Path(m["path"]).read_bytes(), "media", mt, f"media {case.platform}:{m['platform_id']}"))
    return out


def _json_bytes(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str, indent=1).encode()


def snapshot_case(vigil: Vigil, case_id: int, *, by: str) -> list[dict[str, Any]]:
    """Preserve the case's stored records in one transaction, attributed to ``by``.

    Called by services that already checked their caller (approval preserves the evidence
    before anything can leave for a platform); people use :func:`preserve_case_records`.
    """
    with vigil.read() as conn:
        blobs = _case_blobs(conn, _case_row(conn, case_id))
    digests = [store_blob(vigil, data) for data, *_ in blobs]
    now = _now()
    with vigil.begin() as conn:
        have = dict(
            conn.execute(
                select(evidence_items.c.sha256, evidence_items.c.purged_at).where(evidence_items.c.case_id == case_id)
            ).all()
        )
        new: list[str] = []
        inserts: list[dict[str, Any]] = []
        for sha, (data, kind, mt, src) in zip(digests, blobs, strict=True):
            if sha in have and have[sha] is None:
                continue
            if sha in have:  # purged earlier and preserved again: the blob is back on disk
                conn.execute(
                    update(evidence_items)
                    .where(evidence_items.c.case_id == case_id, evidence_items.c.sha256 == sha)
                    .values(purged_at=None)
                )
                have[sha] = None
                new.append(sha)
                continue
            have[sha] = None
            inserts.append(
                {
                    "case_id": case_id,
                    "sha256": sha,
                    "kind": kind,
                    "media_type": mt,
                    "size": len(data),
                    "source": src,
                    "captured_at": now,
                    "captured_by": by,
                }
            )
            new.append(sha)
        if inserts:  # one executemany: a case can hold hundreds of items
            conn.execute(evidence_items.insert(), inserts)
        if new:
            audit.append(
                conn, actor=by, action="evidence.snapshot", object_type="case", object_id=case_id, after={"sha256": new}
            )
        rows = conn.execute(
            select(evidence_items).where(evidence_items.c.case_id == case_id, evidence_items.c.sha256.in_(digests))
        ).all()
    return [_item_view(r) for r in rows]


def capture_url(vigil: Vigil, actor: Actor | str, case_id: int, url: str, *, timeout: float = 20.0) -> dict[str, Any]:
    """Fetch ``url`` and preserve the exchange as a gzipped WARC (request and response)."""
    if not url.lower().startswith(("http://", "https://")):
        raise InputError(f"only http(s) URLs can be captured, got {url!r}")
    authorize(vigil, actor, "evidence.capture")
    status, reason, headers, body = _fetch(url, timeout)
    warc = _warc_bytes(url, status, reason, headers, body)
    return preserve(vigil, actor, case_id, warc, kind="warc", media_type="application/warc", source=url)


def _fetch(url: str, timeout: float) -> tuple[int, str, list[tuple[str, str]], bytes]:
    req = urllib.request.Request(url, headers={"User-Agent": "vigil-evidence/1"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read(MAX_FETCH_BYTES + 1)
            status, reason, headers = resp.status, resp.reason, list(resp.headers.items())
    except urllib.error.HTTPError as exc:  # a 404 or 410 page is evidence too
        body, status, reason, headers = (
            exc.read(),
            exc.code,
            str(exc.reason),
            list(exc.headers.items()),
        )
    except (urllib.error.URLError, OSError) as exc:
        raise ExternalError(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}") from exc
    if len(body) > MAX_FETCH_BYTES:
        raise InputError(f"{url} is larger than {MAX_FETCH_BYTES} bytes; capture it by hand")
    return status, reason, headers, body


def _warc_bytes(url: str, status: int, reason: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    # urllib does the fetching and warcio writes the records: warcio's capture_http patches
    # http.client globally, which is not safe in a server that serves several users at once.
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    req_headers = StatusAndHeaders(f"GET {url} HTTP/1.1", [("User-Agent", "vigil-evidence/1")], is_http_request=True)
    writer.write_record(
        writer.create_warc_record(url, "request", payload=io.BytesIO(b""), length=0, http_headers=req_headers)
    )
    kept = [(k, v) for k, v in headers if k.lower() not in ("transfer-encoding",)]
    resp_headers = StatusAndHeaders(f"{status} {reason}", kept, protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=resp_headers
        )
    )
    return buf.getvalue()


def list_items(vigil: Vigil, actor: Actor | str, case_id: int) -> list[dict[str, Any]]:
    authorize(vigil, actor, "case.view")
    with vigil.read() as conn:
        _case_row(conn, case_id)
        rows = conn.execute(
            select(evidence_items).where(evidence_items.c.case_id == case_id).order_by(evidence_items.c.id)
        ).all()
    return [_item_view(r) for r in rows]


def has_evidence(conn: Connection, case_id: int) -> bool:
    """Whether a case has preserved, unpurged evidence (checked before a request is made)."""
    return (
        conn.execute(
            select(evidence_items.c.id)
            .where(evidence_items.c.case_id == case_id, evidence_items.c.purged_at.is_(None))
            .limit(1)
        ).first()
        is not None
    )


# --- retention ---------------------------------------------------------------------------


def add_months(at: datetime, months: int) -> datetime:
    """``at`` plus calendar months, the day clamped to the month's end (Aug 31 + 6 -> Feb 28).
    Written here because the standard library has no month arithmetic."""
    total = at.month - 1 + months
    year, month = at.year + total // 12, total % 12 + 1
    day = min(at.day, calendar.monthrange(year, month)[1])
    return at.replace(year=year, month=month, day=day)


def _retention(conn: Connection, case_id: int) -> dict[str, Any]:
    row = conn.execute(select(evidence_retention).where(evidence_retention.c.case_id == case_id)).first()
    if row is None:
        return {
            "case_id": case_id,
            "removed_at": None,
            "retain_until": None,
            "legal_hold": False,
            "hold_reason": None,
        }
    return {
        "case_id": case_id,
        "removed_at": _aware(row.removed_at),
        "retain_until": _aware(row.retain_until),
        "legal_hold": row.legal_hold,
        "hold_reason": row.hold_reason,
    }


def _set_retention(vigil: Vigil, actor: Actor | str, case_id: int, action: str, **values: Any) -> dict:
    who = authorize(vigil, actor, "evidence.retention")
    with vigil.begin() as conn:
        _case_row(conn, case_id)
        before = _retention(conn, case_id)
        new = {**before, **values}
        exists = conn.execute(
            select(evidence_retention.c.case_id).where(evidence_retention.c.case_id == case_id)
        ).first()
        cols = {k: new[k] for k in ("removed_at", "retain_until", "legal_hold", "hold_reason")}
        if exists:
            conn.execute(
                update(evidence_retention)
                .where(evidence_retention.c.case_id == case_id)
                .values(**cols, updated_at=_now())
            )
        else:
            conn.execute(evidence_retention.insert().values(case_id=case_id, **cols, updated_at=_now()))
        audit.append(
            conn,
            actor=who.username,
            action=action,
            object_type="case",
            object_id=case_id,
            before=before,
            after=new,
        )
    return new


def retention(vigil: Vigil, actor: Actor | str, case_id: int) -> dict[str, Any]:
    authorize(vigil, actor, "case.view")
    with vigil.read() as conn:
        _case_row(conn, case_id)
        return _retention(conn, case_id)


def record_removal(
    vigil: Vigil,
    actor: Actor | str,
    case_id: int,
    removed_at: datetime | None = None,
    months: int = RETENTION_MONTHS,
) -> dict[str, Any]:
    """The content is gone from the platform: keep its evidence ``months`` from now on (never
    shortening a retention already set further out)."""
    when = _aware(removed_at) or _now()
    with vigil.read() as conn:
        current = _retention(conn, case_id)["retain_until"]
    until = add_months(when, months)
    if current is not None and current > until:
        until = current
    return _set_retention(vigil, actor, case_id, "evidence.removed", removed_at=when, retain_until=until)


def extend_retention(vigil: Vigil, actor: Actor | str, case_id: int, until: datetime) -> dict:
    until = _aware(until)  # type: ignore[assignment]
    with vigil.read() as conn:
        current = _retention(conn, case_id)["retain_until"]
    if current is not None and until <= current:
        raise InputError(f"case {case_id} is already kept until {current:%Y-%m-%d}; retention can only be extended")
    return _set_retention(vigil, actor, case_id, "evidence.extend", retain_until=until)


def set_legal_hold(vigil: Vigil, actor: Actor | str, case_id: int, reason: str) -> dict[str, Any]:
    if not reason.strip():
        raise InputError("a legal hold needs a reason (the order or matter it serves)")
    return _set_retention(vigil, actor, case_id, "evidence.hold", legal_hold=True, hold_reason=reason.strip())


def release_legal_hold(vigil: Vigil, actor: Actor | str, case_id: int) -> dict[str, Any]:
    return _set_retention(vigil, actor, case_id, "evidence.release", legal_hold=False)


def purge_expired(vigil: Vigil, actor: Actor | str, now: datetime | None = None) -> list[int]:
    """Delete evidence whose retention has ended (never under a legal hold, never without a
    removal date).  A blob shared with a case still kept stays on disk."""
    who = authorize(vigil, actor, "evidence.retention")
    now = _aware(now) or _now()
    purged: list[int] = []
    with vigil.begin() as conn:
        rows = conn.execute(
            select(evidence_items, evidence_retention.c.retain_until)
            .join(evidence_retention, evidence_retention.c.case_id == evidence_items.c.case_id)
            .where(
                evidence_items.c.purged_at.is_(None),
                evidence_retention.c.legal_hold.is_(False),
                evidence_retention.c.retain_until.is_not(None),
            )
        ).all()
        for r in rows:
            if aware(r.retain_until) > now:  # compared here: SQLite stores naive times
                continue
            conn.execute(update(evidence_items).where(evidence_items.c.id == r.id).values(purged_at=now))
            purged.append(r.id)
            audit.append(
                conn,
                actor=who.username,
                action="evidence.purge",
                object_type="case",
                object_id=r.case_id,
                before={"id": r.id, "sha256": r.sha256},
            )
        live = set(conn.execute(select(evidence_items.c.sha256).where(evidence_items.c.purged_at.is_(None))).scalars())
        gone = {r.sha256 for r in rows if r.id in purged} - live
    for sha in gone:
        blob_path(vigil, sha).unlink(missing_ok=True)
    return purged


# --- packages ----------------------------------------------------------------------------


def _zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """A canonical zip: sorted names, stored (no compression, which varies with zlib
    versions), fixed times and attributes; the same members always give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for name, data in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, data)
    return buf.getvalue()


def _sums(members: list[tuple[str, bytes]]) -> bytes:
    lines = [f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(members)]
    return "".join(lines).encode()


def export_package(vigil: Vigil, actor: Actor | str, case_id: int, out: Path) -> dict[str, Any]:
    """Write the case's evidence package to ``out`` and return its summary (with the zip's own
    SHA-256, to hand over separately so the recipient can check it)."""
    who = authorize(vigil, actor, "evidence.export")
    with vigil.read() as conn:
        case = dict(_case_row(conn, case_id)._mapping)
        items = [
            _item_view(r)
            for r in conn.execute(
                select(evidence_items).where(evidence_items.c.case_id == case_id).order_by(evidence_items.c.id)
            )
        ]
        kept = _retention(conn, case_id)
    if not items:
        raise StateError(
            f"case {case_id} has no preserved evidence; preserve it first: vigil evidence capture {case_id} ..."
        )
    members, listed = [], []
    for it in items:
        entry = {
            k: it[k]
            for k in (
                "id",
                "sha256",
                "kind",
                "media_type",
                "size",
                "source",
                "captured_at",
                "captured_by",
                "purged_at",
            )
        }
        if it["purged_at"] is None:
            name = f"items/{it['sha256']}{_EXT.get(it['kind'], _media_ext(it['media_type']))}"
            members.append((name, read_blob(vigil, it["sha256"])))
            entry["file"] = name
        listed.append(entry)
    manifest = {
        "format": PACKAGE_FORMAT,
        "case": case,
        "retention": kept,
        "items": listed,
        "exported_at": _now(),
        "exported_by": who.username,
    }
    members.append(
        (
            "manifest.json",
            json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False, default=str).encode(),
        )
    )
    members.append(("SHA256SUMS", _sums(members)))
    data = _zip_bytes(members)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    with vigil.begin() as conn:
        audit.append(
            conn,
            actor=who.username,
            action="evidence.export",
            object_type="case",
            object_id=case_id,
            after={"sha256": digest, "items": len(members) - 2},
        )
    return {"path": str(out), "sha256": digest, "files": len(members) - 2, "items": len(items)}


def _media_ext(media_type: str) -> str:
    return mimetypes.guess_extension(media_type.split(";")[0].strip()) or ".bin"


# What zipfile raises on damaged input: a flipped flag bit alone can give "encrypted"
# (RuntimeError) or "unsupported feature" (NotImplementedError).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ValueError,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    KeyError,
    zlib.error,
)


@dataclass
class PackageReport:
    ok: bool
    path: str
    files: int = 0
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def verify_package(path: Path) -> PackageReport:
    """Check a package: every file against SHA256SUMS and the manifest, and the zip itself
    against its canonical form.  Returns a report; it never raises for a bad package."""
    report = PackageReport(ok=False, path=str(path))
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read package: {exc.strerror}", source=str(path)) from None
    try:
        members = _read_members(raw)
    except _ZIP_ERRORS as exc:
        report.problems.append(f"not a readable zip: {exc}")
        return report
    report.files = len(members)
    report.problems.extend(_check_members(members))
    if not report.problems and _zip_bytes(list(members.items())) != raw:
        report.problems.append(
            f"the zip's bytes differ from the canonical form of its "
            f"contents (first difference at byte "
            f"{_first_diff(_zip_bytes(list(members.items())), raw)}): a "
            "header, comment or padding was changed"
        )
    report.ok = not report.problems
    return report


def _read_members(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}  # checks each CRC


def _check_members(members: dict[str, bytes]) -> list[str]:
    if "SHA256SUMS" not in members or "manifest.json" not in members:
        return ["SHA256SUMS or manifest.json is missing"]
    problems, listed = [], {}
    for n, line in enumerate(members["SHA256SUMS"].decode(errors="replace").splitlines(), 1):
        digest, _, name = line.partition("  ")
        listed[name] = digest
        if name not in members:
            problems.append(f"SHA256SUMS line {n}: {name} is not in the package")
        elif hashlib.sha256(members[name]).hexdigest() != digest:
            problems.append(f"{name}: its SHA-256 does not match SHA256SUMS (content changed)")
    extra = set(members) - set(listed) - {"SHA256SUMS"}
    problems += [f"{name}: not listed in SHA256SUMS" for name in sorted(extra)]
    try:
        manifest = json.loads(members["manifest.json"])
        files = {it["file"]: it["sha256"] for it in manifest["items"] if it.get("file")}
    except (ValueError, KeyError, TypeError) as exc:
        return [*problems, f"manifest.json is not a Vigil manifest: {exc}"]
    for name, sha in files.items():
        if name in members and hashlib.sha256(members[name]).hexdigest() != sha:
            problems.append(f"{name}: its SHA-256 does not match the manifest")
        elif name not in members:
            problems.append(f"{name}: listed in the manifest but missing")
    return problems


def _first_diff(a: bytes, b: bytes) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
