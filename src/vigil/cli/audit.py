"""vigil audit verify | export | errors"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table

from vigil.cli._common import (
    HomeOption,
    JsonOption,
    console,
    err_console,
    handle_errors,
    open_vigil,
    print_json,
)
from vigil.errors import InputError, IntegrityError
from vigil.review import auth, metrics
from vigil.store import audit

audit_app = typer.Typer(help="Check and export the audit log; read error rates.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


ANCHOR_FILE = "audit.anchor"


def _anchor(value: str | None) -> tuple[int, str] | None:
    if not value:
        return None
    seq, _, digest = value.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise InputError(f"--anchor must be SEQ:SHA256 as printed by verify, got {value!r}")
    return int(seq), digest


@audit_app.command("verify")
@handle_errors
def verify(
    file: Path | None = typer.Option(None, "--file", help="Verify an export (JSON Lines) instead of the database."),
    anchor: str | None = typer.Option(
        None, "--anchor", help="SEQ:HASH printed by an earlier verify; catches a cut-off tail."
    ),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Recompute the hash chain; name the first edited, deleted or reordered event.

    Exit code 3 when the chain is broken.  The chain alone cannot show that its newest events
    were removed, so each good verify saves its anchor in $VIGIL_HOME/audit.anchor and the next
    one checks against it; keep a copy elsewhere too and pass it with --anchor.

    Example:  vigil audit verify --anchor 1520:4be1...
    """
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", source=str(file)) from None
        report = audit.verify_events(audit.read_export(lines, str(file)), anchor=_anchor(anchor))
    else:
        vigil = open_vigil(home)
        auth.authorize(vigil, auth.current_actor(vigil), "audit.verify")
        saved = vigil.home / ANCHOR_FILE
        given = _anchor(anchor) or (_anchor(saved.read_text().strip()) if saved.exists() else None)
        with vigil.read() as conn:
            report = audit.verify(conn, anchor=given)
        if report.ok:  # remember the head: next time a cut-off tail is caught without --anchor
            saved.write_text(f"{report.head_seq}:{report.head_hash}\n")
    if as_json:
        print_json(report.to_dict())
    elif report.ok:
        console.print(
            f"audit chain intact: {report.checked} events; anchor {report.head_seq}:{report.head_hash}",
            highlight=False,
        )
    if not report.ok:
        raise IntegrityError(f"audit chain broken at event {report.seq} ({report.problem}): {report.message}")


@audit_app.command("export")
@handle_errors
def export(
    out: Path | None = typer.Option(None, "--out", "-o", help="File to write (default stdout)."),
    home: Path | None = HomeOption,
) -> None:
    """Write every event as JSON Lines for oversight; verify it with `vigil audit verify --file`."""
    vigil = open_vigil(home)
    auth.authorize(vigil, auth.current_actor(vigil), "audit.export")
    with vigil.read() as conn:
        if out is None:
            report = audit.export(conn, sys.stdout)
        else:
            with out.open("w", encoding="utf-8") as fh:
                report = audit.export(conn, fh)
    where = f" to {out}" if out else ""
    err_console.print(
        f"exported {report.checked} events{where}; chain {'intact' if report.ok else 'BROKEN: ' + report.message}"
    )
    if not report.ok:
        raise typer.Exit(3)


@audit_app.command("errors")
@handle_errors
def errors(home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """Refused proposals and reversed decisions per detector, organisation and language."""
    vigil = open_vigil(home)
    m = metrics.error_metrics(vigil, auth.current_actor(vigil))
    if as_json:
        print_json(m)
        return
    t = m["totals"]
    console.print(f"{t['decided']} decided, {t['refused']} refused, {t['reversed']} reversed")
    for dim in ("detector", "organisation", "language"):
        table = Table(
            dim,
            "decided",
            "refused",
            "reversed",
            "refusal rate",
            "reversal rate",
            title=f"by {dim}",
        )
        for r in m[f"by_{dim}"]:
            table.add_row(
                r["key"],
                str(r["decided"]),
                str(r["refused"]),
                str(r["reversed"]),
                f"{r['refusal_rate']:.0%}",
                f"{r['reversal_rate']:.0%}",
            )
        console.print(table)
