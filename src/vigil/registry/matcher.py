"""The cross-script organisation matcher.

Two Aho-Corasick automata (pyahocorasick) run over every text:

* the *exact* automaton holds each alias in its normalised form (script folding, casefolding,
  joining punctuation as spaces: see :mod:`vigil.text.normalise`), plus a joined form of long
  multi-word names so that hashtags such as ``#TehreekeTalibanPakistan`` are found;
* the *skeleton* automaton holds the consonant skeleton of each long strong name, token by token
  (``tehreek-e-taliban`` -> `` thrk tlbn ``).  It retrieves spelling variants (Tehrik/Tahreek,
  -e-/-i-/none, Baloch/Baluch) and the same name written in another script.  Short skeletons
  collide with unrelated words, so a skeleton candidate is verified before it is reported.

Every candidate must start and end on a word boundary.  Latin abbreviations (``TTP``, ``BLA``)
must be written in capitals: "bla bla" is not the BLA.

Confidence says how sure the matcher is that the text *names the designated organisation*; it
says nothing about stance (reporting, support, counter-speech), which the text model judges.

=============  ==========================================================================
kind/quality   confidence
=============  ==========================================================================
strong name    0.95 (0.9 when found through the skeleton only)
outlet/hashtag 0.90
slogan         0.85
former name    0.75
weak alone     0.30  (below the 0.5 reporting threshold used by ``vigil registry eval``)
weak + context 0.65  when a word tied to the organisation (its own name words, or militancy
                     words such as "militants", "claimed", "حملہ") is within 60 characters
weak + banned  0.85  when "banned" / "proscribed" / "کالعدم" precedes it: that phrasing names
                     the designated group unambiguously (it is also a sign of reporting, which is
                     the text model's concern, not the matcher's)
weak + strong  0.80  when the same text also names the organisation with a strong alias
=============  ==========================================================================
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick
from anyascii import anyascii

from vigil.domain.registry import Organisation
from vigil.text.normalise import match_form, normalise_with_offsets, skeleton_key

REPORT_THRESHOLD = 0.5

BASE_CONFIDENCE = {
    ("name", "strong"): 0.95,
    ("abbreviation", "strong"): 0.9,
    ("outlet", "strong"): 0.9,
    ("hashtag", "strong"): 0.9,
    ("slogan", "strong"): 0.85,
}
FORMER_CONFIDENCE = 0.75
WEAK_CONFIDENCE = 0.3
WEAK_WITH_CONTEXT = 0.65
WEAK_WITH_STRONG = 0.8
WEAK_AFTER_BANNED = 0.85
SKELETON_FACTOR = 0.95
CONTEXT_WINDOW = 60


def _words(text: str) -> list[str]:
    return text.split()


# Words that, near a weak alias, make it likely the organisation is meant.  Kept small and
# generic on purpose; each organisation adds the words of its own strong names.
GENERIC_CONTEXT = frozenset(
    _words(
        """
    militant militants militancy terrorist terrorists terror attack attacks attacked claimed claim
    claims responsibility commander commanders fighters insurgent insurgents insurgency banned
    proscribed outlawed khawarij khariji mujahideen mujahidin jihadi jihadis suicide bomber
    bombing ambush killed soldiers spokesman spokesperson operation offensive hamla hamlay
    zimmedari dehshatgard dehshatgardi shiddat pasand
    دہشت دہشتگرد دہشتگردی حملہ حملے حملوں ذمہ داری شدت پسند عسکریت کالعدم خوارج خارجی
    مجاہدین ترجمان کمانڈر فورسز اہلکار بريد حمله ترهګر
    """
    )
)
BANNED_WORDS = frozenset(
    _words("banned proscribed outlawed kaladam kalaadam kalaadum kaladum کالعدم")
)
# Name words too common to count as context for an organisation.
_CONTEXT_STOP = frozenset(_words("the of e i ul al ud group front army pakistan د"))

_TOKEN_RE = re.compile(
    r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d])+"
)
_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class Mention:
    """One place in a text that names an organisation."""

    start: int  # offsets in the ORIGINAL text
    end: int
    matched: str  # text[start:end]
    alias: str  # the alias text that matched
    organisation: str  # slug
    references: tuple[str, ...]  # active designation references
    kind: str  # name | abbreviation | outlet | slogan | hashtag
    quality: str  # strong | weak | former
    confidence: float  # 0..1

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "matched": self.matched,
            "alias": self.alias,
            "organisation": self.organisation,
            "references": list(self.references),
            "kind": self.kind,
            "quality": self.quality,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class _Entry:
    organisation: str
    alias: str
    kind: str
    quality: str
    references: tuple[str, ...]
    needs_capitals: bool  # a Latin abbreviation: "BLA", never "bla"
    arabic: bool  # written in Arabic script (Urdu, Pashto)


@dataclass
class _Candidate:
    start: int  # in normalised text, or original text for skeleton hits (see `original`)
    end: int
    entry: _Entry
    via_skeleton: bool


def _is_latin_abbreviation(text: str, kind: str) -> bool:
    letters = text.replace(".", "").replace("#", "")
    return kind == "abbreviation" and letters.isascii() and len(letters) <= 6


def _skeleton_tokens(text: str) -> list[str]:
    return [k for k in map(skeleton_key, _TOKEN_RE.findall(text)) if k]


def _eligible_for_skeleton(tokens: list[str], entry: _Entry) -> bool:
    # Short skeletons collide with ordinary words ("TTP" -> "tp"); only long names qualify.
    length = sum(len(t) for t in tokens)
    if entry.quality == "weak" or entry.kind in ("abbreviation", "hashtag"):
        return False
    return length >= 7 and (len(tokens) >= 2 or length >= 9)


class Matcher:
    """Finds organisation mentions in text, in any script.  Build once, call :meth:`find`."""

    def __init__(
        self,
        exact: ahocorasick.Automaton | None,
        skeleton: ahocorasick.Automaton | None,
        context: dict[str, frozenset[str]],
        alias_count: int,
    ) -> None:
        self._exact = exact
        self._skeleton = skeleton
        self._context = context
        self.alias_count = alias_count

    # ----------------------------------------------------------------------------- building
    @classmethod
    def build(cls, organisations: Sequence[Organisation]) -> Matcher:
        """A matcher over the given organisations' aliases (callers pass in-scope ones)."""
        exact: dict[str, list[_Entry]] = {}
        skeleton: dict[str, list[_Entry]] = {}
        context: dict[str, frozenset[str]] = {}
        count = 0
        for org in organisations:
            refs = org.references
            words: set[str] = set()
            for alias in org.aliases:
                entry = _Entry(
                    organisation=org.slug,
                    alias=alias.text,
                    kind=alias.kind,
                    quality=str(alias.quality),
                    references=refs,
                    needs_capitals=_is_latin_abbreviation(alias.text, alias.kind),
                    arabic=bool(_ARABIC_RE.search(alias.text)),
                )
                count += 1
                for form in _exact_forms(alias.text, alias.kind):
                    exact.setdefault(form, []).append(entry)
                tokens = _skeleton_tokens(alias.text)
                if _eligible_for_skeleton(tokens, entry):
                    skeleton.setdefault(" " + " ".join(tokens) + " ", []).append(entry)
                if entry.kind != "hashtag" and (entry.quality == "weak" or entry.kind == "name"):
                    # its own names and nicknames: "BLA sarmachar" supports both
                    words.update(match_form(alias.text).split())
            context[org.slug] = GENERIC_CONTEXT | (frozenset(words) - _CONTEXT_STOP)
        return cls(_automaton(exact), _automaton(skeleton), context, count)

    # ----------------------------------------------------------------------------- matching
    def find(self, text: str) -> list[Mention]:
        """Every organisation mention in ``text``, in order, overlaps resolved (longest wins)."""
        if self._exact is None and self._skeleton is None:
            return []
        norm = match_form(text)
        exact = self._exact_candidates(norm, text)
        skel = self._skeleton_candidates(text)
        if not exact and not skel:
            return []
        norm2, offsets = normalise_with_offsets(text)
        if norm2 != norm:  # text not in NFC: rescan the per-character form
            norm = norm2
            exact = self._exact_candidates(norm, text)
        return self._resolve(text, norm, offsets, exact, skel)

    def _exact_candidates(self, norm: str, text: str) -> list[_Candidate]:
        if self._exact is None:
            return []
        found = []
        for end, entries in self._exact.iter(norm):
            key_len = entries[0]
            start = end - key_len + 1
            if not _on_boundaries(norm, start, end + 1):
                continue
            for entry in entries[1]:
                found.append(_Candidate(start, end + 1, entry, False))
        return found

    def _skeleton_candidates(self, text: str) -> list[_Candidate]:
        if self._skeleton is None:
            return []
        keys = [skeleton_key(t) for t in _TOKEN_RE.findall(text)]
        line = " " + " ".join(k for k in keys if k) + " "
        hits = list(self._skeleton.iter(line))
        if not hits:
            return []
        spans = [m.span() for m in _TOKEN_RE.finditer(text)]
        kept = [span for span, k in zip(spans, keys, strict=True) if k]
        found = []
        for end, (key_len, entries) in hits:
            begin = end - key_len + 1
            first = line.count(" ", 0, begin + 1) - 1
            n_tokens = line.count(" ", begin, end + 1) - 1
            start, stop = kept[first][0], kept[first + n_tokens - 1][1]
            for entry in entries:
                if _verify(text[start:stop], entry):
                    found.append(_Candidate(start, stop, entry, True))
        return found

    def _resolve(
        self,
        text: str,
        norm: str,
        offsets: list[int],
        exact: list[_Candidate],
        skel: list[_Candidate],
    ) -> list[Mention]:
        spans: list[tuple[int, int, int, int, _Candidate]] = []
        for c in exact:
            o_start, o_end = offsets[c.start], offsets[c.end - 1] + 1
            if c.entry.needs_capitals and not _capitalised(text[o_start:o_end]):
                continue
            spans.append((o_start, o_end, c.start, c.end, c))
        for c in skel:
            n_start, n_end = _to_norm(offsets, c.start, c.end)
            spans.append((c.start, c.end, n_start, n_end, c))
        strong_orgs = {s[4].entry.organisation for s in spans if s[4].entry.quality != "weak"}
        scored = [
            (o_s, o_e, self._confidence(norm, n_s, n_e, cand, strong_orgs), cand)
            for o_s, o_e, n_s, n_e, cand in spans
        ]
        # Longest first, then most confident, then exact over skeleton; keep non-overlapping.
        scored.sort(key=lambda s: (-(s[1] - s[0]), -s[2], s[3].via_skeleton, s[0]))
        taken: list[tuple[int, int]] = []
        seen: set[tuple[int, int, str]] = set()
        out = []
        for o_s, o_e, conf, cand in scored:
            key = (o_s, o_e, cand.entry.organisation)
            if key in seen or any(o_s < e and s < o_e and (s, e) != (o_s, o_e) for s, e in taken):
                continue
            seen.add(key)
            taken.append((o_s, o_e))
            out.append(_mention(text, o_s, o_e, cand.entry, conf))
        out.sort(key=lambda m: (m.start, -m.confidence, m.organisation))
        return out

    def _confidence(
        self, norm: str, start: int, end: int, cand: _Candidate, strong_orgs: set[str]
    ) -> float:
        entry = cand.entry
        if entry.quality == "former":
            return FORMER_CONFIDENCE
        if entry.quality != "weak":
            base = BASE_CONFIDENCE.get((entry.kind, "strong"), 0.85)
            return round(base * SKELETON_FACTOR, 3) if cand.via_skeleton else base
        before = norm[max(0, start - 30) : start].split()[-2:]
        if BANNED_WORDS.intersection(before):
            return WEAK_AFTER_BANNED
        if entry.organisation in strong_orgs:
            return WEAK_WITH_STRONG
        window = (
            norm[max(0, start - CONTEXT_WINDOW) : start] + " " + norm[end : end + CONTEXT_WINDOW]
        )
        if self._context[entry.organisation].intersection(window.split()):
            return WEAK_WITH_CONTEXT
        return WEAK_CONFIDENCE


