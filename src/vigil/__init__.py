"""Vigil: an open system for internet referral units.

The public surface is kept narrow: the core object, its settings and the errors.  Stages are
reached through their packages (``vigil.ingest.run``, ``vigil.detect.run``, ...).
"""

__version__ = "0.1.0"

from vigil.config import Settings  # noqa: E402  (after __version__, which submodules read)
from vigil.core import Vigil  # noqa: E402
from vigil.errors import (  # noqa: E402
    ConfigError,
    ExternalError,
    InputError,
    IntegrityError,
    PermissionDenied,
    StateError,
    VigilError,
)

__all__ = [
    "ConfigError",
    "ExternalError",
    "InputError",
    "IntegrityError",
    "PermissionDenied",
    "Settings",
    "StateError",
    "Vigil",
    "VigilError",
    "__version__",
]
