"""Signed documents: a platform can verify them, and one changed byte fails."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime

import pytest
from referral_helpers import insert_request
from typer.testing import CliRunner

from vigil.cli import app
from vigil.config import Settings
from vigil.core import Vigil
from vigil.errors import IntegrityError
from vigil.referral import documents, requests, signing
from vigil.referral.platforms import Authority

runner = CliRunner()


@pytest.fixture
def signed(tmp_path):
    signer = signing.load_or_create(tmp_path / "keys")
    doc = tmp_path / "order.json"
    doc.write_bytes(b'{"reference": "VIGIL-ORD-000001", "content": ["https://x.example/1"]}\n')
    signer.sign_file(doc)
    return tmp_path, doc


def test_private_key_is_owner_only_and_reused(tmp_path):
    first = signing.load_or_create(tmp_path / "keys")
    mode = stat.S_IMODE((tmp_path / "keys" / signing.PRIVATE_NAME).stat().st_mode)
    assert mode == 0o600
    assert signing.load_or_create(tmp_path / "keys").key_id == first.key_id


def test_signed_document_verifies_with_the_pinned_key(signed):
    home, doc = signed
    result = signing.verify_file(doc, public_key=home / "keys" / signing.PUBLIC_NAME)
    assert result.pinned and len(result.sha256) == 64


@pytest.mark.parametrize("position", [0, 17, -2])
def test_one_changed_byte_fails(signed, position):
    _, doc = signed
    data = bytearray(doc.read_bytes())
    data[position] ^= 0x01
    doc.write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match="does not match the content"):
        signing.verify_file(doc)


def test_document_signed_by_another_key_is_refused_when_pinned(signed, tmp_path):
    _, doc = signed
    other = signing.load_or_create(tmp_path / "other-keys")
    other.sign_file(doc)  # a forger re-signs with their own key
    assert signing.verify_file(doc)  # consistent with the key it carries...
    with pytest.raises(IntegrityError, match="not by the pinned key"):
        signing.verify_file(doc, public_key=tmp_path / "keys" / signing.PUBLIC_NAME)


def test_cli_verify_exit_codes(signed):
    home, doc = signed
    ok = runner.invoke(app, ["referral", "verify", str(doc), "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["ok"] is True
    doc.write_bytes(doc.read_bytes().replace(b"000001", b"000002"))
    bad = runner.invoke(app, ["referral", "verify", str(doc)])
    assert bad.exit_code == 3 and "does not match" in bad.stderr
    missing = runner.invoke(app, ["referral", "verify", str(home / "nope.pdf")])
    assert missing.exit_code == 2 and "file not found" in missing.stderr


def test_order_document_has_every_annex_i_section(tmp_path):
    with Vigil(Settings(home=tmp_path)) as vigil:
        rid = insert_request(vigil, targets=("https://x.example/status/1", "acct-7"))
        with vigil.read() as conn:
            view = requests.get(conn, rid)
    doc = documents.order_document(view, Authority(name="NRU", country="PK"), datetime(2026, 3, 1, tzinfo=UTC))
    for section in (
        "section_a_issuing_authority",
        "section_b_addressee",
        "reference",
        "issued_at",
        "content",
        "grounds",
        "legal_basis",
        "information_for_content_provider",
        "redress",
        "preservation",
    ):
        assert doc[section], section
    assert doc["issued_at"] == "2026-03-01T00:00:00+00:00"
    assert [c["kind"] for c in doc["content"]] == ["url", "account"]
    assert documents.to_pdf(doc).startswith(b"%PDF-")
    doc["grounds"]["reasons"] = "کالعدم تحریک طالبان پاکستان"  # Urdu needs the embedded font
    assert b"DejaVu" in documents.to_pdf(doc)
