"""Banks, matching, flood control, the blurred flag and the detector, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from media_samples import clip_frames, write_video
from sqlalchemy import update

from vigil.core import Vigil
from vigil.detect.base import detector_factories
from vigil.domain.enums import Platform
from vigil.domain.records import Media, Post
from vigil.errors import InputError, StateError
from vigil.media import banks
from vigil.media.banks import NewEntry
from vigil.media.hashing import hash_file
from vigil.media.index_cache import cached_pdq_index
from vigil.media.matching import BankMatcher
from vigil.store import upsert_records
from vigil.store.tables_media import media_bank_entries


def bank_file(vigil: Vigil, bank: str, path: Path, **kw: object) -> None:
    h = hash_file(path)
    pairs = [("pdq", h.pdq), ("md5", h.md5), ("sha256", h.sha256)]
    entries = [NewEntry(signal_type=k, value=v, added_by="alice", **kw) for k, v in pairs if v]  # type: ignore[arg-type]
    banks.add_entries(vigil, bank, entries, actor="alice")


def test_banks_keep_labels_provenance_and_status(vigil: Vigil, image_set: dict) -> None:
    banks.create_bank(vigil, "ttp", labels=["attack_footage"], created_by="alice")
    with pytest.raises(StateError, match="already exists"):
        banks.create_bank(vigil, "ttp", created_by="alice")
    bank_file(
        vigil,
        "ttp",
        image_set["original"],
        organisation="ttp",
        labels=("glorification",),
        source="case-12",
        source_id="c12-3",
        reason="claim still",
    )
    again = banks.add_entries(
        vigil,
        "ttp",
        [
            NewEntry(
                "md5",
                hash_file(image_set["original"]).md5,
                added_by="bob",
                organisation="ttp",
                labels=("glorification",),
                source="case-12",
                source_id="c12-3",
                reason="claim still",
            )
        ],
        actor="bob",
    )
    assert again.unchanged == 1 and again.added == 0
    [b] = banks.list_banks(vigil)
    assert b.counts == {"active": 3}
    entries = banks.bank_entries(vigil, "ttp")
    e = next(x for x in entries if x.signal_type == "pdq")
    assert (e.organisation, e.source, e.source_id, e.reason, e.added_by) == (
        "ttp",
        "case-12",
        "c12-3",
        "claim still",
        "alice",
    )
    assert e.labels == ("attack_footage", "glorification")
    banks.set_status(vigil, e.id, "disputed", actor="carol", reason="partner disagrees")
    assert banks.bank_entries(vigil, "ttp", statuses=["disputed"])[0].id == e.id
    with pytest.raises(InputError, match="status must be one of"):
        banks.set_status(vigil, e.id, "deleted", actor="carol")
    with pytest.raises(InputError, match="no bank named 'nope'"):
        banks.add_entries(vigil, "nope", [], actor="x")


def test_variants_match_and_unrelated_does_not(vigil: Vigil, image_set: dict) -> None:
    banks.create_bank(vigil, "ttp", created_by="alice")
    bank_file(vigil, "ttp", image_set["original"], organisation="ttp")
    matcher = BankMatcher.load(vigil)
    for name in ("reencoded", "resized", "cropped", "watermarked"):
        res = matcher.match(hash_file(image_set[name]))
        assert [m.signal_type for m in res.actionable] == ["pdq"], name
        assert res.actionable[0].distance <= 31
    exact = matcher.match(hash_file(image_set["original"]))
    assert {m.signal_type for m in exact.actionable} == {"md5", "sha256", "pdq"}
    assert matcher.match(hash_file(image_set["unrelated"])).matches == []


def test_allow_list_and_inactive_entries_raise_nothing(vigil: Vigil, image_set: dict) -> None:
    banks.create_bank(vigil, "ttp", created_by="alice")
    banks.create_bank(vigil, "news", kind="allow", created_by="alice")
    bank_file(vigil, "ttp", image_set["original"], organisation="ttp")
    bank_file(vigil, "ttp", image_set["unrelated"], organisation="ttp", status="retired")
    h = hash_file(image_set["reencoded"])
    assert BankMatcher.load(vigil).match(h).actionable
    bank_file(vigil, "news", image_set["original"], reason="broadcast footage")
    res = BankMatcher.load(vigil).match(h)
    assert res.allowed and res.actionable == [] and res.matches
    assert BankMatcher.load(vigil).match(hash_file(image_set["unrelated"])).matches == []


def test_flood_control_quarantines_a_hash_that_matches_too_much(
    vigil: Vigil, image_set: dict
) -> None:
    banks.create_bank(vigil, "ttp", created_by="alice")
    h = hash_file(image_set["original"])
    banks.add_entries(vigil, "ttp", [NewEntry("pdq", h.pdq or "", added_by="alice")], actor="a")
    matcher = BankMatcher.load(vigil, flood_limit=3, flood_window=timedelta(hours=1))
    res = matcher.match(h)
    assert matcher.record(vigil, [(f"x|{i}", res) for i in range(3)]) == []
    quarantined = matcher.record(vigil, [("x|3", res), ("x|4", res)])
    [entry] = banks.bank_entries(vigil, "ttp")
    assert quarantined == [entry.id] and entry.status == "quarantined"
    assert BankMatcher.load(vigil).match(h).actionable == []  # listed, not acted on
    banks.set_status(vigil, entry.id, "active", actor="reviewer")
    assert BankMatcher.load(vigil).match(h).actionable


def test_detector_signals_carry_distance_entry_labels_and_blur(
    vigil: Vigil, image_set: dict
) -> None:
    banks.create_bank(
        vigil, "ttp-graphic", graphic=True, labels=["attack_footage"], created_by="alice"
    )
    bank_file(
        vigil,
        "ttp-graphic",
        image_set["original"],
        organisation="ttp",
        labels=("glorification",),
        source="partner-x",
        reason="attack video still",
    )
    with vigil.begin() as conn:
        upsert_records(conn, [Post(platform=Platform.TELEGRAM, platform_id="p1", account_id="a9")])
    records = [
        Media(
            platform=Platform.TELEGRAM,
            platform_id="m1",
            post_id="p1",
            path=str(image_set["watermarked"]),
        ),
        Media(
            platform=Platform.TELEGRAM,
            platform_id="m2",
            post_id="p1",
            path=str(image_set["unrelated"]),
        ),
        Media(platform=Platform.TELEGRAM, platform_id="m3", post_id="p1", path="gone.jpg"),
    ]
    detector = detector_factories()["media_hash"](vigil)
    assert detector is not None and detector.applies_to == frozenset({"media"})
    signals = list(detector.detect(records))
    assert [s.record_id for s in signals] == ["m1"]
    s = signals[0]
    assert (s.organisation, s.account_id, s.record_type) == ("ttp", "a9", "media")
    d = s.evidence.details
    assert d["signal_type"] == "pdq" and 0 < d["distance"] <= 31 and d["blurred"] is True
    assert d["labels"] == ["attack_footage", "glorification"] and d["source"] == "partner-x"
    assert "distance=" in s.evidence.pretty()
    assert banks.is_blurred(vigil, "telegram|m1") and not banks.is_blurred(vigil, "telegram|m2")
    assert any("gone.jpg" in why for why in detector.skipped)


def test_detector_is_skipped_without_banks(vigil: Vigil) -> None:
    assert detector_factories()["media_hash"](vigil) is None


def test_video_reencoded_copy_matches_and_other_video_does_not(
    sqlite_vigil: Vigil, tmp_path: Path
) -> None:
    frames = clip_frames(7)
    original = write_video(frames, tmp_path / "original.mp4")
    copy = write_video(frames, tmp_path / "copy.mp4", scale=0.5, crf=35)
    other = write_video(clip_frames(8), tmp_path / "other.mp4")
    banks.create_bank(sqlite_vigil, "ttp", created_by="alice")
    from threatexchange.extensions.vpdq.vpdq_util import VpdqCompactFeature, vpdq_to_json

    h = hash_file(original)
    value = vpdq_to_json([VpdqCompactFeature(*f) for f in h.vpdq])
    banks.add_entries(
        sqlite_vigil,
        "ttp",
        [NewEntry("vpdq", value, added_by="alice", organisation="ttp")],
        actor="alice",
    )
    matcher = BankMatcher.load(sqlite_vigil)
    res = matcher.match(hash_file(copy))
    assert [m.signal_type for m in res.actionable] == ["vpdq"]
    assert "frames match" in res.actionable[0].detail
    assert matcher.match(hash_file(other)).matches == []


def test_cached_index_is_reused_and_refreshed_when_banks_change(
    vigil: Vigil, image_set: dict
) -> None:
    banks.create_bank(vigil, "ttp", created_by="alice")
    bank_file(vigil, "ttp", image_set["original"], organisation="ttp")
    BankMatcher.load(vigil)
    stamp = vigil.home / "media" / "pdq-index" / "stamp.json"
    first = stamp.stat().st_mtime_ns
    assert BankMatcher.load(vigil).match(hash_file(image_set["cropped"])).actionable
    assert stamp.stat().st_mtime_ns == first  # reopened from the cache, not rebuilt
    unrelated = hash_file(image_set["unrelated"])
    banks.add_entries(
        vigil, "ttp", [NewEntry("pdq", unrelated.pdq or "", added_by="bob")], actor="bob"
    )
    res = BankMatcher.load(vigil).match(unrelated)
    assert [m.entry.added_by for m in res.actionable] == ["bob"]
    [pdq] = [e for e in banks.bank_entries(vigil, "ttp") if e.added_by == "bob"]
    banks.set_status(vigil, pdq.id, "retired", actor="carol")
    assert BankMatcher.load(vigil).match(unrelated).matches == []


def test_cached_index_is_patched_in_place_not_rebuilt(vigil: Vigil, image_set: dict) -> None:
    """Retiring, reactivating and adding entries patch the cached index: a rebuild would number
    the slots afresh and leave no removed slots behind."""
    banks.create_bank(vigil, "ttp", created_by="alice")
    bank_file(vigil, "ttp", image_set["original"], organisation="ttp")
    unrelated = hash_file(image_set["unrelated"])
    banks.add_entries(vigil, "ttp", [NewEntry("pdq", unrelated.pdq or "", added_by="bob")], actor="bob")
    index, ids = cached_pdq_index(vigil, 31)
    assert (index.slots, len(index)) == (2, 2)
    [bob] = [e for e in banks.bank_entries(vigil, "ttp") if e.added_by == "bob"]

    banks.set_status(vigil, bob.id, "retired", actor="carol")
    index, ids = cached_pdq_index(vigil, 31)
    assert (index.slots, len(index)) == (2, 1)  # a tombstone, no rebuild
    assert BankMatcher.load(vigil).match(unrelated).matches == []

    banks.set_status(vigil, bob.id, "active", actor="carol")
    index, ids = cached_pdq_index(vigil, 31)
    assert (index.slots, len(index)) == (3, 2)  # added again in a new slot
    assert ids[2] == bob.id
    assert [m.entry.id for m in BankMatcher.load(vigil).match(unrelated).actionable] == [bob.id]
    reopened, _ = cached_pdq_index(vigil, 31)  # the patch was saved
    assert (reopened.slots, len(reopened)) == (3, 2)


def test_cache_is_rebuilt_when_a_change_left_no_trace(vigil: Vigil, image_set: dict) -> None:
    """A change stamped in the past (a skewed clock, a hand edit) is invisible to the delta
    query; the count check catches it and the cache is rebuilt from the database."""
    banks.create_bank(vigil, "ttp", created_by="alice")
    bank_file(vigil, "ttp", image_set["original"], organisation="ttp")
    original = hash_file(image_set["original"])
    assert BankMatcher.load(vigil).match(original).actionable
    with vigil.begin() as conn:
        past = datetime(2000, 1, 1, tzinfo=UTC)
        conn.execute(update(media_bank_entries).values(status="retired", updated_at=past))
    assert BankMatcher.load(vigil).match(original).matches == []
    index, _ = cached_pdq_index(vigil, 31)
    assert (index.slots, len(index)) == (0, 0)  # rebuilt from the database
