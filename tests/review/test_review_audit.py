"""The audit chain catches edited, deleted, reordered and truncated rows, on both databases."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import text

from vigil.core import Vigil
from vigil.store import audit


def _log(vigil: Vigil, n: int = 6) -> None:
    with vigil.begin() as conn:
        for i in range(1, n + 1):
            audit.append(
                conn,
                actor=f"user{i}",
                action="case.decide",
                object_type="case",
                object_id=i,
                before={"status": "open"},
                after={"status": "decided"},
            )


def _verify(vigil: Vigil, anchor: tuple[int, str] | None = None) -> audit.VerifyReport:
    with vigil.read() as conn:
        return audit.verify(conn, anchor=anchor)


def _sql(vigil: Vigil, *statements: str) -> None:
    # Tampering straight in the database, as an insider with SQL access would.
    with vigil.engine.begin() as conn:
        for s in statements:
            conn.execute(text(s))


def test_intact_chain_verifies(vigil: Vigil) -> None:
    _log(vigil)
    report = _verify(vigil)
    assert report.ok and report.checked == 6 and report.head_seq == 6


def test_edited_row_is_named(vigil: Vigil) -> None:
    _log(vigil)
    _sql(vigil, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 3")
    report = _verify(vigil)
    assert not report.ok
    assert (report.seq, report.problem) == (3, "edited")
    assert "event 3" in report.message


def test_edited_json_payload_is_caught(vigil: Vigil) -> None:
    _log(vigil)
    with vigil.engine.begin() as conn:
        from vigil.store.tables import audit_events

        conn.execute(audit_events.update().where(audit_events.c.seq == 5).values(after={"status": "refused"}))
    report = _verify(vigil)
    assert (report.seq, report.problem) == (5, "edited")


def test_deleted_row_is_named(vigil: Vigil) -> None:
    _log(vigil)
    _sql(vigil, "DELETE FROM audit_events WHERE seq = 3")
    report = _verify(vigil)
    assert (report.seq, report.problem) == (4, "deleted")
    assert "event 3 missing" in report.message


def test_deleted_and_renumbered_is_still_a_deletion(vigil: Vigil) -> None:
    _log(vigil)
    _sql(
        vigil,
        "DELETE FROM audit_events WHERE seq = 3",
        "UPDATE audit_events SET seq = seq - 1 WHERE seq = 4",
        "UPDATE audit_events SET seq = seq - 1 WHERE seq = 5",
        "UPDATE audit_events SET seq = seq - 1 WHERE seq = 6",
    )
    report = _verify(vigil)
    assert (report.seq, report.problem) == (3, "deleted")
    assert "written as event 4" in report.message


def test_reordered_rows_are_named(vigil: Vigil) -> None:
    _log(vigil)
    _sql(
        vigil,
        "UPDATE audit_events SET seq = -1 WHERE seq = 2",
        "UPDATE audit_events SET seq = 2 WHERE seq = 3",
        "UPDATE audit_events SET seq = 3 WHERE seq = -1",
    )
    report = _verify(vigil)
    assert (report.seq, report.problem) == (2, "reordered")
    assert "written as event 3" in report.message


def test_truncation_is_caught_against_an_anchor(vigil: Vigil) -> None:
    _log(vigil)
    anchor = (_verify(vigil).head_seq, _verify(vigil).head_hash)
    _sql(vigil, "DELETE FROM audit_events WHERE seq >= 5")
    assert _verify(vigil).ok  # the chain alone cannot see a cut tail
    report = _verify(vigil, anchor=anchor)
    assert (report.ok, report.problem, report.seq) == (False, "truncated", 5)


def test_export_verifies_on_its_own_and_catches_edits(vigil: Vigil) -> None:
    _log(vigil)
    buf = io.StringIO()
    with vigil.read() as conn:
        assert audit.export(conn, buf).ok
    lines = buf.getvalue().splitlines()
    assert len(lines) == 6
    assert audit.verify_events(audit.read_export(lines)).ok
    lines[1] = lines[1].replace("user2", "user9")
    report = audit.verify_events(audit.read_export(lines))
    assert (report.seq, report.problem) == (2, "edited")


def test_bad_export_line_names_file_and_line() -> None:
    from vigil.errors import InputError

    with pytest.raises(InputError, match=r"audit.jsonl:2: "):
        audit.read_export(["", "not json"], source="audit.jsonl")


def test_missing_field_is_named() -> None:
    from vigil.errors import InputError

    with pytest.raises(InputError, match=r"audit.jsonl:1: .*'at'"):
        audit.read_export(['{"seq": 1}'], source="audit.jsonl")
