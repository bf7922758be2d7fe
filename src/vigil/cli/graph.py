"""vigil graph coordination | vigil graph propagate"""

from __future__ import annotations

from pathlib import Path

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json

graph_app = typer.Typer(help="Account networks: coordinated behaviour and propagation.",
                        no_args_is_help=True)  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(graph_app, name="graph")


@graph_app.command("coordination")
@handle_errors
def coordination_command(
    window: float = typer.Option(60.0, "--window", help="Seconds between two shares, at most."),
    min_weight: int = typer.Option(2, "--min-weight", help="Posts an account must have in common with another."),
    platform: str | None = typer.Option(None, "--platform", help="Only this platform."),
    top: int = typer.Option(20, "--top", help="Edges shown in the table."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Accounts that repost the same posts, share the same links or hashtags, or post
    near-identical text within --window seconds of each other, and the communities they form.
    Every edge carries its evidence: the shared objects and the seconds between the shares.

    Example:  vigil graph coordination --window 60 --json
    """
    from vigil.linkage.coordination import coordination_network, shares_from_store

    vigil = open_vigil(home)
    with vigil.read() as conn:
        shares = shares_from_store(conn, platform)
    network = coordination_network(shares, window=window, min_weight=min_weight)
    if as_json:
        print_json(network.to_dict())
        return
    summary = network.to_dict()
    console.print(f"window {window:g} s, min weight {min_weight}: edges {summary['edge_counts']}")
    for e in network.edges[:top]:
        ev = ", ".join(f"{x.object_id} ({x.delta_seconds:g} s)" for x in e.evidence[:3])
        console.print(f"{e.behaviour:10} {e.account_a} <-> {e.account_b}  w={e.weight}  {ev}",
                      highlight=False, soft_wrap=True)  # fmt: skip
    for i, c in enumerate(network.communities[:10], 1):
        console.print(f"community {i}: {len(c)} accounts: {', '.join(c[:8])}"
                      + (" ..." if len(c) > 8 else ""), highlight=False)  # fmt: skip


@graph_app.command("propagate")
@handle_errors
def propagate_command(
    seeds: list[str] = typer.Argument(..., help="Confirmed account ids (platform ids)."),
    platform: str | None = typer.Option(None, "--platform", help="Only this platform."),
    top: int = typer.Option(20, "--top", help="Accounts shown."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Personalised PageRank from confirmed accounts over the interaction graph, with the path
    that explains each score.  One signal among others, never a verdict.

    Example:  vigil graph propagate channel1000000003 --json
    """
    from vigil.linkage.graph import graph_from_store, propagate

    vigil = open_vigil(home)
    with vigil.read() as conn:
        graph = graph_from_store(conn, platform)
    results = propagate(graph, seeds, top=top)
    if as_json:
        print_json({"seeds": seeds, "accounts": [r.to_dict() for r in results]})
        return
    if not results:
        console.print("No confirmed account is in the interaction graph.")
    for r in results:
        console.print(r.explain(), highlight=False, soft_wrap=True)
