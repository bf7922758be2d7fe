"""The media commands, run as a user would: vigil hash, vigil bank ..., vigil match."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vigil.cli import app

runner = CliRunner()


def run(home: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args], env={"VIGIL_HOME": str(home), "VIGIL_USER": "alice"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_bank_match_export_import_from_the_command_line(tmp_path: Path, image_set: dict) -> None:
    home = tmp_path / "home"
    original, copy = str(image_set["original"]), str(image_set["watermarked"])
    code, out, _ = run(home, "hash", original, "--json")
    hashed = json.loads(out)["files"][0]
    assert code == 0 and hashed["kind"] == "image" and len(hashed["pdq"]) == 64

    assert (
        run(home, "bank", "create", "ttp-media", "--graphic", "--label", "attack_footage")[0] == 0
    )
    code, out, _ = run(
        home,
        "bank",
        "add",
        "ttp-media",
        original,
        "--org",
        "ttp",
        "--label",
        "glorification",
        "--source",
        "case-7",
        "--reason",
        "claim",
        "--json",
    )
    assert code == 0 and json.loads(out) == {"added": 3, "updated": 0, "unchanged": 0}
    code, out, _ = run(home, "bank", "list", "--json")
    assert json.loads(out)["banks"][0]["counts"] == {"active": 3}

    code, out, _ = run(home, "match", copy, unrelated := str(image_set["unrelated"]), "--json")
    files = json.loads(out)["files"]
    assert code == 1  # an actionable match
    assert files[0]["actionable"] == 1 and files[0]["blurred"] is True
    assert files[0]["matches"][0]["entry"]["organisation"] == "ttp"
    assert files[1]["matches"] == []
    assert run(home, "match", unrelated)[0] == 0

    export = tmp_path / "ttp.stix.json"
    assert run(home, "bank", "export", "ttp-media", "-f", "stix", "-o", str(export))[0] == 0
    code, out, _ = run(home, "bank", "import", "partner-copy", str(export), "-f", "stix", "--json")
    assert code == 0 and json.loads(out)["added"] == 3
    code, out, _ = run(home, "bank", "list", "partner-copy", "--json")
    entries = json.loads(out)["entries"]
    assert {e["source"] for e in entries} == {"case-7"}
    assert {e["added_by"] for e in entries} == {"alice"}


def test_status_command_and_clear_errors(tmp_path: Path, image_set: dict) -> None:
    home = tmp_path / "home"
    run(home, "bank", "create", "b")
    run(home, "bank", "add", "b", "--type", "md5", "900150983cd24fb0d6963f7d28e17f72")
    assert run(home, "bank", "status", "1", "retired")[0] == 0
    code, out, _ = run(home, "bank", "list", "b", "--json")
    assert json.loads(out)["entries"][0]["status"] == "retired"
    code, _, err = run(home, "bank", "add", "b", "--type", "pdq", "abc")
    assert code == 2 and "'abc' is not a valid pdq hash" in err and "Traceback" not in err
    code, _, err = run(home, "bank", "add", "missing", "--type", "md5", "0" * 32)
    assert code == 2 and "no bank named 'missing'" in err
    code, _, err = run(home, "hash", str(tmp_path / "nope.jpg"))
    assert code == 2 and "nope.jpg: no such file" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("signal_type,value\nsha256,xyz\n")
    code, _, err = run(home, "bank", "import", "b", str(bad), "-f", "csv")
    assert code == 2 and "bad.csv:2:" in err
