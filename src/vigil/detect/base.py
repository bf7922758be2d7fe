"""The detector interface: one class per detector.

A detector has a stable ``name`` (storage key: never rename), a ``version`` (bump it when its
output can change: signals are stored per version, so a new version rescans), ``applies_to``
(which record types it reads: post, account, media), and ``detect(records)`` which yields
:class:`~vigil.domain.Signal` objects, each carrying its evidence.  Detectors rank and explain;
they never decide.

Detectors are built by a factory that receives the :class:`~vigil.core.Vigil` (to load the
registry or a model) and may return None when the detector cannot run in this home (no model
trained, no bank configured): the detect stage then skips it and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from vigil.domain.records import Account, Media, Post
from vigil.domain.signals import Signal

if TYPE_CHECKING:
    from vigil.core import Vigil

DetectableRecord = Post | Account | Media


@runtime_checkable
class Detector(Protocol):
    name: ClassVar[str]
    version: ClassVar[str]
    applies_to: ClassVar[frozenset[str]]

    def detect(self, records: Sequence[DetectableRecord]) -> Iterator[Signal]: ...


DetectorFactory = Callable[["Vigil"], Detector | None]

_FACTORIES: dict[str, DetectorFactory] = {}


def register_detector(name: str) -> Callable[[DetectorFactory], DetectorFactory]:
    """Decorator for a factory ``(vigil) -> Detector | None``; names must be unique."""

    def deco(factory: DetectorFactory) -> DetectorFactory:
        if name in _FACTORIES and _FACTORIES[name] is not factory:
            raise ValueError(f"a detector named {name!r} is already registered")
        _FACTORIES[name] = factory
        return factory

    return deco


def detector_factories() -> dict[str, DetectorFactory]:
    from vigil.detect import builtin  # noqa: F401  (registers the built-in detectors)

    return dict(_FACTORIES)
