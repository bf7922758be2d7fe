"""Applying a list edition to the registry: provenance, versions, merges, delistings.

Rules:
* A designation is identified by (jurisdiction, reference).  The organisation that holds it in
  the registry is the organisation of every later edition that lists it again.
* A new designation whose organisation's name (or a strong alias) equals, once normalised, a
  strong name of an organisation already in the registry is *merged* into it: the designation
  and the new aliases are added there, and a merge record says which names and references
  matched and what was added, so that :func:`unmerge` can undo it exactly.
* A complete edition of a list delists what it no longer holds (``--partial`` imports don't).
* An organisation with no active designation left is out of scope: the matcher ignores it, so it
  produces no new signals, and its open cases are flagged for review.
* Importing a file already imported (same sha256 and format) changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select, update

from vigil.domain.registry import Alias, Designation, Organisation
from vigil.errors import InputError, StateError
from vigil.registry import repo
from vigil.registry.formats.base import Edition, ListEntity, ListPerson
from vigil.store import audit
from vigil.store.tables import aliases, cases, designations, organisations
from vigil.store.tables_registry import (
    registry_case_flags,
    registry_changes,
    registry_imports,
    registry_merges,
    registry_persons,
)
from vigil.text.normalise import match_form

if TYPE_CHECKING:
    from vigil.core import Vigil


@dataclass
class ImportSummary:
    import_id: int | None
    format: str
    source: str
    sha256: str
    edition: str | None
    organisations_new: int = 0
    organisations_updated: int = 0
    designations_added: int = 0
    designations_changed: int = 0
    designations_delisted: int = 0
    designations_relisted: int = 0
    aliases_added: int = 0
    persons: int = 0
    merges: list[dict[str, Any]] = field(default_factory=list)
    out_of_scope: list[str] = field(default_factory=list)
    cases_flagged: int = 0
    rejects: list[str] = field(default_factory=list)
    already_imported: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def sha256_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def apply_edition(vigil: Vigil, edition: Edition, *, actor: str = "system", partial: bool = False) -> ImportSummary:
    """Record one edition of a list in the registry (one transaction)."""
    summary = ImportSummary(
        None,
        edition.format,
        edition.source,
        edition.sha256,
        edition.edition,
        rejects=list(edition.rejects),
    )
    with vigil.begin() as conn:
        done = conn.execute(
            select(registry_imports.c.id).where(
                registry_imports.c.sha256 == edition.sha256,
                registry_imports.c.format == edition.format,
            )
        ).first()
        if done is not None:
            summary.import_id, summary.already_imported = done.id, True
            return summary
        now = datetime.now(UTC)
        import_id = conn.execute(
            registry_imports.insert().values(
                format=edition.format,
                source=edition.source,
                sha256=edition.sha256,
                edition=edition.edition,
                partial=partial,
                actor=actor,
                imported_at=now,
                summary={},
            )
        ).inserted_primary_key[0]
        summary.import_id = import_id
        ctx = _Context(conn, import_id, now, edition, summary, actor)
        in_scope_before = _in_scope(conn)
        for entity in edition.entities:
            ctx.apply_entity(entity)
        ctx.link_parents()
        if not partial:
            ctx.delist_absent()
        for person in edition.persons:
            ctx.upsert_person(person)
        _flag_out_of_scope(ctx, in_scope_before)
        conn.execute(
            update(registry_imports).where(registry_imports.c.id == import_id).values(summary=_json_summary(summary))
        )
        audit.append(
            conn,
            actor=actor,
            action="registry.import",
            object_type="registry_import",
            object_id=import_id,
            after=_json_summary(summary),
        )
    return summary


def _json_summary(summary: ImportSummary) -> dict[str, Any]:
    data = summary.to_dict()
    data["rejects"] = data["rejects"][:50]
    return data


def _in_scope(conn: Connection) -> set[str]:
    rows = conn.execute(select(designations.c.organisation).where(designations.c.delisted_on.is_(None)).distinct())
    return {r.organisation for r in rows}


@dataclass
class _Context:
    conn: Connection
    import_id: int
    now: datetime
    edition: Edition
    summary: ImportSummary
    actor: str
    seen: set[tuple[str, str]] = field(default_factory=set)
    linked: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    # Loaded once per import, kept current as the import adds to them (one query each instead
    # of one per record: a full OFAC list has thousands of entities).
    _names: dict[str, list[tuple[str, str]]] | None = None
    _alias_keys: set[tuple[str, str, str]] | None = None

    @property
    def names(self) -> dict[str, list[tuple[str, str]]]:
        """Normalised strong name -> [(organisation, name as written)]."""
        if self._names is None:
            self._names = {}
            for org in repo.read_organisations(self.conn):
                strong = [a.text for a in org.aliases if str(a.quality) == "strong"]
                for name in [org.name, *strong]:
                    self._add_name(org.slug, name)
        return self._names

    def _add_name(self, slug: str, name: str) -> None:
        if self._names is None:
            return
        entries = self._names.setdefault(match_form(name), [])
        if (slug, name) not in entries:
            entries.append((slug, name))

    @property
    def alias_keys(self) -> set[tuple[str, str, str]]:
        if self._alias_keys is None:
            rows = self.conn.execute(select(aliases.c.organisation, aliases.c.text, aliases.c.kind))
            self._alias_keys = {(r.organisation, r.text, r.kind) for r in rows}
        return self._alias_keys

    # --------------------------------------------------------------------------- entities
    def apply_entity(self, entity: ListEntity) -> None:
        designations_in = tuple(self._stamp(d) for d in entity.designations)
        self.seen.update((d.jurisdiction, d.reference) for d in designations_in)
        slug, merge = self._resolve(entity, designations_in)
        if slug is None:
            slug = self._create(entity)
        else:
            self.summary.organisations_updated += 1
        added_des = [self._upsert_designation(slug, d, entity) for d in designations_in]
        added_ali = [a for a in entity.aliases if self._insert_alias(slug, a)]
        if merge is not None:
            self._record_merge(slug, entity, merge, added_des, added_ali)
        if entity.linked_references and not entity.parent:
            self.linked.append((slug, entity.linked_references))

    def link_parents(self) -> None:
        """Set the parent named by a list's cross-reference, once every entity is in (a list
        may name a splinter group before the group it split from)."""
        for slug, refs in self.linked:
            row = self.conn.execute(select(organisations.c.parent).where(organisations.c.slug == slug)).first()
            if row is None or row.parent:
                continue
            parent = self._parent(refs)
            if parent and parent != slug:
                self.conn.execute(organisations.update().where(organisations.c.slug == slug).values(parent=parent))

    def _stamp(self, d: Designation) -> Designation:
        return d.model_copy(
            update={
                "source_sha256": d.source_sha256 or self.edition.sha256,
                "imported_at": self.now,
                "source": d.source or self.edition.source,
            }
        )

    def _resolve(self, entity: ListEntity, des: tuple[Designation, ...]) -> tuple[str | None, dict[str, Any] | None]:
        """The organisation an entity belongs to, and the explanation if it is a merge."""
        if self.edition.explicit_slugs and entity.slug:
            found = self.conn.execute(select(organisations.c.slug).where(organisations.c.slug == entity.slug)).first()
            if found:
                return found.slug, None
        for d in des:
            owner = self._owner(d)
            if owner is not None:
                return owner, None
        if self.edition.explicit_slugs:
            return None, None
        for ref in entity.same_as:
            owner = self._parent((ref,))
            if owner is not None:
                return owner, {
                    "reason": "the list gives a reference the registry already holds",
                    "names": [],
                    "references": [f"{d.jurisdiction} {d.reference}" for d in des],
                    "same_as": ref,
                }
        return _match_by_name(self.names, entity, des)

    def _owner(self, d: Designation) -> str | None:
        row = self.conn.execute(
            select(designations.c.organisation).where(
                designations.c.jurisdiction == d.jurisdiction,
                designations.c.reference == d.reference,
            )
        ).first()
        return row.organisation if row else None

    def _create(self, entity: ListEntity) -> str:
        slug = _free_slug(self.conn, entity.slug_hint)
        self.conn.execute(
            organisations.insert().values(
                slug=slug,
                name=entity.name,
                parent=entity.parent,
                notes=entity.notes,
            )
        )
        self.summary.organisations_new += 1
        self._add_name(slug, entity.name)
        return slug

    def _parent(self, refs: tuple[str, ...]) -> str | None:
        """The organisation holding the first of these references."""
        for ref in refs:
            row = self.conn.execute(select(designations.c.organisation).where(designations.c.reference == ref)).first()
            if row:
                return row.organisation
        return None

    def _upsert_designation(self, slug: str, d: Designation, entity: ListEntity) -> dict[str, Any] | None:
        """Insert or update; returns the designation's key when it was added."""
        row = (
            self.conn.execute(
                select(designations).where(
                    designations.c.jurisdiction == d.jurisdiction,
                    designations.c.reference == d.reference,
                )
            )
            .mappings()
            .first()
        )
        new = repo.designation_row(slug, d)
        if row is None:
            self.conn.execute(designations.insert().values(**new))
            self.summary.designations_added += 1
            self._change("added", slug, d, None, {**_public(new, keep_id=False), **entity.details})
            return {"jurisdiction": d.jurisdiction, "reference": d.reference}
        before = _public(dict(row), keep_id=False)
        new["organisation"] = row["organisation"]  # never moved by an import
        # A list that doesn't state a field (OFAC gives no dates) leaves the known value.
        if new["listed_on"] is None:
            new["listed_on"] = row["listed_on"]
        if not new["programs"]:
            new["programs"] = row["programs"]
        after = _public(new, keep_id=False)
        self.conn.execute(designations.update().where(designations.c.id == row["id"]).values(**new))
        if _material(before) != _material(after):
            self._classify_change(row["organisation"], d, before, after)
        return None

    def _classify_change(self, slug: str, d: Designation, before: dict[str, Any], after: dict[str, Any]) -> None:
        if before["delisted_on"] is None and after["delisted_on"] is not None:
            kind = "delisted"
            self.summary.designations_delisted += 1
        elif before["delisted_on"] is not None and after["delisted_on"] is None:
            kind = "relisted"
            self.summary.designations_relisted += 1
        else:
            kind = "changed"
            self.summary.designations_changed += 1
        self._change(kind, slug, d, before, after)

    def _insert_alias(self, slug: str, a: Alias) -> bool:
        key = (slug, a.text, a.kind)
        if key in self.alias_keys:
            return False
        self.conn.execute(aliases.insert().values(**repo.alias_row(slug, a)))
        self.alias_keys.add(key)
        if str(a.quality) == "strong":
            self._add_name(slug, a.text)
        self.summary.aliases_added += 1
        return True

    def _change(
        self,
        kind: str,
        slug: str,
        d: Designation | None,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        self.conn.execute(
            registry_changes.insert().values(
                import_id=self.import_id,
                change=kind,
                organisation=slug,
                jurisdiction=d.jurisdiction if d else None,
                reference=d.reference if d else None,
                before=before,
                after=after,
            )
        )

    def _record_merge(
        self,
        slug: str,
        entity: ListEntity,
        explanation: dict[str, Any],
        added_des: list[dict[str, Any] | None],
        added_ali: list[Alias],
    ) -> None:
        added = {
            "designations": [d for d in added_des if d],
            "aliases": [{"text": a.text, "kind": a.kind} for a in added_ali],
        }
        merge_id = self.conn.execute(
            registry_merges.insert().values(
                import_id=self.import_id,
                organisation=slug,
                proposed_slug=entity.slug_hint,
                proposed_name=entity.name,
                explanation=explanation,
                added=added,
                merged_at=self.now,
            )
        ).inserted_primary_key[0]
        record = {"id": merge_id, "into": slug, "entity": entity.name, **explanation}
        self.summary.merges.append(record)
        audit.append(
            self.conn,
            actor=self.actor,
            action="registry.merge",
            object_type="organisation",
            object_id=slug,
            after={"merge": merge_id, **explanation, "added": added},
        )

    # --------------------------------------------------------------------------- delisting
    def delist_absent(self) -> None:
        when = self.edition.edition_date or self.now.date()
        for jurisdiction, list_name in self.edition.scope:
            q = select(designations).where(
                designations.c.jurisdiction == jurisdiction, designations.c.delisted_on.is_(None)
            )
            if list_name is not None:
                q = q.where(designations.c.list_name == list_name)
            for row in self.conn.execute(q).mappings().all():
                if (row["jurisdiction"], row["reference"]) in self.seen:
                    continue
                before = _public(dict(row), keep_id=False)
                self.conn.execute(
                    designations.update()
                    .where(designations.c.id == row["id"])
                    .values(
                        delisted_on=when,
                        imported_at=self.now,
                        source=f"{self.edition.source}: absent from this edition",
                        source_sha256=self.edition.sha256,
                    )
                )
                after = {**before, "delisted_on": when.isoformat()}
                d = repo.designation_from_row(row)
                self.summary.designations_delisted += 1
                self._change("delisted", row["organisation"], d, before, after)

    # --------------------------------------------------------------------------- persons
    def upsert_person(self, p: ListPerson) -> None:
        values = {
            "jurisdiction": p.jurisdiction,
            "list_name": p.list_name,
            "reference": p.reference,
            "name": p.name,
            "original_script": p.original_script,
            "aliases": list(p.aliases),
            "listed_on": p.listed_on,
            "linked_references": list(p.linked_references),
            "details": p.details,
            "source": self.edition.source,
            "source_sha256": self.edition.sha256,
            "imported_at": self.now,
        }
        row = self.conn.execute(
            select(registry_persons.c.id).where(
                registry_persons.c.jurisdiction == p.jurisdiction,
                registry_persons.c.reference == p.reference,
            )
        ).first()
        if row is None:
            self.conn.execute(registry_persons.insert().values(**values))
        else:
            self.conn.execute(registry_persons.update().where(registry_persons.c.id == row.id).values(**values))
        self.summary.persons += 1


def _public(row: dict[str, Any], *, keep_id: bool = True) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if keep_id or k != "id"}
    for k, v in out.items():
        if isinstance(v, date | datetime):
            out[k] = v.isoformat()
    return out


