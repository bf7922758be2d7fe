"""vigil accounts"""

from __future__ import annotations

from pathlib import Path

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json

accounts_app = typer.Typer(help="Look at accounts: linkage, evidence, cases, requests, returns.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(accounts_app, name="accounts")


@accounts_app.command("show")
@handle_errors
def show_command(
    ref: str = typer.Argument(..., help="platform:id (x:12345), a platform id, or a handle."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Everything known about one account: which organisation it is linked to and why (the
    strongest evidence first), its reach, its cases and decisions, the requests sent about it,
    and whether it is a removed account that came back (or came back under another name)."""
    from vigil.linkage.accounts import account_view

    view = account_view(open_vigil(home), ref)
    if as_json:
        print_json(view)
        return
    acc = view["account"]
    console.print(
        f"[bold]{acc['platform']}:{acc['platform_id']}[/] @{acc.get('handle') or '-'} "
        f"{acc.get('display_name') or ''} · followers {acc.get('followers') or 0:,} · posts {view['posts']}",
        highlight=False,
    )
    for link in view["linkage"]:
        console.print(
            f"  linked to [bold]{link['organisation']}[/] score {link['score']:.2f} ({link['signals']} signals)"
        )
        for ev in link["evidence"][:5]:
            what = ev.get("matched") or ev.get("alias") or ev.get("kind")
            frame = (ev.get("details") or {}).get("frame")
            console.print(
                f"    {ev.get('detector')}: {ev.get('kind')} {what!r} in {ev.get('record')}"
                f" weight {ev.get('weight')}" + (f" [{frame}]" if frame else ""),
                highlight=False,
                soft_wrap=True,
            )
    for c in view["cases"]:
        console.print(
            f"  case {c['id']} ({c['organisation']}, tier {c['tier']}): {c['status']}"
            + (f", {c['outcome']} by {c['decided_by']}" if c.get("outcome") else "")
        )
    for r in view["requests"]:
        console.print(f"  request {r['id']} {r['kind']}: {r['state']}")
    for r in view["came_back_as"]:
        console.print(f"  came back as {r['account_id']} (score {r['score']:.2f}, case {r['case_id']})")
    for r in view["return_of"]:
        console.print(f"  looks like removed account {r['platform_id']} (score {r['score']:.2f})")
