"""vigil evidence capture | list | export | verify | removed | extend | hold | release | purge"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json
from vigil.cli.appeal import parse_when
from vigil.errors import InputError, IntegrityError
from vigil.review import auth, evidence

evidence_app = typer.Typer(help="Preserve evidence, keep it as long as the law asks, export it.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(evidence_app, name="evidence")


@evidence_app.command("capture")
@handle_errors
def capture(
    case_id: int,
    url: list[str] = typer.Option([], "--url", help="Fetch and keep as WARC; repeatable."),
    file: list[Path] = typer.Option([], "--file", help="A media file; repeatable."),
    text: str | None = typer.Option(None, "--text", help="Text to keep as given."),
    records: bool = typer.Option(
        False, "--records", help="Keep what the store holds on the account (posts, metadata)."
    ),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Preserve content for a case, addressed by SHA-256.

    Example:  vigil evidence capture 12 --records --url https://x.com/acct/status/1
    """
    if not (url or file or text or records):
        raise InputError("nothing to capture: give --records, --url, --file or --text")
    vigil = open_vigil(home)
    actor = auth.current_actor(vigil)
    items = evidence.preserve_case_records(vigil, actor, case_id) if records else []
    items += [evidence.capture_url(vigil, actor, case_id, u) for u in url]
    items += [evidence.preserve_file(vigil, actor, case_id, f) for f in file]
    if text is not None:
        items.append(evidence.preserve_text(vigil, actor, case_id, text, source="cli"))
    if as_json:
        print_json(items)
    else:
        for it in items:
            console.print(f"{it['kind']:8} {it['sha256']}  {it['source']}", highlight=False)


@evidence_app.command("list")
@handle_errors
def list_(case_id: int, home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    vigil = open_vigil(home)
    actor = auth.current_actor(vigil)
    items = evidence.list_items(vigil, actor, case_id)
    kept = evidence.retention(vigil, actor, case_id)
    if as_json:
        print_json({"items": items, "retention": kept})
        return
    table = Table("id", "kind", "sha256", "size", "source", "captured", "purged")
    for it in items:
        table.add_row(
            str(it["id"]),
            it["kind"],
            it["sha256"][:16] + "…",
            str(it["size"]),
            it["source"],
            f"{it['captured_at']:%Y-%m-%d} {it['captured_by']}",
            str(it["purged_at"] or ""),
        )
    console.print(table)
    hold = f"; legal hold: {kept['hold_reason']}" if kept["legal_hold"] else ""
    console.print(f"kept until: {kept['retain_until'] or 'removal not recorded yet'}{hold}")


@evidence_app.command("export")
@handle_errors
def export(
    case_id: int,
    out: Path = typer.Option(None, "--out", "-o", help="Zip to write (default case-ID.zip)."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Write the evidence package (manifest, SHA256SUMS, items, WARC captures).

    Hand over the printed SHA-256 separately; the recipient runs `vigil evidence verify`.
    """
    vigil = open_vigil(home)
    summary = evidence.export_package(vigil, auth.current_actor(vigil), case_id, out or Path(f"case-{case_id}.zip"))
    if as_json:
        print_json(summary)
    else:
        console.print(
            f"wrote {summary['path']} ({summary['files']} files); sha256 {summary['sha256']}",
            highlight=False,
        )


@evidence_app.command("verify")
@handle_errors
def verify(package: Path, as_json: bool = JsonOption) -> None:
    """Check a package: every file's hash, and every byte of the zip.  Exit 3 if it fails.
    Needs no login and no database: anyone who receives a package can run it."""
    report = evidence.verify_package(package)
    if as_json:
        print_json(report.to_dict())
    elif report.ok:
        console.print(f"{package}: verified, {report.files} files intact")
    if not report.ok:
        raise IntegrityError(f"{package} fails verification: " + "; ".join(report.problems))


def _retention_done(kept: dict, as_json: bool) -> None:
    if as_json:
        print_json(kept)
        return
    hold = f"; legal hold ({kept['hold_reason']})" if kept["legal_hold"] else ""
    console.print(f"case {kept['case_id']}: kept until {kept['retain_until'] or '-'}{hold}")


@evidence_app.command("removed")
@handle_errors
def removed(
    case_id: int,
    at: str | None = typer.Option(None, "--at", help="When it was removed (default now)."),
    months: int = typer.Option(evidence.RETENTION_MONTHS, "--months", min=1, max=120),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Record the content's removal: evidence is kept --months from then."""
    vigil = open_vigil(home)
    kept = evidence.record_removal(vigil, auth.current_actor(vigil), case_id, parse_when(at, "--at"), months)
    _retention_done(kept, as_json)


@evidence_app.command("extend")
@handle_errors
def extend(
    case_id: int,
    until: str = typer.Option(..., "--until"),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    vigil = open_vigil(home)
    when = parse_when(until, "--until")
    assert when is not None
    _retention_done(evidence.extend_retention(vigil, auth.current_actor(vigil), case_id, when), as_json)


@evidence_app.command("hold")
@handle_errors
def hold(
    case_id: int,
    reason: str = typer.Option(..., "--reason"),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Put a legal hold: nothing of the case is purged until it is released."""
    vigil = open_vigil(home)
    _retention_done(evidence.set_legal_hold(vigil, auth.current_actor(vigil), case_id, reason), as_json)


@evidence_app.command("release")
@handle_errors
def release(case_id: int, home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    vigil = open_vigil(home)
    _retention_done(evidence.release_legal_hold(vigil, auth.current_actor(vigil), case_id), as_json)


@evidence_app.command("purge")
@handle_errors
def purge(home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """Delete evidence whose retention has ended (never under a legal hold)."""
    vigil = open_vigil(home)
    ids = evidence.purge_expired(vigil, auth.current_actor(vigil))
    print_json({"purged": ids}) if as_json else console.print(f"purged {len(ids)} items")
