"""The matcher on the shipped curated registry: scripts, spellings, false friends, offsets."""

from __future__ import annotations

import pytest

from vigil.domain.registry import Alias, Designation, Organisation
from vigil.registry import Matcher
from vigil.registry.curated import SHIPPED, parse_curated
from vigil.registry.matcher import REPORT_THRESHOLD


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    orgs, rejects = parse_curated(SHIPPED)
    assert rejects == []
    return Matcher.build(orgs)


def orgs_found(matcher: Matcher, text: str) -> set[str]:
    return {m.organisation for m in matcher.find(text) if m.confidence >= REPORT_THRESHOLD}


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("Tehreek-e-Taliban Pakistan claimed the attack", "ttp"),
        ("tehrik i taliban pakistan", "ttp"),
        ("Tahrik Taliban Pakistan ke commander", "ttp"),  # no izafat
        ("تحریک طالبان پاکستان نے ذمہ داری قبول کی", "ttp"),
        ("تحريك طالبان پاكستان", "ttp"),  # Arabic yeh and kaf
        ("تحریکِ طالبانِ پاکستان", "ttp"),  # zer (harakat)
        ("د پاکستان تحریک طالبان ویاند", "ttp"),  # Pashto
        ("#TehreekeTalibanPakistan", "ttp"),
        ("a new video from Umar Media", "ttp"),
        ("Baluchistan Liberation Army", "bla"),
        ("Biloch Liberation Army", "bla"),  # spelling family through the skeleton
        ("بلوچستان لبریشن آرمی", "bla"),
        ("the Majeed Brigade", "bla"),
        ("Balochistan Liberation Front", "blf"),
        ("بلوچستان لبریشن فرنٹ", "blf"),
        ("Jamaat ul Ahrar", "jua"),
        ("جماعت الاحرار", "jua"),
        ("طارق گیدڑ گروپ", "tgg"),
        ("Tariq Gidar Group", "tgg"),
    ],
)
def test_finds_names_in_every_script(matcher: Matcher, text: str, org: str) -> None:
    assert org in orgs_found(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "The Taliban government in Kabul announced",
        "Baloch students protest for missing persons in Balochistan",
        "national liberation army parade",
        "the army and the front line",
        "bla bla bla, whatever",
        "TTP is a rare blood disorder",  # weak alone: found, but below the threshold
        "Tehreek-e-Insaf jalsa in Lahore",
        "طالبان نے کابل میں اعلان کیا",
        "بلوچ طلبہ کا احتجاج",
    ],
)
def test_false_friends_are_not_reported(matcher: Matcher, text: str) -> None:
    assert orgs_found(matcher, text) == set()


def test_weak_alias_alone_is_low_and_context_raises_it(matcher: Matcher) -> None:
    alone = matcher.find("I read about TTP today")
    assert [m.quality for m in alone] == ["weak"] and alone[0].confidence < REPORT_THRESHOLD
    context = matcher.find("TTP militants claimed the attack")
    assert context[0].confidence >= REPORT_THRESHOLD


def test_banned_prefix_stays_a_mention(matcher: Matcher) -> None:
    found = matcher.find("کالعدم ٹی ٹی پی کے دہشت گرد")
    assert [(m.organisation, m.matched) for m in found] == [("ttp", "ٹی ٹی پی")]
    assert found[0].confidence >= REPORT_THRESHOLD


def test_offsets_point_into_the_original_text(matcher: Matcher) -> None:
    text = "Breaking:  Tehreek-e-Taliban   Pakistan (TTP) claimed it; #UmarMedia"
    found = matcher.find(text)
    for m in found:
        assert text[m.start : m.end] == m.matched
    assert {m.matched for m in found} >= {"Tehreek-e-Taliban   Pakistan", "TTP", "#UmarMedia"}
    first = found[0]
    assert first.references[0] == "QDe.132" and "OFAC 12206" in first.references


def test_offsets_survive_diacritics_and_joiners(matcher: Matcher) -> None:
    text = "خبر: تحریکِ طالبان\u200c پاکستان"
    (m,) = matcher.find(text)
    assert text[m.start : m.end] == m.matched and m.matched.startswith("تحریک")


def test_longest_mention_wins(matcher: Matcher) -> None:
    found = matcher.find("Tehrik-e Taliban Pakistan Jamaat ul Ahrar")
    assert [m.organisation for m in found] == ["jua"]


def test_only_given_organisations_are_matched() -> None:
    org = Organisation(
        slug="x",
        name="Example Front",
        designations=(Designation(jurisdiction="UN", list_name="l", reference="R1", source="s"),),
        aliases=(Alias(text="Example Front"),),
    )
    m = Matcher.build([org])
    assert [x.references for x in m.find("the Example Front said")] == [("R1",)]
    assert m.find("Tehreek-e-Taliban Pakistan") == []
    assert Matcher.build([]).find("anything") == []
