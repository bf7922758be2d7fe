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
    html: Path | None = typer.Option(
        None, "--html", help="Also write the transparency report (tables and charts) as an HTML page."
    ),
    pdf: Path | None = typer.Option(None, "--pdf", help="Also write the transparency report as a PDF."),
    period: str | None = typer.Option(
        None,
        "--period",
        help="Period of the 'referral' figures: 2026, 2026-Q1, 2026-03 or 2026-01-01..2026-06-30 (default all).",
    ),
) -> None:
    """Headline figures from this home's own records: accounts identified, referred and
    removed, followers reached, compliance and time to removal per platform; and under
    'referral' the compliance figures per platform, organisation, request type and month for
    the period (requests, actioned/rejected/no-response %, median and p90 hours to removal,
    overdue, accounts blocked, followers of referred and blocked accounts, confirmed offline).  The HTML and PDF reports
    print exactly these figures.

    Example:  vigil report --period 2026 --pdf report.pdf --json | jq .referral.by_platform
    """
    from vigil.cli.demo import print_headline
    from vigil.referral.platforms import load_for
    from vigil.report import headline
    from vigil.report.compliance import compliance, parse_period
    from vigil.report.transparency import write

    vigil = open_vigil(home)
    report = headline(vigil)
    report["referral"] = compliance(vigil, period=parse_period(period))
    written = write(report, html=html, pdf=pdf, authority=load_for(vigil.home).authority.name)
    if as_json:
        print_json(report)
    else:
        print_headline(report)
        for path in written:
            console.print(f"Wrote {path}")
