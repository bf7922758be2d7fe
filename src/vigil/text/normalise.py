"""Script folding and normalisation for English, Urdu, Roman Urdu, Pashto and Arabic.

The same folding is used to build the matcher's automaton and to scan text, so that an alias
written with Arabic code points matches a post written with Urdu ones (and the reverse).
Folding keeps string length where it can; `match_form_with_offsets` maps every character of the
matcher's form back to its input offset so spans can be reported on the original text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import overload

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
    # Pashto letters written where Urdu has its own (so Pashto text meets Urdu aliases)
    "\u0689": "\u0688",  # DAL WITH RING -> DDAL
    "\u067c": "\u0679",  # TEH WITH RING -> TTEH
    "\u0693": "\u0691",  # REH WITH RING -> RREH
    "\u06ab": "\u06af",  # KAF WITH RING -> GAF
    "\u06d0": "\u06cc",  # E -> FARSI YEH
    "\u06cd": "\u06cc",  # YEH WITH TAIL -> FARSI YEH
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


# ----------------------------------------------------------------------------- matcher forms
# The matcher's form of a text: folded (script, case), and every character that is
# not a letter or digit (punctuation, symbols, emoji, # and @) becomes a space, so that the words
# of a text are simply ``form.split()``.  One translate table does it at C speed.
_SEPARATOR_RANGES = (
    (0x0000, 0x0250),  # ASCII, Latin-1, Latin Extended-A/B
    (0x0600, 0x0700),  # Arabic (، ؛ ؟ ۔ ٪ ...)
    (0x2000, 0x2C00),  # general punctuation, symbols, arrows, dingbats
    (0x3000, 0x3040),  # CJK punctuation
    (0xFD3E, 0xFD40),  # ornate parentheses
    (0xFE10, 0xFE70),  # vertical and small forms
    (0xFF00, 0xFF10),  # fullwidth punctuation
    (0x1F000, 0x1FB00),  # emoji and pictographs
)
_MATCH_TABLE: dict[int, str | None] = {}
for _lo, _hi in _SEPARATOR_RANGES:
    for _c in range(_lo, _hi):
        _ch = chr(_c)
        if not _ch.isalnum() and not unicodedata.category(_ch).startswith("M"):
            _MATCH_TABLE[_c] = " "
# Letters of the common scripts map to themselves: str.translate raises and swallows a KeyError
# for every character missing from the table, which made Urdu text several times slower.
for _lo, _hi in ((0x0080, 0x0250), (0x0600, 0x0700), (0x0750, 0x0780), (0xFB50, 0xFE00)):
    for _c in range(_lo, _hi):
        _MATCH_TABLE.setdefault(_c, chr(_c))
_MATCH_TABLE.update(_TRANSLATE)  # folds and drops win over the separators
_MATCH_KEEP = {k: ("\x00" if v is None else v) for k, v in _MATCH_TABLE.items()}


def fold_for_match(text: str) -> tuple[str, bool]:
    """The text folded for matching but not yet split: dropped characters are NUL, separators
    are blanks.  ``aligned`` says whether character i of the result comes from character i of
    ``text`` (true unless NFC or casefolding changed the length), which lets
    :func:`form_and_offsets` report offsets cheaply."""
    aligned = text.isascii() or unicodedata.is_normalized("NFC", text)
    source = text if aligned else unicodedata.normalize("NFC", text)
    folded = source.translate(_MATCH_KEEP).casefold()
    return folded, aligned and len(folded) == len(text)


def words_of(folded: str) -> list[str]:
    """The words of a folded text (see :func:`fold_for_match`)."""
    return (folded.replace("\x00", "") if "\x00" in folded else folded).split()


def match_words(text: str) -> list[str]:
    """The words of ``text`` in the matcher's form (folded, casefolded, split on anything that
    is not a letter or digit)."""
    return words_of(fold_for_match(text)[0])


def match_form(text: str) -> str:
    """``" ".join(match_words(text))``: the string the matcher's automata run over."""
    return " ".join(match_words(text))


def match_form_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """:func:`match_form` plus, for each of its characters, the offset in ``text`` it came from.

    The matcher calls it only for texts in which it found something, to report spans on the
    original text.
    """
    return form_and_offsets(text, *fold_for_match(text))


def form_and_offsets(text: str, folded: str, aligned: bool) -> tuple[str, Sequence[int]]:
    """:func:`match_form_with_offsets` from an already folded text."""
    if aligned:
        if "\x00" not in folded:
            return _by_blank_runs(folded)
        return _by_words(folded)
    pairs = (
        (i, c) for i, ch in enumerate(text) for c in unicodedata.normalize("NFC", ch).translate(_MATCH_KEEP).casefold()
    )
    return _collapse(pairs)


