"""Script folding and normalisation for English, Urdu, Roman Urdu, Pashto and Arabic.

The same folding is used to build the matcher's automaton and to scan text, so that an alias
written with Arabic code points matches a post written with Urdu ones (and the reverse).
Folding keeps string length where it can; `normalise_with_offsets` maps every output character
back to its input offset so spans can be reported on the original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Arabic code points that Urdu writes with its own letters.
_FOLD = {
    "\u064a": "\u06cc",  # ARABIC YEH -> FARSI YEH (Urdu choti ye)
    "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
    "\u06d2": "\u06d2",  # bari ye stays
    "\u0643": "\u06a9",  # ARABIC KAF -> KEHEH
    "\u0647": "\u06c1",  # HEH -> HEH GOAL
    "\u06be": "\u06be",  # do-chashmi he stays
    "\u0629": "\u06c3",  # TEH MARBUTA -> TEH MARBUTA GOAL
    "\u0623": "\u0627",  # alef with hamza above -> alef
    "\u0625": "\u0627",  # alef with hamza below -> alef
    "\u0622": "\u0622",  # alef madda stays
    "\u0671": "\u0627",  # alef wasla -> alef
}
# Eastern Arabic (U+0660..) and Extended/Urdu (U+06F0..) digits -> ASCII.
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)
    _FOLD[chr(0x06F0 + _i)] = str(_i)

_DROP = {
    "\u0640",  # tatweel
    "\u200c",  # ZWNJ
    "\u200d",  # ZWJ
    "\u200e",  # LRM
    "\u200f",  # RLM
    "\ufeff",  # BOM
}
# Harakat and Quranic annotation marks carry no identity for matching.
_DROP.update(chr(c) for c in range(0x064B, 0x0660))
_DROP.update({"\u0670"})  # superscript alef

_TRANSLATE = {ord(k): v for k, v in _FOLD.items()}
_TRANSLATE.update({ord(c): None for c in _DROP})

_SPACE_RE = re.compile(r"\s+")


def fold_script(text: str) -> str:
    """Fold Arabic letters to their Urdu forms, drop diacritics/tatweel/joiners, fold digits."""
    return unicodedata.normalize("NFC", text).translate(_TRANSLATE)


def normalise(text: str) -> str:
    """Casefolded, script-folded text with whitespace collapsed.  Used for matching."""
    return _SPACE_RE.sub(" ", fold_script(text).casefold()).strip()


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Like :func:`normalise` but char by char, also returning for each output character the
    offset of the input character it came from.  Whitespace runs collapse to one space;
    punctuation that joins words ("-", "_", ".", "'") becomes a space so that
    "Tehreek-e-Taliban" and "Tehreek e Taliban" normalise alike."""
    out: list[str] = []
    offsets: list[int] = []
    last_space = True
    for i, ch in enumerate(text):
        folded = fold_script(ch).casefold()
        for c in folded:
            if c.isspace() or c in _JOINERS:
                if not last_space:
                    out.append(" ")
                    offsets.append(i)
                last_space = True
            else:
                out.append(c)
                offsets.append(i)
                last_space = False
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


_JOINERS = set("-_.'’‘`\u060c\u061b,;:!?()[]{}\"“”/|\\«»\u06d4")

_VOWELS = str.maketrans("", "", "aeiouyw")
_DOUBLE_RE = re.compile(r"(.)\1+")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def skeleton_key(text: str) -> str:
    """A consonant skeleton that makes Urdu-script and Latin spellings of a name collide.

    Transliterate with anyascii, lowercase, drop vowels (a e i o u y w), turn q into k, and
    collapse doubled letters.  Short names collide with unrelated words, so a candidate found
    through this key must be verified afterwards.
    """
    latin = anyascii(fold_script(text)).lower().replace("q", "k")
    words = [w.translate(_VOWELS) for w in _NON_ALNUM_RE.split(latin) if w]
    return _DOUBLE_RE.sub(r"\1", "".join(words))


# The same folding as normalise_with_offsets, as one translate table, so the matcher can build
# the normalised form of a whole post at C speed and compute offsets only when something matched.
_MATCH_TABLE = dict(_TRANSLATE)
_MATCH_TABLE.update({ord(c): " " for c in _JOINERS})


def match_form(text: str) -> str:
    """The string :func:`normalise_with_offsets` returns, without the offsets (much faster).

    For NFC text the two are identical; the matcher checks and falls back when they are not.
    """
    return " ".join(text.translate(_MATCH_TABLE).casefold().split())
