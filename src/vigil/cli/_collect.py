"""vigil collect (filled in below)."""

import typer

collect_app = typer.Typer(help="Collect from live platform APIs, resumably.", no_args_is_help=True)
