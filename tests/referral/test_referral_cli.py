"""The referral commands as a liaison officer uses them."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta

from referral_helpers import insert_request, liaison_token, write_platforms
from typer.testing import CliRunner

from vigil.cli import app
from vigil.config import Settings
from vigil.core import Vigil
from vigil.referral import signing

runner = CliRunner()
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_list_show_batch_export_and_check(tmp_path):
    home = tmp_path / "home"
    with Vigil(Settings(home=home)) as vigil:
        write_platforms(home, "platforms:\n  x:\n    channel: {type: filedrop, folder: outbox}\n")
        rid = insert_request(vigil, platform="x", targets=("https://x.example/1", "acct-1"))
        insert_request(
            vigil, platform="tiktok", kind="tos_referral", state="sent", sent_at=T0, due_at=T0 + timedelta(hours=72)
        )
        env = {"VIGIL_HOME": str(home), "VIGIL_TOKEN": liaison_token(vigil)}

    def run(*args: str) -> dict:
        result = runner.invoke(app, [*args, "--json"], env=env)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    assert [r["state"] for r in run("referral", "list")["requests"]] == ["approved", "sent"]
    assert run("referral", "send")["sent_ids"] == [rid]
    assert len(list((home / "outbox").iterdir())) == 1
    shown = run("referral", "show", str(rid))
    assert shown["state"] == "sent" and [a["state"] for a in shown["attempts"]] == ["ok"]
    assert [r["platform"] for r in run("referral", "list", "--kind", "tos_referral")["requests"]] == ["tiktok"]

    batch = run("referral", "batch", "x", "--out", str(tmp_path / "x.csv"))
    rows = list(csv.DictReader((tmp_path / "x.csv").open()))
    assert batch["requests"] == 1 and [r["target_kind"] for r in rows] == ["url", "account"]
    assert signing.verify_file(tmp_path / "x.csv").sha256

    checked = run("check", "--no-liveness")
    # the tiktok referral, sent in March and never answered: reminded, escalated, then given up on
    assert [e["kind"] for e in checked["sla"]] == ["reminder", "escalation", "no_response"]
    assert run("export", "tco", "--year", "2026")["art_8_1_a_removal_orders_issued"] == 1


def test_sending_needs_the_liaison_role(tmp_path):
    from vigil.review import auth

    with Vigil(Settings(home=tmp_path / "home")) as vigil:
        auth.ensure_scripted_users(vigil, {"root": ["admin"], "ana": ["analyst"]})
        token = auth.create_token(vigil, "root", "ana", ["*"])["token"]
    result = runner.invoke(app, ["referral", "send"], env={"VIGIL_HOME": str(tmp_path / "home"), "VIGIL_TOKEN": token})
    assert result.exit_code == 2 and "needs the role liaison" in result.stderr


def test_user_errors_are_one_line_with_exit_code_2(tmp_path):
    env = {"VIGIL_HOME": str(tmp_path / "home")}
    bad_state = runner.invoke(app, ["referral", "list", "--state", "gone"], env=env)
    assert bad_state.exit_code == 2 and "--state 'gone'" in bad_state.stderr
    missing = runner.invoke(app, ["referral", "show", "99"], env=env)
    assert missing.exit_code == 2 and "RemovalRequest 99 does not exist" in missing.stderr
    write_platforms(tmp_path / "home", "platforms:\n  x:\n    channel: {type: pigeon}\n")
    with Vigil(Settings(home=tmp_path / "home")) as vigil:
        env["VIGIL_TOKEN"] = liaison_token(vigil)
    bad_config = runner.invoke(app, ["referral", "send"], env=env)
    assert bad_config.exit_code == 2 and "platforms.yaml: field 'platforms.x.channel'" in bad_config.stderr
    period = runner.invoke(app, ["export", "sor", "--period", "soon"], env=env)
    assert period.exit_code == 2 and "is not a period" in period.stderr
