"""Live collectors: X API v2 (httpx) and Telegram (Telethon), behind one interface."""

from vigil.ingest.collectors.base import (
    Batch,
    Checkpoint,
    Collector,
    load_checkpoint,
    run_collector,
    save_checkpoint,
)
from vigil.ingest.collectors.telegram import TelegramChannel
from vigil.ingest.collectors.x_api import XRecentSearch, XUserTimeline

__all__ = [
    "Batch",
    "Checkpoint",
    "Collector",
    "TelegramChannel",
    "XRecentSearch",
    "XUserTimeline",
    "load_checkpoint",
    "run_collector",
    "save_checkpoint",
]
