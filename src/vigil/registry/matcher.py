"""The cross-script organisation matcher.

Two Aho-Corasick automata (pyahocorasick) read the text:

* the *exact* automaton holds each alias in its normalised form (script folding, casefolding,
  anything not a letter or digit as a space: see :mod:`vigil.text.normalise`), plus a joined
  form of long multi-word names so that hashtags such as ``#TehreekeTalibanPakistan`` are found;
* the *skeleton* automaton holds the consonant skeleton of each strong name, word by word
  (``tehreek-e-taliban`` -> `` thrk tlbn ``; Arabic-script words marked ``^``).  It retrieves
  spelling variants (Tehrik/Tahreek, -e-/-i-/none, Baloch/Baluch) and, for names long enough to
  be evidence, the same name in the other script.  Short skeletons collide with unrelated
  words, so a skeleton candidate is verified before it is reported.

Most posts name no organisation, and most are decided before either automaton runs: each key
has a trigger word (its longest word that is not a frequent one), and a set test on the post's
words (and, through a cache, their skeletons) shows whether any key could be complete.  Offsets
into the original text are computed only for posts with a candidate.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import ahocorasick
from anyascii import anyascii

from vigil.domain.registry import Organisation
from vigil.text.normalise import (
    WORD_SKELETONS,
    fold_for_match,
    form_and_offsets,
    match_form,
    match_words,
    words_of,
)

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
BANNED_WORDS = frozenset(_words("banned proscribed outlawed kaladam kalaadam kalaadum kaladum کالعدم"))
# Name words too common to count as context for an organisation.
_CONTEXT_STOP = frozenset(_words("the of e i ul al ud group front army pakistan د"))

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
    shared: bool = False  # the same weak alias belongs to several organisations ("sarmachar")


@dataclass
class _Candidate:
    start: int  # offsets in the normalised text
    end: int
    entry: _Entry
    via_skeleton: bool


def _needs_capitals(text: str, kind: str) -> bool:
    """A short Latin abbreviation ("TTP", "#BLA", "JuA") counts only when written in capitals."""
    letters = text.replace(".", "").replace("#", "")
    return (
        kind in ("abbreviation", "hashtag")
        and letters.isascii()
        and len(letters) <= 6
        and sum(c.isupper() for c in letters) >= 2
    )


def _script_skeleton(word: str) -> str:
    """A word's skeleton, marked with "^" when the word is in Arabic script: a Latin name and an
    Urdu word rarely share a short skeleton by more than chance ("Risha Manu" and "رش میں")."""
    skeleton = WORD_SKELETONS[word]
    return "^" + skeleton if skeleton and _ARABIC_RE.search(word) else skeleton


def _skeleton_tokens(text: str) -> list[str]:
    """The consonant skeletons of a name's words (words with none, like izafat "e", vanish)."""
    return [k for k in map(_script_skeleton, match_words(text)) if k]


def _in_script(tokens: list[str], arabic: bool) -> list[str]:
    return [("^" if arabic else "") + t.lstrip("^") for t in tokens]


def _skeleton_keys(tokens: list[str], arabic: bool) -> list[str]:
    """The automaton keys of a name: its words, and the words run together (a hashtag); in the
    other script too when the name is long enough to be evidence across scripts."""
    letters = sum(len(t.lstrip("^")) for t in tokens)
    variants = [tokens] + ([_in_script(tokens, not arabic)] if letters >= 8 else [])
    keys = []
    for v in variants:
        keys.append(" " + " ".join(v) + " ")
        if len(v) > 1 and letters >= 8:
            mark = "^" if v[0].startswith("^") else ""
            keys.append(" " + mark + "".join(t.lstrip("^") for t in v) + " ")
    return keys


def _skeleton_words(norm: str) -> list[tuple[int, int, str]]:
    """(start, end, skeleton) of the words of ``norm`` that have a skeleton, in order."""
    out, pos = [], 0
    for word in norm.split(" "):
        key = WORD_SKELETONS[word]
        if key:
            out.append((pos, pos + len(word), key))
        pos += len(word) + 1
    return out


