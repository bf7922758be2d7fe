"""Cleaning for the text models: script folding, masking, stretched letters.

The registry matcher folds scripts with :func:`vigil.text.normalise.fold_script`; the models use
the same folding so that "ي" and "ی" count as one letter for both.  On top of it, models need
text where URLs and @mentions are masked (a link's path is noise that a model would memorise)
and letters stretched for emphasis ("zindabaaaad") are collapsed.
"""

from __future__ import annotations

import re

from vigil.text.normalise import fold_script

__all__ = ["URL_TOKEN", "MENTION_TOKEN", "clean_text", "collapse_repeats", "fold_spelling", "mask_urls"]

URL_TOKEN = " xurlx "
MENTION_TOKEN = " xuserx "

_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|pk|me|be|ly|watch|org|net|io|af)/\S*", re.IGNORECASE)
_MENTION_RE = re.compile(r"(?<!\w)@\w+")
# three or more of one character -> two: keeps "shaheed"'s double e and folds "shaheeeeed",
# "!!!!" and "😂😂😂"; digits are left alone ("1000" is a number, not emphasis)
_REPEAT_RE = re.compile(r"([^\d\s])\1{2,}")
_SPACE_RE = re.compile(r"\s+")
# symbols written inside a word to dodge filters: "bhenc*hod", "k@minay", "ch.tiya"
_INWORD_SYMBOL_RE = re.compile(r"(?<=[^\W\d_])[*@#$%.\-_]+(?=[^\W\d_])")
_DOUBLE_RE = re.compile(r"([^\W\d_])\1+")
_INNER_VOWELS_RE = re.compile(r"\b([^\W\d_])([^\W\d_]*)")
_LATIN_VOWELS = str.maketrans("", "", "aeiouy")


def mask_urls(text: str) -> str:
    """Replace URLs and @mentions by placeholder tokens."""
    return _MENTION_RE.sub(MENTION_TOKEN, _URL_RE.sub(URL_TOKEN, text))


def collapse_repeats(text: str) -> str:
    """Collapse runs of three or more of one character (not a digit or space) to two."""
    return _REPEAT_RE.sub(r"\1\1", text)


def clean_text(text: str) -> str:
    """The text a model sees: folded script, masked URLs and mentions, collapsed stretches,
    casefolded, whitespace collapsed."""
    folded = fold_script(text)
    return _SPACE_RE.sub(" ", collapse_repeats(mask_urls(folded)).casefold()).strip()


def _skeleton(match: re.Match[str]) -> str:
    return match.group(1) + match.group(2).translate(_LATIN_VOWELS)


def fold_spelling(cleaned: str) -> str:
    """Fold the spelling variants of Roman Urdu (and obfuscated words) onto one form.

    Roman Urdu has no standard spelling: "bharwe", "bharway", "bharwey"; "kutta", "kuta",
    "kuttay".  On text already passed through :func:`clean_text`: symbols inside a word are
    dropped ("bhenc*hod" -> "bhenchod"), doubled letters are collapsed, and every word keeps its
    first letter and its consonants only ("bharway" -> "bhrw", "kutta" -> "kt").  The folded
    form is an *extra* view of the text for a model, never a replacement: it merges some
    unrelated words, which the unfolded features still tell apart.
    """
    text = _DOUBLE_RE.sub(r"\1", _INWORD_SYMBOL_RE.sub("", cleaned))
    return _INNER_VOWELS_RE.sub(_skeleton, text)
