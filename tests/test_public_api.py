"""The public surface stays narrow and the CLI maps errors to exit codes without tracebacks."""

from __future__ import annotations

from typer.testing import CliRunner

import vigil
from vigil.cli import app


def test_exported_names_are_pinned():
    assert vigil.__all__ == [
        "ConfigError",
        "ExternalError",
        "InputError",
        "IntegrityError",
        "PermissionDenied",
        "Settings",
        "StateError",
        "Vigil",
        "VigilError",
        "__version__",
    ]
    assert issubclass(vigil.InputError, vigil.VigilError)


def test_every_command_has_help():
    runner = CliRunner()
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    for name in (
        "demo",
        "ingest",
        "detect",
        "assess",
        "propose",
        "report",
        "registry",
        "queue",
        "case",
        "referral",
        "bank",
        "match",
        "hash",
        "model",
        "classify",
        "watch",
        "graph",
        "audit",
        "users",
    ):
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage" in result.output


def test_bad_input_is_one_line_not_a_traceback(tmp_path):
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "missing.jsonl"), "--home", str(tmp_path / "h")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "missing.jsonl" in result.output
