"""vigil hash, vigil match, vigil bank create|add|list|status|export|import"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json
from vigil.errors import InputError
from vigil.media import banks, exchange
from vigil.media.hashing import hash_file
from vigil.media.matching import BankMatcher
from vigil.media.pdq_index import DEFAULT_THRESHOLD

bank_app = typer.Typer(
    help="Hash banks: named lists of media hashes with labels, provenance and status.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.command("hash")(hash_command)
    app.command("match")(match_command)
    app.add_typer(bank_app, name="bank")


def _actor() -> str:
    return os.environ.get("VIGIL_USER") or getpass.getuser()


ActorOption = typer.Option(None, "--by", help="Who is acting (default $VIGIL_USER or your login).")


@handle_errors
def hash_command(
    files: list[Path] = typer.Argument(..., help="Image or video files.", show_default=False),
    as_json: bool = JsonOption,
) -> None:
    """Print the PDQ (images) or vPDQ (videos), MD5 and SHA-256 hashes of files.

    Images are shrunk to 512 px before PDQ; a PDQ hash with quality below 50 is dropped.

    Example:  vigil hash poster.jpg clip.mp4 --json
    """
    results = [hash_file(f) for f in files]
    if as_json:
        print_json({"files": [r.to_dict() for r in results]})
        return
    for r in results:
        console.print(f"[bold]{r.path}[/] ({r.kind})", highlight=False)
        console.print(f"  md5     {r.md5}\n  sha256  {r.sha256}", highlight=False)
        if r.pdq:
            console.print(f"  pdq     {r.pdq}  quality {r.pdq_quality}", highlight=False)
        if r.vpdq:
            console.print(f"  vpdq    {len(r.vpdq)} frame hashes", highlight=False)
        if r.note:
            console.print(f"  [yellow]note[/]    {r.note}", highlight=False)


@handle_errors
def match_command(
    files: list[Path] = typer.Argument(..., help="Image or video files.", show_default=False),
    threshold: int = typer.Option(DEFAULT_THRESHOLD, help="PDQ match distance (bits)."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Match files against every bank: exact MD5/SHA-256, PDQ within --threshold, vPDQ.

    Exit code 1 when any file has an actionable match (a block bank's active entry, and no
    allow-list match).

    Example:  vigil match upload.jpg --json
    """
    vigil = open_vigil(home)
    matcher = BankMatcher.load(vigil, threshold=threshold)
    results = [matcher.match(hash_file(f)) for f in files]
    if as_json:
        print_json({"files": [r.to_dict() for r in results]})
    else:
        for r in results:
            flag = " [red]BLURRED[/]" if r.blurred else ""
            state = "allow-listed" if r.allowed else f"{len(r.actionable)} actionable match(es)"
            console.print(f"[bold]{r.hashes.path}[/]: {state}{flag}", highlight=False)
            for m in r.matches:
                e = m.entry
                console.print(
                    f"  {m.signal_type} distance {m.distance}  bank {e.bank} ({e.bank_kind}) "
                    f"entry {e.id} [{e.status}] org={e.organisation or '-'} "
                    f"labels={','.join(e.labels) or '-'}  source={e.source or '-'}"
                    + (f"\n    {m.detail}" if m.detail else ""),
                    highlight=False,
                    markup=False,
                )
    if any(r.actionable for r in results):
        raise typer.Exit(1)


