"""The reader interface: one class per source format.

A reader has a stable ``name`` (a storage key: never rename it), ``sniff(head)`` that says from
the first bytes of a file whether it is this format, and ``read(path)`` that yields canonical
records, a :class:`Reject` for every record it cannot parse, and a :class:`Skip` for what holds
no record.  Readers never raise for bad data, whatever the bytes: they reject the record and go
on (the hypothesis tests in tests/ingest hold every reader to that).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

from vigil.domain.records import Record

SNIFF_BYTES = 4096


@dataclass(frozen=True)
class Reject:
    """A record that could not be read: where it is and why."""

    source: str
    line: int | None
    reason: str
    path: str | None = None  # JSON path inside the line, when known
    raw: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        inner = f" at {self.path}" if self.path else ""
        return f"{where}{inner}: {self.reason}"


@dataclass(frozen=True)
class Skip:
    """Something in the source that is read but holds no record (a pinned-message notice, an
    encryption banner).  Counted, so that every line of a source is accounted for."""

    source: str
    line: int | None
    reason: str
    path: str | None = None


Item = Record | Reject | Skip


@runtime_checkable
class Reader(Protocol):
    name: ClassVar[str]
    description: ClassVar[str]

    def sniff(self, head: bytes, path: Path) -> bool: ...

    def read(self, path: Path) -> Iterator[Item]: ...


_READERS: dict[str, type[Reader]] = {}


def register_reader(cls: type[Reader]) -> type[Reader]:
    """Class decorator: make a reader available by its name.  Names must be unique."""
    if cls.name in _READERS and _READERS[cls.name] is not cls:
        raise ValueError(f"a reader named {cls.name!r} is already registered")
    _READERS[cls.name] = cls
    return cls


def readers() -> dict[str, type[Reader]]:
    # Import the built-in readers so that they register.
    from vigil.ingest import formats  # noqa: F401

    return dict(_READERS)
