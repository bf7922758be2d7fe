"""Language identification for the region's languages, offline.

Arabic-script text goes to CLD3 (the ``cld3-py`` package, imported as ``gcld3``), which knows
Urdu, Pashto, Arabic, Persian and Sindhi.  No off-the-shelf detector knows Roman Urdu (CLD3 calls
it Hausa, Somali or Hindi), so Latin-script text goes to a small character n-gram model trained
on the project's own seed corpus and word lists (see :func:`roman_urdu_model`), which tells
English from Roman Urdu and, from the share of each, code-switched text.

Codes: ``en``, ``ur`` (Urdu script), ``ur-Latn`` (Roman Urdu), ``ps``, ``ar``, ``fa``, ``sd``,
any other CLD3 code for Arabic-script text, ``mixed`` (code-switched), ``und`` (no letters).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from vigil.text.clean import clean_text

__all__ = ["detect_language", "detect_languages", "script_shares", "roman_urdu_model"]

_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD_RE = re.compile(r"[a-z]{2,}")

# Above this share of Roman Urdu words a Latin text is Roman Urdu; below the other bound English;
# between them code-switched.  Chosen on the seed corpus's "mixed" posts.
ROMAN_URDU_HIGH = 0.75
ROMAN_URDU_LOW = 0.3


def script_shares(text: str) -> tuple[float, float]:
    """Shares of Arabic-script and Latin letters among the letters of ``text``."""
    arabic = len(_ARABIC_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    total = arabic + latin
    if total == 0:
        return 0.0, 0.0
    return arabic / total, latin / total


@lru_cache(maxsize=1)
def _cld3() -> Any:
    import gcld3  # the module that the cld3-py package installs

    return gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=2000)


def _arabic_script_language(text: str) -> str:
    result = _cld3().FindLanguage(text=text)
    code = str(result.language)
    # CLD3 labels Urdu written without Urdu-only letters as Persian or Arabic now and then; text
    # with ٹ ڈ ڑ ں ے (Urdu-only letters) is Urdu unless CLD3 sees Pashto or Sindhi.
    if code in {"fa", "ar"} and re.search("[\u0679\u0688\u0691\u06ba\u06d2]", text):
        return "ur"
    return code


@lru_cache(maxsize=1)
def roman_urdu_model() -> Any:
    """A word-level classifier: P(Roman Urdu) for a Latin-script word, from char n-grams.

    Trained in well under a second, deterministically, on the words of the seed corpus's English
    and Roman Urdu posts plus the project's word lists (``romanurdu_words.txt`` and
    ``english_words.txt`` in this package).  Kept in memory for the life of the process.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    words, labels = _training_words()
    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True),
        LogisticRegression(C=4.0, max_iter=1000),
    )
    model.fit(words, labels)
    return model


def _word_list(name: str) -> list[str]:
    text = resources.files("vigil.text").joinpath(name).read_text(encoding="utf-8")
    return [w for w in text.split() if w and not w.startswith("#")]


def _training_words() -> tuple[list[str], list[int]]:
    from vigil.models.corpus import load_seed

    ur: set[str] = set(_word_list("romanurdu_words.txt"))
    en: set[str] = set(_word_list("english_words.txt"))
    for post in load_seed():
        if post.language in ("en", "ur-Latn"):
            target = ur if post.language == "ur-Latn" else en
            target.update(_WORD_RE.findall(clean_text(post.text)))
    # words seen on both sides (names, places, loanwords) teach nothing: drop them
    both = ur & en
    ur -= both
    en -= both
    words = sorted(ur) + sorted(en)
    return words, [1] * len(ur) + [0] * len(en)


_WORD_CACHE: dict[str, bool] = {}
_WORD_CACHE_MAX = 200_000


def _roman_urdu_words(words: list[str]) -> list[bool]:
    """Whether each word reads as Roman Urdu.  Words repeat a lot across posts, so answers are
    cached: the model then runs only on words not seen before."""
    new = sorted({w for w in words if w not in _WORD_CACHE})
    if new:
        if len(_WORD_CACHE) > _WORD_CACHE_MAX:
            _WORD_CACHE.clear()
        verdicts = roman_urdu_model().predict_proba(new)[:, 1] > 0.5
        _WORD_CACHE.update(zip(new, (bool(v) for v in verdicts), strict=True))
    return [_WORD_CACHE[w] for w in words]


def _latin_language(text: str) -> str:
    words = _WORD_RE.findall(clean_text(text))
    words = [w for w in words if w not in {"xurlx", "xuserx"}]
    if not words:
        return "und"
    share = float(np.mean(_roman_urdu_words(words)))
    if share >= ROMAN_URDU_HIGH:
        return "ur-Latn"
    if share <= ROMAN_URDU_LOW:
        return "en"
    return "mixed"


def detect_language(text: str) -> str:
    """The language of one post (codes in the module docstring)."""
    arabic, latin = script_shares(text)
    if arabic == 0.0 and latin == 0.0:
        return "und"
    if arabic >= 0.8:
        return _arabic_script_language(text)
    if latin >= 0.8:
        return _latin_language(text)
    return "mixed"


def detect_languages(texts: list[str]) -> list[str]:
    """:func:`detect_language` over many posts."""
    return [detect_language(t) for t in texts]
