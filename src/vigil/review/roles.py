"""Roles and the action matrix: which role may do what.

The matrix is data, so the CLI, the API and the tests read the same table.  Admins manage
people but do not decide cases, and auditors only read: separation of duties is the point.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ANALYST = "analyst"
    REVIEWER = "reviewer"
    APPROVER = "approver"
    LIAISON = "liaison"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    ADMIN = "admin"


A, R, P, L, S, U, D = (
    Role.ANALYST,
    Role.REVIEWER,
    Role.APPROVER,
    Role.LIAISON,
    Role.SUPERVISOR,
    Role.AUDITOR,
    Role.ADMIN,
)

#: action -> (roles that may do it, what it means).  Action names are storage keys for token
#: scopes: never rename one once released.
ACTIONS: dict[str, tuple[frozenset[Role], str]] = {
    "queue.view": (frozenset({A, R, P, L, S}), "see the review queue"),
    "case.view": (frozenset({A, R, P, L, S, U}), "read a case and its evidence"),
    "case.propose": (frozenset({A}), "propose an account as a case"),
    "case.decide": (frozenset({R}), "decide a case"),
    "case.approve": (frozenset({P}), "approve a decision (second person)"),
    "request.send": (frozenset({L}), "send a removal request to a platform"),
    "request.respond": (frozenset({L}), "record a platform's answer"),
    "evidence.capture": (frozenset({A, R}), "preserve content as evidence"),
    "evidence.export": (frozenset({R, L, S, U}), "export an evidence package"),
    "evidence.retention": (frozenset({S}), "set removal dates, legal holds, purge evidence"),
    "appeal.record": (frozenset({L, S}), "record an appeal"),
    "appeal.review": (frozenset({R}), "re-review an appeal"),
    "appeal.view": (frozenset({R, L, S, U}), "list and read appeals"),
    "audit.verify": (frozenset({S, U, D}), "verify the audit chain"),
    "audit.export": (frozenset({S, U}), "export the audit log"),
    "metrics.view": (frozenset({S, U}), "read error and process metrics"),
    "users.manage": (frozenset({D}), "create users, grant roles, issue and revoke tokens"),
}


def parse_roles(names: list[str] | tuple[str, ...]) -> list[Role]:
    """Role names from the user, checked; the message lists the valid ones."""
    out: list[Role] = []
    for name in names:
        try:
            out.append(Role(name.strip().lower()))
        except ValueError:
            valid = ", ".join(r.value for r in Role)
            raise ValueError(f"unknown role {name!r}; roles are: {valid}") from None
    return sorted(set(out), key=list(Role).index)


def roles_for(action: str) -> frozenset[Role]:
    try:
        return ACTIONS[action][0]
    except KeyError:
        raise KeyError(f"unknown action {action!r}") from None
