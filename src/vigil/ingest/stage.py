"""Run readers over files and store what they yield, in batches, idempotently."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from vigil.core import Vigil
from vigil.domain.records import Record
from vigil.errors import InputError
from vigil.ingest.base import SNIFF_BYTES, Item, Reader, Reject, readers
from vigil.store import upsert_records

Progress = Callable[[int], None]


@dataclass
class IngestSummary:
    files: list[str] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    read: int = 0
    imported: int = 0
    updated: int = 0
    duplicates: int = 0
    rejected: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    rejects_file: str | None = None
    first_rejects: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def sniff_format(path: Path) -> str:
    """The name of the reader for a file, from its first bytes."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    for name, cls in readers().items():
        if cls().sniff(head, path):
            return name
    names = ", ".join(sorted(readers()))
    raise InputError(f"cannot tell the format of this file; pass --format (one of: {names})", source=str(path))


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    for p in paths:
        if not p.exists():
            raise InputError("no such file or folder", source=str(p))
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith("."))
        else:
            yield p


def run(
    vigil: Vigil,
    paths: Iterable[Path],
    *,
    format: str | None = None,
    rejects_path: Path | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Import files into the store.  Bad records are counted and written to ``rejects_path``
    (JSON Lines) and the rest goes on.  Running it again over the same files changes nothing."""
    summary = IngestSummary()
    all_readers = readers()
    if format is not None and format not in all_readers:
        raise InputError(f"unknown format {format!r}; known: {', '.join(sorted(all_readers))}")
    rejects_fh = None
    try:
        for path in expand_paths(paths):
            name = format or sniff_format(path)
            reader: Reader = all_readers[name]()
            summary.files.append(str(path))
            summary.formats[str(path)] = name
            for item in _batched(reader.read(path), vigil.settings.batch_size):
                if isinstance(item, list):
                    _store(vigil, item, summary)
                    if progress:
                        progress(len(item))
                else:
                    summary.rejected += 1
                    summary.read += 1
                    if len(summary.first_rejects) < 20:
                        summary.first_rejects.append(str(item))
                    if rejects_fh is None:
                        rp = rejects_path or vigil.path("rejects", "ingest-rejects.jsonl")
                        rejects_fh = open(rp, "a", encoding="utf-8")
                        summary.rejects_file = str(rp)
                    rejects_fh.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
    finally:
        if rejects_fh is not None:
            rejects_fh.close()
    return summary


def _batched(items: Iterator[Item], size: int) -> Iterator[list[Record] | Reject]:
    """Group records into lists of ``size``; pass rejects through one by one."""
    batch: list[Record] = []
    for item in items:
        if isinstance(item, Reject):
            yield item
        else:
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


def _store(vigil: Vigil, batch: list[Record], summary: IngestSummary) -> None:
    with vigil.begin() as conn:
        result = upsert_records(conn, batch)
    summary.read += len(batch)
    summary.imported += result.inserted
    summary.updated += result.updated
    summary.duplicates += len(batch) - result.inserted - result.updated
    for k, v in result.by_type.items():
        summary.by_type[k] = summary.by_type.get(k, 0) + v
