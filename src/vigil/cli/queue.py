"""vigil queue"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json
from vigil.review import auth
from vigil.review import cases as review

TIERS = {1: "threat to life", 2: "crisis", 3: "designated entity", 4: "promotional"}


def register(app: typer.Typer) -> None:
    app.command("queue")(queue_command)


@handle_errors
def queue_command(
    organisation: str | None = typer.Option(None, "--organisation", "--org", help="Only this organisation."),
    platform: str | None = typer.Option(None, "--platform", help="Only this platform."),
    language: str | None = typer.Option(None, "--language", "--lang", help="Only accounts in this language."),
    limit: int = typer.Option(50, "--limit", min=1, max=10_000),
    uncertain: bool = typer.Option(
        False, "--uncertain", help="Cases whose posts the support model is least sure about first."
    ),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Open cases, most urgent first: severity tier, then linkage score x reach.

    With --uncertain, the cases the support model is least sure about come first: deciding them
    teaches the model most at the next `vigil model retrain`.

    Example:  vigil queue --org ttp --lang ur
    """
    vigil = open_vigil(home)
    auth.authorize(vigil, auth.current_actor(vigil), "queue.view")
    rows = review.queue(
        vigil, organisation=organisation, platform=platform, language=language, limit=limit, uncertain_first=uncertain
    )
    if as_json:
        print_json(rows)
        return
    table = Table("case", "tier", "platform", "account", "organisation", "score", "reach")
    for c in rows:
        table.add_row(
            str(c["id"]),
            TIERS.get(c["tier"], str(c["tier"])),
            c["platform"],
            c["account_id"],
            c["organisation"],
            f"{c['score']:.2f}",
            str(c["reach"]),
        )
    console.print(table)
    console.print(f"{len(rows)} open case(s); decide one with: vigil case decide ID")
