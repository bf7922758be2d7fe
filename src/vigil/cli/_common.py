"""Helpers shared by the command modules: building the core, printing, mapping errors."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from vigil.core import Vigil
from vigil.errors import VigilError

F = TypeVar("F", bound=Callable[..., Any])

console = Console()
err_console = Console(stderr=True)

HomeOption = typer.Option(None, "--home", envvar="VIGIL_HOME", help="Vigil home folder (default ./vigil-data).")
JsonOption = typer.Option(False, "--json", help="Print one JSON object instead of tables.")


def open_vigil(home: Path | None) -> Vigil:
    return Vigil.open(home=home)


def handle_errors(fn: F) -> F:
    """Turn a VigilError into a one-line message and its exit code; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except VigilError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str, indent=None) + "\n")
