"""vigil ingest"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from vigil import ingest as ingest_stage
from vigil.cli._common import (
    HomeOption,
    JsonOption,
    console,
    err_console,
    handle_errors,
    open_vigil,
    print_json,
)
from vigil.ingest.stage import IngestSummary


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    from vigil.cli._collect import collect_app

    app.add_typer(collect_app, name="collect")


@handle_errors
def ingest_command(
    files: list[Path] = typer.Argument(..., help="Files, folders or zip archives to import.", show_default=False),
    format: str | None = typer.Option(
        None, "--format", "-f", help="Source format; sniffed from each file when omitted."
    ),
    rejects: Path | None = typer.Option(None, "--rejects", help="Where to write rejected records (JSON Lines)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if any record is rejected."),
    timezone: str | None = typer.Option(
        None,
        "--timezone",
        help="Time zone of sources whose times carry none (WhatsApp), e.g. Asia/Karachi.",
    ),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Import platform exports or Vigil JSON Lines into the store.

    Formats: vigil_jsonl, x_v2_jsonl (twarc2), telegram_json (Telegram Desktop result.json),
    crowdtangle_csv, tiktok_research_json, whatsapp_txt.  A folder or a zip archive is read file
    by file; files of no known format in it are listed as skipped.

    Every record is keyed by (platform, platform id): importing the same file twice changes
    nothing, and an import that was killed can simply be run again.  A malformed record is
    reported with its file and line (or JSON path), written to the rejects file, and the rest is
    still imported.  The exit code is 1 only when nothing could be imported (or, with --strict,
    when anything was rejected).

    Example:  vigil ingest result.json tweets.jsonl --json
    """
    vigil = open_vigil(home)
    options = {"format": format, "rejects_path": rejects, "timezone": timezone}
    if as_json:
        summary = ingest_stage.run(vigil, files, **options)
    elif err_console.is_terminal:
        with RichProgress() as bar:
            summary = ingest_stage.run(vigil, files, progress=bar, **options)
    else:
        summary = ingest_stage.run(vigil, files, progress=PlainProgress(), **options)
    _report(summary, as_json)
    if summary.stored == 0 or (strict and summary.rejected):
        raise typer.Exit(1)


def _report(summary: IngestSummary, as_json: bool) -> None:
    for line in summary.first_rejects:
        err_console.print(f"[yellow]rejected[/] {line}", highlight=False, soft_wrap=True)
    if summary.rejected > len(summary.first_rejects):
        err_console.print(f"... and {summary.rejected - len(summary.first_rejects)} more")
    if as_json:
        print_json(summary.to_dict())
        return
    console.print(
        f"read {summary.read}, imported {summary.imported}, updated {summary.updated}, "
        f"duplicate {summary.duplicates}, rejected {summary.rejected}, "
        f"skipped {summary.skipped}",
        highlight=False,
    )
    if summary.skipped_files:
        console.print(f"{len(summary.skipped_files)} file(s) of no known format were skipped")
    if summary.rejects_file:
        console.print(f"rejected records written to {summary.rejects_file}", highlight=False)
    if summary.stored == 0:
        err_console.print("[bold red]nothing was imported[/]")


class RichProgress:
    """A bar per file on a terminal: bytes read, records stored, records per second, ETA."""

    def __init__(self, console: Console | None = None) -> None:
        self.bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(bar_width=12),
            DownloadColumn(),
            TextColumn("{task.fields[records]} records, {task.fields[rate]}/s"),
            TimeRemainingColumn(),
            console=console or err_console,
        )
        self.task: TaskID | None = None
        self.records = 0
        self.started = time.monotonic()

    def __enter__(self) -> RichProgress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)

    def file(self, path: Path, size: int) -> None:
        name = path.name if len(path.name) <= 20 else path.name[:17] + "..."
        self.task = self.bar.add_task(name, total=size or None, records=0, rate=0)
        self.records, self.started = 0, time.monotonic()

    def advance(self, records: int, done_bytes: int | None) -> None:
        if self.task is None:
            return
        self.records += records
        rate = int(self.records / max(time.monotonic() - self.started, 1e-6))
        self.bar.update(self.task, completed=done_bytes, records=self.records, rate=rate)


class PlainProgress:
    """One line per file and at most one line every few seconds: for logs and pipes."""

    EVERY_S = 5.0

    def __init__(self) -> None:
        self.size = 0
        self.records = 0
        self.started = self.last = time.monotonic()

    def file(self, path: Path, size: int) -> None:
        self.size, self.records = size, 0
        self.started = self.last = time.monotonic()
        print(f"ingest: {path} ({size} bytes)", file=sys.stderr, flush=True)

    def advance(self, records: int, done_bytes: int | None) -> None:
        self.records += records
        now = time.monotonic()
        if now - self.last < self.EVERY_S:
            return
        self.last = now
        rate = self.records / max(now - self.started, 1e-6)
        share = f", {100 * done_bytes / self.size:.0f}% of the file" if done_bytes and self.size else ""
        print(
            f"ingest: {self.records} records{share}, {rate:.0f} records/s",
            file=sys.stderr,
            flush=True,
        )