_MATERIAL = ("list_name", "listed_on", "delisted_on", "programs")


def _material(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d.get(k) for k in _MATERIAL}


def _match_by_name(
    names: dict[str, list[tuple[str, str]]], entity: ListEntity, des: tuple[Designation, ...]
) -> tuple[str | None, dict[str, Any] | None]:
    mine = [entity.name] + [a.text for a in entity.aliases if str(a.quality) != "weak"]
    candidates: dict[str, list[tuple[str, str]]] = {}
    for name in mine:
        form = match_form(name)
        if len(form) < 6:
            continue  # short names collide; never merge on them
        for slug, theirs in names.get(form, []):
            pair = (name, theirs)
            if pair not in candidates.setdefault(slug, []):
                candidates[slug].append(pair)
    if len(candidates) != 1:
        return None, None  # none, or ambiguous: never guess between two organisations
    slug, pairs = next(iter(candidates.items()))
    explanation = {
        "reason": "names matched after normalisation",
        "names": [{"list": a, "registry": b} for a, b in pairs],
        "references": [f"{d.jurisdiction} {d.reference}" for d in des],
    }
    return slug, explanation


def _free_slug(conn: Connection, hint: str) -> str:
    slug, n = hint, 2
    while conn.execute(select(organisations.c.slug).where(organisations.c.slug == slug)).first():
        slug, n = f"{hint}-{n}", n + 1
    return slug