_TOKEN_RE = re.compile(r"[^\s]*[^\s\x00][^\s]*")


_REMOVED_BLANKS = re.compile(r"^\s+|\s+$|(?<=\s)\s+")


class _LazyOffsets(Sequence[int]):
    """A read-only sequence of source offsets computed one at a time by ``_at(i)``: the matcher
    reads a handful per text, so no list with one entry per character is built."""

    _length: int

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> list[int]: ...
    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._length))]
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError(i)
        return self._at(i)

    def _at(self, i: int) -> int:
        raise NotImplementedError


class _ShiftOffsets(_LazyOffsets):
    """Offsets when the form is the source minus some runs of blanks: position i of the form
    comes from i plus the length of every removed run at or before it (runs are few)."""

    def __init__(self, runs: list[tuple[int, int]], length: int):
        self._runs = runs
        self._length = length

    def _at(self, i: int) -> int:
        for start, length in self._runs:
            if start > i:
                break
            i += length
        return i


def _by_blank_runs(folded: str) -> tuple[str, Sequence[int]]:
    runs = [(m.start(), m.end() - m.start()) for m in _REMOVED_BLANKS.finditer(folded)]
    norm = " ".join(folded.split())
    return norm, _ShiftOffsets(runs, len(norm))


class Offsets(_LazyOffsets):
    """Offsets of a matcher form's characters in the source text, computed on demand.

    The matcher needs a handful of them per text (the ends of each mention), so instead of a
    list with one entry per character this keeps one entry per word.
    """

    def __init__(self, folded: str, words: list[tuple[int, int, int, bool]], length: int):
        self._folded = folded
        self._words = words  # (start in form, start in source, end in source, has dropped chars)
        self._starts = [w[0] for w in words]
        self._length = length

    def _at(self, i: int) -> int:
        w = bisect.bisect_right(self._starts, i) - 1
        form_start, start, end, dropped = self._words[w]
        k = i - form_start
        if w + 1 < len(self._words) and i == self._words[w + 1][0] - 1:
            return end  # the space after this word: the first blank after it
        if not dropped:
            return start + k
        kept = [j for j in range(start, end) if self._folded[j] != "\x00"]
        return kept[k]


def _by_words(folded: str) -> tuple[str, Offsets]:
    """The form of a string aligned with its source (same length), and its offsets."""
    words: list[str] = []
    spans: list[tuple[int, int, int, bool]] = []
    pos = 0
    for m in _TOKEN_RE.finditer(folded):
        word = m.group()
        dropped = "\x00" in word
        if dropped:
            word = word.replace("\x00", "")
        spans.append((pos, m.start(), m.end(), dropped))
        words.append(word)
        pos += len(word) + 1
    norm = " ".join(words)
    return norm, Offsets(folded, spans, len(norm))


def _collapse(pairs: Iterable[tuple[int, str]]) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    last_space = True
    for i, c in pairs:
        if c == "\x00":
            continue
        if c.isspace():
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


class _SkeletonTable(dict[int, str]):
    """str.translate table for word skeletons, filled on first sight of each character:
    the character's anyascii transliteration, lowercased, q -> k, vowels (a e i o u y w) and
    anything not a letter or digit dropped; characters that are not letters or digits (and
    not combining marks) separate words."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isspace() or not (ch.isalnum() or unicodedata.category(ch).startswith("M")):
            value = " "
        else:
            latin = anyascii(ch).lower().replace("q", "k")
            value = _NON_ALNUM_RE.sub("", latin).translate(_VOWELS)
        self[code] = value
        return value


_SKELETON_TABLE = _SkeletonTable()


class _WordSkeletons(dict[str, str]):
    """Skeletons of single normalised words, cached (bounded: cleared when it grows large).

    A word's skeleton is what :func:`skeleton_key` gives for it, computed with one translate
    over a per-character table (anyascii per character; anyascii's tables are per code point)."""

    def __missing__(self, word: str) -> str:
        if len(self) > 200_000:
            self.clear()
        value = _DOUBLE_RE.sub(r"\1", word.translate(_SKELETON_TABLE)).replace(" ", "")
        self[word] = value
        return value


#: ``WORD_SKELETONS[word]`` is the skeleton of one normalised word ("" when it has none).
WORD_SKELETONS = _WordSkeletons()
