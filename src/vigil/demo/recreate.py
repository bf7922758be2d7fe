"""Re-created accounts and look-alikes, to test permanent blocking on the demo world.

A removed account's owner comes back: a new platform id, a new handle with the variation seen in
practice (digits added, letters swapped for digits or Cyrillic look-alikes, "real"/"official"
added), the same profile picture slightly cropped, the same links, and posts in the same voice
at the same hours.  Unrelated accounts that merely look alike (a similar handle or name, a
different person) are generated too, to measure false alarms.

Avatar hashes are simulated: the world has no images, so each account gets a synthetic 256-bit
PDQ hash, and a "slight crop" is a handful of flipped bits (real PDQ hashes of a re-encoded or
slightly cropped picture differ by a few to ~30 bits out of 256).
"""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

from vigil.demo.world import EPOCH_END
from vigil.domain import Account, Platform, Post

__all__ = ["demo_avatar_pdq", "recreate_accounts", "account_key"]

_CYRILLIC = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у"}
_LEET = {"o": "0", "i": "1", "e": "3", "a": "4", "s": "5", "t": "7"}
_AFFIX = ["real_", "_real", "_official", "the_", "_backup", "_2", "_786", "_new", "_pk", "2"]


def account_key(account: Account) -> str:
    return f"{account.platform.value}:{account.platform_id}"


def demo_avatar_pdq(account: Account) -> str | None:
    """A synthetic PDQ hash for a demo account's profile picture (one in six has none)."""
    digest = hashlib.sha256(f"avatar|{account_key(account)}".encode()).hexdigest()
    return None if int(digest[:2], 16) < 43 else digest


def _flip_bits(pdq: str, bits: int, rng: random.Random) -> str:
    value = int(pdq, 16)
    for b in rng.sample(range(256), bits):
        value ^= 1 << b
    return f"{value:064x}"


def _vary_handle(handle: str, rng: random.Random) -> str:
    """One or two of the changes re-created accounts make to their old handle."""
    out = handle
    for _ in range(rng.choice([1, 1, 2])):
        move = rng.random()
        if move < 0.35:
            affix = rng.choice(_AFFIX)
            out = affix + out if affix.endswith("_") else out + affix
        elif move < 0.6:
            letters = [i for i, c in enumerate(out) if c in _LEET]
            if letters:
                i = rng.choice(letters)
                out = out[:i] + _LEET[out[i]] + out[i + 1 :]
        elif move < 0.75:
            letters = [i for i, c in enumerate(out) if c in _CYRILLIC]
            if letters:
                i = rng.choice(letters)
                out = out[:i] + _CYRILLIC[out[i]] + out[i + 1 :]
        elif move < 0.9:
            out = out.replace("_", rng.choice([".", "", "__"]), 1)
        else:
            i = rng.randrange(len(out)) if out else 0
            out = out[:i] + out[i : i + 1] * 2 + out[i + 1 :]  # a doubled letter
    return out if out != handle else handle + str(rng.randint(1, 99))


def _vary_name(name: str | None, rng: random.Random) -> str | None:
    if not name:
        return name
    r = rng.random()
    if r < 0.4:
        return name
    if r < 0.7:
        return name + rng.choice([" ✌️", " 🦁", " (backup)", " 2", " ۔"])
    letters = [i for i, c in enumerate(name) if c.lower() in _CYRILLIC]
    if letters:
        i = rng.choice(letters)
        return name[:i] + _CYRILLIC[name[i].lower()] + name[i + 1 :]
    return name.upper()


def _new_platform_id(account: Account, rng: random.Random) -> str:
    old = account.platform_id
    if account.platform == Platform.WHATSAPP:
        return f"+920001{rng.randrange(10**6):06d}"  # fictitious range, like the world's
    if old.startswith("channel"):
        return f"channel{rng.randrange(2 * 10**9, 3 * 10**9)}"
    return str(rng.randrange(10 ** (len(old) - 1), 10 ** len(old)))


def _new_posts(new: Account, source_posts: list[Post], rng: random.Random, count: int, same_hours: bool) -> list[Post]:
    """Posts of a new account: texts in the voice of ``source_posts``; with ``same_hours``, at
    the same hours of the week (same person, same routine), in the month after removal."""
    out = []
    for i in range(count):
        src = rng.choice(source_posts)
        when = EPOCH_END + timedelta(days=rng.randint(3, 40))
        if same_hours and src.created_at:
            shift = (src.created_at.weekday() - when.weekday()) % 7
            when = when.replace(hour=src.created_at.hour, minute=rng.randint(0, 59)) + timedelta(days=shift)
        else:
            when = when.replace(hour=rng.randint(0, 23), minute=rng.randint(0, 59))
        text = src.text
        if rng.random() < 0.3:
            text = text.rstrip(" 🔥💪🙏😢!👇✌️") + rng.choice(["", " 🔥", " 💪", " !!"])
        out.append(
            Post(
                platform=new.platform,
                platform_id=f"{new.platform_id}-r{i + 1}",
                account_id=new.platform_id,
                text=text,
                created_at=when,
                language=src.language,
            )
        )
    return out


