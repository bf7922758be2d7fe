"""vigil ingest"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from vigil import ingest as ingest_stage
from vigil.cli._common import HomeOption, JsonOption, console, err_console, handle_errors, open_vigil, print_json


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)


@handle_errors
def ingest_command(
    files: list[Path] = typer.Argument(..., help="Files or folders to import.", show_default=False),
    format: str | None = typer.Option(
        None, "--format", "-f", help="Source format; sniffed from the file when omitted."
    ),
    rejects: Path | None = typer.Option(
        None, "--rejects", help="Where to write rejected records (JSON Lines)."
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero if any record is rejected."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Import platform exports or Vigil JSON Lines into the store.

    Every record is keyed by (platform, platform id): importing the same file twice changes
    nothing.  A malformed record is reported with its file and line, written to the rejects file,
    and the rest of the file is still imported.  The exit code is 1 only when nothing could be
    imported (or, with --strict, when anything was rejected).

    Example:  vigil ingest export.jsonl --json
    """
    vigil = open_vigil(home)
    if sys.stderr.isatty() and not as_json:
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            TextColumn("{task.completed} records"),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=err_console,
            transient=True,
        ) as bar:
            task = bar.add_task("ingest", total=None, rate="")
            summary = ingest_stage.run(
                vigil, files, format=format, rejects_path=rejects,
                progress=lambda n: bar.update(task, advance=n),
            )
    else:
        summary = ingest_stage.run(vigil, files, format=format, rejects_path=rejects)
    for line in summary.first_rejects:
        err_console.print(f"[yellow]rejected[/] {line}", highlight=False, soft_wrap=True)
    if as_json:
        print_json(summary.to_dict())
    else:
        console.print(
            f"read {summary.read}, imported {summary.imported}, updated {summary.updated}, "
            f"duplicate {summary.duplicates}, rejected {summary.rejected}"
        )
        if summary.rejects_file:
            console.print(f"rejected records written to {summary.rejects_file}")
    nothing = summary.read > 0 and summary.imported + summary.updated + summary.duplicates == 0
    if nothing or (strict and summary.rejected):
        raise typer.Exit(1)
