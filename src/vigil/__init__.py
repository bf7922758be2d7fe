"""Vigil: an open system for internet referral units.

The public surface is kept narrow: the core object, the stage entry points and the errors.
"""

from vigil.errors import (
    ConfigError,
    ExternalError,
    InputError,
    IntegrityError,
    PermissionDenied,
    StateError,
    VigilError,
)

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "ExternalError",
    "InputError",
    "IntegrityError",
    "PermissionDenied",
    "StateError",
    "VigilError",
    "__version__",
]
