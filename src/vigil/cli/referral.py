"""vigil referral list|show|send|answer|verify|batch"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.table import Table

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json
from vigil.errors import InputError

app = typer.Typer(help="Removal requests: list, show, send, record answers, verify documents.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="referral")


@app.command("list")
@handle_errors
def list_command(
    state: str | None = typer.Option(
        None, "--state", help="Only these states, comma-separated (e.g. sent,acknowledged)."
    ),
    platform: str | None = typer.Option(None, "--platform", help="Only this platform."),
    kind: str | None = typer.Option(None, "--kind", help="legal_order or tos_referral."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """List removal requests with their state and SLA clock.

    Example:  vigil referral list --state sent,acknowledged --platform x
    """
    from vigil.referral import requests, service

    vigil = open_vigil(home)
    with vigil.read() as conn:
        views = requests.find(conn, states=service.parse_state(state), platform=platform, kind=service.parse_kind(kind))
    now = datetime.now(UTC)
    if as_json:
        print_json({"requests": [v.to_dict() for v in views]})
        return
    table = Table(title=f"{len(views)} removal request(s)")
    for col in ("id", "reference", "platform", "kind", "state", "targets", "due", "organisation"):
        table.add_column(col)
    for v in views:
        due = v.due_at.strftime("%Y-%m-%d %H:%M") if v.due_at else "-"
        if v.due_at and v.due_at < now and not v.state.is_final:
            due = f"[red]{due} overdue[/]"
        table.add_row(
            str(v.id), v.reference, v.platform, v.kind.value, v.state.value, str(len(v.targets)), due, v.organisation
        )
    console.print(table)


@app.command("show")
@handle_errors
def show_command(
    request_id: int = typer.Argument(..., help="Request id."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Show one request: targets, attempts, platform answers, liveness checks, SLA events.

    Example:  vigil referral show 12 --json
    """
    from vigil.referral import service

    data = service.show(open_vigil(home), request_id)
    if as_json:
        print_json(data)
        return
    console.print(f"[bold]{data['reference']}[/] {data['kind']} to {data['platform']}: [bold]{data['state']}[/]")
    console.print(f"sent {data['sent_at'] or '-'}, due {data['due_at'] or '-'}, closed {data['closed_at'] or '-'}")
    for t in data["targets"]:
        console.print(f"  target {t}")
    for a in data["attempts"]:
        console.print(f"  attempt {a['id']} via {a['channel']}: {a['state']} {a['error'] or ''}")
    for a in data["answers"]:
        console.print(f"  answer {a['outcome']} at {a['received_at']} ({a['source'] or '-'}) {a['reason'] or ''}")
    for c in data["liveness"]:
        console.print(f"  checked {c['target']}: {c['status']} (HTTP {c['http_status']}) at {c['checked_at']}")
    for e in data["sla_events"]:
        console.print(f"  {e['kind']} at {e['at']}")


