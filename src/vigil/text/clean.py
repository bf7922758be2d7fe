"""Cleaning for the text models: script folding, masking, stretched letters.

The registry matcher folds scripts with :func:`vigil.text.normalise.fold_script`; the models use
the same folding so that "ي" and "ی" count as one letter for both.  On top of it, models need
text where URLs and @mentions are masked (a link's path is noise that a model would memorise)
and letters stretched for emphasis ("zindabaaaad") are collapsed.
"""

from __future__ import annotations

import re

from vigil.text.normalise import fold_script

__all__ = ["URL_TOKEN", "MENTION_TOKEN", "clean_text", "mask_urls", "collapse_repeats"]

URL_TOKEN = " xurlx "
MENTION_TOKEN = " xuserx "

_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|pk|me|be|ly|watch|org|net|io|af)/\S*", re.IGNORECASE)
_MENTION_RE = re.compile(r"(?<!\w)@\w+")
# three or more of one character -> two: keeps "shaheed"'s double e and folds "shaheeeeed",
# "!!!!" and "😂😂😂"; digits are left alone ("1000" is a number, not emphasis)
_REPEAT_RE = re.compile(r"([^\d\s])\1{2,}")
_SPACE_RE = re.compile(r"\s+")


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
