"""Evidence: content-addressed preservation, WARC capture, retention, packages that verify."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import threading
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from vigil.core import Vigil
from vigil.errors import PermissionDenied, StateError
from vigil.review import auth, evidence

MakeUser = Callable[..., auth.Actor]
PAGE = "<html><body>نئی ویڈیو — a page worth keeping</body></html>".encode()

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # dialect-neutral logic


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        status = 200 if self.path == "/post/1" else 404
        body = PAGE if status == 200 else b"gone"
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def analyst(make_user: MakeUser) -> auth.Actor:
    return make_user("ana", "analyst")


@pytest.fixture
def supervisor(make_user: MakeUser) -> auth.Actor:
    return make_user("sue", "supervisor")


@SQLITE_ONLY
def test_preserved_content_is_addressed_by_sha256(vigil: Vigil, analyst: auth.Actor, case_id: int) -> None:
    item = evidence.preserve_text(vigil, analyst, case_id, "our lions", source="post x:1")
    digest = hashlib.sha256(b"our lions").hexdigest()
    assert item["sha256"] == digest
    assert evidence.blob_path(vigil, digest).read_bytes() == b"our lions"
    again = evidence.preserve_text(vigil, analyst, case_id, "our lions")
    assert again["id"] == item["id"]
    assert len(evidence.list_items(vigil, analyst, case_id)) == 1


@SQLITE_ONLY
def test_url_capture_is_a_warc_with_the_page(vigil: Vigil, analyst: auth.Actor, case_id: int, server: str) -> None:
    item = evidence.capture_url(vigil, analyst, case_id, f"{server}/post/1")
    assert item["kind"] == "warc"
    data = evidence.blob_path(vigil, item["sha256"]).read_bytes()
    records = list(ArchiveIterator(io.BytesIO(data)))
    kinds = [r.rec_type for r in records]
    assert kinds == ["request", "response"]
    resp = next(ArchiveIterator(io.BytesIO(data), arc2warc=True))
    for rec in ArchiveIterator(io.BytesIO(data)):
        if rec.rec_type == "response":
            resp = rec
            assert rec.http_headers.get_statuscode() == "200"
            assert rec.rec_headers.get_header("WARC-Target-URI") == f"{server}/post/1"
            assert rec.content_stream().read() == PAGE
    assert resp is not None


@SQLITE_ONLY
def test_a_missing_page_is_captured_as_such(vigil: Vigil, analyst: auth.Actor, case_id: int, server: str) -> None:
    item = evidence.capture_url(vigil, analyst, case_id, f"{server}/removed")
    data = evidence.blob_path(vigil, item["sha256"]).read_bytes()
    codes = [r.http_headers.get_statuscode() for r in ArchiveIterator(io.BytesIO(data)) if r.rec_type == "response"]
    assert codes == ["404"]


def _package(vigil: Vigil, actor: auth.Actor, case_id: int, tmp_path: Path) -> Path:
    evidence.preserve_text(vigil, actor, case_id, "a new video from Umar Media")
    evidence.preserve_metadata(vigil, actor, case_id, {"followers": 1200, "handle": "@x"})
    out = tmp_path / "case.zip"
    summary = evidence.export_package(vigil, actor, case_id, out)
    assert summary["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    return out


@SQLITE_ONLY
def test_package_verifies_and_lists_its_hashes(vigil: Vigil, make_user: MakeUser, case_id: int, tmp_path: Path) -> None:
    rev = make_user("rev", "reviewer")
    out = _package(vigil, rev, case_id, tmp_path)
    report = evidence.verify_package(out)
    assert report.ok, report.problems
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        sums = zf.read("SHA256SUMS").decode()
    assert {"manifest.json", "SHA256SUMS"} <= names
    digest = hashlib.sha256(b"a new video from Umar Media").hexdigest()
    assert f"items/{digest}.txt" in names and digest in sums


def test_any_changed_byte_fails_verification(sqlite_vigil: Vigil, tmp_path: Path) -> None:
    vigil = sqlite_vigil
    auth.bootstrap_admin(vigil, "root", "correct horse")
    root = auth.login(vigil, "root", "correct horse")
    auth.create_user(vigil, root, "rev", ["reviewer"], "password-123")
    rev = auth.actor_from_token(vigil, auth.create_token(vigil, root, "rev", ["*"])["token"])
    from sqlalchemy import insert

    from vigil.store.tables import cases

    with vigil.begin() as conn:
        cid = conn.execute(
            insert(cases).values(platform="x", account_id="a", organisation="ttp", score=1.0, status="open")
        ).inserted_primary_key[0]
    raw = _package(vigil, rev, cid, tmp_path).read_bytes()
    # every byte position, headers, content and directory alike (a stride keeps it quick)
    for pos in list(range(0, len(raw), 7)) + [len(raw) - 1]:
        bad = bytearray(raw)
        bad[pos] ^= 0x01
        path = tmp_path / "bad.zip"
        path.write_bytes(bytes(bad))
        assert not evidence.verify_package(path).ok, f"byte {pos} changed but verified"


@SQLITE_ONLY
def test_changed_content_is_named(vigil: Vigil, make_user: MakeUser, case_id: int, tmp_path: Path) -> None:
    rev = make_user("rev", "reviewer")
    out = _package(vigil, rev, case_id, tmp_path)
    with zipfile.ZipFile(out) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    name = next(n for n in members if n.endswith(".txt"))
    members[name] = members[name].replace(b"Umar", b"Omar")
    with zipfile.ZipFile(out, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    report = evidence.verify_package(out)
    assert not report.ok
    assert any(name in p and "SHA256SUMS" in p for p in report.problems)


def test_retention_hold_and_purge(vigil: Vigil, analyst: auth.Actor, supervisor: auth.Actor, case_id: int) -> None:
    item = evidence.preserve_text(vigil, analyst, case_id, "to be kept for a while")
    removed = datetime(2026, 8, 31, 12, tzinfo=UTC)
    kept = evidence.record_removal(vigil, supervisor, case_id, removed)
    assert kept["retain_until"] == datetime(2027, 2, 28, 12, tzinfo=UTC)  # six months, clamped
    blob = evidence.blob_path(vigil, item["sha256"])
    assert evidence.purge_expired(vigil, supervisor, now=removed + timedelta(days=100)) == []
    evidence.set_legal_hold(vigil, supervisor, case_id, "court order 12/2027")
    assert evidence.purge_expired(vigil, supervisor, now=removed + timedelta(days=400)) == []
    assert blob.exists()
    evidence.release_legal_hold(vigil, supervisor, case_id)
    later = datetime(2027, 6, 1, tzinfo=UTC)
    evidence.extend_retention(vigil, supervisor, case_id, later)
    assert evidence.purge_expired(vigil, supervisor, now=later - timedelta(days=1)) == []
    assert evidence.purge_expired(vigil, supervisor, now=later) == [item["id"]]
    assert not blob.exists()
    # the package still says what was held and when it was purged
    out = vigil.home / "x.zip"
    evidence.export_package(vigil, supervisor, case_id, out)
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert [n for n in zf.namelist() if n.startswith("items/")] == []
    assert manifest["items"][0]["purged_at"] is not None


@SQLITE_ONLY
def test_export_needs_evidence(vigil: Vigil, supervisor: auth.Actor, case_id: int) -> None:
    with pytest.raises(StateError, match="has no preserved evidence"):
        evidence.export_package(vigil, supervisor, case_id, vigil.home / "x.zip")


def test_retention_can_only_be_extended(vigil: Vigil, supervisor: auth.Actor, case_id: int) -> None:
    from vigil.errors import InputError

    evidence.record_removal(vigil, supervisor, case_id, datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(InputError, match="can only be extended"):
        evidence.extend_retention(vigil, supervisor, case_id, datetime(2026, 2, 1, tzinfo=UTC))


@SQLITE_ONLY
def test_roles_guard_evidence(
    vigil: Vigil, analyst: auth.Actor, make_user: MakeUser, case_id: int, tmp_path: Path
) -> None:
    auditor = make_user("aud", "auditor")
    with pytest.raises(PermissionDenied, match="needs the role analyst or reviewer"):
        evidence.preserve_text(vigil, auditor, case_id, "x")
    with pytest.raises(PermissionDenied, match="needs the role supervisor"):
        evidence.set_legal_hold(vigil, analyst, case_id, "why not")
    with pytest.raises(PermissionDenied, match="evidence.export"):
        evidence.export_package(vigil, analyst, case_id, tmp_path / "p.zip")


@SQLITE_ONLY
def test_an_unreachable_url_is_an_external_error(vigil: Vigil, analyst: auth.Actor, case_id: int) -> None:
    import socket

    from vigil.errors import ExternalError, InputError

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ExternalError, match=f"cannot fetch http://127.0.0.1:{port}/"):
        evidence.capture_url(vigil, analyst, case_id, f"http://127.0.0.1:{port}/", timeout=2)
    with pytest.raises(InputError, match="only http"):
        evidence.capture_url(vigil, analyst, case_id, "file:///etc/passwd")
    assert evidence.list_items(vigil, analyst, case_id) == []
