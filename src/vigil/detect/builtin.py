"""Imports the built-in detectors so they register.  Add a line here for a new detector module."""

from vigil.detect import alias  # noqa: F401
from vigil.detect import support  # noqa: F401
from vigil.detect import media  # noqa: F401