# Phrases of ordinary news whose skeleton equals an alias's: "Pakistan-Taliban talks" is about
# two parties, not the "Pakistani Taliban".  Such aliases are matched by their exact form only.
FALSE_FRIEND_PHRASES = ("Pakistan Taliban", "Afghan Taliban", "Taliban Pakistan")


def _eligible_for_skeleton(tokens: list[str], entry: _Entry) -> bool:
    # Short skeletons collide with ordinary words ("TTP" -> "tp", "Umar Media" -> "mr md" like
    # "Amar Media"); only names of several words, or long ones, qualify.
    length = sum(len(t.lstrip("^")) for t in tokens)
    if entry.quality == "weak" or entry.kind in ("abbreviation", "hashtag"):
        return False
    if " ".join(tokens) in _FALSE_FRIEND_KEYS:
        return False
    if entry.kind == "name" and len(tokens) >= 2:
        return length >= 5
    return length >= 7 and (len(tokens) >= 2 or length >= 9)


_FALSE_FRIEND_KEYS = frozenset(" ".join(_skeleton_tokens(p)) for p in FALSE_FRIEND_PHRASES)
# Words too frequent in ordinary posts to serve as a name's trigger word (see Matcher.find).
_FREQUENT = frozenset(
    t
    for w in ("Pakistan", "Balochistan", "Baloch", "group", "army", "front", "media", "the")
    for t in _skeleton_tokens(w)
    for t in (t, "^" + t)
) | frozenset({"pakistan", "balochistan", "baloch", "group", "army", "front", "media", "the"})


def _keysets_by_trigger(keys: Iterable[str]) -> dict[str, dict[str, list[frozenset[str]]]]:
    """trigger word -> second trigger word ("" for one-word keys) -> the keys' word sets."""
    out: dict[str, dict[str, list[frozenset[str]]]] = {}
    for key in keys:
        words = key.split()
        trigger = _trigger(words)
        second = _trigger([w for w in words if w != trigger])
        out.setdefault(trigger, {}).setdefault(second, []).append(frozenset(words))
    return out


def _trigger(words: list[str]) -> str:
    """The word whose presence a key needs: the longest that is not a frequent word."""
    ranked = sorted(words, key=lambda w: (w not in _FREQUENT, len(w)), reverse=True)
    return ranked[0] if ranked else ""


class _KeyWordCache(dict[str, str]):
    """word -> its skeleton when a skeleton key uses that skeleton, "~" when it has another
    one, "" when it has none (izafat "e").  The automaton's line needs no more, and most words
    are then looked up, not transliterated.  Filled on first sight (bounded: cleared when large).
    """

    def __init__(self, key_words: frozenset[str]) -> None:
        super().__init__()
        self._key_words = key_words

    def __missing__(self, word: str) -> str:
        if len(self) > 500_000:
            self.clear()
        skeleton = _script_skeleton(word)
        value = skeleton if not skeleton or skeleton in self._key_words else "~"
        self[word] = value
        return value


