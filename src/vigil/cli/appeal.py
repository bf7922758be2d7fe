"""vigil appeal file | list | show | uphold | reverse"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.table import Table

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json
from vigil.errors import InputError
from vigil.review import appeals, auth

appeal_app = typer.Typer(help="Appeals against decisions, re-reviewed by someone not involved.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(appeal_app, name="appeal")


def parse_when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{option} must be a date or time like 2026-11-28 or 2026-11-28T14:00+00:00, got {value!r}"
        ) from None


def _print(a: dict, as_json: bool) -> None:
    if as_json:
        print_json(a)
        return
    due = a["due_at"].strftime("%Y-%m-%d")
    late = " OVERDUE" if a["overdue"] else ""
    console.print(f"appeal {a['id']} on case {a['case_id']}: {a['state']} (due {due}{late})")
    if a.get("reviewed_by"):
        console.print(f"  re-reviewed by {a['reviewed_by']}: {a['reasons']}")
    if a.get("reinstatement"):
        r = a["reinstatement"]
        console.print(f"  reinstatement request {r['id']} to {r['platform']}: {r['state']}")


@appeal_app.command("file")
@handle_errors
def file(
    case_id: int,
    by: str = typer.Option(..., "--by", help="content_provider or platform"),
    appellant: str = typer.Option(..., "--appellant", help="Who complains (account, company)."),
    grounds: str = typer.Option(..., "--grounds", help="What they say."),
    filed: str | None = typer.Option(None, "--filed", help="When it arrived (default now)."),
    days: int = typer.Option(appeals.DEADLINE_DAYS, "--days", help="Deadline for re-review."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Record an appeal.  Example:  vigil appeal file 12 --by platform --appellant X --grounds .."""
    vigil = open_vigil(home)
    a = appeals.file_appeal(
        vigil,
        auth.current_actor(vigil),
        case_id,
        appellant_kind=by,
        appellant=appellant,
        grounds=grounds,
        filed_at=parse_when(filed, "--filed"),
        days=days,
    )
    _print(a, as_json)


@appeal_app.command("list")
@handle_errors
def list_(
    state: str | None = typer.Option(None, "--state", help="open, upheld or reversed"),
    overdue: bool = typer.Option(False, "--overdue", help="Only open appeals past deadline."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """List appeals, the nearest deadline first."""
    vigil = open_vigil(home)
    rows = appeals.list_appeals(vigil, auth.current_actor(vigil), state=state, overdue=overdue)
    if as_json:
        print_json(rows)
        return
    table = Table("id", "case", "appellant", "state", "due", "overdue")
    for a in rows:
        table.add_row(
            str(a["id"]),
            str(a["case_id"]),
            a["appellant"],
            a["state"],
            a["due_at"].strftime("%Y-%m-%d"),
            "yes" if a["overdue"] else "",
        )
    console.print(table)


@appeal_app.command("show")
@handle_errors
def show(appeal_id: int, home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    vigil = open_vigil(home)
    _print(appeals.show_appeal(vigil, auth.current_actor(vigil), appeal_id), as_json)


def _resolve(appeal_id: int, outcome: str, reasons: str, home: Path | None, as_json: bool) -> None:
    vigil = open_vigil(home)
    actor = auth.current_actor(vigil)
    appeals.resolve_appeal(vigil, actor, appeal_id, outcome, reasons)
    _print(appeals.show_appeal(vigil, actor, appeal_id), as_json)


ReasonsOption = typer.Option(..., "--reasons", help="Why (goes on the record).")


@appeal_app.command("uphold")
@handle_errors
def uphold(
    appeal_id: int,
    reasons: str = ReasonsOption,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Keep the original decision (re-reviewer must not have taken part in it)."""
    _resolve(appeal_id, "upheld", reasons, home, as_json)


@appeal_app.command("reverse")
@handle_errors
def reverse(
    appeal_id: int,
    reasons: str = ReasonsOption,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Reverse the decision: drafts a reinstatement request and counts as an error."""
    _resolve(appeal_id, "reversed", reasons, home, as_json)
