"""Imports the built-in detectors so they register.  Add a module here for a new detector."""

from vigil.detect import (  # noqa: F401  (imported for their @register_detector side effect)
    alias,
    media,
    support,
)