class Matcher:
    """Finds organisation mentions in text, in any script.  Build once, call :meth:`find`."""

    def __init__(
        self,
        exact: dict[str, list[_Entry]],
        skeleton: dict[str, list[_Entry]],
        context: dict[str, frozenset[str]],
        alias_count: int,
    ) -> None:
        self._exact = _automaton(exact)
        self._skeleton = _automaton(skeleton)
        # Every key needs its trigger word in the text: a C-speed set test skips the automata
        # for the great majority of posts, which name no organisation at all.
        self._exact_triggers = frozenset(_trigger(k.split()) for k in exact)
        self._keysets = _keysets_by_trigger(skeleton)
        self._skeleton_trigger_set = frozenset(self._keysets)
        self._key_words = _KeyWordCache(frozenset(w for k in skeleton for w in k.split()))
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
                    needs_capitals=_needs_capitals(alias.text, alias.kind),
                    arabic=bool(_ARABIC_RE.search(alias.text)),
                )
                count += 1
                for form in _exact_forms(alias.text, alias.kind):
                    exact.setdefault(form, []).append(entry)
                tokens = _skeleton_tokens(alias.text)
                if _eligible_for_skeleton(tokens, entry):
                    for key in _skeleton_keys(tokens, entry.arabic):
                        skeleton.setdefault(key, []).append(entry)
                if entry.kind != "hashtag" and (entry.quality == "weak" or entry.kind == "name"):
                    # its own names and nicknames: "BLA sarmachar" supports both
                    words.update(match_form(alias.text).split())
            context[org.slug] = GENERIC_CONTEXT | (frozenset(words) - _CONTEXT_STOP)
        return cls(_mark_shared(exact), skeleton, context, count)

    # ----------------------------------------------------------------------------- matching
    def find(self, text: str) -> list[Mention]:
        """Every organisation mention in ``text``, in order, overlaps resolved (longest wins)."""
        folded, aligned = fold_for_match(text)
        words = words_of(folded)
        exact = self._exact_hits(words)
        skel = self._verified_skeleton(" ".join(words), self._skeleton_hits(words), exact)
        if not exact and not skel:
            return []  # the common case, decided without offsets
        norm, offsets = form_and_offsets(text, folded, aligned)
        if not aligned and norm.split(" ") != words:  # NFC changed it: rescan per character
            words = norm.split()
            exact = self._exact_hits(words)
            skel = self._verified_skeleton(norm, self._skeleton_hits(words), exact)
        # "Pakistan, Taliban agree" is two subjects, not one name: no punctuation inside a name.
        found = exact + [c for c, spans in skel if _joined(text, offsets, spans)]
        return self._resolve(text, norm, offsets, found)

    def _exact_hits(self, words: list[str]) -> list[_Candidate]:
        if self._exact is None or self._exact_triggers.isdisjoint(words):
            return []
        norm = " ".join(words)
        found = []
        for end, (key_len, entries) in self._exact.iter(norm):
            start = end - key_len + 1
            if _on_boundaries(norm, start, end + 1):
                found.extend(_Candidate(start, end + 1, e, False) for e in entries)
        return found

    def _skeleton_hits(self, words: list[str]) -> list[tuple[int, int, tuple[_Entry, ...]]]:
        if self._skeleton is None:
            return []
        marks = list(map(self._key_words.__getitem__, words))
        present = set(marks)
        if not self._possible(present):
            return []  # no key has all its words here: most posts end here
        line = " " + " ".join(filter(None, marks)) + " "
        out = []
        for end, (key_len, entries) in self._skeleton.iter(line):
            begin = end - key_len + 1
            first = line.count(" ", 0, begin + 1) - 1  # index of the first word of the hit
            out.append((first, line.count(" ", begin, end + 1) - 1, entries))
        return out

    def _possible(self, present: set[str]) -> bool:
        """Whether some skeleton key has all its words in ``present`` (order is left to the
        automaton)."""
        for trigger in self._skeleton_trigger_set.intersection(present):
            by_second = self._keysets[trigger]
            if "" in by_second:
                return True
            for second in present.intersection(by_second):
                if any(k <= present for k in by_second[second]):
                    return True
        return False

    def _verified_skeleton(
        self,
        norm: str,
        hits: list[tuple[int, int, tuple[_Entry, ...]]],
        exact: list[_Candidate],
    ) -> list[tuple[_Candidate, list[tuple[int, int, str]]]]:
        if not hits:
            return []
        words = _skeleton_words(norm)
        known = [(c.start, c.end, c.entry.organisation) for c in exact]
        found = []
        for first, n_words, entries in hits:
            span = words[first : first + n_words]
            start, end = span[0][0], span[-1][1]
            done: set[str] = set()
            for e in entries:
                org = e.organisation
                if org in done or any(s <= start and end <= e and o == org for s, e, o in known):
                    continue  # inside an exact mention of the same group, or verified already
                if _verify(norm[start:end], e):
                    done.add(org)
                    found.append((_Candidate(start, end, e, True), span))
        return found

    def _resolve(self, text: str, norm: str, offsets: Sequence[int], found: list[_Candidate]) -> list[Mention]:
        spans: list[tuple[int, int, _Candidate]] = []
        for c in found:
            o_start, o_end = offsets[c.start], offsets[c.end - 1] + 1
            if o_start > 0 and text[o_start - 1] == "#":
                o_start -= 1  # report a hashtag with its sign
            if c.entry.needs_capitals and not _capitalised(text[o_start:o_end]):
                continue
            if _followed_by_other(norm, c.end):
                continue
            spans.append((o_start, o_end, c))
        strong_orgs = {c.entry.organisation for _, _, c in spans if c.entry.quality != "weak"}
        named_orgs = {c.entry.organisation for _, _, c in spans if not c.entry.shared}
        scored = [
            (o_s, o_e, self._confidence(norm, c.start, c.end, c, strong_orgs, named_orgs), c) for o_s, o_e, c in spans
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
        self,
        norm: str,
        start: int,
        end: int,
        cand: _Candidate,
        strong_orgs: set[str],
        named_orgs: set[str],
    ) -> float:
        entry = cand.entry
        if entry.quality == "former":
            return FORMER_CONFIDENCE
        if entry.quality != "weak":
            base = BASE_CONFIDENCE.get((entry.kind, "strong"), 0.85)
            return round(base * SKELETON_FACTOR, 3) if cand.via_skeleton else base
        if entry.shared:
            # Which group's "sarmachar"?  Only the text's other mentions can tell.
            return WEAK_WITH_STRONG if entry.organisation in named_orgs else WEAK_CONFIDENCE
        before = norm[max(0, start - 30) : start].split()[-2:]
        if BANNED_WORDS.intersection(before):
            return WEAK_AFTER_BANNED
        if entry.organisation in strong_orgs:
            return WEAK_WITH_STRONG
        window = norm[max(0, start - CONTEXT_WINDOW) : start] + " " + norm[end : end + CONTEXT_WINDOW]
        if self._context[entry.organisation].intersection(window.split()):
            return WEAK_WITH_CONTEXT
        return WEAK_CONFIDENCE


