"""The PDQ index of every matchable bank entry, cached on disk and kept current in place.

The cache lives under ``<home>/media/pdq-index``: the saved :class:`PDQIndex`, the bank entry id
of each slot (``entry_ids.npy``) and a stamp of what it was built from.  Opening it reads the
database only for the PDQ entries changed since the stamp (``updated_at``, which every add and
status change sets): new and reactivated entries are added, retired and disputed ones removed,
both without a rebuild.  A full rebuild from the database happens only when there is no usable
cache (none yet, another threshold, an older format) or when the patched index does not hold
exactly the matchable entries the database counts.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import case, func, or_, select

from vigil.core import Vigil
from vigil.errors import InputError
from vigil.media.banks import MATCHABLE
from vigil.media.pdq_index import PDQIndex, hex_to_array
from vigil.store.tables_media import media_bank_entries

__all__ = ["cached_pdq_index"]

STAMP_VERSION = 2
_E = media_bank_entries


def cached_pdq_index(vigil: Vigil, threshold: int) -> tuple[PDQIndex, np.ndarray]:
    """The PDQ index of every matchable entry and the entry id of each slot."""
    folder = vigil.path("media", "pdq-index", "stamp.json").parent
    # One process at a time checks and writes the cache: a patch written into a folder that
    # another process has just rebuilt (and renumbered) would tombstone the wrong slots.
    with open(folder.parent / ".pdq-index.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _current(vigil, folder, threshold)


def _current(vigil: Vigil, folder: Path, threshold: int) -> tuple[PDQIndex, np.ndarray]:
    now = _stamp(vigil, threshold)
    try:
        old = json.loads((folder / "stamp.json").read_text())
        if old.get("version") == STAMP_VERSION and old.get("threshold") == threshold:
            index, ids = PDQIndex.load(folder), np.load(folder / "entry_ids.npy")
            if old == now:
                return index, ids
            patched = _patch(vigil, folder, index, ids, old, now)
            if patched is not None:
                return patched
    except (OSError, ValueError, KeyError, InputError):
        pass  # missing or unreadable: rebuild below
    return _rebuild(vigil, folder, now)


def _stamp(vigil: Vigil, threshold: int) -> dict[str, Any]:
    """What the index reflects: the newest change to any PDQ entry, the highest id, and how many
    entries are matchable (the check that patching missed nothing)."""
    matchable = func.sum(case((_E.c.status.in_(MATCHABLE), 1), else_=0))
    q = select(func.max(_E.c.updated_at), func.max(_E.c.id), matchable).where(
        _E.c.signal_type == "pdq"
    )
    with vigil.read() as conn:
        updated, max_id, count = conn.execute(q).one()
    return {
        "version": STAMP_VERSION,
        "threshold": threshold,
        "updated": updated.isoformat() if updated is not None else None,
        "max_id": max_id or 0,
        "count": int(count or 0),
    }


def _patch(
    vigil: Vigil,
    folder: Path,
    index: PDQIndex,
    ids: np.ndarray,
    old: dict[str, Any],
    now: dict[str, Any],
) -> tuple[PDQIndex, np.ndarray] | None:
    """Apply the entries changed since ``old`` to the cached index; None when a rebuild is due."""
    q = select(_E.c.id, _E.c.value, _E.c.status).where(_E.c.signal_type == "pdq")
    since = [_E.c.id > int(old["max_id"])]
    if old["updated"] is not None:
        # >=: entries changed in the same instant as the stamp are looked at again (harmless).
        since.append(_E.c.updated_at >= datetime.fromisoformat(old["updated"]))
    with vigil.read() as conn:
        changed = conn.execute(q.where(or_(*since))).all()
    status = {r.id: r.status in MATCHABLE for r in changed}
    slots = np.flatnonzero(np.isin(ids, list(status)))
    slots = slots[index.live(slots)]
    indexed = set(ids[slots].tolist())
    gone = [int(s) for s in slots if not status[int(ids[s])]]
    new = [r for r in changed if status[r.id] and r.id not in indexed]
    index.remove(gone)
    if new:
        index.add(hex_to_array([r.value for r in new]))
        ids = np.concatenate([ids, np.array([r.id for r in new], dtype=np.int64)])
    if len(index) != now["count"]:
        return None
    if new:
        _write(folder, index, ids, now)
    else:
        _replace_file(folder / "dead.npy", lambda f: np.save(f, index.tombstones))
        _replace_file(folder / "stamp.json", lambda f: f.write(json.dumps(now).encode()))
    return index, ids


def _rebuild(vigil: Vigil, folder: Path, stamp: dict[str, Any]) -> tuple[PDQIndex, np.ndarray]:
    q = select(_E.c.id, _E.c.value).where(_E.c.signal_type == "pdq", _E.c.status.in_(MATCHABLE))
    with vigil.read() as conn:
        rows = conn.execute(q.order_by(_E.c.id)).all()
    ids = np.array([r.id for r in rows], dtype=np.int64)
    index = PDQIndex.build(hex_to_array([r.value for r in rows]), stamp["threshold"])
    _write(folder, index, ids, stamp)
    return index, ids


def _write(folder: Path, index: PDQIndex, ids: np.ndarray, stamp: dict[str, Any]) -> None:
    """Save into a fresh folder, then swap it in: readers see the old cache or the new one."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".pdq-index-"))
    index.save(tmp)
    np.save(tmp / "entry_ids.npy", ids)
    (tmp / "stamp.json").write_text(json.dumps(stamp))
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)


def _replace_file(path: Path, write: Callable[[Any], Any]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as fh:
        write(fh)
    os.replace(tmp, path)
