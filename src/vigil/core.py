"""The core object every interface builds: settings, the database and the registry."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from sqlalchemy import Connection, Engine

from vigil.config import Settings
from vigil.store import db


class Vigil:
    """One Vigil home: its settings and its database.

    The CLI, the API and the tests all build one; stages and services take it as their first
    argument.  Opening is cheap: the schema is migrated on first use of :attr:`engine`.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()

    @classmethod
    def open(cls, home: str | Path | None = None, database_url: str | None = None) -> Vigil:
        return cls(Settings.from_env(home=Path(home) if home else None, database_url=database_url))

    @property
    def home(self) -> Path:
        return self.settings.home

    def path(self, *parts: str) -> Path:
        """A path inside the home, its folder created on demand."""
        p = self.home.joinpath(*parts)
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    @cached_property
    def engine(self) -> Engine:
        if self.settings.is_sqlite:
            self.home.mkdir(parents=True, exist_ok=True)
        engine = db.make_engine(self.settings.resolved_database_url)
        db.upgrade(engine)
        return engine

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction."""
        with db.transaction(self.engine) as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
            del self.__dict__["engine"]

    def __enter__(self) -> Vigil:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
