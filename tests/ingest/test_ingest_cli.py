"""The `vigil ingest` command: exit codes, --strict, rejects, progress, folders of mixed files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from vigil.cli import app

runner = CliRunner()

GOOD = json.dumps({"type": "account", "platform": "x", "platform_id": "1", "handle": "a"})


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_clean_import_exits_zero_and_reports_counts(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(GOOD + "\n")
    result = invoke("ingest", str(f), "--home", str(tmp_path / "h"), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["read"], summary["imported"], summary["rejected"]) == (1, 1, 0)


def test_some_rejects_exit_zero_but_strict_exits_one(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(GOOD + "\n{broken\n")
    home = str(tmp_path / "h")
    loose = invoke("ingest", str(f), "--home", home)
    assert loose.exit_code == 0
    assert f"{f}:2" in loose.output and "rejected 1" in loose.output
    strict = invoke("ingest", str(f), "--home", home, "--strict")
    assert strict.exit_code == 1


def test_nothing_importable_exits_one_without_a_traceback(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"type": "post", "platform": "x"}\n')
    result = invoke("ingest", str(f), "--home", str(tmp_path / "h"), "--format", "vigil_jsonl")
    assert result.exit_code == 1
    assert "nothing was imported" in result.output
    assert "Traceback" not in result.output


def test_unknown_format_and_missing_file_are_clear_errors(tmp_path):
    f = tmp_path / "notes.bin"
    f.write_bytes(b"\x00\x01 nothing known")
    result = invoke("ingest", str(f), "--home", str(tmp_path / "h"))
    assert result.exit_code == 2
    assert "cannot tell the format" in result.output and str(f) in result.output
    missing = invoke("ingest", str(tmp_path / "nope.json"), "--home", str(tmp_path / "h"))
    assert missing.exit_code == 2 and "no such file" in missing.output
    zone = invoke("ingest", str(f), "--home", str(tmp_path / "h"), "--timezone", "Mars/Base")
    assert zone.exit_code == 2 and "unknown time zone" in zone.output


def test_folder_with_unknown_files_imports_the_known_ones(tmp_path, shared_data):
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(shared_data / "formats" / "x_v2_cotweet.jsonl", folder)
    (folder / "readme.bin").write_bytes(b"\x00binary")
    result = invoke("ingest", str(folder), "--home", str(tmp_path / "h"), "--json")
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert result.exit_code == 0
    assert summary["by_type"] == {"account": 1, "post": 1}
    assert summary["skipped_files"] == [str(folder / "readme.bin")]


def test_x_page_rejects_name_the_json_path(tmp_path, shared_data):
    page = json.loads((shared_data / "formats" / "x_v2_two_tweets.jsonl").read_text())
    del page["data"][0]["author_id"]
    page["errors"] = [{"title": "Not Found Error", "detail": "Could not find tweet 42"}]
    f = tmp_path / "page.jsonl"
    f.write_text(json.dumps(page) + "\n")
    rejects = tmp_path / "rejects.jsonl"
    result = invoke("ingest", str(f), "--home", str(tmp_path / "h"), "--rejects", str(rejects))
    assert result.exit_code == 0
    rows = [json.loads(x) for x in rejects.read_text().splitlines()]
    assert [(r["line"], r["path"]) for r in rows] == [
        (1, "$.data[0].author_id"),
        (1, "$.errors[0]"),
    ]
    assert "Could not find tweet 42" in rows[1]["reason"]


def test_plain_progress_lines_when_not_a_terminal(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(GOOD + "\n")
    result = invoke("ingest", str(f), "--home", str(tmp_path / "h"))
    assert f"ingest: {f} (" in result.output  # one line per file, no bar, no escape codes
    assert "\x1b[" not in result.output


def test_rich_progress_shows_file_records_and_rate():
    import io

    from rich.console import Console

    from vigil.cli import ingest as cli_ingest

    out = io.StringIO()
    bar = cli_ingest.RichProgress(Console(file=out, force_terminal=True, width=120))
    with bar:
        bar.file(Path("big.jsonl"), 1000)
        bar.advance(250, 500)
    text = out.getvalue()
    assert "big.jsonl" in text and "250 records" in text and "/s" in text
