"""Who is acting: users, passwords, tokens, sessions, and the role check every service makes.

* Passwords are hashed with argon2id (argon2-cffi); the hash carries its own parameters.
* Tokens are random (``secrets``), shown once, and stored only as their SHA-256: a stolen
  database gives no usable token.  Tokens carry scopes (action names, ``case.*`` or ``*``) and
  can be revoked.  ``vigil login`` makes a session token and keeps it in ``$VIGIL_HOME/session``
  (mode 0600).
* The acting user comes from that session file or from ``VIGIL_TOKEN``
  (:func:`current_actor`), never from a free-text name.  :func:`authorize` then checks the
  user's *current* roles in the database, so revoking a role takes effect at once.
* Scripted users (the demo's ``demo-reviewer`` and ``demo-approver``) have no password, are
  flagged ``scripted`` on everything they do, and pass the same checks as people.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, select, update

from vigil.core import Vigil
from vigil.errors import InputError, PermissionDenied, StateError
from vigil.review._db import inserted_id
from vigil.review.roles import ACTIONS, Role, parse_roles
from vigil.store import audit
from vigil.store.tables_review import api_tokens, users

TOKEN_PREFIX = "vgl_"
SESSION_FILE = "session"
SESSION_HOURS = 12
SYSTEM = "system"  # actor name for bootstrap events, before any user exists

_hasher = PasswordHasher()


@dataclass(frozen=True)
class Actor:
    """An authenticated user, as the services see them."""

    username: str
    roles: frozenset[Role]
    scripted: bool = False
    scopes: tuple[str, ...] = ("*",)
    token_id: int | None = None
    user_id: int | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "roles": sorted(r.value for r in self.roles),
            "scripted": self.scripted,
            "scopes": list(self.scopes),
        }


# --- the check ---------------------------------------------------------------------------


def authorize(vigil: Vigil, actor: Actor | str, action: str) -> Actor:
    """Refuse ``action`` unless ``actor`` holds a role for it (now) and a token scope covers it.

    ``actor`` is an authenticated Actor, or the name of a *scripted* user (the demo's); a
    person's name alone is refused.  Returns the actor refreshed from the database.  Raises
    PermissionDenied naming the role the action needs.
    """
    if isinstance(actor, str):
        actor = scripted_actor(vigil, actor)
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    needed, what = ACTIONS[action]
    current = _refresh(vigil, actor)
    if not current.roles & needed:
        names = " or ".join(sorted(r.value for r in needed))
        has = ", ".join(sorted(r.value for r in current.roles)) or "no roles"
        raise PermissionDenied(
            f"{current.username} may not {what} ({action}): that needs the role {names}; "
            f"{current.username} has {has}. An admin can grant it: "
            f"vigil users grant {current.username} {sorted(r.value for r in needed)[0]}"
        )
    if not scope_allows(current.scopes, action):
        raise PermissionDenied(
            f"the token in use for {current.username} is not scoped for {action} "
            f"(scopes: {', '.join(current.scopes)}); use a token with that scope or log in"
        )
    return current


def scope_allows(scopes: tuple[str, ...] | list[str], action: str) -> bool:
    group = action.split(".", 1)[0]
    return any(s in ("*", action, f"{group}.*") for s in scopes)


def _refresh(vigil: Vigil, actor: Actor) -> Actor:
    """The actor as the database has them now: roles, and whether their token still holds."""
    with vigil.read() as conn:
        row = conn.execute(select(users).where(users.c.username == actor.username)).first()
        tok = None
        if actor.token_id is not None:
            tok = conn.execute(
                select(api_tokens.c.revoked_at, api_tokens.c.expires_at).where(api_tokens.c.id == actor.token_id)
            ).first()
    if row is None or not row.active:
        raise PermissionDenied(f"user {actor.username!r} does not exist or is disabled")
    if actor.token_id is not None and (
        tok is None or tok.revoked_at is not None or (tok.expires_at is not None and tok.expires_at <= _now())
    ):
        raise PermissionDenied(f"token {actor.token_id} is revoked or expired: log in again (vigil login)")
    return Actor(
        username=row.username,
        roles=frozenset(Role(r) for r in row.roles),
        scripted=row.scripted,
        scopes=actor.scopes,
        token_id=actor.token_id,
        user_id=row.id,
    )


# --- users -------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _user_row(conn: Connection, username: str) -> Any:
    row = conn.execute(select(users).where(users.c.username == username)).first()
    if row is None:
        raise InputError(f"no user {username!r}; list them with: vigil users list")
    return row


def _user_view(row: Any) -> dict[str, Any]:
    return {
        "username": row.username,
        "display_name": row.display_name,
        "roles": list(row.roles),
        "scripted": row.scripted,
        "active": row.active,
        "has_password": row.password_hash is not None,
    }


def _check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 128 or any(c.isspace() for c in name):
        raise InputError(f"invalid username {username!r}: 1-128 characters, no spaces")
    return name


def _check_password(password: str) -> str:
    if len(password) < 8:
        raise InputError("the password is too short: use at least 8 characters")
    return password


def _roles(names: list[str] | tuple[str, ...]) -> list[Role]:
    try:
        return parse_roles(names)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _insert_user(
    conn: Connection,
    by: str,
    username: str,
    roles: list[Role],
    password: str | None,
    *,
    scripted: bool = False,
    display_name: str | None = None,
) -> dict[str, Any]:
    name = _check_username(username)
    if conn.execute(select(users.c.id).where(users.c.username == name)).first():
        raise StateError(f"user {name!r} already exists; change roles with: vigil users grant")
    pw = _check_password(password) if password is not None else None
    row = {
        "username": name,
        "display_name": display_name,
        "password_hash": _hasher.hash(pw) if pw else None,
        "roles": [r.value for r in roles],
        "scripted": scripted,
        "active": True,
        "created_at": _now(),
    }
    conn.execute(users.insert(), row)
    after = {k: row[k] for k in ("username", "roles", "scripted", "active")}
    audit.append(conn, actor=by, action="user.create", object_type="user", object_id=name, after=after)
    return after


def bootstrap_admin(vigil: Vigil, username: str, password: str) -> dict[str, Any]:
    """Create the first user, an admin.  Refused once any user exists."""
    with vigil.begin() as conn:
        if conn.execute(select(users.c.id).limit(1)).first():
            raise StateError(
                "users already exist: the first admin is created only once. Ask an admin to run: vigil users add"
            )
        return _insert_user(conn, SYSTEM, username, [Role.ADMIN], password)


def create_user(
    vigil: Vigil,
    actor: Actor,
    username: str,
    roles: list[str],
    password: str | None,
    *,
    scripted: bool = False,
    display_name: str | None = None,
) -> dict[str, Any]:
    """Create a user.  A person needs a password; a scripted user must not have one."""
    admin = authorize(vigil, actor, "users.manage")
    if scripted == (password is not None):
        raise InputError("a scripted user has no password" if scripted else "a person needs a password")
    with vigil.begin() as conn:
        return _insert_user(
            conn,
            admin.username,
            username,
            _roles(roles),
            password,
            scripted=scripted,
            display_name=display_name,
        )


def list_users(vigil: Vigil, actor: Actor) -> list[dict[str, Any]]:
    authorize(vigil, actor, "users.manage")
    with vigil.read() as conn:
        return [_user_view(r) for r in conn.execute(select(users).order_by(users.c.username))]


def _change_user(vigil: Vigil, actor: Actor, username: str, action: str, **values: Any) -> dict:
    admin = authorize(vigil, actor, "users.manage")
    with vigil.begin() as conn:
        row = _user_row(conn, username)
        before = _user_view(row)
        conn.execute(update(users).where(users.c.id == row.id).values(**values))
        after = _user_view(_user_row(conn, username))
        audit.append(
            conn,
            actor=admin.username,
            action=action,
            object_type="user",
            object_id=username,
            before=before,
            after=after,
        )
        return after


def grant(vigil: Vigil, actor: Actor, username: str, roles: list[str]) -> dict[str, Any]:
    with vigil.read() as conn:
        current = list(_user_row(conn, username).roles)
    new = _roles([*current, *roles])
    return _change_user(vigil, actor, username, "user.grant", roles=[r.value for r in new])


def revoke_roles(vigil: Vigil, actor: Actor, username: str, roles: list[str]) -> dict[str, Any]:
    drop = {r.value for r in _roles(roles)}
    with vigil.read() as conn:
        current = list(_user_row(conn, username).roles)
    keep = [r for r in current if r not in drop]
    return _change_user(vigil, actor, username, "user.revoke", roles=keep)


def set_active(vigil: Vigil, actor: Actor, username: str, active: bool) -> dict[str, Any]:
    if not active and actor.username == username:
        raise StateError("you cannot disable yourself; ask another admin")
    action = "user.enable" if active else "user.disable"
    return _change_user(vigil, actor, username, action, active=active)


def set_password(vigil: Vigil, actor: Actor, username: str, password: str) -> dict[str, Any]:
    """Users change their own password; admins may reset anyone's (not a scripted user's)."""
    if actor.username != username:
        authorize(vigil, actor, "users.manage")
    pw = _check_password(password)
    with vigil.begin() as conn:
        row = _user_row(conn, username)
        if row.scripted:
            raise StateError(f"{username} is a scripted user: it has no password")
        conn.execute(update(users).where(users.c.id == row.id).values(password_hash=_hasher.hash(pw)))
        # the hash itself is never written to the log
        audit.append(
            conn,
            actor=actor.username,
            action="user.password",
            object_type="user",
            object_id=username,
        )
    return _user_view(row)


# --- tokens and sessions -----------------------------------------------------------------


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _issue(
    conn: Connection,
    user_id: int,
    kind: str,
    scopes: list[str],
    name: str,
    expires_at: datetime | None,
) -> tuple[int, str]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    result = conn.execute(
        api_tokens.insert().values(
            user_id=user_id,
            token_sha256=token_hash(raw),
            kind=kind,
            name=name,
            scopes=scopes,
            created_at=_now(),
            expires_at=expires_at,
        )
    )
    return inserted_id(result), raw


def _check_scopes(scopes: list[str]) -> list[str]:
    for s in scopes:
        if s != "*" and s not in ACTIONS and not (s.endswith(".*") and any(a.startswith(s[:-1]) for a in ACTIONS)):
            raise InputError(f"unknown scope {s!r}; use an action such as case.view, a group such as case.*, or *")
    return scopes


def create_token(
    vigil: Vigil,
    actor: Actor,
    username: str,
    scopes: list[str],
    *,
    name: str = "",
    days: int | None = None,
) -> dict[str, Any]:
    """Issue an API token for ``username``; the raw token is in the result, shown only once."""
    admin = authorize(vigil, actor, "users.manage")
    scopes = _check_scopes(scopes or ["*"])
    expires = _now() + timedelta(days=days) if days else None
    with vigil.begin() as conn:
        row = _user_row(conn, username)
        token_id, raw = _issue(conn, row.id, "api", scopes, name, expires)
        audit.append(
            conn,
            actor=admin.username,
            action="token.create",
            object_type="token",
            object_id=token_id,
            after={"user": username, "scopes": scopes, "name": name, "expires_at": expires},
        )
    return {"id": token_id, "token": raw, "user": username, "scopes": scopes, "expires_at": expires}


def list_tokens(vigil: Vigil, actor: Actor, username: str | None = None) -> list[dict]:
    authorize(vigil, actor, "users.manage")
    q = select(api_tokens, users.c.username).join(users, users.c.id == api_tokens.c.user_id)
    if username:
        q = q.where(users.c.username == username)
    with vigil.read() as conn:
        rows = conn.execute(q.order_by(api_tokens.c.id)).mappings().all()
    return [
        {
            k: r[k]
            for k in (
                "id",
                "username",
                "kind",
                "name",
                "scopes",
                "created_at",
                "expires_at",
                "revoked_at",
                "last_used_at",
            )
        }
        for r in rows
    ]


def revoke_token(vigil: Vigil, actor: Actor, token_id: int) -> None:
    admin = authorize(vigil, actor, "users.manage")
    _revoke(vigil, admin.username, token_id)


def _revoke(vigil: Vigil, by: str, token_id: int) -> None:
    with vigil.begin() as conn:
        row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
        if row is None:
            raise InputError(f"no token {token_id}; list them with: vigil users tokens")
        if row.revoked_at is not None:
            return
        conn.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(revoked_at=_now()))
        audit.append(conn, actor=by, action="token.revoke", object_type="token", object_id=token_id)


def login(vigil: Vigil, username: str, password: str, *, hours: int = SESSION_HOURS) -> Actor:
    """Check the password, open a session and keep its token in ``$VIGIL_HOME/session``."""
    refused = PermissionDenied(f"login refused for {username!r}: wrong user name or password")
    with vigil.begin() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).first()
        if row is None or not row.active or row.password_hash is None:
            raise refused
        try:
            _hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise refused from None
        if _hasher.check_needs_rehash(row.password_hash):
            conn.execute(update(users).where(users.c.id == row.id).values(password_hash=_hasher.hash(password)))
        token_id, raw = _issue(conn, row.id, "session", ["*"], "login", _now() + timedelta(hours=hours))
        audit.append(conn, actor=username, action="session.login", object_type="token", object_id=token_id)
    write_session(vigil, raw)
    return Actor(
        username=row.username,
        roles=frozenset(Role(r) for r in row.roles),
        token_id=token_id,
        user_id=row.id,
    )


def write_session(vigil: Vigil, raw: str) -> Path:
    path = vigil.path(SESSION_FILE)
    path.unlink(missing_ok=True)
    # created 0600 from the start: no moment where another user could read it
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(raw + "\n")
    return path


def logout(vigil: Vigil) -> bool:
    """Revoke the session token and remove the session file.  False when not logged in."""
    path = vigil.home / SESSION_FILE
    if not path.exists():
        return False
    raw = path.read_text().strip()
    with vigil.read() as conn:
        row = conn.execute(
            select(api_tokens.c.id, users.c.username)
            .join(users, users.c.id == api_tokens.c.user_id)
            .where(api_tokens.c.token_sha256 == token_hash(raw))
        ).first()
    if row is not None:
        _revoke(vigil, row.username, row.id)
    path.unlink()
    return True


def actor_from_token(vigil: Vigil, raw: str) -> Actor:
    """The user a raw token belongs to, if the token is live; PermissionDenied otherwise."""
    raw = raw.strip()
    with vigil.begin() as conn:
        row = conn.execute(
            select(api_tokens, users.c.username, users.c.roles, users.c.scripted, users.c.active)
            .join(users, users.c.id == api_tokens.c.user_id)
            .where(api_tokens.c.token_sha256 == token_hash(raw))
        ).first()
        if row is None:
            raise PermissionDenied("unknown token: log in again (vigil login) or ask for a token")
        if row.revoked_at is not None:
            raise PermissionDenied(f"token {row.id} was revoked: log in again (vigil login)")
        if row.expires_at is not None and row.expires_at <= _now():
            raise PermissionDenied(f"token {row.id} has expired: log in again (vigil login)")
        if not row.active:
            raise PermissionDenied(f"user {row.username!r} is disabled")
        conn.execute(update(api_tokens).where(api_tokens.c.id == row.id).values(last_used_at=_now()))
    return Actor(
        username=row.username,
        roles=frozenset(Role(r) for r in row.roles),
        scripted=row.scripted,
        scopes=tuple(row.scopes),
        token_id=row.id,
    )



def current_actor(vigil: Vigil, token: str | None = None) -> Actor:
    """The acting user: an explicit token (the API's bearer), else VIGIL_TOKEN, else the
    session saved by ``vigil login``."""
    raw = token or os.environ.get("VIGIL_TOKEN")
    if not raw:
        path = vigil.home / SESSION_FILE
        if not path.exists():
            raise PermissionDenied("not logged in: run `vigil login USER` or set VIGIL_TOKEN")
        if path.stat().st_mode & 0o077:  # like ssh with a private key: others may have read it
            raise PermissionDenied(f"{path} is readable by other users; the session is not used. Log in again.")
        raw = path.read_text()
    return actor_from_token(vigil, raw)


# --- scripted users ----------------------------------------------------------------------

DEMO_USERS: dict[str, list[str]] = {
    "demo-reviewer": [Role.REVIEWER.value],
    "demo-approver": [Role.APPROVER.value],
    "demo-liaison": [Role.LIAISON.value],
}


def scripted_actor(vigil: Vigil, username: str) -> Actor:
    """Act as a scripted user (the demo's reviewer or approver).  Only users created with
    ``scripted=True`` qualify, and what they do still goes through :func:`authorize`."""
    with vigil.read() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).first()
    if row is None or not row.scripted:
        raise PermissionDenied(f"{username!r} is not a scripted user; people must log in")
    if not row.active:
        raise PermissionDenied(f"user {username!r} is disabled")
    return Actor(
        username=row.username,
        roles=frozenset(Role(r) for r in row.roles),
        scripted=True,
        user_id=row.id,
    )


def ensure_scripted_users(vigil: Vigil, wanted: dict[str, list[str]], *, by: str = "system:demo") -> list[str]:
    """Create the scripted users in ``wanted`` that are missing; return their names.

    For in-process callers that run a scripted workflow (the demo, tests).  Nobody can log in
    as a scripted user, and the CLI and API offer only the admin's way (ensure_demo_users).
    A person's account is never turned into a scripted one.
    """
    made = []
    with vigil.begin() as conn:
        for name, roles in wanted.items():
            row = conn.execute(select(users.c.scripted).where(users.c.username == name)).first()
            if row is not None and not row.scripted:
                raise StateError(f"{name!r} is a person's account, not a scripted user")
            if row is None:
                _insert_user(conn, by, name, _roles(roles), None, scripted=True)
                made.append(name)
    return made


def ensure_demo_users(vigil: Vigil, actor: Actor) -> list[str]:
    """Create the demo's scripted reviewer and approver if missing (an admin's act)."""
    made = []
    with vigil.read() as conn:
        have = set(conn.execute(select(users.c.username)).scalars())
    for name, roles in DEMO_USERS.items():
        if name not in have:
            create_user(vigil, actor, name, roles, None, scripted=True)
            made.append(name)
    return made