def _flag_out_of_scope(ctx: _Context, before: set[str]) -> None:
    after = _in_scope(ctx.conn)
    for slug in sorted(before - after):
        ctx.summary.out_of_scope.append(slug)
        ctx._change("out_of_scope", slug, None, {"in_scope": True}, {"in_scope": False})
        ctx.summary.cases_flagged += flag_open_cases(
            ctx.conn,
            slug,
            f"organisation {slug} no longer has an active designation (import #{ctx.import_id}, {ctx.edition.source})",
            ctx.import_id,
            ctx.actor,
            ctx.now,
        )


def flag_open_cases(conn: Connection, slug: str, reason: str, import_id: int | None, actor: str, now: datetime) -> int:
    rows = conn.execute(select(cases.c.id).where(cases.c.organisation == slug, cases.c.status == "open")).all()
    for row in rows:
        conn.execute(
            registry_case_flags.insert().values(
                case_id=row.id,
                organisation=slug,
                reason=reason,
                import_id=import_id,
                flagged_at=now,
            )
        )
        audit.append(
            conn,
            actor=actor,
            action="case.flag_for_review",
            object_type="case",
            object_id=row.id,
            after={"reason": reason},
        )
    return len(rows)


def flagged_cases(vigil: Vigil, *, include_cleared: bool = False) -> list[dict[str, Any]]:
    """Cases flagged for review because their organisation was delisted."""
    q = select(registry_case_flags).order_by(registry_case_flags.c.id)
    if not include_cleared:
        q = q.where(registry_case_flags.c.cleared_at.is_(None))
    with vigil.read() as conn:
        return [_public(dict(r)) for r in conn.execute(q).mappings()]


