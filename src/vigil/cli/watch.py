"""vigil watch"""

from __future__ import annotations

from pathlib import Path

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json


def register(app: typer.Typer) -> None:
    app.command("watch")(watch_command)


@handle_errors
def watch_command(
    evaluate: bool = typer.Option(
        False,
        "--evaluate",
        help="Measure recall@1, MRR and false alarms on demo worlds instead of scanning.",
    ),  # fmt: skip
    seeds: list[int] = typer.Option([7, 8], "--seed", help="World seeds for --evaluate."),
    accounts: int = typer.Option(3000, "--accounts", help="World size for --evaluate."),
    threshold: float = typer.Option(0.8, "--threshold", help="Alert threshold in (0, 1)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report matches; open no case."),
    avatars: Path | None = typer.Option(
        None,
        "--avatars",
        help='JSON file {"platform:id": "<PDQ hex>"} of profile-picture hashes.',
    ),  # fmt: skip
    demo_returns: float | None = typer.Option(
        None,
        "--demo-returns",
        help="Demo homes only: first re-create this share of the removed accounts (plus as "
        "many look-alikes, simulated avatar hashes), then scan and score against the truth.",
    ),  # fmt: skip
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Permanent blocking: fingerprint accounts whose removal was actioned, compare every other
    account with those fingerprints, and open a priority case, linked to the original decision,
    for each match above the threshold.  Running it again opens nothing new.

    Example:  vigil watch --json          vigil watch --evaluate --json
    """
    if evaluate:
        from vigil.demo.reemergence_eval import evaluate_on_worlds

        result = evaluate_on_worlds(seeds, accounts=accounts)
        if as_json:
            print_json(result)
            return
        for w in result["worlds"]:
            console.print(f"seed {w['seed']}: {w['fingerprints']} fingerprints, "
                          f"{w['recreated']} re-created, {w['lookalikes']} look-alikes: "
                          f"recall@1 {w['recall_at_1']}, MRR {w['mrr']}, "
                          f"false alarms {w['false_alarm_rate']}")  # fmt: skip
        console.print("targets met" if result["passed"] else "[red]targets not met[/]")
        return
    from vigil.demo import returns
    from vigil.linkage import watch

    vigil = open_vigil(home)
    demo = None
    if demo_returns is not None:
        demo = returns.simulate_returns(vigil, share=demo_returns, seed=seeds[0])
        avatars = Path(demo["avatar_file"])
    avatar_pdq = watch.load_avatar_file(avatars) if avatars else None
    result = watch.scan(vigil, avatar_pdq=avatar_pdq, threshold=threshold, open_cases=not dry_run)
    out = result.to_dict()
    if demo is not None:
        out["demo"] = returns.score_scan(result, demo["truth"], demo["lookalikes"])
    if as_json:
        print_json(out)
        return
    if demo is not None:
        console.print(f"demo returns: {out['demo']}")
    console.print(f"fingerprinted {result.fingerprinted} removed accounts; scanned "
                  f"{result.scanned}; {len(result.alerts)} matches; "
                  f"{result.cases_opened} cases opened")  # fmt: skip
    for a in result.alerts:
        m = a["match"]
        why = "; ".join(f"{f['feature']} {f['similarity']}" for f in m["features"][:4])
        console.print(f"{a['account']} -> {m['fingerprint']} score {m['score']}: {why}",
                      highlight=False, soft_wrap=True)  # fmt: skip
