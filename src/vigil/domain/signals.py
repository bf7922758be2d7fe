"""What detectors find, and what assessment concludes from it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Evidence(BaseModel):
    """Why a signal fired, in terms a reviewer can check without guessing."""

    model_config = ConfigDict(frozen=True)

    kind: str = Field(description="alias | outlet | hashtag | model | media_hash | url | graph ...")
    matched: str | None = Field(default=None, description="the text or value that matched")
    span: tuple[int, int] | None = Field(default=None, description="character offsets in the text")
    alias: str | None = None
    references: tuple[str, ...] = Field(default=(), description="designation references")
    details: dict[str, Any] = Field(default_factory=dict)

    def pretty(self) -> str:
        parts = [self.kind]
        if self.matched is not None:
            parts.append(f"{self.matched!r}")
        if self.alias and self.alias != self.matched:
            parts.append(f"~ alias {self.alias!r}")
        if self.span is not None:
            parts.append(f"at {self.span[0]}-{self.span[1]}")
        if self.references:
            parts.append(f"[{', '.join(self.references)}]")
        for key, value in self.details.items():
            parts.append(f"{key}={value}")
        return " ".join(parts)


class Signal(BaseModel):
    """One detector's finding about one record, for one organisation."""

    model_config = ConfigDict(frozen=True)

    detector: str
    detector_version: str
    platform: str
    record_type: str = Field(description="post | account | media")
    record_id: str
    account_id: str = Field(description="platform id of the account the record belongs to")
    organisation: str | None = Field(description="organisation slug, None for org-less signals")
    score: float = Field(ge=0.0, le=1.0)
    evidence: Evidence


class Assessment(BaseModel):
    """Per (account, organisation): how strongly linked, why, and with what reach."""

    model_config = ConfigDict(frozen=True)

    platform: str
    account_id: str
    organisation: str
    score: float = Field(ge=0.0, le=1.0)
    followers: int | None = None
    signal_count: int = 0
    evidence: tuple[Evidence, ...] = Field(default=(), description="strongest first")
    method_version: str = "1"
