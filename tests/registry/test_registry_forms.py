"""The matcher's text forms (vigil.text.normalise) and the evaluation arithmetic."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from vigil.registry.curated import SHIPPED, parse_curated
from vigil.registry.evaluation import Example, evaluate
from vigil.registry.matcher import Matcher
from vigil.text.normalise import WORD_SKELETONS, match_form, match_form_with_offsets, skeleton_key

TEXTS = st.text(
    alphabet=st.sampled_from(
        list("abcTTPe- _.,#@!\n\t") + list("تحریکطالبانپاکستانِ\u0640\u200cيكه،۔٣") + ["😀", "ß", "é"]
    ),
    max_size=40,
)


@given(TEXTS)
def test_offsets_align_with_the_form(text: str) -> None:
    norm, offsets = match_form_with_offsets(text)
    assert len(norm) == len(offsets)
    offsets = list(offsets)
    assert offsets == sorted(offsets)  # "ß" -> "ss": two characters from one offset
    if unicodedata.is_normalized("NFC", text):
        assert norm == match_form(text)
    for ch, i in zip(norm, offsets, strict=True):
        if ch != " ":
            assert 0 <= i < len(text)


def test_word_skeletons_agree_with_skeleton_key() -> None:
    for word in ["tehreek", "تحریک", "balochistan", "بلوچستان", "jamaat", "qari"]:
        assert WORD_SKELETONS[match_form(word)] == skeleton_key(word)


def test_evaluation_counts_false_friends_and_misses() -> None:
    matcher = Matcher.build(parse_curated(SHIPPED)[0])
    examples = [
        Example(1, "Balochistan Liberation Army claimed it", frozenset({"bla"}), "en"),
        Example(2, "Tehreek-e-Taliban Pakistan", frozenset(), "en"),  # labelled wrong on purpose
        Example(3, "nothing here", frozenset({"blf"}), "en"),
    ]
    result = evaluate(matcher, examples).to_dict()
    assert (result["tp"], result["fp"], result["fn"]) == (1, 1, 1)
    assert result["precision"] == 0.5 and result["recall"] == 0.5
    assert [e["line"] for e in result["errors"]] == [2, 3]
