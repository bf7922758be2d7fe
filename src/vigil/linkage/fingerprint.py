"""Fingerprints of accounts, for re-emergence matching.

A fingerprint keeps what survives when a removed account is re-created under a new name: the
handle and display name folded across scripts (digits and look-alike letters folded), the
profile image's PDQ hash, the bio, links, phone numbers and invite links, the writing style (a
hashed character 3-gram profile), the hour-of-week activity profile, and the neighbours.

Entry point: :func:`fingerprint_account`.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import phonenumbers
from anyascii import anyascii
from datasketch import MinHash

from vigil.domain.records import Account, Post
from vigil.errors import InputError
from vigil.text.normalise import fold_script, normalise, skeleton_key

__all__ = [
    "STYLE_DIM",
    "NUM_PERM",
    "Fingerprint",
    "fingerprint_account",
    "fold_name",
    "strip_affixes",
    "name_keys",
    "normalise_link",
    "split_links",
    "phone_numbers",
    "style_profile",
    "hour_profile",
    "validate_pdq",
]

STYLE_DIM = 256
NUM_PERM = 32
_MINHASH_SEED = 11

# anyascii transliterates by sound; a look-alike is chosen by shape.  Cyrillic and Greek letters
# that look like Latin ones are mapped to the letter they imitate before transliteration (the
# confusables data of Unicode TR39 is larger than this, but these are the ones seen in handles).
_LOOKALIKE = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "к": "k",
        "м": "m", "т": "t", "в": "b", "н": "h", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
        "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "ι": "i", "κ": "k", "χ": "x",
    }
)  # fmt: skip
# Digits and symbols used as letters in handles ("t4l1b4n" for "taliban").  1, l, i, I, | and !
# look alike in most fonts, so they all fold to "l".
_LEET = str.maketrans({"0": "o", "1": "l", "i": "l", "3": "e", "4": "a", "5": "s", "7": "t",
                       "8": "b", "9": "g", "$": "s", "@": "a", "!": "l", "|": "l"})  # fmt: skip
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_REPEAT = re.compile(r"(.)\1+")
# Words that re-created accounts add to an old name.
_AFFIXES = re.compile(r"(officlal|offlcal|real|the|new|backup|bckup|orlglnal|orlg|maln|acc)")  # folded: i is l
_PDQ_RE = re.compile(r"^[0-9a-f]{64}$")
_INVITE_HOSTS = ("t.me", "telegram.me", "chat.whatsapp.com", "discord.gg", "wa.me")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"']+|\b(?:t\.me|wa\.me|chat\.whatsapp\.com)/\S+")


def fold_name(text: str) -> str:
    """Handle or name folded for comparison: script-folded, look-alikes and leetspeak to
    letters, transliterated, lower case, separators removed, repeated letters collapsed."""
    latin = anyascii(fold_script(text).translate(_LOOKALIKE)).lower()
    # "rn" looks like "m" and "vv" like "w" at small sizes.
    latin = latin.replace("rn", "m").replace("vv", "w")
    folded = _NON_ALNUM.sub("", latin.translate(_LEET))
    return _REPEAT.sub(r"\1", folded)


def strip_affixes(folded: str) -> str:
    """A folded name without the words re-created accounts add ("real", "backup", ...)."""
    return _AFFIXES.sub("", folded).strip("0123456789")


def name_keys(text: str | None) -> set[str]:
    """Blocking keys of a handle or name: the folded form, the form without the words that
    re-created accounts add, and the consonant skeleton (verified later, it collides)."""
    if not text:
        return set()
    folded = fold_name(text)
    keys = {folded, strip_affixes(folded)}
    skel = skeleton_key(text)
    if len(skel) >= 4:
        keys.add("~" + skel)
    return {k for k in keys if len(k) >= 3}


def validate_pdq(value: str | None, *, field_name: str = "avatar_pdq") -> str | None:
    if value is None or value == "":
        return None
    v = value.strip().lower()
    if not _PDQ_RE.match(v):
        raise InputError(
            f"The '{field_name}' value must be a 256-bit PDQ hash as 64 hex digits. Got {value!r} instead."
        )
    return v


def normalise_link(url: str) -> str:
    """Host without www plus path, lower case, no scheme, query kept only for invite links."""
    raw = url.strip()
    if "://" not in raw:
        raw = "http://" + raw
    parts = urlsplit(raw)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.rstrip("/")
    return f"{host}{path}".lower()


def split_links(urls: Iterable[str]) -> tuple[set[str], set[str]]:
    """(ordinary links, invite links) after normalisation."""
    ordinary, invites = set(), set()
    for url in urls:
        norm = normalise_link(url)
        if not norm:
            continue
        if norm.split("/", 1)[0] in _INVITE_HOSTS and "/" in norm:
            invites.add(norm)
        else:
            ordinary.add(norm)
    return ordinary, invites


def phone_numbers(text: str, region: str = "PK") -> set[str]:
    """Phone numbers in a text, in E.164, found with Google's libphonenumber."""
    found = set()
    for m in phonenumbers.PhoneNumberMatcher(text, region):
        found.add(phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164))
    return found


