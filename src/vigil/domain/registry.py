"""Designated organisations, their designations and their names."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from vigil.domain.enums import AliasQuality


class Designation(BaseModel):
    """One listing of an organisation by one authority.  Never collapse these into a flag."""

    model_config = ConfigDict(frozen=True)

    jurisdiction: str = Field(description="UN, US, UK, EU, PK ...")
    list_name: str = Field(description="e.g. 'UNSC 1267 Consolidated List', 'OFAC SDN', 'ATA 1997 First Schedule'")
    reference: str = Field(description="the list's own reference, e.g. QDe.132 or OFAC 12206")
    listed_on: date | None = None
    delisted_on: date | None = None
    programs: tuple[str, ...] = ()
    source: str = Field(description="file name or citation the designation was read from")
    source_sha256: str | None = None
    imported_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.delisted_on is None


class Alias(BaseModel):
    """A name, outlet, slogan or hashtag by which an organisation is known."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(min_length=1)
    script: str = Field(default="Latn", description="ISO 15924: Latn, Arab ...")
    language: str | None = Field(default=None, description="en, ur, ps, ar, ur-Latn (Roman Urdu)")
    quality: AliasQuality = AliasQuality.STRONG
    kind: str = Field(default="name", description="name | abbreviation | outlet | slogan | hashtag")


class Organisation(BaseModel):
    """A designated entity.  In scope only while at least one designation is active."""

    model_config = ConfigDict(frozen=True)

    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="stable short key, e.g. ttp")
    name: str
    parent: str | None = Field(default=None, description="slug of the organisation it split from")
    designations: tuple[Designation, ...] = ()
    aliases: tuple[Alias, ...] = ()
    notes: str | None = None

    @property
    def in_scope(self) -> bool:
        return any(d.active for d in self.designations)

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(d.reference for d in self.designations if d.active)
