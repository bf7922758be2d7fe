"""Cleaning and language identification, on the project's samples and on real public data."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from vigil.models.data import read_labelled
from vigil.text.clean import MENTION_TOKEN, URL_TOKEN, clean_text, collapse_repeats, fold_spelling
from vigil.text.langid import detect_language, detect_languages


def test_clean_masks_links_and_mentions_and_folds_script() -> None:
    text = "@someone look https://t.me/somechannel/123 and www.example.pk now"
    cleaned = clean_text(text)
    assert "t.me" not in cleaned and "example.pk" not in cleaned and "someone" not in cleaned
    assert cleaned.count(URL_TOKEN.strip()) == 2
    assert MENTION_TOKEN.strip() in cleaned
    # Arabic kaf and yeh become the Urdu letters, so both spellings give one feature
    assert clean_text("كي") == clean_text("کی")


def test_stretched_letters_collapse_but_real_doubles_stay() -> None:
    assert collapse_repeats("zindabaaaaad") == "zindabaad"
    assert collapse_repeats("shaheed") == "shaheed"
    assert clean_text("ZINDABAAAAD!!!") == clean_text("zindabaad!!")


def test_roman_urdu_spellings_of_one_word_fold_together() -> None:
    spellings = ["bharway", "bharwe", "bharwey", "BHARWAAAY", "bhar*way"]
    assert len({fold_spelling(clean_text(s)) for s in spellings}) == 1
    assert fold_spelling(clean_text("kutta")) == fold_spelling(clean_text("kuta"))
    assert fold_spelling("شہید") == "شہید", "Urdu script is left alone"


def test_languages_of_hand_written_samples() -> None:
    assert detect_language("یہ ایک جملہ ہے اور ہم اردو میں لکھ رہے ہیں") == "ur"
    assert detect_language("د پاکستان په شمال کې نن باران وورېد او خلک کورونو ته لاړل") == "ps"
    assert detect_language("هذا نص قصير مكتوب باللغة العربية عن الطقس اليوم") == "ar"
    assert detect_language("kya haal hai yaar, sab theek hai na?") == "ur-Latn"
    assert detect_language("the weather was lovely and we walked to the market") == "en"
    assert detect_language("yaar the match was amazing, kal phir chalenge stadium") == "mixed"
    assert detect_language("🙂🙂 123") == "und"


def test_pashto_news_is_pashto(shared_data: Path) -> None:
    # VOA Pashto news articles: CLD3 knows Pashto, and Urdu-letter rules must not steal it
    with (shared_data / "text" / "pashto_voa_news.csv").open(encoding="utf-8") as fh:
        texts = [row["content"][:400] for row in csv.DictReader(fh)]
    assert Counter(detect_languages(texts))["ps"] >= 0.9 * len(texts)


def test_roman_urdu_is_told_from_english_on_real_data(shared_data: Path) -> None:
    # RUHSOLD (Roman Urdu, Rizwan et al. 2020) against Stormfront (English, de Gibert et al. 2018)
    roman = read_labelled([shared_data / "text" / "ruhsold_task1_validation.tsv"]).texts[:400]
    english = read_labelled([shared_data / "text" / "stormfront_train.tsv"]).texts[:400]
    roman_langs = Counter(detect_languages(roman))
    english_langs = Counter(detect_languages(english))
    # code-switching is common in RUHSOLD; what matters is that it is not taken for English
    assert roman_langs["en"] <= 0.1 * len(roman)
    assert roman_langs["ur-Latn"] >= 0.5 * len(roman)
    assert english_langs["en"] >= 0.9 * len(english)
