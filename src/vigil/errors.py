"""Vigil's errors, in one tree.

    VigilError                 anything Vigil raises on purpose
    +-- InputError             bad data or arguments from the user (CLI exit code 2)
    +-- ConfigError            a setting is missing or out of range (exit code 2)
    +-- ExternalError          a database, server or platform failed; retrying may help (exit 3)
    +-- StateError             an action is not allowed in the object's current state (exit 2)
    +-- PermissionDenied       the acting user lacks the role for the action (exit 2)
    +-- IntegrityError         stored data was altered: a broken audit chain, a bad signature (exit 3)

Messages say what happened, to which object, and the next step.  Only the CLI turns a
``VigilError`` into an exit code; library code raises and lets the caller decide.
"""

from __future__ import annotations

__all__ = [
    "VigilError",
    "InputError",
    "ConfigError",
    "ExternalError",
    "StateError",
    "PermissionDenied",
    "IntegrityError",
]


class VigilError(Exception):
    """Base of every error Vigil raises on purpose."""

    exit_code = 2


class InputError(VigilError):
    """Bad input: a malformed file, record or argument."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        where = ""
        if source is not None:
            where = f"{source}:{line}: " if line is not None else f"{source}: "
        super().__init__(f"{where}{message}")
        self.source = source
        self.line = line
        self.reason = message


class ConfigError(VigilError):
    """A setting is missing or out of range."""


class ExternalError(VigilError):
    """Something outside Vigil failed (database, SMTP server, platform API). Retrying may help."""

    exit_code = 3


class StateError(VigilError):
    """The action is not allowed in the object's current state."""


class PermissionDenied(VigilError):
    """The acting user does not hold the role the action needs."""


class IntegrityError(VigilError):
    """Stored data fails verification (audit chain, evidence hash, signature)."""

    exit_code = 3
