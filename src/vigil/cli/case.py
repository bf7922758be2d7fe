"""vigil case show | decide | refuse | approve"""

from __future__ import annotations

from pathlib import Path

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json
from vigil.domain.enums import DecisionOutcome
from vigil.review import auth, evidence
from vigil.review import cases as review

case_app = typer.Typer(
    help="Read, decide and approve cases (two people for anything that leaves).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(case_app, name="case")


@case_app.command("show")
@handle_errors
def show(case_id: int, home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """A case with its evidence, decision, approvals and preserved items."""
    vigil = open_vigil(home)
    actor = auth.authorize(vigil, auth.current_actor(vigil), "case.view")
    case = review.get_case(vigil, case_id)
    case["preserved"] = evidence.list_items(vigil, actor, case_id)
    if as_json:
        print_json(case)
        return
    console.print(
        f"case {case['id']}: {case['platform']} {case['account_id']} -> {case['organisation']} "
        f"(score {case['score']:.2f}, reach {case['reach']}, tier {case['tier']}, {case['status']})",
        highlight=False,
    )
    for ev in case["evidence"][:20]:
        console.print(f"  - {_describe(ev)}", highlight=False, soft_wrap=True)
    d = case["decision"]
    if d:
        who = f"{d['decided_by']}" + (" (scripted)" if d["scripted"] else "")
        console.print(f"decision: {d['outcome']} by {who}; ground {d['ground']}; basis {d['legal_basis']}")
        if d["reasons"]:
            console.print(f"  reasons: {d['reasons']}")
    for a in case["approvals"]:
        console.print(f"approved by {a['approved_by']}" + (" (scripted)" if a["scripted"] else ""))
    console.print(f"{len(case['preserved'])} preserved evidence item(s)")


def _describe(ev: dict) -> str:
    """One evidence item as a reviewer reads it: what matched where, or why the model scored it."""
    details = ev.get("details") or {}
    where = f" in {ev['record']}" if ev.get("record") else ""
    if ev.get("detector") == "support_model":
        because = ", ".join(details.get("features", [])[:5]) or "no single feature stands out"
        return (
            f"support model: P(support) {float(ev.get('score', 0)):.2f} ({details.get('label', '?')}, "
            f"{details.get('language', '?')}){where}; because of: {because}"
        )
    frame = f" [{details['frame']}]" if details.get("frame") else ""
    refs = f" {', '.join(ev['references'])}" if ev.get("references") else ""
    return f"{ev.get('detector', '?')}: {ev.get('kind', '?')} {ev.get('matched')!r}{where}{frame}{refs}"


def _decided(vigil_decision: object, as_json: bool) -> None:
    d = vigil_decision.model_dump(mode="json")  # type: ignore[attr-defined]
    if as_json:
        print_json(d)
    else:
        console.print(f"case {d['case_id']}: {d['outcome']} by {d['decided_by']}")
        if d["outcome"] == DecisionOutcome.LINK_PROVEN:
            console.print(f"a second person must approve it: vigil case approve {d['case_id']}")


@case_app.command("decide")
@handle_errors
def decide(
    case_id: int,
    outcome: DecisionOutcome = typer.Option(..., "--outcome", help="link_proven, not_proven or exempt."),
    ground: str | None = typer.Option(None, "--ground", help="One of: " + ", ".join(review.GROUNDS)),
    legal_basis: str | None = typer.Option(None, "--legal-basis", help="The law or terms it rests on."),
    exemption: str | None = typer.Option(None, "--exemption", help="One of: " + ", ".join(review.EXEMPTIONS)),
    reasons: str = typer.Option("", "--reasons", help="Your reasons (on the record)."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Decide a case (reviewer).  Example:
    vigil case decide 12 --outcome link_proven --ground glorification --legal-basis "ATA 1997 s.11"
    """
    vigil = open_vigil(home)
    d = review.decide(
        vigil,
        case_id,
        actor=auth.current_actor(vigil),
        outcome=outcome,
        ground=ground,
        legal_basis=legal_basis,
        exemption=exemption,
        reasons=reasons,
    )
    _decided(d, as_json)


@case_app.command("refuse")
@handle_errors
def refuse(
    case_id: int,
    reasons: str = typer.Option(..., "--reasons", help="Why the link is not proven."),
    exemption: str | None = typer.Option(None, "--exemption", help="Exempt instead: journalism, research ..."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Refuse a proposal: not proven, or exempt with --exemption.  As easy as approving."""
    vigil = open_vigil(home)
    outcome = DecisionOutcome.EXEMPT if exemption else DecisionOutcome.NOT_PROVEN
    d = review.decide(
        vigil, case_id, actor=auth.current_actor(vigil), outcome=outcome, exemption=exemption, reasons=reasons
    )
    _decided(d, as_json)


@case_app.command("approve")
@handle_errors
def approve(case_id: int, home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """Approve a "link proven" decision (approver; never the person who decided)."""
    vigil = open_vigil(home)
    actor = auth.current_actor(vigil)
    review.approve(vigil, case_id, actor=actor)
    out = {"case_id": case_id, "approved_by": actor.username}
    print_json(out) if as_json else console.print(f"case {case_id} approved by {actor.username}")
