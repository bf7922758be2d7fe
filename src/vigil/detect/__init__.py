"""Detect stage: records in, Signals out.  One public entry: :func:`run`."""

from vigil.detect.base import Detector, detector_factories, register_detector
from vigil.detect.stage import DetectSummary, active_versions, run

__all__ = ["DetectSummary", "Detector", "active_versions", "detector_factories", "register_detector", "run"]
