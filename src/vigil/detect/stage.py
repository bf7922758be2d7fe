"""Run every available detector over the records it has not yet seen.

Progress is kept per (detector, version, record type) as the highest row id scanned, and
advanced in the same transaction that stores the signals, so a crash and a rerun leave the same
state as one clean run.  A new detector version (a retrained model, a changed registry) scans
everything again; older versions' signals stay stored but are no longer read by assessment.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from vigil.core import Vigil
from vigil.detect.base import DetectableRecord, Detector, detector_factories
from vigil.domain.records import Account, Media, Post
from vigil.domain.signals import Signal
from vigil.store.tables import accounts, media, posts, signals, stage_marks

_TABLES: dict[str, tuple[Table, type[DetectableRecord]]] = {
    "post": (posts, Post),
    "account": (accounts, Account),
    "media": (media, Media),
}


@dataclass
class DetectSummary:
    detectors: dict[str, str] = field(default_factory=dict)  # name -> version
    skipped: dict[str, str] = field(default_factory=dict)  # name -> why
    scanned: dict[str, int] = field(default_factory=dict)
    signals: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "detectors": self.detectors,
            "skipped": self.skipped,
            "scanned": self.scanned,
            "signals": self.signals,
        }


def build_detectors(vigil: Vigil, names: Iterable[str] | None = None) -> tuple[list[Detector], dict[str, str]]:
    factories = detector_factories()
    wanted = list(names) if names is not None else sorted(factories)
    built: list[Detector] = []
    skipped: dict[str, str] = {}
    for name in wanted:
        factory = factories.get(name)
        if factory is None:
            skipped[name] = f"no detector named {name!r}; known: {', '.join(sorted(factories))}"
            continue
        detector = factory(vigil)
        if detector is None:
            skipped[name] = "not available in this home (nothing to match against, or no model)"
        else:
            built.append(detector)
    return built, skipped


def active_versions(vigil: Vigil) -> dict[str, str]:
    """The current version of every available detector: the signals assessment reads."""
    built, _ = build_detectors(vigil)
    return {d.name: d.version for d in built}


def run(
    vigil: Vigil,
    *,
    detectors: Iterable[str] | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> DetectSummary:
    summary = DetectSummary()
    built, summary.skipped = build_detectors(vigil, detectors)
    for detector in built:
        summary.detectors[detector.name] = detector.version
        for rtype in sorted(detector.applies_to):
            scanned, found = _scan(vigil, detector, rtype, progress)
            summary.scanned[f"{detector.name}/{rtype}"] = scanned
            summary.signals[detector.name] = summary.signals.get(detector.name, 0) + found
    return summary


def _mark_key(detector: Detector, rtype: str) -> tuple[str, str]:
    return (f"detect:{detector.name}", f"{detector.version}:{rtype}")


def _scan(vigil: Vigil, detector: Detector, rtype: str, progress: Callable[[str, int], None] | None) -> tuple[int, int]:
    table, model = _TABLES[rtype]
    stage, key = _mark_key(detector, rtype)
    batch_size = vigil.settings.batch_size
    scanned = found = 0
    while True:
        with vigil.begin() as conn:
            mark = conn.execute(
                select(stage_marks.c.value).where(stage_marks.c.stage == stage, stage_marks.c.key == key)
            ).scalar()
            last = mark or 0
            rows = (
                conn.execute(select(table).where(table.c.id > last).order_by(table.c.id).limit(batch_size))
                .mappings()
                .all()
            )
            if not rows:
                return scanned, found
            records = [_to_record(model, row) for row in rows]
            new_signals = list(detector.detect(records))
            found += _store_signals(conn, new_signals)
            _set_mark(conn, stage, key, rows[-1]["id"], exists=mark is not None)
        scanned += len(rows)
        if progress:
            progress(detector.name, len(rows))


def _to_record(model: type[DetectableRecord], row: Any) -> DetectableRecord:
    data = {k: v for k, v in row.items() if k in model.model_fields and v is not None}
    if "links" in data:
        data["links"] = tuple(data["links"])
    return model.model_validate(data)


def signal_row(sig: Signal, now: datetime) -> dict[str, Any]:
    evidence = sig.evidence.model_dump(mode="json")
    fingerprint = hashlib.sha1(
        json.dumps([sig.organisation, evidence], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    return {
        "detector": sig.detector,
        "detector_version": sig.detector_version,
        "platform": sig.platform,
        "record_type": sig.record_type,
        "record_id": sig.record_id,
        "account_id": sig.account_id,
        "organisation": sig.organisation or "",
        "score": sig.score,
        "evidence": evidence,
        "fingerprint": fingerprint,
        "created_at": now,
    }


def _store_signals(conn: Connection, found: list[Signal]) -> int:
    if not found:
        return 0
    now = datetime.now(UTC)
    rows = [signal_row(s, now) for s in found]
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(signals).on_conflict_do_nothing()
    conn.execute(stmt, rows)
    return len(rows)


def _set_mark(conn: Connection, stage: str, key: str, value: int, *, exists: bool) -> None:
    if exists:
        conn.execute(
            stage_marks.update().where(stage_marks.c.stage == stage, stage_marks.c.key == key).values(value=value)
        )
    else:
        conn.execute(stage_marks.insert().values(stage=stage, key=key, value=value))
