"""vigil check"""

from __future__ import annotations

from pathlib import Path

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)


@handle_errors
def check_command(
    request_ids: list[int] = typer.Option([], "--id", help="Only these request ids (repeatable)."),
    liveness: bool = typer.Option(True, "--liveness/--no-liveness", help="Re-check referred URLs and accounts."),
    sla: bool = typer.Option(True, "--sla/--no-sla", help="Raise reminders, escalations and no-response marks."),
    remind: bool = typer.Option(
        False, "--remind", help="Also send each new reminder to the platform (needs the liaison role)."
    ),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, max=120, help="Seconds per page fetched."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Scheduled follow-up: check whether referred content is still online (HTTP status and the
    page markers in platforms.yaml), recorded apart from the platforms' answers; collect answers
    platforms left in file-drop folders; and run the SLA clocks.  Run it from cron.

    Example:  vigil check --json
    """
    from vigil.referral import answers
    from vigil.referral import liveness as live
    from vigil.referral import sla as sla_mod
    from vigil.referral.platforms import load_for

    vigil = open_vigil(home)
    out: dict[str, object] = {}
    if liveness:
        checker = live.HttpChecker(load_for(vigil.home), timeout_s=timeout)
        out["liveness"] = live.run(vigil, checker=checker, request_ids=tuple(request_ids)).to_dict()
    out["answers"] = answers.collect_dropped(vigil)
    if sla:
        notify = None
        if remind:  # writing to a platform is a liaison's act, as sending is
            from vigil.review import auth

            auth.authorize(vigil, auth.current_actor(vigil), "request.send")
            notify = sla_mod.remind_platform(vigil)
        out["sla"] = [e.to_dict() for e in sla_mod.run(vigil, notify=notify)]
    if as_json:
        print_json(out)
        return
    if liveness:
        lv = out["liveness"]
        console.print(f"checked {lv['checked']} target(s): {lv['counts']}")  # type: ignore[index]
        for s in lv["skipped"]:  # type: ignore[index]
            console.print(f"[yellow]skipped[/] {s}")
    dropped = out["answers"]
    console.print(f"answers collected from drop folders: {len(dropped['recorded'])}")  # type: ignore[index]
    for problem in dropped["refused"]:  # type: ignore[index]
        console.print(f"[yellow]refused[/] {problem}")
    if sla:
        for e in out["sla"]:  # type: ignore[union-attr]
            console.print(f"{e['kind']}: {e['reference']} ({e['platform']}) {e['overdue_hours']} h overdue")
