"""The whole job through the command line, as a unit's people do it: nothing leaves without a
reviewer's decision and a second person's approval, and then the liaison's send drafts and
sends it."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from vigil.cli import app
from vigil.demo.world import generate

runner = CliRunner()


def test_from_export_to_a_signed_request_in_the_outbox(tmp_path):
    export = tmp_path / "export"
    generate(seed=4, accounts=150).write(export)
    (export / "ground_truth.json").unlink()  # a real export has no answers in it
    home = tmp_path / "home"
    env = {"VIGIL_HOME": str(home)}

    def run(*args: str, stdin: str | None = None, code: int = 0) -> str:
        result = runner.invoke(app, list(args), env=env, input=stdin)
        assert result.exit_code == code, (args, result.output)
        return result.stdout

    run("users", "bootstrap", "admin", "--password-stdin", stdin="admin-pass-1\n")
    run("login", "admin", "--password-stdin", stdin="admin-pass-1\n")
    run("users", "add", "alice", "-r", "reviewer", "--password-stdin", stdin="alice-pass-1\n")
    run("users", "add", "bob", "-r", "approver", "-r", "liaison", "--password-stdin", stdin="bob-pass-12\n")
    run("ingest", str(export))
    run("detect")
    run("assess")
    assert json.loads(run("propose", "--json"))["opened"] > 0

    run("login", "alice", "--password-stdin", stdin="alice-pass-1\n")
    case_id = str(json.loads(run("queue", "--json"))[0]["id"])
    run("case", "decide", case_id, "--outcome", "link_proven", "--ground", "glorification", "--legal-basis", "ATA 1997")
    run("case", "approve", case_id, code=2)  # the decider cannot approve

    run("login", "bob", "--password-stdin", stdin="bob-pass-12\n")
    (home / "platforms.yaml").write_text(
        "platforms:\n"
        + "".join(
            f"  {p}:\n    channel: {{type: filedrop, folder: outbox}}\n"
            for p in ("facebook", "instagram", "tiktok", "x", "telegram", "whatsapp")
        )
    )
    assert json.loads(run("referral", "send", "--json"))["drafted"] == []  # not approved yet
    run("case", "approve", case_id)
    sent = json.loads(run("referral", "send", "--json"))
    assert len(sent["drafted"]) == 1 and sent["sent"] == 1
    [folder] = list((home / "outbox").iterdir())
    assert any(p.name.endswith(".sig") for p in folder.iterdir())
    assert json.loads(run("report", "--json"))["referred"] == 1
