"""Whatever single tampering is done to an exported chain, verify finds it at the right row."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.store import audit

N = 12
T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _chain(n: int = N) -> list[dict[str, Any]]:
    rows, prev = [], audit.GENESIS
    for seq in range(1, n + 1):
        row = {
            "seq": seq,
            "at": T0 + timedelta(minutes=seq),
            "actor": f"user{seq % 3}",
            "action": "case.decided",
            "object_type": "case",
            "object_id": str(seq),
            "before": {"status": "open"},
            "after": {"status": "decided", "n": seq},
        }
        row["prev_hash"] = prev
        row["hash"] = audit.event_hash(**row)
        prev = row["hash"]
        rows.append(row)
    return rows


CHAIN = _chain()


def test_untouched_chain_is_ok() -> None:
    assert audit.verify_events(copy.deepcopy(CHAIN)).ok


@settings(max_examples=60, deadline=None)
@given(i=st.integers(1, N), field=st.sampled_from(["actor", "action", "object_id", "after", "at"]))
def test_any_edit_is_found_at_its_row(i: int, field: str) -> None:
    rows = copy.deepcopy(CHAIN)
    row = rows[i - 1]
    row[field] = row["at"] + timedelta(seconds=1) if field == "at" else {"x": 1} if field == "after" else "forged"
    report = audit.verify_events(rows)
    assert (report.ok, report.seq, report.problem) == (False, i, "edited")


@settings(max_examples=40, deadline=None)
@given(i=st.integers(1, N - 1), renumber=st.booleans())
def test_any_deletion_is_found(i: int, renumber: bool) -> None:
    rows = copy.deepcopy(CHAIN)
    del rows[i - 1]
    if renumber:  # hide the gap
        for r in rows[i - 1 :]:
            r["seq"] -= 1
    report = audit.verify_events(rows)
    assert not report.ok and report.problem == "deleted"
    assert report.seq == (i if renumber else i + 1)


@settings(max_examples=40, deadline=None)
@given(i=st.integers(1, N - 1), gap=st.integers(1, 3))
def test_any_swap_is_found_as_reordering(i: int, gap: int) -> None:
    j = min(i + gap, N)
    rows = copy.deepcopy(CHAIN)
    rows[i - 1]["seq"], rows[j - 1]["seq"] = j, i
    rows.sort(key=lambda r: r["seq"])
    report = audit.verify_events(rows)
    assert (report.ok, report.seq, report.problem) == (False, i, "reordered")
