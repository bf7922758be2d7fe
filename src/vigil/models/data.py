"""Labelled data for training and evaluation: any TSV or CSV with a header row.

The delimiter comes from the extension (``.tsv`` / ``.csv``), else from a sniff of the header.
Rows with an empty text are dropped and counted (real datasets have them); a row without a label,
a missing column or a broken file is an :class:`~vigil.errors.InputError` naming the file and line.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vigil.errors import InputError

__all__ = ["Dataset", "read_labelled", "write_labelled", "SEED_ALIAS"]

SEED_ALIAS = "seed"  # `--data seed` means the shipped seed corpus

# real posts can be long; the csv module's default cap (128 KiB) is not a limit worth hitting
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class Dataset:
    texts: list[str]
    labels: list[str]
    extra: dict[str, list[str]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    sha256: str = ""
    dropped_empty: int = 0

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, index: Iterable[int]) -> Dataset:
        index = [int(i) for i in index]
        return Dataset(
            texts=[self.texts[i] for i in index],
            labels=[self.labels[i] for i in index],
            extra={k: [v[i] for i in index] for k, v in self.extra.items()},
            sources=self.sources,
            sha256=self.sha256,
        )

    def describe(self) -> dict[str, Any]:
        """What a model card records about its data."""
        return {
            "sources": self.sources,
            "sha256": self.sha256,
            "rows": len(self),
            "labels": dict(sorted(Counter(self.labels).items())),
            "dropped_empty_text": self.dropped_empty,
        }


def _delimiter(path: Path, header: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".tab"):
        return "\t"
    if suffix == ".csv":
        return ","
    return "\t" if header.count("\t") >= header.count(",") else ","


def _resolve(path: Path | str) -> Path:
    if str(path) == SEED_ALIAS:
        from vigil.models.corpus import seed_path

        return seed_path()
    return Path(path)


def read_labelled(
    paths: Sequence[Path | str],
    *,
    text_col: str = "text",
    label_col: str = "label",
    keep_cols: Sequence[str] = (),
) -> Dataset:
    """Read one or more labelled files into one :class:`Dataset` (rows in file order)."""
    if not paths:
        raise InputError("no data file given; pass --data FILE (TSV or CSV with a header)")
    data = Dataset(texts=[], labels=[], extra={c: [] for c in keep_cols})
    digest = hashlib.sha256()
    for given in paths:
        path = _resolve(given)
        if not path.is_file():
            raise InputError("file not found", source=str(given))
        digest.update(path.read_bytes())
        data.sources.append(SEED_ALIAS if str(given) == SEED_ALIAS else str(path.resolve()))
        _read_one(path, data, text_col, label_col, keep_cols)
    if not data.texts:
        raise InputError(f"no labelled rows found in {', '.join(map(str, paths))}")
    data.sha256 = digest.hexdigest()
    return data


def _read_one(path: Path, data: Dataset, text_col: str, label_col: str, keep_cols: Sequence[str]) -> None:
    with path.open(encoding="utf-8-sig", newline="", errors="replace") as fh:
        header = fh.readline()
        fh.seek(0)
        reader = csv.DictReader(fh, delimiter=_delimiter(path, header))
        columns = reader.fieldnames or []
        for needed in (text_col, label_col, *keep_cols):
            if needed not in columns:
                raise InputError(
                    f"no column {needed!r}; the header has {columns}. Name the columns with --text-col and --label-col",
                    source=str(path),
                    line=1,
                )
        try:
            for row in reader:
                _add_row(row, path, reader.line_num, data, text_col, label_col, keep_cols)
        except csv.Error as exc:
            raise InputError(f"not valid CSV/TSV: {exc}", source=str(path), line=reader.line_num) from exc


def _add_row(
    row: dict[str, Any],
    path: Path,
    line: int,
    data: Dataset,
    text_col: str,
    label_col: str,
    keep_cols: Sequence[str],
) -> None:
    text = (row.get(text_col) or "").strip()
    label = (row.get(label_col) or "").strip()
    if not text:
        data.dropped_empty += 1
        return
    if not label:
        raise InputError(f"empty {label_col!r} for a non-empty text", source=str(path), line=line)
    data.texts.append(text)
    data.labels.append(label)
    for col in keep_cols:
        data.extra[col].append((row.get(col) or "").strip())


def write_labelled(path: Path, data: Dataset, *, text_col: str = "text", label_col: str = "label") -> None:
    """Write ``data`` as a TSV that :func:`read_labelled` reads back (used for held-out splits)."""
    cols = [text_col, label_col, *data.extra]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(cols)
        for i, text in enumerate(data.texts):
            writer.writerow([text, data.labels[i], *(v[i] for v in data.extra.values())])
