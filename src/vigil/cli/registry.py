"""vigil registry: designation lists, organisations, and the name matcher."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from vigil import registry as reg
from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json
from vigil.registry.evaluation import evaluate, read_examples
from vigil.registry.matcher import REPORT_THRESHOLD

app = typer.Typer(
    help="Designation lists (UN, US, UK, EU, national), organisations and their names.",
    no_args_is_help=True,
)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="registry")


@app.command("import")
@handle_errors
def import_command(
    file: Path = typer.Argument(..., help="The list file.", show_default=False),
    format: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="un-xml | ofac-csv | ofac-xml | uk-xml | eu-xml | curated (sniffed when omitted).",
    ),
    partial: bool = typer.Option(False, "--partial", help="The file is an extract: don't delist what it doesn't hold."),
    actor: str = typer.Option("cli", "--actor", help="Who imports (for the audit log)."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Import one edition of a list.  Malformed records are reported and skipped.

    Example:  vigil registry import consolidated.xml --json
    """
    vigil = open_vigil(home)
    reg.ensure_seed(vigil)
    summary = reg.import_file(vigil, file, format=format, partial=partial, actor=actor)
    for line in summary.rejects:
        console.print(f"[yellow]skipped[/] {line}", highlight=False, soft_wrap=True)
    if as_json:
        print_json(summary.to_dict())
        return
    if summary.already_imported:
        console.print(f"{file.name} was already imported (import #{summary.import_id}): nothing to do")
        return
    console.print(
        f"import #{summary.import_id} ({summary.format}): organisations new "
        f"{summary.organisations_new}, updated {summary.organisations_updated}; designations "
        f"added {summary.designations_added}, changed {summary.designations_changed}, delisted "
        f"{summary.designations_delisted}; aliases added {summary.aliases_added}; persons "
        f"{summary.persons}; skipped {len(summary.rejects)}"
    )
    for m in summary.merges:
        console.print(f"merged {m['entity']!r} into {m['into']} (merge #{m['id']}): {m['names']}")
    for slug in summary.out_of_scope:
        console.print(f"[bold]{slug}[/] has no active designation left: out of scope")
    if summary.cases_flagged:
        console.print(f"{summary.cases_flagged} open case(s) flagged for review")


@app.command("list")
@handle_errors
def list_command(
    all_: bool = typer.Option(False, "--all", help="Include organisations out of scope."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Organisations in the registry and their active designations."""
    vigil = open_vigil(home)
    reg.ensure_seed(vigil)
    orgs = reg.load_organisations(vigil, in_scope_only=not all_)
    if as_json:
        print_json({"organisations": [reg.service.organisation_json(o) for o in orgs]})
        return
    for o in orgs:
        scope = "" if o.in_scope else " [out of scope]"
        console.print(
            f"[bold]{o.slug}[/] {o.name}{scope}: {', '.join(o.references) or '-'} ({len(o.aliases)} aliases)",
            highlight=False,
        )


@app.command("show")
@handle_errors
def show_command(
    org: str = typer.Argument(..., help="Slug or any alias (ttp, 'Umar Media').", show_default=False),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """One organisation: designations with their sources, aliases, merges."""
    vigil = open_vigil(home)
    reg.ensure_seed(vigil)
    data = reg.organisation_detail(vigil, org)
    if as_json:
        print_json(data)
        return
    console.print(f"[bold]{data['slug']}[/] {data['name']}  in scope: {data['in_scope']}")
    if data["parent"]:
        console.print(f"split from: {data['parent']}")
    for d in data["designations"]:
        status = f"delisted {d['delisted_on']}" if d["delisted_on"] else "active"
        console.print(
            f"  {d['jurisdiction']:3} {d['reference']} ({d['list_name']}) listed "
            f"{d['listed_on'] or '?'} {status}; programs {','.join(d['programs']) or '-'}\n"
            f"      source: {d['source']} sha256 {str(d['source_sha256'])[:12]}",
            highlight=False,
            soft_wrap=True,
        )
    for a in data["aliases"]:
        console.print(
            f"  alias [{a['kind']}/{a['quality']}] {a['text']} ({a['script']})",
            highlight=False,
            markup=False,
        )
    for m in data["merges"]:
        undone = f" (undone {m['undone_at']})" if m["undone_at"] else ""
        console.print(f"  merge #{m['id']}{undone}: {m['explanation']}", highlight=False)


@app.command("diff")
@handle_errors
def diff_command(
    import_id: int | None = typer.Option(None, "--import", help="Import number (default latest)."),
    list_: bool = typer.Option(False, "--list", help="List the imports instead."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """What an import changed: designations added, changed, delisted, relisted."""
    vigil = open_vigil(home)
    if list_:
        rows = reg.imports(vigil)
        if as_json:
            print_json({"imports": rows})
        for r in [] if as_json else rows:
            console.print(
                f"#{r['id']} {r['imported_at']} {r['format']} {r['source']} "
                f"edition {r['edition'] or '-'} by {r['actor']}",
                highlight=False,
            )
        return
    data = reg.changes(vigil, import_id)
    if as_json:
        print_json(data)
        return
    head = data["import"]
    console.print(f"import #{head['id']} {head['format']} {head['source']} ({head['imported_at']})")
    if not data["changes"]:
        console.print("no changes")
    for c in data["changes"]:
        console.print(
            f"  {c['change']:12} {c['organisation']:10} {c['jurisdiction'] or ''} {c['reference'] or ''}",
            highlight=False,
        )


@app.command("match")
@handle_errors
def match_command(
    text: str = typer.Argument(..., help="Text to scan, or - to read lines from stdin.", show_default=False),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Find organisation mentions in text (any script).  With -, one JSON result per line."""
    vigil = open_vigil(home)
    reg.ensure_seed(vigil)
    matcher = reg.matcher_for(vigil)
    if text == "-":
        for line in sys.stdin:
            line = line.rstrip("\n")
            print_json({"text": line, "mentions": [m.to_dict() for m in matcher.find(line)]})
        return
    mentions = matcher.find(text)
    if as_json:
        print_json({"text": text, "mentions": [m.to_dict() for m in mentions]})
        return
    if not mentions:
        console.print("no mentions")
    for m in mentions:
        console.print(
            f"{m.start}-{m.end} {m.matched!r} -> {m.organisation} [{', '.join(m.references)}] "
            f"via {m.kind}/{m.quality} alias {m.alias!r}, confidence {m.confidence:.2f}",
            highlight=False,
            soft_wrap=True,
        )


@app.command("eval")
@handle_errors
def eval_command(
    file: Path = typer.Argument(..., help="Labelled examples (JSON Lines).", show_default=False),
    threshold: float = typer.Option(
        REPORT_THRESHOLD,
        "--threshold",
        min=0.0,
        max=1.0,
        help="Confidence from which a mention counts.",
    ),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Precision and recall of the matcher on a labelled set.

    Example:  vigil registry eval mentions.jsonl --json
    """
    vigil = open_vigil(home)
    reg.ensure_seed(vigil)
    result = evaluate(reg.matcher_for(vigil), read_examples(file), threshold).to_dict()
    if as_json:
        print_json(result)
        return
    console.print(
        f"{result['items']} texts: precision {result['precision']:.3f}, "
        f"recall {result['recall']:.3f} (threshold {threshold})"
    )
    for lang, c in result["by_language"].items():
        console.print(f"  {lang:8} precision {c['precision']:.3f} recall {c['recall']:.3f}")
    for e in result["errors"][:20]:
        console.print(
            f"  line {e['line']}: expected {e['expected']} found {e['found']}: {e['text'][:70]}",
            highlight=False,
        )


@app.command("unmerge")
@handle_errors
def unmerge_command(
    merge_id: int = typer.Argument(..., help="Merge number (see `vigil registry show ORG`)."),
    actor: str = typer.Option("cli", "--actor"),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Undo a merge: what it added becomes an organisation of its own again."""
    slug = reg.unmerge(open_vigil(home), merge_id, actor=actor)
    if as_json:
        print_json({"merge": merge_id, "organisation": slug})
    else:
        console.print(f"merge #{merge_id} undone: its designations are now under {slug}")


@app.command("flags")
@handle_errors
def flags_command(home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """Open cases flagged for review because their organisation was delisted."""
    rows = reg.flagged_cases(open_vigil(home))
    if as_json:
        print_json({"flags": rows})
        return
    if not rows:
        console.print("no flagged cases")
    for r in rows:
        console.print(f"case {r['case_id']} ({r['organisation']}): {r['reason']}", highlight=False)
