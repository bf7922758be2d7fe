"""vigil classify: one text per line in, one result per line out."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json
from vigil.errors import InputError

CHUNK = 2000


def register(app: typer.Typer) -> None:
    app.command("classify")(classify_command)


def _lines(path: Path | None) -> Iterator[str]:
    if path is None:
        for line in sys.stdin:
            yield line.rstrip("\r\n")
        return
    if not path.is_file():
        raise InputError("file not found", source=str(path))
    from vigil.ingest.textio import open_text_lines

    for _, line in open_text_lines(path):
        yield line


def _chunks(lines: Iterator[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in lines:
        if line.strip():
            chunk.append(line)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@handle_errors
def classify_command(
    task: str = typer.Option("support", "--task", help="Model to use (default: support)."),
    input_file: Path | None = typer.Option(None, "--input", help="One text per line (default: standard input)."),
    version: str | None = typer.Option(None, "--version", help="Model version (default newest)."),
    top: int = typer.Option(5, "--top", min=0, max=50, help="Contributing features to list."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Classify texts: label, probabilities, language, matched aliases, top features."""
    from vigil.cli.model import _load
    from vigil.detect.support import _matcher
    from vigil.models.training import model_store

    if input_file is not None and not input_file.is_file():
        raise InputError("file not found", source=str(input_file))
    vigil = open_vigil(home)
    stored = _load(model_store(vigil), task, version)
    matcher = _matcher(vigil)
    for chunk in _chunks(_lines(input_file)):
        for result in classify_texts(stored, chunk, matcher=matcher, top=top):
            if as_json:
                print_json(result)
            else:
                p = result["probabilities"][result["label"]]
                console.print(f"{result['label']:<15} {p:.3f}  {result['text'][:80]}", highlight=False)


def classify_texts(stored: Any, texts: list[str], *, matcher: Any | None = None, top: int = 5) -> list[dict[str, Any]]:
    """One result per text: label, probabilities, language, aliases, top features."""
    from vigil.models.base import score_and_explain
    from vigil.text.langid import detect_language

    model = stored.model
    proba, explained = score_and_explain(model, texts, top=max(top, 0))
    classes = [str(c) for c in model.classes_]
    out = []
    for text, row, features in zip(texts, proba, explained, strict=True):
        label = classes[int(row.argmax())]
        out.append(
            {
                "text": text,
                "label": label,
                "probabilities": {c: round(float(p), 4) for c, p in zip(classes, row, strict=True)},
                "language": detect_language(text),
                "aliases": _aliases(matcher, text),
                "features": [c.as_dict() for c in features],
                "model": stored.card.ref,
            }
        )
    return out


def _aliases(matcher: Any | None, text: str) -> list[dict[str, Any]]:
    if matcher is None:
        return []
    return [{"organisation": m.organisation, "alias": m.alias, "span": [m.start, m.end]} for m in matcher.find(text)]
