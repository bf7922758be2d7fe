"""vigil report"""

from __future__ import annotations

from pathlib import Path

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)


@handle_errors
def report_command(
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
    html: Path | None = typer.Option(None, "--html", help="Also write the report as an HTML page."),
) -> None:
    """Headline figures from this home's own records: accounts identified, referred and
    removed, followers reached, compliance and time to removal per platform.

    Example:  vigil report --json | jq .compliance
    """
    from vigil.cli.demo import print_headline
    from vigil.report import headline
    from vigil.report.html import write_headline

    report = headline(open_vigil(home))
    if html is not None:
        write_headline(report, html)
    if as_json:
        print_json(report)
    else:
        print_headline(report)
        if html is not None:
            console.print(f"Wrote {html}")