def _exact_forms(text: str, kind: str) -> Iterable[str]:
    form = match_form(text)
    if not form:
        return []
    forms = {form}
    words = form.split()
    if kind != "hashtag" and len(words) >= 2 and len(form) >= 12:
        forms.add("".join(words))  # as written in a hashtag: TehreekeTalibanPakistan
    if kind == "hashtag" and form.startswith("#"):
        forms.add(form)
    return forms


def _automaton(table: dict[str, list[_Entry]]) -> ahocorasick.Automaton | None:
    if not table:
        return None
    auto = ahocorasick.Automaton()
    for key, entries in table.items():
        auto.add_word(key, (len(key), tuple(entries)))
    auto.make_automaton()
    return auto


def _on_boundaries(norm: str, start: int, end: int) -> bool:
    if start > 0 and _word_char(norm[start - 1]) and _word_char(norm[start]):
        return False
    return not (end < len(norm) and _word_char(norm[end]) and _word_char(norm[end - 1]))


def _word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _capitalised(matched: str) -> bool:
    letters = [c for c in matched if c.isalpha()]
    return sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def _to_norm(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    import bisect

    return bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)


def _latin_letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(text).lower())


def _verify(candidate: str, entry: _Entry) -> bool:
    """A skeleton hit is kept when its spelling is close to the alias's.

    Across scripts the transliteration drops short vowels, so spellings can't be compared;
    there the long skeleton itself (7+ consonants over the whole name) is the evidence.
    """
    if bool(_ARABIC_RE.search(candidate)) != entry.arabic:
        return True
    a, b = _latin_letters(candidate), _latin_letters(entry.alias)
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.7


def _mention(text: str, start: int, end: int, entry: _Entry, confidence: float) -> Mention:
    return Mention(
        start=start,
        end=end,
        matched=text[start:end],
        alias=entry.alias,
        organisation=entry.organisation,
        references=entry.references,
        kind=entry.kind,
        quality=entry.quality,
        confidence=confidence,
    )
