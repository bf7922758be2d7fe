"""A synthetic world for the demo: six platforms, accounts linked to TTP, BLA and BLF, and the
hard negatives a real unit meets (news, officials, citizens, researchers, Baloch and Pashtun
political and cultural accounts, everyday users).

Deterministic from a seed.  The ground truth (which account is linked to which organisation)
is written to its own file, which the pipeline never reads: only the demo's scoring does.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from vigil.demo import vocab
from vigil.domain import Account, Interaction, InteractionKind, Link, Platform, Post, Record

EPOCH_END = datetime(2026, 10, 31, tzinfo=UTC)
SPAN_DAYS = 90

LINKED_ROLES = ("official", "media_wing", "supporter")

#: role -> (share of accounts, platforms to draw from)
ROLES: dict[str, tuple[float, tuple[str, ...]]] = {
    "official": (0.02, ("telegram", "x", "telegram", "facebook")),
    "media_wing": (0.01, ("telegram", "x", "tiktok")),
    "supporter": (0.20, ("facebook", "instagram", "tiktok", "x", "telegram", "whatsapp")),
    "news": (0.05, ("x", "facebook", "tiktok", "instagram")),
    "official_gov": (0.03, ("x", "facebook")),
    "citizen": (0.22, ("facebook", "instagram", "tiktok", "x", "whatsapp")),
    "researcher": (0.03, ("x", "facebook")),
    "political": (0.15, ("x", "facebook", "tiktok", "instagram", "whatsapp")),
    "other": (0.29, ("facebook", "instagram", "tiktok", "x", "whatsapp", "telegram")),
}

#: role -> [(post class, weight)]
POST_MIX: dict[str, list[tuple[str, float]]] = {
    "official": [("support", 0.75), ("implicit", 0.2), ("other", 0.05)],
    "media_wing": [("support_outlet", 0.8), ("support", 0.15), ("implicit", 0.05)],
    "supporter": [("support", 0.35), ("implicit", 0.25), ("other", 0.4)],
    "news": [("reporting", 0.6), ("afghan", 0.2), ("other", 0.2)],
    "official_gov": [("counter", 0.7), ("reporting", 0.1), ("other", 0.2)],
    "citizen": [("counter", 0.2), ("political", 0.1), ("other", 0.7)],
    "researcher": [("research", 0.6), ("reporting", 0.1), ("other", 0.3)],
    "political": [("political", 0.8), ("other", 0.2)],
    "other": [("other", 1.0)],
}

LANGS = {
    "ttp": (["ur", "ru", "ps", "en"], [0.35, 0.3, 0.25, 0.1]),
    "jua": (["ur", "ps", "ru"], [0.4, 0.4, 0.2]),
    "bla": (["en", "ru", "ur"], [0.4, 0.35, 0.25]),
    "blf": (["en", "ru", "ur"], [0.35, 0.4, 0.25]),
    None: (["en", "ru", "ur", "ps"], [0.35, 0.3, 0.25, 0.1]),
}
LANG_CODE = {"en": "en", "ru": "ur-Latn", "ur": "ur", "ps": "ps"}


@dataclass
class World:
    seed: int
    accounts: list[Account] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    truth: dict[str, dict[str, object]] = field(default_factory=dict)

    @property
    def records(self) -> list[Record]:
        return [*self.accounts, *self.posts, *self.links, *self.interactions]

    def write(self, folder: Path) -> tuple[Path, Path]:
        """Write the world as Vigil JSON Lines and its ground truth as a separate JSON file."""
        folder.mkdir(parents=True, exist_ok=True)
        world_path = folder / "world.jsonl"
        with open(world_path, "w", encoding="utf-8") as fh:
            for rec in self.records:
                fh.write(rec.model_dump_json(exclude_none=True) + "\n")
        truth_path = folder / "ground_truth.json"
        truth_path.write_text(
            json.dumps({"seed": self.seed, "accounts": self.truth}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        return world_path, truth_path


def generate(seed: int = 7, accounts: int = 3000, posts_per_account: float = 9.0) -> World:
    """Build a world of about ``accounts`` accounts and ``accounts * posts_per_account`` posts."""
    return _Builder(seed, accounts, posts_per_account).build()


class _Builder:
    def __init__(self, seed: int, n_accounts: int, posts_per_account: float) -> None:
        self.rng = random.Random(seed)
        self.world = World(seed=seed)
        self.n_accounts = n_accounts
        self.ppa = posts_per_account
        self.seq = 0
        self.posts_by_account: dict[str, list[Post]] = defaultdict(list)
        self.roles: dict[str, tuple[str, str | None, Account]] = {}

    def build(self) -> World:
        for role, (share, platforms) in ROLES.items():
            for _ in range(max(2, round(share * self.n_accounts))):
                org = self._pick_org() if role in LINKED_ROLES else None
                self._account(role, org, self.rng.choice(platforms))
        for role, org, account in list(self.roles.values()):
            self._posts(role, org, account)
        self._interactions()
        return self.world

    def _pick_org(self) -> str:
        return self.rng.choices(["ttp", "bla", "blf", "jua"], [0.47, 0.3, 0.17, 0.06])[0]

    def _next(self) -> int:
        self.seq += 1
        return self.seq

    # -- accounts ------------------------------------------------------------------------
    def _account(self, role: str, org: str | None, platform: str) -> Account:
        rng = self.rng
        n = self._next()
        pid = _account_id(platform, n, rng)
        part = rng.choice(vocab.HANDLE_PARTS.get(role, vocab.HANDLE_PARTS["other"]))
        handle = f"{part}_{rng.choice(['', 'real', 'pk', 'the'])}{n % 9973}".replace("__", "_")
        followers = int(rng.lognormvariate(*_FOLLOWERS[role]))
        links: tuple[str, ...] = ()
        bio = self._bio(role, org)
        if role in LINKED_ROLES and rng.random() < 0.6:
            links = (f"https://t.me/+{_token(rng, 16)}",)
        elif role in ("news", "researcher") and rng.random() < 0.7:
            links = (f"https://{part}{n}.example.org",)
        account = Account(
            platform=Platform(platform),
            platform_id=pid,
            handle=None if platform == "whatsapp" else handle,
            display_name=self._display_name(role, org, part, n),
            bio=bio,
            followers=followers if platform != "whatsapp" else None,
            url=None if platform == "whatsapp" else f"https://{_DOMAIN[platform]}/{handle}",
            created_at=EPOCH_END - timedelta(days=rng.randint(100, 2500)),
            links=links,
        )
        self.world.accounts.append(account)
        key = f"{platform}:{pid}"
        self.roles[key] = (role, org, account)
        self.world.truth[key] = {
            "role": role,
            "organisation": org,
            "linked": role in LINKED_ROLES,
            "followers": account.followers or 0,
        }
        return account

    def _display_name(self, role: str, org: str | None, part: str, n: int) -> str:
        if role == "official" and org:
            outlet = vocab.OUTLETS.get(org, {}).get("en", ["Voice"])[0]
            return self.rng.choice([f"{part.title()} {n}", f"{outlet} {n}", f"Voice {n}"])
        if role == "news":
            return f"{part.title()} {self.rng.choice(['News', 'TV', 'Daily', 'Online'])} {n}"
        return f"{part.title()} {n}"

    def _bio(self, role: str, org: str | None) -> str | None:
        rng = self.rng
        bios = {
            "news": "Breaking news and analysis. Tips: newsroom@example.org",
            "official_gov": "Official account. Emergency: 15",
            "researcher": "Researcher on conflict and militancy in South Asia. Views my own.",
            "political": rng.choice(
                [
                    "Baloch rights activist",
                    "Pashtun youth for peace",
                    "Poet. Teacher. Balochistan.",
                    "Human rights defender",
                ]
            ),
        }
        if role in LINKED_ROLES and org and rng.random() < 0.5:
            return rng.choice(
                [
                    "Truth will prevail.",
                    "The caravan moves on.",
                    f"{rng.choice(vocab.HASHTAGS[org])}",
                    "Mountains are our home.",
                ]
            )
        return bios.get(role)

    # -- posts ---------------------------------------------------------------------------
    def _posts(self, role: str, org: str | None, account: Account) -> None:
        rng = self.rng
        count = max(1, int(rng.expovariate(1 / self.ppa)))
        if role == "official":
            count += 10
        classes, weights = zip(*POST_MIX[role], strict=True)
        lang_choices, lang_weights = LANGS[org if role in LINKED_ROLES else None]
        home_lang = rng.choices(lang_choices, lang_weights)[0]
        for _ in range(count):
            cls = rng.choices(classes, weights)[0]
            lang = home_lang if rng.random() < 0.8 else rng.choices(lang_choices, lang_weights)[0]
            topic_org = org or rng.choices(["ttp", "bla", "blf"], [0.5, 0.35, 0.15])[0]
            text = self._text(cls, topic_org, lang)
            self._post(account, text, lang, cls)

    def _post(self, account: Account, text: str, lang: str, cls: str) -> Post:
        rng = self.rng
        when = EPOCH_END - timedelta(seconds=rng.randint(0, SPAN_DAYS * 86400))
        pid = (
            f"{account.platform_id}-{self._next()}"
            if account.platform != Platform.X
            else str(1_700_000_000_000_000_000 + self._next())
        )
        post = Post(
            platform=account.platform,
            platform_id=pid,
            account_id=account.platform_id,
            text=text,
            created_at=when,
            language=LANG_CODE[lang],
            url=None
            if account.platform == Platform.WHATSAPP
            else f"https://{_DOMAIN[account.platform.value]}/{account.handle}/{pid}",
            metrics={"views": int(rng.lognormvariate(5, 1.5))},
        )
        self.world.posts.append(post)
        self.posts_by_account[f"{account.platform.value}:{account.platform_id}"].append(post)
        if cls.startswith("support") and rng.random() < 0.15:
            url = f"https://t.me/+{_token(rng, 16)}"
            self.world.links.append(Link(platform=account.platform, platform_id=pid, url=url))
        return post

    def _text(self, cls: str, org: str, lang: str) -> str:
        rng = self.rng
        place = rng.choice(vocab.PLACES[org]["en" if lang == "ru" else lang])
        name_lang = "ur" if lang == "ur" else "ps" if lang == "ps" else "en"
        self_lang = lang if lang in vocab.SELF_NAMES[org] else "en"
        fill = {
            "place": place,
            "org": rng.choice(vocab.SELF_NAMES[org][self_lang]),
            "outlet": rng.choice(vocab.OUTLETS.get(org, {}).get(name_lang) or vocab.SELF_NAMES[org][self_lang]),
            "title": rng.choice(vocab.TITLES),
            "tag": rng.choice(vocab.HASHTAGS[org]) if rng.random() < 0.5 else "",
            "n": rng.randint(2, 40),
        }
        if cls in ("support", "support_outlet"):
            bank = vocab.SUPPORT[lang]
            if cls == "support_outlet":
                bank = [t for t in bank if "{outlet}" in t] or bank
        elif cls == "implicit":
            bank = vocab.SUPPORT_IMPLICIT[lang]
        elif cls == "reporting":
            # News names the group in its formal, often "banned", form.
            fill["org"] = rng.choice(vocab.SELF_NAMES[org][self_lang][:2])
            bank = vocab.REPORTING[lang]
        elif cls == "afghan":
            bank = vocab.AFGHAN_NEWS[lang]
        elif cls == "counter":
            bank = vocab.COUNTER[lang]
        elif cls == "research":
            fill["org"] = vocab.SELF_NAMES[org][self_lang][0]
            bank = vocab.RESEARCH[lang]
        elif cls == "political":
            fill["place"] = rng.choice(
                vocab.PLACES["bla" if rng.random() < 0.6 else "ttp"]["en" if lang == "ru" else lang]
            )
            bank = vocab.POLITICAL[lang]
        else:
            bank = vocab.OTHER[lang]
        text = rng.choice(bank).format(**fill).strip()
        return _vary(text, rng)

    # -- interactions --------------------------------------------------------------------
    def _interactions(self) -> None:
        rng = self.rng
        by_role: dict[tuple[str, str | None], list[Account]] = defaultdict(list)
        for role, org, account in self.roles.values():
            by_role[(role, org)].append(account)
        for role, org, account in list(self.roles.values()):
            if role == "supporter" and org:
                sources = by_role[("official", org)] + by_role[("media_wing", org)]
                for _ in range(rng.randint(0, 4)):
                    if sources:
                        self._share(account, rng.choice(sources))
                peers = by_role[("supporter", org)]
                for _ in range(rng.randint(0, 3)):
                    self._mention(account, rng.choice(peers))
            elif role == "citizen" and rng.random() < 0.3:
                self._share(account, rng.choice(by_role[("news", None)]))
            elif role == "researcher":
                for _ in range(rng.randint(0, 2)):
                    self._mention(account, rng.choice(by_role[("news", None)]))
            elif role == "news" and rng.random() < 0.5:
                self._mention(account, rng.choice(by_role[("official_gov", None)]))

    def _share(self, sharer: Account, source: Account) -> None:
        originals = self.posts_by_account.get(f"{source.platform.value}:{source.platform_id}")
        if not originals:
            return
        original = self.rng.choice(originals)
        kind = (
            InteractionKind.FORWARD
            if sharer.platform in (Platform.TELEGRAM, Platform.WHATSAPP)
            else InteractionKind.REPOST
        )
        copy = self._post(sharer, original.text, _lang_of(original), "share")
        self.world.interactions.append(
            Interaction(
                platform=sharer.platform,
                platform_id=copy.platform_id,
                kind=kind,
                source_account_id=sharer.platform_id,
                target_account_id=source.platform_id
                if source.platform == sharer.platform
                else f"{source.platform.value}:{source.platform_id}",
                target_post_id=original.platform_id,
                created_at=copy.created_at,
            )
        )

    def _mention(self, author: Account, target: Account) -> None:
        if author is target or not target.handle:
            return
        text = self.rng.choice(["@{h} well said", "@{h} agreed", "Follow @{h}", "@{h} 👍", "@{h} salaam"]).format(
            h=target.handle
        )
        post = self._post(author, text, "en", "mention")
        self.world.interactions.append(
            Interaction(
                platform=author.platform,
                platform_id=post.platform_id,
                kind=InteractionKind.MENTION,
                source_account_id=author.platform_id,
                target_account_id=target.platform_id
                if target.platform == author.platform
                else f"{target.platform.value}:{target.platform_id}",
                created_at=post.created_at,
            )
        )


_FOLLOWERS = {
    "official": (9.5, 0.8),
    "media_wing": (9.0, 0.8),
    "supporter": (6.3, 1.2),
    "news": (11.5, 1.0),
    "official_gov": (10.0, 1.0),
    "citizen": (5.0, 1.3),
    "researcher": (7.5, 1.0),
    "political": (7.0, 1.3),
    "other": (5.0, 1.4),
}
_DOMAIN = {
    "facebook": "facebook.com",
    "instagram": "instagram.com",
    "tiktok": "tiktok.com/@",
    "x": "x.com",
    "telegram": "t.me",
    "whatsapp": "wa.me",
}


def _account_id(platform: str, n: int, rng: random.Random) -> str:
    if platform == "whatsapp":
        # A fictitious number range (+92 000 ...) that no real subscriber holds.
        return f"+920000{n:06d}"
    if platform == "x":
        return str(10_000_000 + n * 7919)
    if platform == "telegram":
        return f"channel{1_000_000_000 + n}"
    if platform == "tiktok":
        return str(6_800_000_000_000_000_000 + n * 104729)
    return str(100_000_000_000 + n * 31)


def _token(rng: random.Random, n: int) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
    return "".join(rng.choice(alphabet) for _ in range(n))


def _lang_of(post: Post) -> str:
    return {"en": "en", "ur-Latn": "ru", "ur": "ur", "ps": "ps"}.get(post.language or "en", "en")


_EMOJI = ["", "", "", " 🔥", " 💪", " 🙏", " 😢", " !!", " 👇", " ✌️"]


def _vary(text: str, rng: random.Random) -> str:
    """Surface variation real posts have: case, emoji, elongation, spacing."""
    r = rng.random()
    if r < 0.08:
        text = text.upper()
    elif r < 0.2:
        text = text.lower()
    text = text.replace("  ", " ").strip() + rng.choice(_EMOJI)
    if rng.random() < 0.05:
        text = text.replace("o", "oo", 1)
    return text
