"""Reports: headline metrics, compliance per platform, transparency outputs."""

from vigil.report.metrics import headline

__all__ = ["headline"]
