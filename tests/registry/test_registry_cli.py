"""The `vigil registry` commands, run through Typer's CliRunner on a SQLite home."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vigil.cli import app
from vigil.registry.curated import SHIPPED

EVAL_SET = SHIPPED.with_name("mentions_eval.jsonl")


@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, ["registry", *args, "--home", str(tmp_path / "home")], input=input)

    return invoke


def test_import_list_show_diff(run, un_file: Path) -> None:
    res = run("import", str(un_file), "--json")
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["format"] == "un-xml" and summary["organisations_new"] == 2
    listed = json.loads(run("list", "--json").stdout)["organisations"]
    assert {o["slug"] for o in listed} >= {"ttp", "jua", "tgg", "bla", "blf", "let", "lj"}
    shown = json.loads(run("show", "Umar Media", "--json").stdout)
    assert shown["slug"] == "ttp" and "QDe.132" in shown["references"]
    diff = json.loads(run("diff", "--json").stdout)
    assert {(c["change"], c["reference"]) for c in diff["changes"]} == {
        ("added", "QDe.096"),
        ("added", "QDe.118"),
    }
    again = run("import", str(un_file))
    assert again.exit_code == 0 and "already imported" in again.stdout


def test_match_text_and_stdin(run) -> None:
    res = run("match", "کالعدم ٹی ٹی پی نے ذمہ داری قبول کی", "--json")
    (m,) = json.loads(res.stdout)["mentions"]
    assert m["organisation"] == "ttp" and m["matched"] == "ٹی ٹی پی" and m["confidence"] >= 0.5
    res = run("match", "-", input="The BLA claimed the attack\nTaliban in Kabul\n")
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [[m["organisation"] for m in x["mentions"]] for x in lines] == [["bla"], []]


def test_eval_meets_targets_on_the_shipped_set(run) -> None:
    res = run("eval", str(EVAL_SET), "--json")
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert result["items"] >= 300
    assert result["precision"] >= 0.98 and result["recall"] >= 0.95
    assert set(result["by_language"]) == {"en", "ur", "ps", "ur-Latn"}


def test_bad_input_is_a_message_not_a_traceback(run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok", "orgs": []}\n{not json\n')
    res = run("eval", str(bad))
    assert res.exit_code == 2 and f"{bad}:2: bad labelled example" in res.stderr
    res = run("import", str(tmp_path / "missing.xml"))
    assert res.exit_code == 2 and "missing.xml: cannot read" in res.stderr
    res = run("show", "no-such-org")
    assert res.exit_code == 2 and "no organisation 'no-such-org'" in res.stderr
    assert "Traceback" not in res.output


def test_unmerge_command(run, un_file: Path, ofac_rows: Path, tmp_path: Path) -> None:
    # A home whose registry starts from the UN list alone, so the OFAC name merges into it.
    from vigil.core import Vigil
    from vigil.registry import import_file

    with Vigil.open(home=tmp_path / "home") as v:
        import_file(v, un_file)
    summary = json.loads(run("import", str(ofac_rows), "--json").stdout)
    (merge,) = summary["merges"]
    res = run("unmerge", str(merge["id"]), "--json")
    assert json.loads(res.stdout)["organisation"] != "ttp"
    res = run("unmerge", str(merge["id"]))
    assert res.exit_code == 2 and "already undone" in res.stderr
