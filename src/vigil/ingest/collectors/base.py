"""Live collectors: one small interface, resumable through checkpoints.

A collector yields :class:`Batch` es: the items fetched (records, rejects) and the checkpoint
that holds once they are stored.  :func:`run_collector` stores each batch, then saves its
checkpoint; a collector stopped anywhere and started again resumes from the last saved
checkpoint, and whatever it fetches twice is stored once (the store is keyed by platform id).
This is the ``fetch_iter(checkpoint)`` shape of python-threatexchange's SignalExchangeAPI.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from vigil.core import Vigil
from vigil.errors import StateError
from vigil.ingest.base import Item
from vigil.ingest.stage import Importer, IngestSummary

Checkpoint = dict[str, Any]


@dataclass
class Batch:
    items: list[Item]
    checkpoint: Checkpoint = field(default_factory=dict)


class Collector(Protocol):
    name: ClassVar[str]

    @property
    def key(self) -> str:
        """What this collector follows (a query, a user, a channel): names its checkpoint."""
        ...

    def collect(self, checkpoint: Checkpoint) -> Iterator[Batch]: ...


def checkpoint_path(vigil: Vigil, collector: Collector) -> Path:
    digest = hashlib.sha256(collector.key.encode()).hexdigest()[:16]
    return vigil.path("checkpoints", f"{collector.name}-{digest}.json")


def load_checkpoint(vigil: Vigil, collector: Collector) -> Checkpoint:
    path = checkpoint_path(vigil, collector)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StateError(f"checkpoint {path} cannot be read ({exc}); delete it to collect from the start") from exc
    if not isinstance(data, dict) or data.get("key") != collector.key:
        raise StateError(f"checkpoint {path} is not for {collector.key!r}; delete it")
    state = data.get("checkpoint")
    return state if isinstance(state, dict) else {}


def save_checkpoint(vigil: Vigil, collector: Collector, checkpoint: Checkpoint) -> None:
    path = checkpoint_path(vigil, collector)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"key": collector.key, "checkpoint": checkpoint}), encoding="utf-8")
    os.replace(tmp, path)  # atomic: a crash leaves the old checkpoint or the new one


def run_collector(vigil: Vigil, collector: Collector, *, rejects_path: Path | None = None) -> IngestSummary:
    """Collect from the last checkpoint on, storing each batch before saving its checkpoint."""
    importer = Importer(vigil, rejects_path, None)
    try:
        for batch in collector.collect(load_checkpoint(vigil, collector)):
            importer.items(batch.items)
            save_checkpoint(vigil, collector, batch.checkpoint)
    finally:
        importer.close()
    return importer.summary
