"""vigil detect / assess / propose: run one stage by hand."""

from __future__ import annotations

from pathlib import Path

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json


def register(app: typer.Typer) -> None:
    app.command("detect")(detect_command)
    app.command("assess")(assess_command)
    app.command("propose")(propose_command)


@handle_errors
def detect_command(
    detector: list[str] = typer.Option(None, "--detector", "-d", help="Run only this detector (repeatable)."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Run detectors over records they have not seen yet (alias matching, the support model,
    media hashes ...).  Safe to rerun: only new records, or all records under a new detector
    version, are scanned."""
    from vigil import detect

    summary = detect.run(open_vigil(home), detectors=detector or None)
    if as_json:
        print_json(summary.to_dict())
        return
    for name, version in summary.detectors.items():
        console.print(f"{name} {version}: {summary.signals.get(name, 0)} new signals")
    for name, why in summary.skipped.items():
        console.print(f"[yellow]skipped[/] {name}: {why}")


@handle_errors
def assess_command(home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """Score every (account, organisation) from the current signals, with the evidence behind it."""
    from vigil.linkage import assess

    summary = assess.run(open_vigil(home))
    if as_json:
        print_json(summary.to_dict())
    else:
        console.print(f"{summary.assessments} assessments over {summary.accounts} accounts: {summary.by_organisation}")


@handle_errors
def propose_command(
    threshold: float = typer.Option(0.5, "--threshold", min=0.0, max=1.0, help="Assessment score that opens a case."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Open review cases for assessments at or above the threshold."""
    from vigil.review.cases import propose_cases

    opened = propose_cases(open_vigil(home), threshold=threshold)
    if as_json:
        print_json({"opened": opened})
    else:
        console.print(f"{opened} cases opened")
