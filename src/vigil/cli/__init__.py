"""The ``vigil`` command.  Thin: each command parses arguments, calls one stage or service, and
prints.  Command groups live in this package, one module each, and register themselves: a module
that defines ``register(app)`` is picked up automatically, so adding a command touches one file."""

from __future__ import annotations

import importlib
import pkgutil

import typer

from vigil import __version__

app = typer.Typer(
    name="vigil",
    help=(
        "Vigil: find, verify, refer and track the accounts and content of designated terrorist "
        "organisations, with evidence and two-person approval.\n\n"
        "Data lives in $VIGIL_HOME (default ./vigil-data); set VIGIL_DATABASE_URL for PostgreSQL."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vigil {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Vigil command line."""


def _register_all() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_all()


def main() -> None:
    app()
