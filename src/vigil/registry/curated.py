"""The curated YAML format: lists published only as PDF or web page, one entry per organisation.

See ``data/curated.yaml`` for the shipped file and its field reference.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from vigil.domain.registry import Alias, Designation, Organisation
from vigil.errors import InputError

SHIPPED = Path(__file__).with_name("data") / "curated.yaml"
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def script_of(text: str) -> str:
    """ISO 15924 code of a name: Arab when it holds Arabic-script letters, else Latn."""
    return "Arab" if _ARABIC.search(text) else "Latn"


def load_yaml(path: Path, raw: bytes | None = None) -> dict[str, Any]:
    data = raw if raw is not None else path.read_bytes()
    try:
        doc = yaml.safe_load(data)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(f"not valid YAML: {getattr(exc, 'problem', exc)}", source=str(path), line=line) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("organisations"), list):
        raise InputError("a curated file needs a top-level 'organisations' list", source=str(path))
    return doc


def parse_curated(
    path: Path, raw: bytes | None = None, *, sha256: str | None = None
) -> tuple[list[Organisation], list[str]]:
    """Organisations in a curated file, and one message per malformed entry (skipped)."""
    doc = load_yaml(path, raw)
    orgs: list[Organisation] = []
    rejects: list[str] = []
    for i, entry in enumerate(doc["organisations"], start=1):
        try:
            orgs.append(_organisation(entry, path.name, sha256))
        except (ValidationError, TypeError, ValueError, KeyError) as exc:
            rejects.append(f"{path}: organisations[{i}]: {_why(exc)}")
    return orgs, rejects


def _why(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        return f"field {field!r}: {err['msg']} (got {err.get('input')!r})"
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc)


def _organisation(entry: Any, source_name: str, sha256: str | None) -> Organisation:
    if not isinstance(entry, dict):
        raise ValueError("an organisation entry must be a mapping")
    designations = tuple(_designation(d, source_name, sha256) for d in entry.get("designations", []))
    aliases = tuple(_alias(a) for a in entry.get("aliases", []))
    return Organisation(
        slug=entry["slug"],
        name=entry["name"],
        parent=entry.get("parent"),
        notes=(entry.get("notes") or None),
        designations=designations,
        aliases=aliases,
    )


def _designation(d: Any, source_name: str, sha256: str | None) -> Designation:
    if not isinstance(d, dict):
        raise ValueError("a designation must be a mapping")
    if not d.get("source"):
        raise ValueError(f"designation {d.get('reference')!r} has no source citation")
    return Designation(
        jurisdiction=d["jurisdiction"],
        list_name=d["list"],
        reference=str(d["reference"]),
        listed_on=_date(d.get("listed_on")),
        delisted_on=_date(d.get("delisted_on")),
        programs=tuple(d.get("programs") or ()),
        source=f"{source_name}: {' '.join(str(d['source']).split())}",
        source_sha256=sha256,
    )


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _alias(a: Any) -> Alias:
    if isinstance(a, str):
        a = {"text": a}
    if not isinstance(a, dict):
        raise ValueError("an alias must be a mapping or a string")
    text = str(a["text"]).strip()
    return Alias(
        text=text,
        script=a.get("script") or script_of(text),
        language=a.get("language"),
        quality=a.get("quality", "strong"),
        kind=a.get("kind", "name"),
    )