@app.command("send")
@handle_errors
def send_command(
    request_ids: list[int] = typer.Option([], "--id", help="Only these request ids (repeatable)."),
    attempts: int = typer.Option(3, "--attempts", min=1, max=20, help="Tries per request for transient failures."),
    backoff: float = typer.Option(0.5, "--backoff", min=0, max=60, help="First retry delay in seconds (doubles)."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Draft a request for every decision a second person approved, then send approved requests
    over the channels in $VIGIL_HOME/platforms.yaml, with signed documents; resume any request a
    crash left in 'sending' (sent again under the same idempotency key, so the platform drops the
    repeat).

    Needs the liaison role: log in first (vigil login USER) or set VIGIL_TOKEN.

    Example:  vigil referral send --json
    """
    from vigil.referral import dispatch, stage
    from vigil.review import auth

    vigil = open_vigil(home)
    actor = auth.authorize(vigil, auth.current_actor(vigil), "request.send")
    # Decisions approved by a second person since the last run become requests first.
    drafted = [] if request_ids else stage.draft_requests(vigil, actor=actor.username)
    summary = dispatch.send(
        vigil, actor=actor.username, request_ids=tuple(request_ids), attempts=attempts, backoff_s=backoff
    )
    if as_json:
        print_json({**summary.to_dict(), "drafted": drafted})
    else:
        if drafted:
            console.print(f"drafted {len(drafted)} request(s) from approved decisions")
        console.print(f"sent {summary.sent} (resumed {summary.resumed}), failed {len(summary.failed)}")
        for rid, err in summary.failed.items():
            console.print(f"[red]request {rid}[/]: {err}")
        for rid, note in summary.notes.items():
            console.print(f"[yellow]request {rid}[/]: {note}")
    if summary.failed:
        raise typer.Exit(3)


@app.command("answer")
@handle_errors
def answer_command(
    request_id: int = typer.Argument(..., help="Request id."),
    outcome: str | None = typer.Option(
        None,
        "--outcome",
        help="acknowledged, removed, geo_blocked, restricted, partially_actioned, rejected, no_response.",
    ),
    reason: str | None = typer.Option(None, "--reason", help="The platform's reason (required for a rejection)."),
    at: str | None = typer.Option(None, "--at", help="When the answer came (ISO 8601 with zone; default now)."),
    file: Path | None = typer.Option(
        None, "--file", help="A JSON answer as the platform sent it, instead of --outcome."
    ),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Record a platform's answer and move the request (entered by a liaison officer).

    Needs the liaison role: log in first (vigil login USER) or set VIGIL_TOKEN.

    Example:  vigil referral answer 12 --outcome rejected --reason "not a violation"
    """
    from vigil.referral import answers
    from vigil.review import auth

    vigil = open_vigil(home)
    actor = auth.authorize(vigil, auth.current_actor(vigil), "request.respond")

    if file is not None:
        try:
            payload = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read the answer: {exc}", source=str(file)) from exc
        answer = answers.parse_answer(payload, source=str(file))
    elif outcome is not None:
        answer = answers.parse_answer({"outcome": outcome, "reason": reason, "received_at": at}, source="--outcome")
    else:
        raise InputError("give --outcome or --file")
    new = answers.record(vigil, request_id, answer, actor=actor.username, source="liaison")
    if as_json:
        print_json({"request_id": request_id, "outcome": answer.outcome.value, "recorded": new})
    else:
        console.print(f"request {request_id}: {answer.outcome.value} " + ("recorded" if new else "already recorded"))


@app.command("verify")
@handle_errors
def verify_command(
    file: Path = typer.Argument(..., help="A document Vigil signed (JSON, PDF or CSV)."),
    signature: Path | None = typer.Option(None, "--signature", help="Its signature (default FILE.sig)."),
    public_key: Path | None = typer.Option(
        None, "--public-key", help="The issuer's public key (PEM) to pin; without it the key in the .sig is used."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Check that a document is exactly as the unit signed it (Ed25519).  Exit code 3 if not.

    Example:  vigil referral verify order.pdf --public-key unit.pub.pem
    """
    from vigil.referral import signing

    result = signing.verify_file(file, signature=signature, public_key=public_key)
    if as_json:
        print_json(result.to_dict())
        return
    pinned = "pinned key" if result.pinned else "key carried in the signature file (pin it with --public-key)"
    console.print(f"[green]valid[/] {file}: signed by key {result.key_id} ({pinned}); sha256 {result.sha256}")


@app.command("batch")
@handle_errors
def batch_command(
    platform: str = typer.Argument(..., help="Platform name (e.g. x, tiktok)."),
    out: Path = typer.Option(..., "--out", help="CSV file to write (its signature goes to OUT.sig)."),
    state: str | None = typer.Option(None, "--state", help="Only these states, comma-separated."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Write one platform's requests as a signed CSV: one row per URL or account id.

    Example:  vigil referral batch x --out x-batch.csv --state sent
    """
    from vigil.referral import service

    path, n = service.write_batch(open_vigil(home), platform, out, states=service.parse_state(state))
    if as_json:
        print_json({"file": str(path), "signature": str(path) + ".sig", "requests": n})
    else:
        console.print(f"wrote {n} request(s) to {path} (+ .sig)")
