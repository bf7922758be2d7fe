"""Users, passwords, tokens, sessions and the role check."""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from vigil.config import Settings
from vigil.core import Vigil
from vigil.errors import InputError, PermissionDenied, StateError
from vigil.review import auth
from vigil.review.roles import ACTIONS, Role
from vigil.store.tables_review import api_tokens, users

MakeUser = Callable[..., auth.Actor]

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # dialect-neutral logic


@SQLITE_ONLY
def test_first_admin_only_once(vigil: Vigil, admin: auth.Actor) -> None:
    assert admin.roles == {Role.ADMIN}
    with pytest.raises(StateError, match="only once"):
        auth.bootstrap_admin(vigil, "second", "another password")


@SQLITE_ONLY
def test_passwords_are_argon2_hashes(vigil: Vigil, admin: auth.Actor) -> None:
    auth.create_user(vigil, admin, "alice", ["analyst"], "alice-secret-1")
    with vigil.read() as conn:
        stored = conn.execute(select(users.c.password_hash).where(users.c.username == "alice")).scalar_one()
    assert stored.startswith("$argon2id$") and "alice-secret-1" not in stored
    with pytest.raises(PermissionDenied, match="wrong user name or password"):
        auth.login(vigil, "alice", "alice-secret-2")
    assert auth.login(vigil, "alice", "alice-secret-1").username == "alice"


def test_login_writes_a_private_session_that_logout_revokes(vigil: Vigil, admin: auth.Actor) -> None:
    path = vigil.home / auth.SESSION_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_text().strip()
    assert auth.current_actor(vigil).username == "root"
    with vigil.read() as conn:
        stored = conn.execute(select(api_tokens.c.token_sha256)).scalars().all()
    assert hashlib.sha256(raw.encode()).hexdigest() in stored
    assert raw not in stored  # only the hash is at rest
    path.chmod(0o644)
    with pytest.raises(PermissionDenied, match="readable by other users"):
        auth.current_actor(vigil)
    path.chmod(0o600)
    assert auth.logout(vigil)
    with pytest.raises(PermissionDenied, match="not logged in"):
        auth.current_actor(vigil)
    with pytest.raises(PermissionDenied, match="revoked"):
        auth.current_actor(vigil, token=raw)


