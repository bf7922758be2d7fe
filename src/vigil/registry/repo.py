"""Reading and writing the registry tables.  No business rules here: see :mod:`.service`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select

from vigil.domain.registry import Alias, Designation, Organisation
from vigil.store.tables import aliases, designations, organisations
from vigil.store.tables_registry import registry_imports, registry_merges


def read_organisations(conn: Connection, slugs: Iterable[str] | None = None) -> list[Organisation]:
    """Every organisation (or those named) with its designations and aliases, by slug."""
    org_q = select(organisations).order_by(organisations.c.slug)
    des_q = select(designations).order_by(designations.c.id)
    ali_q = select(aliases).order_by(aliases.c.id)
    if slugs is not None:
        wanted = list(slugs)
        org_q = org_q.where(organisations.c.slug.in_(wanted))
        des_q = des_q.where(designations.c.organisation.in_(wanted))
        ali_q = ali_q.where(aliases.c.organisation.in_(wanted))
    des_by: dict[str, list[Designation]] = defaultdict(list)
    for row in conn.execute(des_q).mappings():
        des_by[row["organisation"]].append(designation_from_row(row))
    ali_by: dict[str, list[Alias]] = defaultdict(list)
    for row in conn.execute(ali_q).mappings():
        ali_by[row["organisation"]].append(
            Alias(
                text=row["text"],
                script=row["script"],
                language=row["language"],
                quality=row["quality"],
                kind=row["kind"],
            )
        )
    return [
        Organisation(
            slug=row["slug"],
            name=row["name"],
            parent=row["parent"],
            notes=row["notes"],
            designations=tuple(des_by[row["slug"]]),
            aliases=tuple(ali_by[row["slug"]]),
        )
        for row in conn.execute(org_q).mappings()
    ]


def designation_from_row(row: Any) -> Designation:
    return Designation(
        jurisdiction=row["jurisdiction"],
        list_name=row["list_name"],
        reference=row["reference"],
        listed_on=row["listed_on"],
        delisted_on=row["delisted_on"],
        programs=tuple(row["programs"] or ()),
        source=row["source"],
        source_sha256=row["source_sha256"],
        imported_at=row["imported_at"],
    )


def designation_row(org: str, d: Designation) -> dict[str, Any]:
    return {
        "organisation": org,
        "jurisdiction": d.jurisdiction,
        "list_name": d.list_name,
        "reference": d.reference,
        "listed_on": d.listed_on,
        "delisted_on": d.delisted_on,
        "programs": list(d.programs),
        "source": d.source,
        "source_sha256": d.source_sha256,
        "imported_at": d.imported_at,
    }


def alias_row(org: str, a: Alias) -> dict[str, Any]:
    return {
        "organisation": org,
        "text": a.text,
        "script": a.script,
        "language": a.language,
        "quality": str(a.quality),
        "kind": a.kind,
    }


def count_organisations(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(organisations)).scalar_one()


def registry_stamp(conn: Connection) -> tuple[Any, ...]:
    """Changes whenever anything the matcher depends on changes (cheap to compute)."""
    ali = conn.execute(select(func.count(), func.max(aliases.c.id))).one()
    active = conn.execute(
        select(func.count()).select_from(designations).where(designations.c.delisted_on.is_(None))
    ).scalar_one()
    imports = conn.execute(select(func.max(registry_imports.c.id))).scalar_one()
    merges = conn.execute(select(func.count(), func.count(registry_merges.c.undone_at))).one()
    owners = conn.execute(select(func.count(func.distinct(designations.c.organisation)))).scalar_one()
    return (*ali, active, imports, *merges, owners)
