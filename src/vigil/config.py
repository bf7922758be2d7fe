"""Settings, declared once with their constraints and checked at start-up."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vigil.errors import ConfigError

DEFAULT_HOME = "./vigil-data"


class Settings(BaseModel):
    """Where Vigil keeps its data and how it behaves.

    Read from the environment by :meth:`from_env`:
      VIGIL_HOME            folder for the database, evidence, models and reports (./vigil-data)
      VIGIL_DATABASE_URL    SQLAlchemy URL; default a SQLite file in VIGIL_HOME.  For a team:
                            postgresql+psycopg://user@host:5432/dbname
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    home: Path = Field(default=Path(DEFAULT_HOME))
    database_url: str | None = None
    batch_size: int = Field(default=2000, ge=1, le=100_000)
    order_sla_hours: int = Field(default=1, ge=1, le=720)
    referral_sla_hours: int = Field(default=72, ge=1, le=720)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        if home := os.environ.get("VIGIL_HOME"):
            values["home"] = Path(home)
        if url := os.environ.get("VIGIL_DATABASE_URL"):
            values["database_url"] = url
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(**values)  # type: ignore[arg-type]
        except ValidationError as exc:
            err = exc.errors()[0]
            name = ".".join(str(p) for p in err["loc"])
            raise ConfigError(
                f"The {name!r} setting is invalid: {err['msg']}. Got {err.get('input')!r} instead."
            ) from exc

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'vigil.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")
