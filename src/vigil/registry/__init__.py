"""The designation registry: official lists in, aliases in every script, and the matcher.

Public entry points::

    ensure_seed(vigil)                      # import the shipped curated file into an empty registry
    load_organisations(vigil, in_scope_only=True) -> list[Organisation]
    matcher_for(vigil) -> Matcher           # over the in-scope organisations, cached per vigil
    Matcher.build(organisations).find(text) -> list[Mention]
    import_file(vigil, path, format=None, partial=False, actor="system") -> ImportSummary
    unmerge(vigil, merge_id, actor=...) -> str
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vigil.domain.registry import Organisation
from vigil.registry import repo, service
from vigil.registry.curated import SHIPPED
from vigil.registry.formats import FORMATS, get_format
from vigil.registry.matcher import Matcher, Mention
from vigil.registry.service import (
    ImportSummary,
    apply_edition,
    changes,
    flagged_cases,
    imports,
    merges,
    organisation_detail,
    read_file,
    sha256_of,
    unmerge,
)

if TYPE_CHECKING:
    from vigil.core import Vigil

__all__ = [
    "service",
    "FORMATS",
    "ImportSummary",
    "Matcher",
    "Mention",
    "changes",
    "ensure_seed",
    "flagged_cases",
    "import_file",
    "imports",
    "load_organisations",
    "matcher_for",
    "merges",
    "organisation_detail",
    "unmerge",
]


def import_file(
    vigil: Vigil,
    path: str | Path,
    *,
    format: str | None = None,
    partial: bool = False,
    actor: str = "system",
) -> ImportSummary:
    """Import one edition of a list.  Malformed records are reported in ``rejects`` and skipped."""
    path = Path(path)
    raw = read_file(path)
    fmt = get_format(format, path, raw)
    edition = fmt.read(path, raw, sha256_of(raw))
    return apply_edition(vigil, edition, actor=actor, partial=partial)


def ensure_seed(vigil: Vigil) -> None:
    """Import the shipped curated file if the registry holds no organisations yet.

    Idempotent: a registry that has organisations is left alone.  The import is audit-logged.
    """
    with vigil.read() as conn:
        if repo.count_organisations(conn) > 0:
            return
    import_file(vigil, SHIPPED, format="curated", actor="system:seed")


def load_organisations(vigil: Vigil, *, in_scope_only: bool = True) -> list[Organisation]:
    """Organisations in the registry (by default only those with an active designation)."""
    with vigil.read() as conn:
        orgs = repo.read_organisations(conn)
    return [o for o in orgs if o.in_scope] if in_scope_only else orgs


_CACHE: weakref.WeakKeyDictionary[Any, tuple[tuple[Any, ...], Matcher]] = weakref.WeakKeyDictionary()


def matcher_for(vigil: Vigil) -> Matcher:
    """The matcher over the registry's in-scope organisations, rebuilt only when it changed."""
    with vigil.read() as conn:
        stamp = repo.registry_stamp(conn)
    cached = _CACHE.get(vigil)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    matcher = Matcher.build(load_organisations(vigil))
    _CACHE[vigil] = (stamp, matcher)
    return matcher