def _recreate(
    original: Account,
    posts: list[Post],
    rng: random.Random,
    avatars: dict[str, str],
) -> tuple[Account, list[Post]]:
    pid = _new_platform_id(original, rng)
    handle = _vary_handle(original.handle, rng) if original.handle else None
    bio = original.bio if rng.random() < 0.8 else None
    links = original.links if rng.random() < 0.8 else ()
    new = Account(
        platform=original.platform,
        platform_id=pid,
        handle=handle,
        display_name=_vary_name(original.display_name, rng),
        bio=bio,
        followers=None if original.followers is None else rng.randint(0, 300),
        created_at=EPOCH_END + timedelta(days=rng.randint(2, 30)),
        links=links,
    )
    old_avatar = avatars.get(account_key(original))
    if old_avatar and rng.random() < 0.85:
        avatars[account_key(new)] = _flip_bits(old_avatar, rng.randint(2, 24), rng)
    elif rng.random() < 0.7:
        avatars[account_key(new)] = f"{rng.getrandbits(256):064x}"  # a new picture
    count = max(3, int(len(posts) * rng.uniform(0.4, 1.0))) if posts else 0
    return new, _new_posts(new, posts, rng, count, same_hours=True) if posts else []


def _lookalike(
    imitated: Account,
    donor_posts: list[Post],
    rng: random.Random,
    avatars: dict[str, str],
) -> tuple[Account, list[Post]]:
    """Someone else with a similar handle or name: a fan page, a namesake, a news account."""
    base = imitated.handle or (imitated.display_name or "user").replace(" ", "_").lower()
    new = Account(
        platform=imitated.platform,
        platform_id=_new_platform_id(imitated, rng),
        handle=_vary_handle(base, rng) if imitated.handle else None,
        display_name=_vary_name(imitated.display_name, rng),
        bio=rng.choice(
            [
                None,
                "Cricket and chai.",
                "Student. Karachi.",
                "News watcher.",
                "Poet. Teacher. Balochistan.",
                "Views my own.",
            ]
        ),  # fmt: skip
        followers=None if imitated.followers is None else rng.randint(0, 3000),
        created_at=EPOCH_END + timedelta(days=rng.randint(2, 30)),
        links=(f"https://{base.replace('_', '')}{rng.randint(1, 999)}.example.net",) if rng.random() < 0.3 else (),
    )
    if rng.random() < 0.8:
        avatars[account_key(new)] = f"{rng.getrandbits(256):064x}"
    count = max(3, min(len(donor_posts), rng.randint(3, 15))) if donor_posts else 0
    return new, _new_posts(new, donor_posts, rng, count, same_hours=False) if donor_posts else []


def recreate_accounts(
    accounts: list[Account],
    posts: dict[str, list[Post]],
    rng: random.Random,
    share: float,
    *,
    avatars: dict[str, str] | None = None,
) -> tuple[list[Account], list[Post], dict[str, str], list[Account]]:
    """Re-create ``share`` of ``accounts`` (removed accounts) and make as many look-alikes.

    ``posts`` maps an account key ("platform:platform_id") to its posts; posts of accounts not
    in ``accounts`` are used as the look-alikes' voices.  ``avatars`` maps account keys to PDQ
    hashes: missing originals get :func:`demo_avatar_pdq`, and the new accounts' simulated
    hashes are added to it.  Returns (re-created accounts, all new posts, ground truth
    {new key: original key}, look-alike accounts).
    """
    if not 0 <= share <= 1:
        raise ValueError(f"share must be in [0, 1], got {share}")
    avatars = {} if avatars is None else avatars
    for acc in accounts:
        key = account_key(acc)
        if key not in avatars:
            pdq = demo_avatar_pdq(acc)
            if pdq:
                avatars[key] = pdq
    chosen = rng.sample(accounts, round(share * len(accounts)))
    originals = {account_key(a) for a in accounts}
    donors = [k for k, v in posts.items() if k not in originals and v] or sorted(originals)
    recreated, new_posts, truth, lookalikes = [], [], {}, []
    for original in chosen:
        new, made = _recreate(original, posts.get(account_key(original), []), rng, avatars)
        recreated.append(new)
        new_posts += made
        truth[account_key(new)] = account_key(original)
    for imitated in rng.sample(accounts, len(chosen)):
        donor = rng.choice(donors)
        new, made = _lookalike(imitated, posts.get(donor, []), rng, avatars)
        lookalikes.append(new)
        new_posts += made
    return recreated, new_posts, truth, lookalikes
