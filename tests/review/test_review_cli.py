"""The commands, end to end: the acting user comes from a login or a token, never a flag."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli import app

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from argon2 import PasswordHasher

    from vigil.review import auth

    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setenv("VIGIL_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("VIGIL_DATABASE_URL", raising=False)
    monkeypatch.delenv("VIGIL_TOKEN", raising=False)
    return tmp_path / "home"


def vigil(*args: str, input: str | None = None, env: dict | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=input, env=env)
    return result.exit_code, result.output


def _setup(home: Path) -> None:
    assert vigil("users", "bootstrap", "root", "--password-stdin", input="root-pass-1\n")[0] == 0
    assert vigil("login", "root", "--password-stdin", input="root-pass-1\n")[0] == 0
    for name, role in (("ana", "analyst"), ("rev", "reviewer"), ("aud", "auditor")):
        code, out = vigil("users", "add", name, "-r", role, "--password-stdin", input=f"{name}-pass-1\n")
        assert code == 0, out


def test_login_whoami_logout(home: Path) -> None:
    code, out = vigil("whoami")
    assert code == 2 and "not logged in" in out
    _setup(home)
    code, out = vigil("whoami", "--json")
    assert json.loads(out)["username"] == "root"
    code, out = vigil("login", "ana", "--password-stdin", input="wrong-password\n")
    assert code == 2 and "login refused" in out
    assert vigil("logout")[0] == 0
    assert vigil("whoami")[0] == 2


def test_token_from_environment_and_refusal(home: Path) -> None:
    _setup(home)
    code, out = vigil("users", "token", "ana", "-s", "evidence.*", "--json")
    token = json.loads(out)["token"]
    code, out = vigil("whoami", env={"VIGIL_TOKEN": token})
    assert code == 0 and out.startswith("ana:")
    # analyst may not manage users, whatever the command line says
    code, out = vigil("users", "list", env={"VIGIL_TOKEN": token})
    assert code == 2 and "needs the role admin" in out


def test_audit_verify_catches_tampering(home: Path) -> None:
    _setup(home)
    code, out = vigil("users", "token", "aud", "--json")
    env = {"VIGIL_TOKEN": json.loads(out)["token"]}
    code, out = vigil("audit", "verify", env=env)
    assert code == 0 and "intact" in out
    export = home / "audit.jsonl"
    assert vigil("audit", "export", "-o", str(export), env=env)[0] == 0
    assert vigil("audit", "verify", "--file", str(export))[0] == 0
    last = int((home / "audit.anchor").read_text().split(":")[0])
    with sqlite3.connect(home / "vigil.db") as db:
        db.execute("DELETE FROM audit_events WHERE seq = ?", (last,))
    code, out = vigil("audit", "verify", env=env)  # the saved anchor sees the cut tail
    assert code == 3 and "truncated" in out
    with sqlite3.connect(home / "vigil.db") as db:
        db.execute("UPDATE audit_events SET actor = 'nobody' WHERE seq = 2")
    code, out = vigil("audit", "verify", env=env)
    assert code == 3 and "event 2" in out and "edited" in out


def test_evidence_export_and_verify(home: Path) -> None:
    _setup(home)
    with sqlite3.connect(home / "vigil.db") as db:
        db.execute(
            "INSERT INTO cases (platform, account_id, organisation, score, reach, tier, "
            "status) VALUES ('x', 'a1', 'ttp', 0.9, 10, 3, 'open')"
        )
    assert vigil("login", "rev", "--password-stdin", input="rev-pass-1\n")[0] == 0
    code, out = vigil("evidence", "capture", "1", "--text", "a post worth keeping")
    assert code == 0 and "text" in out
    pkg = home / "case-1.zip"
    code, out = vigil("evidence", "export", "1", "-o", str(pkg))
    assert code == 0 and "sha256" in out
    code, out = vigil("evidence", "verify", str(pkg))
    assert code == 0 and "verified" in out
    raw = bytearray(pkg.read_bytes())
    raw[raw.index(b"worth")] ^= 0x20
    pkg.write_bytes(bytes(raw))
    code, out = vigil("evidence", "verify", str(pkg))
    assert code == 3 and "fails verification" in out


def test_bad_date_is_a_clear_error(home: Path) -> None:
    _setup(home)
    code, out = vigil(
        "appeal",
        "file",
        "1",
        "--by",
        "platform",
        "--appellant",
        "X",
        "--grounds",
        "g",
        "--filed",
        "yesterday",
    )
    assert code == 2 and "--filed must be a date" in out and "Traceback" not in out


def test_case_decide_and_approve_need_two_logged_in_people(home: Path) -> None:
    _setup(home)
    assert vigil("users", "add", "app", "-r", "approver", "--password-stdin", input="app-pass-1\n")[0] == 0
    assert vigil("users", "grant", "rev", "approver")[0] == 0
    with sqlite3.connect(home / "vigil.db") as db:
        db.execute(
            "INSERT INTO cases (platform, account_id, organisation, score, reach, tier, status) "
            "VALUES ('x', 'a1', 'ttp', 0.9, 10, 1, 'open')"
        )
    code, out = vigil("queue")
    assert code == 2 and "needs the role" in out  # root is an admin: no case work
    assert vigil("login", "rev", "--password-stdin", input="rev-pass-1\n")[0] == 0
    code, out = vigil("queue", "--json")
    assert code == 0 and json.loads(out)[0]["account_id"] == "a1"
    code, out = vigil(
        "case", "decide", "1", "--outcome", "link_proven", "--ground", "threat", "--legal-basis", "ATA 1997 s.11"
    )
    assert code == 0 and "second person must approve" in out
    code, out = vigil("case", "approve", "1")
    assert code == 2 and "second person" in out  # rev holds approver too, but decided it
    assert vigil("login", "app", "--password-stdin", input="app-pass-1\n")[0] == 0
    code, out = vigil("case", "approve", "1")
    assert code == 0 and "approved by app" in out
    code, out = vigil("case", "show", "1", "--json")
    shown = json.loads(out)
    assert shown["decision"]["decided_by"] == "rev" and shown["approvals"][0]["approved_by"] == "app"
