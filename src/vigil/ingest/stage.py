"""Run readers over files, folders and zip archives, and store what they yield, idempotently.

Records are stored in batches, one transaction each, keyed by (platform, platform id): an import
killed half-way and run again ends in exactly the state of one clean import, because every batch
already stored is found unchanged and every later one is written.  Bad records never stop an
import: each is counted and written, with file, line or JSON path and reason, to a rejects file.
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from vigil.core import Vigil
from vigil.domain.records import Record
from vigil.errors import InputError
from vigil.ingest.base import SNIFF_BYTES, Item, Reader, Reject, Skip, readers
from vigil.ingest.textio import position
from vigil.store import upsert_records
from vigil.store.records import clear_mark, get_mark, set_mark

MAX_ZIP_BYTES = 64 * 2**30
MARK_STAGE = "ingest"  # refuse archives that unpack to more than this (zip bombs)


class ProgressSink(Protocol):
    """What a progress display implements; see vigil.cli.ingest for the rich and plain ones."""

    def file(self, path: Path, size: int) -> None: ...

    def advance(self, records: int, done_bytes: int | None) -> None: ...


Progress = Callable[[int], None] | ProgressSink


@dataclass
class IngestSummary:
    files: list[str] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    read: int = 0
    imported: int = 0
    updated: int = 0
    duplicates: int = 0
    rejected: int = 0
    skipped: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    resumed: int = 0  # items skipped: stored by an earlier import of the file that was cut short
    rejects_file: str | None = None
    first_rejects: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def stored(self) -> int:
        """Records now in the store from this import: new, changed or already there."""
        return self.imported + self.updated + self.duplicates


def sniff_format(path: Path) -> str:
    """The name of the reader for a file, from its first bytes."""
    name = _sniff(path)
    if name is None:
        names = ", ".join(sorted(readers()))
        raise InputError(
            f"cannot tell the format of this file; pass --format (one of: {names})",
            source=str(path),
        )
    return name


def _sniff(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from exc
    for name, cls in readers().items():
        if _make(cls, None).sniff(head, path):
            return name
    return None


def run(
    vigil: Vigil,
    paths: Iterable[Path],
    *,
    format: str | None = None,
    rejects_path: Path | None = None,
    progress: Progress | None = None,
    timezone: str | None = None,
) -> IngestSummary:
    """Import files, folders (every file in them whose format is recognised) and zip archives of
    exports.  Bad records are counted and written to ``rejects_path`` (JSON Lines) and the rest
    goes on.  ``timezone`` is the zone of sources whose times carry none (WhatsApp exports).
    Running it again over the same files changes nothing."""
    all_readers = readers()
    if format is not None and format not in all_readers:
        raise InputError(f"unknown format {format!r}; known: {', '.join(sorted(all_readers))}")
    zone = _zone(timezone)
    paths = list(paths)
    for p in paths:  # all of them before importing any
        if not p.exists():
            raise InputError("no such file or folder", source=str(p))
    importer = Importer(vigil, rejects_path, progress)
    try:
        for path, name in _plan(vigil, paths, format, importer.summary):
            importer.file(path, name, _make(all_readers[name], zone))
    finally:
        importer.close()
    return importer.summary


def _zone(name: str | None) -> ZoneInfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {name!r}; use an IANA name like Asia/Karachi") from None


def _make(cls: type[Reader], zone: ZoneInfo | None) -> Reader:
    if zone is not None and "timezone" in inspect.signature(cls).parameters:
        return cls(timezone=zone)  # type: ignore[call-arg]
    return cls()


def _plan(vigil: Vigil, paths: list[Path], format: str | None, summary: IngestSummary) -> Iterator[tuple[Path, str]]:
    """(file, format) pairs: named files as given, folders and archives by what they hold."""
    for p in paths:
        if p.is_file() and not zipfile.is_zipfile(p):
            yield p, format or sniff_format(p)
            continue
        folder = _unzip(vigil, p) if p.is_file() else p
        for q in sorted(q for q in folder.rglob("*") if q.is_file()):
            if any(part.startswith(".") for part in q.relative_to(folder).parts):
                continue
            name = _sniff(q)
            if name is None or (format is not None and name != format):
                summary.skipped_files.append(str(q))
            else:
                yield q, name


def _unzip(vigil: Vigil, archive: Path) -> Path:
    """Unpack an archive once into the Vigil home, named by its content hash, so that media
    paths stored from it stay valid and a second import finds the same paths."""
    with open(archive, "rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()[:16]
    target = vigil.path("imports", digest, archive.stem)
    try:
        with zipfile.ZipFile(archive) as zf:
            total = sum(info.file_size for info in zf.infolist())
            if total > MAX_ZIP_BYTES:
                raise InputError(f"archive unpacks to {total} bytes; refusing", source=str(archive))
            if not (target / ".complete").exists():
                # extractall drops '..' and absolute parts of member names: no path escapes.
                zf.extractall(target)
                (target / ".complete").touch()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError(f"cannot unpack the archive: {exc}", source=str(archive)) from exc
    return target


class Importer:
    """The state of one import: counts, the rejects file, progress."""

    def __init__(self, vigil: Vigil, rejects_path: Path | None, progress: Progress | None):
        self.vigil = vigil
        self.summary = IngestSummary()
        self.rejects_path = rejects_path
        self.rejects_fh: IO[str] | None = None
        self._marked = False
        self.sink = progress if hasattr(progress, "advance") else None
        self.callback = None if self.sink is not None else progress

    def file(self, path: Path, name: str, reader: Reader) -> None:
        """Import one file.  A file whose earlier import was interrupted resumes after the
        records that import stored (its mark in stage_marks), and the mark is cleared at the
        end, so importing the file again later compares every record as usual."""
        self.summary.files.append(str(path))
        self.summary.formats[str(path)] = name
        size = path.stat().st_size
        if self.sink is not None:
            self.sink.file(path, size)  # type: ignore[union-attr]
        mark = _mark_key(path, name)
        with self.vigil.read() as conn:
            done = get_mark(conn, MARK_STAGE, mark) or 0
        self.summary.resumed += done
        try:
            items = _Counted(itertools.islice(reader.read(path), done, None), done)
            self.items(items, path, mark)
            if self.sink is not None:
                self.sink.advance(0, size)  # type: ignore[union-attr]
        except OSError as exc:  # unreadable file or folder; the data itself never raises
            raise InputError(f"cannot read: {exc.strerror or exc}", source=str(path)) from exc
        if done or self._marked:
            with self.vigil.begin() as conn:
                clear_mark(conn, MARK_STAGE, mark)

    def items(self, items: Iterable[Item], path: Path | None = None, mark: str | None = None) -> None:
        """Store records, count skips, write rejects; everything is stored when it returns.
        With ``mark``, each batch's transaction also records how many items of the source are
        now dealt with (``items`` must then be a :class:`_Counted`)."""
        self._marked = False
        for item in _batched(iter(items), self.vigil.settings.batch_size):
            if isinstance(item, list):
                self._store(item, mark, items.count if isinstance(items, _Counted) else 0)
                self._progress(len(item), path)
            elif isinstance(item, Skip):
                self.summary.skipped += 1
                self.summary.read += 1
            else:
                self._reject(item)

    def _progress(self, n: int, path: Path | None) -> None:
        if self.sink is not None:
            self.sink.advance(n, position(path) if path else None)  # type: ignore[union-attr]
        elif self.callback is not None:
            self.callback(n)  # type: ignore[operator]

    def _store(self, batch: list[Record], mark: str | None = None, consumed: int = 0) -> None:
        with self.vigil.begin() as conn:
            result = upsert_records(conn, batch)
            if mark is not None:
                # In the same transaction: the mark never runs ahead of, or behind, the store.
                set_mark(conn, MARK_STAGE, mark, consumed)
                self._marked = True
        s = self.summary
        s.read += len(batch)
        s.imported += result.inserted
        s.updated += result.updated
        s.duplicates += len(batch) - result.inserted - result.updated
        for k, v in result.by_type.items():
            s.by_type[k] = s.by_type.get(k, 0) + v

    def _reject(self, item: Reject) -> None:
        s = self.summary
        s.rejected += 1
        s.read += 1
        if len(s.first_rejects) < 20:
            s.first_rejects.append(str(item))
        if self.rejects_fh is None:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            rp = self.rejects_path or self.vigil.path("rejects", f"ingest-{stamp}.jsonl")
            rp.parent.mkdir(parents=True, exist_ok=True)
            # Kept open for the whole run (rejects come one by one); close() closes it.
            self.rejects_fh = open(rp, "a", encoding="utf-8")  # noqa: SIM115
            s.rejects_file = str(rp)
        self.rejects_fh.write(json.dumps(_reject_row(item), ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self.rejects_fh is not None:
            self.rejects_fh.close()


class _Counted:
    """An iterator that counts the items taken from it, starting at ``start``."""

    def __init__(self, items: Iterator[Item], start: int) -> None:
        self._items = items
        self.count = start

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> Item:
        item = next(self._items)
        self.count += 1
        return item


def _mark_key(path: Path, name: str) -> str:
    """Names one version of one file: its path, size, modification time and format."""
    st = path.stat()
    ident = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{name}"
    return hashlib.sha256(ident.encode()).hexdigest()[:40]


def _reject_row(item: Reject) -> dict[str, Any]:
    row = asdict(item)
    if row.get("raw") is None:
        row.pop("raw", None)
    return row


def _batched(items: Iterator[Item], size: int) -> Iterator[list[Record] | Reject | Skip]:
    """Group records into lists of ``size``; pass rejects and skips through one by one."""
    batch: list[Record] = []
    for item in items:
        if isinstance(item, Reject | Skip):
            yield item
        else:
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch
