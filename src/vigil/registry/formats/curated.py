"""``curated``: Vigil's own YAML for lists published only as PDF or web page."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from vigil.registry.curated import parse_curated
from vigil.registry.formats.base import Edition, ListEntity


class CuratedYaml:
    name: ClassVar[str] = "curated"

    def sniff(self, head: bytes) -> bool:
        text = head.decode("utf-8", "replace")
        return "organisations:" in text and ("vigil-curated" in text or "designations:" in text)

    def read(self, path: Path, raw: bytes, sha256: str) -> Edition:
        from vigil.registry.curated import load_yaml

        doc = load_yaml(path, raw)
        orgs, rejects = parse_curated(path, raw, sha256=sha256)
        entities = [
            ListEntity(
                name=o.name,
                designations=o.designations,
                aliases=o.aliases,
                slug=o.slug,
                parent=o.parent,
                notes=o.notes,
            )
            for o in orgs
        ]
        edition = doc.get("edition")
        return Edition(
            format=self.name,
            source=path.name,
            sha256=sha256,
            edition=str(edition) if edition else None,
            scope=frozenset(),  # curated files never delist by omission; write delisted_on
            entities=entities,
            rejects=rejects,
            explicit_slugs=True,
        )
