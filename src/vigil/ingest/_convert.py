"""Small conversions shared by the readers: timestamps, numbers, JSON paths, safe media paths.

Every helper raises :class:`Bad` with a reason a user can act on; readers turn it into a
:class:`~vigil.ingest.base.Reject` naming the file and line or JSON path."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vigil.ingest.textio import sha256_file


class Bad(Exception):
    """A record that cannot be read; ``path`` is the JSON path or field it failed at."""

    def __init__(self, reason: str, path: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path


def explain(exc: Exception) -> tuple[str, str | None]:
    """(reason, field path) for an error raised while building a record."""
    if isinstance(exc, Bad):
        return exc.reason, exc.path
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "(record)"
        return f"field {field!r}: {err['msg']}", None
    return f"{exc.__class__.__name__}: {exc}", None


#: What a reader catches around one record: bad shapes of the input, never bugs elsewhere.
RECORD_ERRORS = (
    Bad,
    ValidationError,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    OverflowError,
    RecursionError,
)


def utc_from_unix(value: Any, field: str) -> datetime:
    """A UTC datetime from seconds since the epoch (int, float or a string of digits)."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise Bad(f"{field} {value!r} is not a number of seconds", field) from None
    if not math.isfinite(seconds) or not (0 <= seconds < 32503680000):  # years 1970 to 3000
        raise Bad(f"{field} {value!r} is out of range", field)
    return datetime.fromtimestamp(seconds, tz=UTC)


def utc_from_iso(value: Any, field: str) -> datetime:
    """A UTC datetime from an ISO 8601 string with an offset or 'Z'."""
    if not isinstance(value, str):
        raise Bad(f"{field} {value!r} is not a date string", field)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Bad(f"{field} {value!r} is not an ISO 8601 date", field) from None
    if parsed.tzinfo is None:
        raise Bad(f"{field} {value!r} has no time zone", field)
    return parsed.astimezone(UTC)


def count(value: Any) -> int | None:
    """A non-negative count, or None when absent or not a count."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def counts(obj: Any, names: dict[str, str]) -> dict[str, int]:
    """Pick the counts named in ``names`` (source key -> metric name) from a dict."""
    if not isinstance(obj, dict):
        return {}
    out: dict[str, int] = {}
    for key, metric in names.items():
        n = count(obj.get(key))
        if n is not None:
            out[metric] = n
    return out


def text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def as_id(value: Any, field: str) -> str:
    """A platform id: a non-empty string or a non-negative integer, as a string."""
    if isinstance(value, bool):
        raise Bad(f"{field} {value!r} is not an id", field)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise Bad(f"missing or empty {field}", field)


def local_media(base: Path, relative: str) -> tuple[str, str] | None:
    """(absolute path, sha256) of an export's media file, or None when it is not there.

    Raises :class:`Bad` when the path leaves the export folder: an export cannot make Vigil
    read, and store, files from elsewhere on the machine."""
    root = base.resolve()
    try:
        target = (root / relative).resolve()
    except (OSError, ValueError, RuntimeError):
        return None
    if not target.is_relative_to(root):
        raise Bad(f"media path {relative!r} points outside the export folder")
    try:
        if not target.is_file():
            return None
        return str(target), sha256_file(target)
    except OSError:
        return None
