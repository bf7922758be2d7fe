"""Imports the built-in detectors so they register.  Add a line here for a new detector module."""

from vigil.detect import alias  # noqa: F401
