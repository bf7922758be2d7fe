"""Re-emergence: fingerprints, the index, explanations, and the targets on two demo worlds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from vigil.cli import app
from vigil.domain import Account, Platform, Post
from vigil.errors import InputError
from vigil.linkage.fingerprint import fingerprint_account, fold_name, phone_numbers, split_links
from vigil.linkage.reemergence import ReemergenceIndex

PDQ = "f" * 16 + "0" * 16 + "a5" * 16


def _acc(pid: str, handle: str, name: str, bio: str = "", links: tuple[str, ...] = ()) -> Account:
    return Account(platform=Platform.TELEGRAM, platform_id=pid, handle=handle,
                   display_name=name, bio=bio, links=links)  # fmt: skip


def _posts(pid: str, texts: list[str], hour: int) -> list[Post]:
    t0 = datetime(2026, 9, 7, hour, tzinfo=UTC)
    return [Post(platform=Platform.TELEGRAM, platform_id=f"{pid}-{i}", account_id=pid, text=t,
                 created_at=t0 + timedelta(days=7 * i)) for i, t in enumerate(texts)]  # fmt: skip


def test_handles_fold_across_scripts_digits_and_look_alikes() -> None:
    assert fold_name("Sаrmасhаr_786") == fold_name("sarmachar786")  # Cyrillic а and с
    assert fold_name("t4l1b4n") == fold_name("TALIBAN")
    assert fold_name("lion__pk") == fold_name("Lion.PK")


def test_links_invites_and_phone_numbers_are_normalised() -> None:
    links, invites = split_links(["https://www.Example.org/page/", "https://t.me/+AbC123"])
    assert links == {"example.org/page"} and invites == {"t.me/+abc123"}
    assert phone_numbers("call 0300 1234567 now") == {"+923001234567"}


def test_a_bad_avatar_hash_names_the_field() -> None:
    with pytest.raises(InputError, match="'avatar_pdq'.*64 hex digits"):
        fingerprint_account(_acc("1", "a", "A"), avatar_pdq="not-a-hash")


def _index() -> ReemergenceIndex:
    index = ReemergenceIndex()
    texts = ["the caravan moves on brothers", "our lions stand firm", "truth will prevail always"]
    removed = _acc("100", "lion_real482", "Lion 482", "Mountains are our home.", ("https://t.me/+inv1",))
    index.add(fingerprint_account(removed, _posts("100", texts, 21), avatar_pdq=PDQ), "fp-1")
    for n in range(50):  # unrelated fingerprints
        other = _acc(str(200 + n), f"cook{n}", f"Chef {n}", f"recipes number {n}")
        index.add(fingerprint_account(other, _posts(str(200 + n), [f"dinner {n} tonight"], n % 24)))
    return index


def test_a_recreated_account_matches_its_original_with_explanations() -> None:
    index = _index()
    flipped = PDQ[:-1] + "4"  # one bit differs: a slightly cropped picture
    new = _acc("999", "l1on_rеal482_backup", "Lion 482 ✌️", "Mountains are our home.",
               ("https://t.me/+INV1",))  # fmt: skip
    posts = _posts("999", ["our lions stand firm", "the caravan moves on brothers"], 21)
    best = index.match(fingerprint_account(new, posts, avatar_pdq=flipped))[0]
    assert best.ref == "fp-1" and index.is_alert(best)
    features = {f.feature: f for f in best.features}
    assert features["avatar"].detail == "PDQ distance 1/256"
    assert "t.me/+inv1" in features["invites"].detail
    assert features["handle"].similarity > 0.5


def test_a_look_alike_name_alone_does_not_alert() -> None:
    index = _index()
    namesake = _acc("998", "lion_real482", "Lion 482", "Cricket and chai.")
    matches = index.match(fingerprint_account(namesake, _posts("998", ["match day!"], 9)))
    assert matches and matches[0].ref == "fp-1"
    assert not index.is_alert(matches[0])


def test_targets_on_the_demo_world_and_a_held_out_world() -> None:
    out = CliRunner().invoke(app, ["watch", "--evaluate", "--json", "--seed", "7", "--seed", "8"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.stdout)
    assert [w["seed"] for w in result["worlds"]] == [7, 8]
    for world in result["worlds"]:
        assert world["recreated"] > 100 and world["lookalikes"] == world["recreated"]
        assert world["recall_at_1"] >= 0.95, world["misses"]
        assert world["mrr"] >= 0.97
        assert world["false_alarm_rate"] <= 0.01, world["false_alarms"]
    assert result["passed"]
