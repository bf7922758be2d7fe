"""vigil export sor|lumen|tco"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json

app = typer.Typer(
    help="Transparency exports: DSA statements of reasons, Lumen notices, TCO Art. 8 figures.", no_args_is_help=True
)

PeriodOption = typer.Option(None, "--period", help="2026, 2026-Q1, 2026-03 or 2026-01-01..2026-06-30 (default all).")
OutOption = typer.Option(None, "--out", help="Write to this file instead of standard output.")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="export")


def _emit(data: Any, out: Path | None, *, lines: bool, as_json: bool = False) -> None:
    """Records go to standard output as JSON (lines), or to --out with a summary printed."""
    if out is None:
        if lines:
            for item in data:
                print_json(item)
        else:
            print_json(data)
        return
    text = (
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in data)
        if lines
        else json.dumps(data, ensure_ascii=False, indent=2)
    )
    out.write_text(text, encoding="utf-8")
    n = len(data) if lines else 1
    if as_json:
        print_json({"file": str(out), "records": n})
    else:
        console.print(f"wrote {n} record(s) to {out}")


@app.command("sor")
@handle_errors
def sor_command(
    period: str | None = PeriodOption,
    out: Path | None = OutOption,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Statements of reasons (EU DSA Transparency Database fields), one JSON line per actioned item.

    Example:  vigil export sor --period 2026 --out sor.jsonl
    """
    from vigil.report.compliance import parse_period
    from vigil.report.exports import statements_of_reasons

    _emit(statements_of_reasons(open_vigil(home), parse_period(period)), out, lines=True, as_json=as_json)


@app.command("lumen")
@handle_errors
def lumen_command(
    period: str | None = PeriodOption,
    out: Path | None = OutOption,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Lumen-style notices, one JSON line per request sent.

    Example:  vigil export lumen --period 2026-Q1
    """
    from vigil.report.compliance import parse_period
    from vigil.report.exports import lumen_notices

    _emit(lumen_notices(open_vigil(home), parse_period(period)), out, lines=True, as_json=as_json)


@app.command("tco")
@handle_errors
def tco_command(
    year: int = typer.Option(datetime.now(UTC).year, "--year", min=2000, max=2100, help="Calendar year."),
    out: Path | None = OutOption,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Yearly figures in the shape of TCO Regulation Art. 8 (legal orders only), as JSON.

    Example:  vigil export tco --year 2026
    """
    from vigil.report.exports import tco_yearly

    _emit(tco_yearly(open_vigil(home), year), out, lines=False, as_json=as_json)