# ------------------------------------------------------------------------------- unmerge
def unmerge(vigil: Vigil, merge_id: int, *, actor: str = "system") -> str:
    """Undo a merge: the designations and aliases it added move to an organisation of their own.

    Returns the new organisation's slug.  Later editions keep them apart, because a designation
    stays with the organisation that holds it.
    """
    with vigil.begin() as conn:
        m = conn.execute(select(registry_merges).where(registry_merges.c.id == merge_id)).mappings().first()
        if m is None:
            raise InputError(f"no merge #{merge_id}; see `vigil registry show ORG` for merges")
        if m["undone_at"] is not None:
            raise StateError(f"merge #{merge_id} was already undone at {m['undone_at']}")
        slug = _free_slug(conn, m["proposed_slug"])
        conn.execute(organisations.insert().values(slug=slug, name=m["proposed_name"]))
        for d in m["added"]["designations"]:
            conn.execute(
                designations.update()
                .where(
                    designations.c.jurisdiction == d["jurisdiction"],
                    designations.c.reference == d["reference"],
                )
                .values(organisation=slug)
            )
        for a in m["added"]["aliases"]:
            conn.execute(
                aliases.update()
                .where(
                    aliases.c.organisation == m["organisation"],
                    aliases.c.text == a["text"],
                    aliases.c.kind == a["kind"],
                )
                .values(organisation=slug)
            )
        now = datetime.now(UTC)
        conn.execute(
            registry_merges.update().where(registry_merges.c.id == merge_id).values(undone_at=now, undone_by=actor)
        )
        audit.append(
            conn,
            actor=actor,
            action="registry.unmerge",
            object_type="organisation",
            object_id=m["organisation"],
            after={"merge": merge_id, "split_into": slug},
        )
    return slug