@bank_app.command("create")
@handle_errors
def bank_create(
    name: str = typer.Argument(..., help="Bank name."),
    allow: bool = typer.Option(False, "--allow", help="An allow-list of known benign media."),
    graphic: bool = typer.Option(False, "--graphic", help="Every match is shown blurred."),
    label: list[str] = typer.Option([], "--label", help="Label every entry inherits (repeat)."),
    description: str = typer.Option("", "--description"),
    by: str | None = ActorOption,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Create a hash bank.  Example:  vigil bank create ttp-videos --label attack_footage"""
    bank = banks.create_bank(
        open_vigil(home),
        name,
        kind="allow" if allow else "block",
        description=description,
        labels=label,
        graphic=graphic,
        created_by=by or _actor(),
    )
    if as_json:
        print_json(bank.to_dict())
    else:
        console.print(f"created {bank.kind} bank {bank.name!r}", highlight=False)


@bank_app.command("add")
@handle_errors
def bank_add(
    bank: str = typer.Argument(..., help="Bank name."),
    items: list[str] = typer.Argument(..., help="Files to hash, or hashes with --type."),
    type_: str | None = typer.Option(None, "--type", help="pdq, md5, sha256: ITEMS are hashes."),
    org: str | None = typer.Option(None, "--org", help="Organisation slug, e.g. ttp."),
    label: list[str] = typer.Option(
        [], "--label", help="glorification, recruitment, ... (repeat)."
    ),
    graphic: bool = typer.Option(False, "--graphic", help="Show matches blurred."),
    source: str = typer.Option("", "--source", help="Case, partner or list it came from."),
    source_id: str | None = typer.Option(None, "--source-id", help="The source's own id."),
    reason: str = typer.Option("", "--reason", help="Why it is banked."),
    by: str | None = ActorOption,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Add files (hashed here) or hashes to a bank, with labels and provenance.

    A file adds its PDQ or vPDQ hash and its MD5 and SHA-256.  Adding the same thing twice
    changes nothing.

    Example:  vigil bank add ttp-videos claim.jpg --org ttp --label glorification --source case-12
    """
    actor = by or _actor()
    common = dict(
        organisation=org,
        labels=tuple(label),
        graphic=graphic,
        source=source,
        source_id=source_id,
        reason=reason,
        added_by=actor,
    )
    entries = []
    for item in items:
        if type_:
            entries.append(banks.NewEntry(signal_type=type_, value=item, **common))  # type: ignore[arg-type]
            continue
        h = hash_file(Path(item))
        pairs = [("md5", h.md5), ("sha256", h.sha256)]
        pairs += [("pdq", h.pdq)] if h.pdq else []
        if h.vpdq:
            from threatexchange.extensions.vpdq.vpdq_util import VpdqCompactFeature, vpdq_to_json

            pairs.append(("vpdq", vpdq_to_json([VpdqCompactFeature(*f) for f in h.vpdq])))
        entries += [banks.NewEntry(signal_type=k, value=v, **common) for k, v in pairs]  # type: ignore[arg-type]
    summary = banks.add_entries(open_vigil(home), bank, entries, actor=actor)
    if as_json:
        print_json(summary.to_dict())
    else:
        console.print(
            f"added {summary.added}, updated {summary.updated}, unchanged {summary.unchanged}"
        )


@bank_app.command("list")
@handle_errors
def bank_list(
    bank: str | None = typer.Argument(None, help="Show this bank's entries."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """List banks with their entry counts by status, or one bank's entries."""
    vigil = open_vigil(home)
    if bank is None:
        found = banks.list_banks(vigil)
        if as_json:
            print_json({"banks": [b.to_dict() for b in found]})
            return
        for b in found:
            counts = ", ".join(f"{k} {v}" for k, v in sorted(b.counts.items())) or "empty"
            extra = " graphic" if b.graphic else ""
            console.print(f"{b.name} ({b.kind}{extra}): {counts}", highlight=False)
        return
    entries = banks.bank_entries(vigil, bank)
    if as_json:
        print_json({"bank": bank, "entries": [e.to_dict() for e in entries]})
        return
    for e in entries:
        value = e.value if e.signal_type != "vpdq" else f"({len(e.value)} chars)"
        console.print(
            f"{e.id:>6} {e.signal_type:<6} {value} [{e.status}] org={e.organisation or '-'} "
            f"labels={','.join(e.labels) or '-'} by {e.added_by} from {e.source or '-'}",
            highlight=False,
            markup=False,
        )


@bank_app.command("status")
@handle_errors
def bank_status(
    entry_id: int = typer.Argument(..., help="Entry id (see: vigil bank list BANK)."),
    status: str = typer.Argument(..., help="active, disputed, retired or quarantined."),
    reason: str = typer.Option("", "--reason"),
    by: str | None = ActorOption,
    home: Path | None = HomeOption,
) -> None:
    """Change an entry's status, e.g. release a quarantined one: vigil bank status 42 active"""
    banks.set_status(open_vigil(home), entry_id, status, actor=by or _actor(), reason=reason)
    console.print(f"entry {entry_id} is now {status}")


@bank_app.command("export")
@handle_errors
def bank_export(
    bank: str = typer.Argument(..., help="Bank name."),
    fmt: str = typer.Option("json", "--format", "-f", help="csv, json, te or stix."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default stdout)."),
    include_retired: bool = typer.Option(False, "--include-retired"),
    home: Path | None = HomeOption,
) -> None:
    """Export a bank for partners, with labels and provenance.

    Example:  vigil bank export ttp-videos --format stix -o ttp.stix.json
    """
    vigil = open_vigil(home)
    b = banks.get_bank(vigil, bank)
    statuses = None if include_retired else ("active", "disputed", "quarantined")
    text = exchange.export_entries(b, banks.bank_entries(vigil, bank, statuses=statuses), fmt)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")


@bank_app.command("import")
@handle_errors
def bank_import(
    bank: str = typer.Argument(..., help="Bank name (created as a block bank if missing)."),
    file: Path = typer.Argument(..., help="The partner's file."),
    fmt: str = typer.Option(..., "--format", "-f", help="csv, json, te, stix or tat."),
    by: str | None = ActorOption,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Import a partner's hash list; provenance in the file is kept, re-importing is a no-op.

    Example:  vigil bank import tat-list tat_pages.json --format tat
    """
    vigil = open_vigil(home)
    actor = by or _actor()
    entries = exchange.read_entries(file, fmt, added_by=actor)
    try:
        banks.get_bank(vigil, bank)
    except InputError:
        banks.create_bank(vigil, bank, created_by=actor, description=f"imported from {file.name}")
    summary = banks.add_entries(vigil, bank, entries, actor=actor)
    if as_json:
        print_json({"read": len(entries), **summary.to_dict()})
    else:
        console.print(
            f"read {len(entries)}: added {summary.added}, updated {summary.updated}, "
            f"unchanged {summary.unchanged}"
        )