def style_profile(texts: Sequence[str]) -> np.ndarray:
    """Writing style: character 3-grams of the normalised texts, hashed into STYLE_DIM buckets
    (crc32, stable across runs), square-root damped and L2-normalised."""
    vec = np.zeros(STYLE_DIM, dtype=np.float64)
    for t in texts:
        s = f" {normalise(t)} "
        for i in range(len(s) - 2):
            vec[zlib.crc32(s[i : i + 3].encode()) % STYLE_DIM] += 1.0
    vec = np.sqrt(vec)
    norm = np.linalg.norm(vec)
    return (vec / norm if norm else vec).astype(np.float32)


def hour_profile(times: Iterable[Any]) -> np.ndarray:
    """Share of activity in each of the 168 hours of the week (UTC), L2-normalised."""
    vec = np.zeros(168, dtype=np.float64)
    for t in times:
        if t is None:
            continue
        t = t.astimezone(UTC) if t.tzinfo else t
        vec[t.weekday() * 24 + t.hour] += 1.0
    norm = np.linalg.norm(vec)
    return (vec / norm if norm else vec).astype(np.float32)


def text_signature(bio: str) -> np.ndarray:
    """MinHash signature (datasketch) of the bio's character 4-grams; all zeros when there is no
    bio.  (Names are compared on their own: folding them into this signature would count a
    similar name twice.)"""
    b = normalise(bio)
    tokens = {b[i : i + 4] for i in range(max(0, len(b) - 3))}
    if not tokens:
        return np.zeros(NUM_PERM, dtype=np.uint32)
    mh = MinHash(num_perm=NUM_PERM, seed=_MINHASH_SEED)
    mh.update_batch([t.encode() for t in tokens])
    return mh.hashvalues.astype(np.uint32)


@dataclass
class Fingerprint:
    """What Vigil keeps of an account to recognise it again.  ``key`` is "platform:id"."""

    key: str
    platform: str
    platform_id: str
    handle: str = ""
    display_name: str = ""
    bio: str = ""
    avatar_pdq: str | None = None
    links: set[str] = field(default_factory=set)
    invites: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    neighbours: set[str] = field(default_factory=set)
    style: np.ndarray = field(default_factory=lambda: np.zeros(STYLE_DIM, np.float32))
    hours: np.ndarray = field(default_factory=lambda: np.zeros(168, np.float32))
    signature: np.ndarray = field(default_factory=lambda: np.zeros(NUM_PERM, np.uint32))

    def to_row(self) -> dict[str, Any]:
        """Columns of the ``fingerprints`` table."""
        return {
            "platform": self.platform,
            "platform_id": self.platform_id,
            "handle": self.handle,
            "display_name": self.display_name,
            "bio": self.bio,
            "avatar_pdq": self.avatar_pdq,
            "links": sorted(self.links),
            "invites": sorted(self.invites),
            "phones": sorted(self.phones),
            "neighbours": sorted(self.neighbours),
            "style": [round(float(x), 5) for x in self.style],
            "hours": [round(float(x), 5) for x in self.hours],
        }

    @classmethod
    def from_row(cls, row: Any) -> Fingerprint:
        m = row._mapping if hasattr(row, "_mapping") else row
        return cls(
            key=f"{m['platform']}:{m['platform_id']}",
            platform=m["platform"],
            platform_id=m["platform_id"],
            handle=m["handle"] or "",
            display_name=m["display_name"] or "",
            bio=m["bio"] or "",
            avatar_pdq=m["avatar_pdq"],
            links=set(m["links"] or ()),
            invites=set(m["invites"] or ()),
            phones=set(m["phones"] or ()),
            neighbours=set(m["neighbours"] or ()),
            style=np.asarray(m["style"] or np.zeros(STYLE_DIM), dtype=np.float32),
            hours=np.asarray(m["hours"] or np.zeros(168), dtype=np.float32),
            signature=text_signature(m["bio"] or ""),
        )


def fingerprint_account(
    account: Account,
    posts: Sequence[Post] = (),
    *,
    avatar_pdq: str | None = None,
    neighbours: Iterable[str] = (),
    phone_region: str = "PK",
) -> Fingerprint:
    """The fingerprint of one account from its record, its posts, its avatar's PDQ hash (the
    Account record has no field for it) and the accounts it interacts with."""
    bio = account.bio or ""
    name = account.display_name or ""
    # Profile links identify an account; links in posts are mostly news it shares, so only the
    # invite links among them are kept.
    ordinary, invites = split_links([*account.links, *_URL_RE.findall(bio)])
    invites |= split_links(u for p in posts for u in _URL_RE.findall(p.text))[1]
    phones = phone_numbers(bio, phone_region)
    for p in posts:
        phones |= phone_numbers(p.text, phone_region)
    return Fingerprint(
        key=f"{account.platform.value}:{account.platform_id}",
        platform=account.platform.value,
        platform_id=account.platform_id,
        handle=account.handle or "",
        display_name=name,
        bio=bio,
        avatar_pdq=validate_pdq(avatar_pdq),
        links=ordinary,
        invites=invites,
        phones=phones,
        neighbours=set(neighbours),
        style=style_profile([p.text for p in posts]),
        hours=hour_profile(p.created_at for p in posts),
        signature=text_signature(bio),
    )