def merges(vigil: Vigil, slug: str | None = None) -> list[dict[str, Any]]:
    q = select(registry_merges).order_by(registry_merges.c.id)
    if slug is not None:
        q = q.where(registry_merges.c.organisation == slug)
    with vigil.read() as conn:
        return [_public(dict(r)) for r in conn.execute(q).mappings()]


# ------------------------------------------------------------------------------- history
def imports(vigil: Vigil) -> list[dict[str, Any]]:
    with vigil.read() as conn:
        rows = conn.execute(select(registry_imports).order_by(registry_imports.c.id)).mappings()
        return [_public(dict(r)) for r in rows]


def changes(vigil: Vigil, import_id: int | None = None) -> dict[str, Any]:
    """What one import changed (the latest by default): added, changed, delisted, ..."""
    with vigil.read() as conn:
        if import_id is None:
            import_id = conn.execute(
                select(registry_imports.c.id).order_by(registry_imports.c.id.desc()).limit(1)
            ).scalar()
        if import_id is None:
            raise StateError("nothing imported yet; run `vigil registry import FILE` first")
        head = conn.execute(select(registry_imports).where(registry_imports.c.id == import_id)).mappings().first()
        if head is None:
            raise InputError(f"no import #{import_id}; `vigil registry diff --list` shows them")
        rows = (
            conn.execute(
                select(registry_changes)
                .where(registry_changes.c.import_id == import_id)
                .order_by(registry_changes.c.id)
            )
            .mappings()
            .all()
        )
    return {"import": _public(dict(head)), "changes": [_public(dict(r)) for r in rows]}


def organisation_detail(vigil: Vigil, slug: str) -> dict[str, Any]:
    with vigil.read() as conn:
        found = repo.read_organisations(conn, [slug])
        if not found:
            found = _find_by_alias(conn, slug)
    if not found:
        raise InputError(f"no organisation {slug!r}; `vigil registry list` shows them")
    org = found[0]
    return {**organisation_json(org), "merges": merges(vigil, org.slug)}


def _find_by_alias(conn: Connection, text: str) -> list[Organisation]:
    form = match_form(text)
    for org in repo.read_organisations(conn):
        if any(match_form(a.text) == form for a in org.aliases) or match_form(org.name) == form:
            return [org]
    return []


def organisation_json(org: Organisation) -> dict[str, Any]:
    data = org.model_dump(mode="json")
    data["in_scope"] = org.in_scope
    data["references"] = list(org.references)
    return data


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from exc