def _mark_shared(table: dict[str, list[_Entry]]) -> dict[str, list[_Entry]]:
    for form, entries in table.items():
        if len({e.organisation for e in entries}) > 1:
            table[form] = [replace(e, shared=True) for e in entries]
    return table


def _exact_forms(text: str, kind: str) -> Iterable[str]:
    form = match_form(text)
    if not form:
        return []
    forms = {form}
    words = form.split()
    if len(words) >= 2 and len(form) >= 12:
        forms.add("".join(words))  # as written in a hashtag: TehreekeTalibanPakistan
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
    return ch.isalnum()


def _capitalised(matched: str) -> bool:
    letters = [c for c in matched if c.isalpha()]
    return sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


_BREAK_RE = re.compile(r"[,.;:!?()\[\]{}\"“”|/\\\n\u060c\u061b\u06d4]")
# A name followed by one of these names a different organisation ("Tehrik-e-Taliban Afghanistan").
OTHER_QUALIFIERS = frozenset({"afghanistan", "afghan", "افغانستان", "افغان"})


def _joined(text: str, offsets: Sequence[int], words: list[tuple[int, int, str]]) -> bool:
    """Words of one name are not separated by sentence punctuation (izafat "-e-" is fine)."""
    return not any(
        _BREAK_RE.search(text, offsets[a[1] - 1] + 1, offsets[b[0]]) for a, b in zip(words, words[1:], strict=False)
    )


def _followed_by_other(norm: str, end: int) -> bool:
    following = norm[end : end + 16].split()
    return bool(following) and following[0] in OTHER_QUALIFIERS


def _latin_letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(text).lower())


def _verify(candidate: str, entry: _Entry) -> bool:
    """A skeleton hit is kept when its spelling is close to the alias's.

    Across scripts the transliteration drops short vowels, so spellings can't be compared;
    there the long skeleton itself (7+ consonants over the whole name) is the evidence.
    """
    if bool(_ARABIC_RE.search(candidate)) != entry.arabic:
        return sum(c.isalpha() for c in WORD_SKELETONS[candidate.replace(" ", "")]) >= 8
    a, b = _latin_letters(candidate), _latin_letters(entry.alias)
    # Short names leave less room: one changed letter in "Rasha Tar" is already a new word.
    needed = 0.7 if len(b) >= 12 else 0.85
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= needed


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
