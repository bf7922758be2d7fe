"""vigil login | logout | whoami"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json
from vigil.review import auth


def register(app: typer.Typer) -> None:
    app.command("login")(login_command)
    app.command("logout")(logout_command)
    app.command("whoami")(whoami_command)


def read_password(from_stdin: bool, *, confirm: bool = False) -> str:
    """From stdin (scripts, one line) or a hidden prompt; never from an argument, which would
    end up in the shell history and the process list."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=confirm)


PasswordStdin = typer.Option(False, "--password-stdin", help="Read the password from standard input (one line).")


@handle_errors
def login_command(
    username: str = typer.Argument(..., help="Your user name."),
    password_stdin: bool = PasswordStdin,
    hours: int = typer.Option(auth.SESSION_HOURS, min=1, max=720, help="Session length."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Log in: the session token is kept in $VIGIL_HOME/session (readable by you only).

    Example:  vigil login alice
    """
    vigil = open_vigil(home)
    actor = auth.login(vigil, username, read_password(password_stdin), hours=hours)
    if as_json:
        print_json(actor.to_dict())
    else:
        roles = ", ".join(sorted(r.value for r in actor.roles)) or "no roles"
        console.print(f"logged in as {actor.username} ({roles}) for {hours} h")


@handle_errors
def logout_command(home: Path | None = HomeOption) -> None:
    """Log out: revoke the session token and delete the session file."""
    vigil = open_vigil(home)
    console.print("logged out" if auth.logout(vigil) else "not logged in")


@handle_errors
def whoami_command(home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """Show the acting user (from the session or VIGIL_TOKEN), their roles and scopes."""
    actor = auth.current_actor(open_vigil(home))
    if as_json:
        print_json(actor.to_dict())
        return
    roles = ", ".join(sorted(r.value for r in actor.roles)) or "no roles"
    extra = " (scripted)" if actor.scripted else ""
    console.print(f"{actor.username}{extra}: {roles}; scopes {', '.join(actor.scopes)}")
