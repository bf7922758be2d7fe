"""Canonical records that every source format is parsed into.

A record is identified by ``(platform, platform_id)``: the platform's own id, never one Vigil
invents.  Timestamps are timezone-aware UTC.  Importing the same record twice changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vigil.domain.enums import InteractionKind, Platform

PlatformId = Annotated[str, Field(min_length=1, max_length=512)]


def _to_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("timestamp has no time zone; give an offset or 'Z' (UTC)")
    return value.astimezone(UTC)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    platform: Platform
    platform_id: PlatformId

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform.value, self.platform_id)


class Account(_Record):
    """An account, channel, page or phone number that publishes content."""

    type: Literal["account"] = "account"
    handle: str | None = Field(default=None, description="@name or username, without the @")
    display_name: str | None = None
    bio: str | None = None
    followers: int | None = Field(default=None, ge=0)
    url: str | None = None
    created_at: datetime | None = None
    profile_image_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    links: tuple[str, ...] = ()
    language: str | None = None

    _utc = field_validator("created_at")(_to_utc)


class Post(_Record):
    """A post, message, video or tweet."""

    type: Literal["post"] = "post"
    account_id: PlatformId = Field(description="platform id of the author account")
    text: str = ""
    created_at: datetime | None = None
    language: str | None = Field(default=None, description="language hint from the source")
    url: str | None = None
    reply_to: str | None = Field(default=None, description="platform id of the post replied to")
    metrics: dict[str, int] = Field(default_factory=dict)

    _utc = field_validator("created_at")(_to_utc)


class Media(_Record):
    """An image or video attached to a post.  ``platform_id`` is the platform's media id, or the
    sha256 of the file where the platform gives none."""

    type: Literal["media"] = "media"
    post_id: PlatformId
    kind: Literal["image", "video", "audio", "document", "other"] = "image"
    url: str | None = None
    path: str | None = Field(default=None, description="file path relative to the export")
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class Link(_Record):
    """A URL in a post.  ``platform_id`` is the post's id; one row per (post, url)."""

    type: Literal["link"] = "link"
    url: str = Field(min_length=1)

    @property
    def key(self) -> tuple[str, str]:  # type: ignore[override]
        return (self.platform.value, f"{self.platform_id}|{self.url}")


class Interaction(_Record):
    """One account acting on another: reply, forward, repost, quote, mention, follow, member.
    ``platform_id`` is the id of the post that carries it (or a synthetic id for follows)."""

    type: Literal["interaction"] = "interaction"
    kind: InteractionKind
    source_account_id: PlatformId
    target_account_id: str | None = None
    target_post_id: str | None = None
    created_at: datetime | None = None

    _utc = field_validator("created_at")(_to_utc)

    @property
    def key(self) -> tuple[str, str]:  # type: ignore[override]
        target = self.target_account_id or self.target_post_id or ""
        return (self.platform.value, f"{self.platform_id}|{self.kind.value}|{target}")


Record = Account | Post | Media | Link | Interaction

RECORD_TYPES: dict[str, type[_Record]] = {
    "account": Account,
    "post": Post,
    "media": Media,
    "link": Link,
    "interaction": Interaction,
}


def record_key(record: Record) -> tuple[str, str]:
    """The idempotency key of a record: (platform, platform id)."""
    return record.key
