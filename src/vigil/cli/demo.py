"""vigil demo"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from vigil.cli._common import JsonOption, console, err_console, handle_errors, print_json


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)


@handle_errors
def demo_command(
    home: Path = typer.Option(
        Path("./vigil-demo"), "--home", help="Fresh folder for the demo (a previous demo's is replaced)."
    ),
    seed: int = typer.Option(7, "--seed", help="World seed: the same seed gives the same world and figures."),
    accounts: int = typer.Option(3000, "--accounts", min=50, max=200_000, help="Size of the synthetic world."),
    as_json: bool = JsonOption,
) -> None:
    """Run the whole job on a synthetic world: generate, ingest, detect, assess, review, refer,
    collect platform answers, report.

    The world has six platforms, accounts linked to TTP, BLA and BLF, and hard negatives (news,
    officials, citizens, researchers, Baloch and Pashtun political accounts).  Reviews are made
    by a scripted reviewer and approver (labelled so in the output and the audit log) and
    platforms are simulated.  Writes report.json and report.html into the home, and prints the
    headline with precision and recall against the generator's ground truth, which the pipeline
    itself never reads.
    """
    from vigil.demo.run import run_demo

    say = (lambda m: None) if as_json else (lambda m: err_console.print(f"[dim]{m}[/]"))
    report = run_demo(home, seed=seed, accounts=accounts, say=say)
    if as_json:
        print_json(report)
        return
    print_headline(report)
    console.print(f"\nWrote {home / 'report.json'} and {home / 'report.html'}")
    console.print("[dim]Demo: decisions by a scripted reviewer and approver; platforms simulated.[/]")


def print_headline(report: dict) -> None:
    ident = report["identified"]
    top = Table(title="Vigil headline", show_header=False)
    top.add_row("accounts identified", str(ident["accounts"]))
    top.add_row("accounts referred", str(report["referred"]))
    top.add_row("accounts removed", str(report["removed"]))
    top.add_row("followers reached", f"{report['followers_reached']:,}")
    top.add_row("median hours to removal", str(report["median_hours_to_removal"]["all"]))
    gt = report.get("ground_truth")
    if gt:
        top.add_row("precision (vs ground truth)", str(gt["precision"]))
        top.add_row("recall (vs ground truth)", str(gt["recall"]))
    pb = report.get("permanent_blocking")
    if pb:
        top.add_row(
            "returned accounts caught (watch)",
            f"{pb['caught_with_right_original']} of {pb['recreated']}; look-alikes flagged {pb['lookalikes_flagged']}",
        )
    console.print(top)
    orgs = Table(title="Identified per organisation")
    orgs.add_column("organisation")
    orgs.add_column("accounts", justify="right")
    for org, n in ident["by_organisation"].items():
        orgs.add_row(org, str(n))
    console.print(orgs)
    comp = Table(title="Per platform")
    for col in (
        "platform",
        "identified",
        "requests",
        "actioned",
        "actioned %",
        "rejected %",
        "no response %",
        "median h",
    ):
        comp.add_column(col, justify="right" if col != "platform" else "left")
    for p, c in report["compliance"].items():
        comp.add_row(
            p,
            str(ident["by_platform"][p]),
            str(c["requests"]),
            str(c["actioned"]),
            _pct(c["actioned_pct"]),
            _pct(c["rejected_pct"]),
            _pct(c["no_response_pct"]),
            str(report["median_hours_to_removal"][p] or "–"),
        )
    console.print(comp)


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f}"
