"""vigil users ..."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from vigil.cli._common import HomeOption, JsonOption, console, handle_errors, open_vigil, print_json
from vigil.cli.login import PasswordStdin, read_password
from vigil.review import auth
from vigil.review.roles import ACTIONS, Role

users_app = typer.Typer(
    help="Manage people, their roles and API tokens (admins). Roles: " + ", ".join(r.value for r in Role),
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")


def _show(user: dict, as_json: bool) -> None:
    if as_json:
        print_json(user)
    else:
        roles = ", ".join(user["roles"]) or "no roles"
        console.print(f"{user['username']}: {roles}" + (" (scripted)" if user["scripted"] else ""))


@users_app.command("bootstrap")
@handle_errors
def bootstrap(
    username: str = typer.Argument(..., help="The first admin's user name."),
    password_stdin: bool = PasswordStdin,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Create the first admin of a new home (refused once any user exists).

    Example:  vigil users bootstrap root
    """
    vigil = open_vigil(home)
    _show(auth.bootstrap_admin(vigil, username, read_password(password_stdin, confirm=True)), as_json)


@users_app.command("add")
@handle_errors
def add(
    username: str = typer.Argument(...),
    role: list[str] = typer.Option([], "--role", "-r", help="A role; repeat for several."),
    scripted: bool = typer.Option(False, "--scripted", help="A scripted user (the demo's): no password, flagged."),
    display_name: str | None = typer.Option(None, "--name", help="Full name."),
    password_stdin: bool = PasswordStdin,
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Add a user with roles.  Example:  vigil users add alice -r reviewer"""
    vigil = open_vigil(home)
    actor = auth.current_actor(vigil)
    password = None if scripted else read_password(password_stdin, confirm=True)
    user = auth.create_user(vigil, actor, username, role, password, scripted=scripted, display_name=display_name)
    _show(user, as_json)


@users_app.command("list")
@handle_errors
def list_(home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """List users and their roles."""
    vigil = open_vigil(home)
    rows = auth.list_users(vigil, auth.current_actor(vigil))
    if as_json:
        print_json(rows)
        return
    table = Table("user", "roles", "active", "scripted")
    for u in rows:
        table.add_row(u["username"], ", ".join(u["roles"]), str(u["active"]), str(u["scripted"]))
    console.print(table)


@users_app.command("grant")
@handle_errors
def grant(username: str, roles: list[str], home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """Give roles.  Example:  vigil users grant alice approver"""
    vigil = open_vigil(home)
    _show(auth.grant(vigil, auth.current_actor(vigil), username, roles), as_json)


@users_app.command("revoke")
@handle_errors
def revoke(username: str, roles: list[str], home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """Take roles away (effective at once, on every session and token)."""
    vigil = open_vigil(home)
    _show(auth.revoke_roles(vigil, auth.current_actor(vigil), username, roles), as_json)


@users_app.command("disable")
@handle_errors
def disable(username: str, home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """Disable a user (users are never deleted: their names stay on the record)."""
    vigil = open_vigil(home)
    _show(auth.set_active(vigil, auth.current_actor(vigil), username, False), as_json)


@users_app.command("enable")
@handle_errors
def enable(username: str, home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    vigil = open_vigil(home)
    _show(auth.set_active(vigil, auth.current_actor(vigil), username, True), as_json)


@users_app.command("passwd")
@handle_errors
def passwd(
    username: str | None = typer.Argument(None, help="Whose (default: yours; others: admin)."),
    password_stdin: bool = PasswordStdin,
    home: Path | None = HomeOption,
) -> None:
    """Change a password."""
    vigil = open_vigil(home)
    actor = auth.current_actor(vigil)
    name = username or actor.username
    auth.set_password(vigil, actor, name, read_password(password_stdin, confirm=True))
    console.print(f"password changed for {name}")


@users_app.command("token")
@handle_errors
def token(
    username: str,
    scope: list[str] = typer.Option(
        [], "--scope", "-s", help="An action (case.view), a group (case.*) or *; repeatable."
    ),
    name: str = typer.Option("", "--name", help="What the token is for."),
    days: int | None = typer.Option(None, "--days", min=1, help="Expire after N days."),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """Issue an API token.  It is shown once; only its SHA-256 is stored.

    Example:  vigil users token partner-bot -s case.view --days 90
    """
    vigil = open_vigil(home)
    out = auth.create_token(vigil, auth.current_actor(vigil), username, scope, name=name, days=days)
    if as_json:
        print_json(out)
    else:
        console.print(f"token {out['id']} for {username} ({', '.join(out['scopes'])}):")
        console.print(out["token"], highlight=False, soft_wrap=True)
        console.print("keep it now: it cannot be shown again")


@users_app.command("tokens")
@handle_errors
def tokens(
    username: str | None = typer.Argument(None),
    home: Path | None = HomeOption,
    as_json: bool = JsonOption,
) -> None:
    """List tokens (never their values)."""
    vigil = open_vigil(home)
    rows = auth.list_tokens(vigil, auth.current_actor(vigil), username)
    if as_json:
        print_json(rows)
        return
    table = Table("id", "user", "kind", "name", "scopes", "expires", "revoked")
    for t in rows:
        table.add_row(
            str(t["id"]),
            t["username"],
            t["kind"],
            t["name"],
            ", ".join(t["scopes"]),
            str(t["expires_at"] or ""),
            str(t["revoked_at"] or ""),
        )
    console.print(table)


@users_app.command("revoke-token")
@handle_errors
def revoke_token(token_id: int, home: Path | None = HomeOption) -> None:
    vigil = open_vigil(home)
    auth.revoke_token(vigil, auth.current_actor(vigil), token_id)
    console.print(f"token {token_id} revoked")


@users_app.command("demo")
@handle_errors
def demo(home: Path | None = HomeOption, as_json: bool = JsonOption) -> None:
    """Create the demo's scripted reviewer and approver (flagged scripted; same checks)."""
    vigil = open_vigil(home)
    made = auth.ensure_demo_users(vigil, auth.current_actor(vigil))
    print_json(made) if as_json else console.print(f"created: {', '.join(made) or 'none'}")


@users_app.command("actions")
def actions(as_json: bool = JsonOption) -> None:
    """Show which role may do what."""
    rows: list[dict[str, Any]] = [
        {"action": a, "roles": sorted(r.value for r in roles), "what": what} for a, (roles, what) in ACTIONS.items()
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("action", "roles", "what")
    for r in rows:
        table.add_row(r["action"], ", ".join(r["roles"]), r["what"])
    console.print(table)