@SQLITE_ONLY
def test_vigil_token_env_names_the_actor(vigil: Vigil, admin: auth.Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    auth.create_user(vigil, admin, "lia", ["liaison"], "liaison-pass")
    tok = auth.create_token(vigil, admin, "lia", ["request.*"])
    monkeypatch.setenv("VIGIL_TOKEN", tok["token"])
    actor = auth.current_actor(vigil)
    assert actor.username == "lia" and actor.scopes == ("request.*",)
    auth.authorize(vigil, actor, "request.send")
    with pytest.raises(PermissionDenied, match="not scoped for appeal.record"):
        auth.authorize(vigil, actor, "appeal.record")  # liaison role, but not in scope
    auth.revoke_token(vigil, admin, tok["id"])
    with pytest.raises(PermissionDenied, match="revoked"):
        auth.current_actor(vigil)
    with pytest.raises(PermissionDenied, match="revoked or expired"):
        auth.authorize(vigil, actor, "request.send")  # an actor already in hand loses it too


def test_expired_and_unknown_tokens_are_refused(vigil: Vigil, admin: auth.Actor) -> None:
    tok = auth.create_token(vigil, admin, "root", ["*"], days=1)
    with vigil.begin() as conn:
        conn.execute(
            update(api_tokens)
            .where(api_tokens.c.id == tok["id"])
            .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    with pytest.raises(PermissionDenied, match="expired"):
        auth.actor_from_token(vigil, tok["token"])
    with pytest.raises(PermissionDenied, match="unknown token"):
        auth.actor_from_token(vigil, "vgl_made-up")


def test_role_changes_apply_at_once(vigil: Vigil, admin: auth.Actor, make_user: MakeUser) -> None:
    bob = make_user("bob", "reviewer")
    auth.authorize(vigil, bob, "case.decide")
    auth.revoke_roles(vigil, admin, "bob", ["reviewer"])
    with pytest.raises(PermissionDenied, match="needs the role reviewer"):
        auth.authorize(vigil, bob, "case.decide")  # same token, role gone
    auth.grant(vigil, admin, "bob", ["reviewer"])
    auth.set_active(vigil, admin, "bob", False)
    with pytest.raises(PermissionDenied, match="disabled"):
        auth.authorize(vigil, bob, "case.decide")


@SQLITE_ONLY
def test_user_management_is_audited_without_secrets(vigil: Vigil, admin: auth.Actor) -> None:
    auth.create_user(vigil, admin, "carol", ["auditor"], "carol-password")
    auth.set_password(vigil, admin, "carol", "carol-password-2")
    with vigil.read() as conn:
        rows = conn.execute(text("SELECT actor, action, object_id FROM audit_events ORDER BY seq")).all()
        dump = str(conn.execute(text("SELECT * FROM audit_events")).all())
    assert ("root", "user.create", "carol") in [tuple(r) for r in rows]
    assert ("root", "user.password", "carol") in [tuple(r) for r in rows]
    assert "argon2" not in dump and "carol-password" not in dump


@SQLITE_ONLY
def test_bad_input_is_explained(vigil: Vigil, admin: auth.Actor) -> None:
    with pytest.raises(InputError, match="unknown role 'boss'; roles are: analyst"):
        auth.create_user(vigil, admin, "dave", ["boss"], "dave-password")
    with pytest.raises(InputError, match="too short"):
        auth.create_user(vigil, admin, "dave", ["analyst"], "short")
    with pytest.raises(InputError, match="unknown scope"):
        auth.create_token(vigil, admin, "root", ["cases.everything"])


@SQLITE_ONLY
def test_scripted_users_cannot_log_in_but_pass_the_same_checks(vigil: Vigil, admin: auth.Actor) -> None:
    assert auth.ensure_demo_users(vigil, admin) == ["demo-reviewer", "demo-approver", "demo-liaison"]
    reviewer = auth.scripted_actor(vigil, "demo-reviewer")
    assert reviewer.scripted
    auth.authorize(vigil, reviewer, "case.decide")
    with pytest.raises(PermissionDenied, match="needs the role approver"):
        auth.authorize(vigil, reviewer, "case.approve")
    with pytest.raises(PermissionDenied, match="wrong user name or password"):
        auth.login(vigil, "demo-reviewer", "")
    with pytest.raises(PermissionDenied, match="not a scripted user"):
        auth.scripted_actor(vigil, "root")  # people cannot be impersonated this way


# --- the action matrix: every role is refused every action it lacks -----------------------


@pytest.fixture(scope="module")
def one_per_role(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vigil, dict[Role, auth.Actor]]]:
    # one home for the whole matrix: nothing below changes it
    vigil = Vigil(Settings(home=tmp_path_factory.mktemp("matrix") / "home"))
    auth.ensure_scripted_users(vigil, {f"u-{r.value}": [r.value] for r in Role}, by="test")
    actors = {}
    with vigil.begin() as conn:
        for role in Role:
            uid = conn.execute(select(users.c.id).where(users.c.username == f"u-{role}")).scalar_one()
            _, raw = auth._issue(conn, uid, "api", ["*"], "matrix", None)
            actors[role] = raw
    yield vigil, {role: auth.actor_from_token(vigil, raw) for role, raw in actors.items()}
    vigil.close()


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_action_matrix(one_per_role: tuple[Vigil, dict[Role, auth.Actor]], action: str) -> None:
    vigil, actors = one_per_role
    allowed = ACTIONS[action][0]
    for role, actor in actors.items():
        if role in allowed:
            assert auth.authorize(vigil, actor, action).username == actor.username
        else:
            with pytest.raises(PermissionDenied) as err:
                auth.authorize(vigil, actor, action)
            assert all(r.value in str(err.value) for r in allowed), str(err.value)
            assert action in str(err.value)
