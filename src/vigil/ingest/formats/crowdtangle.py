"""CrowdTangle CSV exports (Facebook pages and groups, Instagram accounts).

The exports follow the locale of the account that made them: ``407.137`` is 407,137 in a
Brazilian export, ``"1,4"`` is 1.4, times carry a zone abbreviation (``2021-07-05 18:02:45 BRT``),
fields hold newlines, and the file starts with a UTF-8 BOM.  All of that is handled here.

Per row: the page or account -> Account (``Facebook Id``, else the user name); the post -> Post
whose id is ``<page id>_<post id>`` from the post URL (the id CrowdTangle's API uses) or, on
Instagram, the URL's short code; the interaction counts -> metrics; ``Link`` and ``Final Link``
-> Link; Instagram ``Photo`` -> Media.  The ``Overperforming Score`` is kept as
``overperforming_pct`` (score x 100, as metrics are integers).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ClassVar

from vigil.domain.enums import Platform
from vigil.domain.records import Account, Link, Media, Post
from vigil.ingest._convert import RECORD_ERRORS, Bad, explain, text_or_none
from vigil.ingest.base import Item, Reject, register_reader
from vigil.ingest.textio import open_binary

# Zone abbreviations CrowdTangle writes.  No library maps abbreviations to offsets (they are
# ambiguous in general), so the ones seen in exports are listed; an unknown one is rejected.
_ZONES = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "TRT": 3,
    "AST": 3,
    "GST": 4,
    "IRST": 3.5,
    "PKT": 5,
    "IST": 5.5,
    "NPT": 5.75,
    "BDT": 6,
    "ICT": 7,
    "WIB": 7,
    "CST": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "BRT": -3,
    "BRST": -2,
    "ART": -3,
    "CLT": -4,
    "CLST": -3,
    "COT": -5,
    "PET": -5,
    "VET": -4,
    "JST": 9,
    "KST": 9,
    "HKT": 8,
    "SGT": 8,
    "AWST": 8,
    "PHT": 8,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "WAT": 1,
    "CAT": 2,
    "EAT": 3,
    "SAST": 2,
}
_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)\s*(?:([A-Za-z]{1,5})|([+-]\d{2}:?\d{2}))?$")
_GROUPED = re.compile(r"^\d{1,3}(?:[.,\u00a0\u202f' ]\d{3})+$")
_COUNTS = {
    "Likes": "likes",
    "Comments": "comments",
    "Shares": "shares",
    "Share": "shares",
    "Love": "love",
    "Wow": "wow",
    "Haha": "haha",
    "Sad": "sad",
    "Angry": "angry",
    "Care": "care",
    "Views": "views",
    "Post Views": "post_views",
    "Total Views": "views",
    "Total Interactions": "interactions",
}
_FB_POST = re.compile(r"facebook\.com/(\d+)/(?:posts|videos|photos)/(?:[^/]+/)?(\d+)")
_IG_POST = re.compile(r"instagram\.com/(?:p|reel|tv)/([A-Za-z0-9_-]+)")


@register_reader
class CrowdTangleCsv:
    name: ClassVar[str] = "crowdtangle_csv"
    description: ClassVar[str] = "CrowdTangle CSV export (Facebook or Instagram)"

    def sniff(self, head: bytes, path: Path) -> bool:
        first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
        has_post = b"Post Created" in first
        return has_post and (b"Page Name" in first or b"Account" in first or b"User Name" in first)

    def read(self, path: Path) -> Iterator[Item]:
        source = str(path)
        with open_binary(path) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
            reader = csv.reader(text, strict=False)
            try:
                header = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Reject(source, 1, f"cannot read the CSV header: {exc}")
                return
            header = [h.strip() for h in header]
            if "Post Created" not in header or "URL" not in header:
                yield Reject(source, 1, "not a CrowdTangle export: no 'Post Created' or 'URL' column")
                return
            yield from _rows(reader, header, source)


def _rows(reader: Any, header: list[str], source: str) -> Iterator[Item]:
    start = 2
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Reject(source, start, f"broken CSV row: {exc}")
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            yield Reject(source, line, f"row has {len(values)} fields; the header has {len(header)}")
            continue
        try:
            yield from _records(dict(zip(header, values, strict=True)))
        except RECORD_ERRORS as exc:
            reason, field = explain(exc)
            yield Reject(source, line, reason, path=field)


def _records(row: dict[str, str]) -> Iterator[Any]:
    url = row.get("URL", "").strip()
    platform = _platform(row, url)
    account_id = _account_id(row, platform)
    created = parse_stamp(row.get("Post Created", ""), "Post Created")
    post_id = _post_id(url, platform)
    followers = parse_count(row.get("Followers at Posting") or row.get("Likes at Posting"))
    page_created = row.get("Page Created", "").strip()
    yield Account(
        platform=platform,
        platform_id=account_id,
        handle=text_or_none(row.get("User Name")),
        display_name=text_or_none(row.get("Page Name") or row.get("Account")),
        bio=text_or_none(row.get("Page Description")),
        followers=followers,
        created_at=_same_zone(page_created, row.get("Post Created", "")) if page_created else None,
    )
    yield Post(
        platform=platform,
        platform_id=post_id,
        account_id=account_id,
        text=(row.get("Message") or row.get("Description") or "").strip(),
        created_at=created,
        url=url or None,
        metrics=_metrics(row),
    )
    for col in ("Link", "Final Link"):
        link = row.get(col, "").strip()
        if link and link != url:
            yield Link(platform=platform, platform_id=post_id, url=link)
    photo = row.get("Photo", "").strip()
    if photo:
        yield Media(
            platform=platform,
            platform_id=f"{post_id}/photo",
            post_id=post_id,
            kind="image",
            url=photo,
        )


def _platform(row: dict[str, str], url: str) -> Platform:
    if "instagram.com" in url or ("Facebook Id" not in row and "Account" in row):
        return Platform.INSTAGRAM
    return Platform.FACEBOOK


def _account_id(row: dict[str, str], platform: Platform) -> str:
    for col in ("Facebook Id", "Instagram Id", "User Name"):
        value = row.get(col, "").strip()
        if value:
            return value
    raise Bad("no 'Facebook Id' or 'User Name' to identify the account", "Facebook Id")


def _post_id(url: str, platform: Platform) -> str:
    if not url:
        raise Bad("empty URL: the post cannot be identified", "URL")
    if platform is Platform.FACEBOOK and (m := _FB_POST.search(url)):
        return f"{m.group(1)}_{m.group(2)}"
    if platform is Platform.INSTAGRAM and (m := _IG_POST.search(url)):
        return m.group(1)
    return url


def _metrics(row: dict[str, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for col, metric in _COUNTS.items():
        n = parse_count(row.get(col))
        if n is not None:
            out[metric] = n
    score = parse_decimal(row.get("Overperforming Score"))
    if score is not None:
        out["overperforming_pct"] = round(score * 100)
    return out


def parse_count(value: str | None) -> int | None:
    """A whole count in any locale: ``407.137``, ``407,137``, ``407 137`` and ``407137``."""
    text = (value or "").strip()
    if not text or text in ("-", "N/A"):
        return None
    if text.isdigit():
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"\D", "", text))
    raise Bad(f"{text!r} is not a count")


def parse_decimal(value: str | None) -> float | None:
    """A decimal in any locale: ``1,4`` and ``1.4``, ``1.234,5`` and ``1,234.5``."""
    text = (value or "").strip().replace("\u00a0", "").replace(" ", "")
    if not text or text in ("-", "N/A"):
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise Bad(f"{value!r} is not a number") from None


def parse_stamp(value: str, field: str) -> datetime:
    """``2021-07-05 18:02:45 BRT`` (or ``+0300``, or nothing for UTC) in UTC."""
    m = _STAMP.match(value.strip())
    if not m:
        raise Bad(f"{field} {value!r} is not a date and time", field)
    day, clock, abbr, offset = m.groups()
    naive = datetime.fromisoformat(f"{day}T{clock if len(clock) > 5 else clock + ':00'}")
    return naive.replace(tzinfo=_zone(abbr, offset, field)).astimezone(UTC)


def _zone(abbr: str | None, offset: str | None, field: str) -> timezone:
    if offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    if abbr is None:
        return UTC
    hours = _ZONES.get(abbr.upper())
    if hours is None:
        raise Bad(f"{field}: unknown time zone {abbr!r}", field)
    return timezone(timedelta(hours=hours))


def _same_zone(stamp: str, reference: str) -> datetime | None:
    """``Page Created`` has no zone; it is written in the zone of the export's post times."""
    zone = reference.strip().rsplit(" ", 1)[-1] if reference.strip().count(" ") >= 2 else ""
    try:
        return parse_stamp(f"{stamp} {zone}".strip(), "Page Created")
    except Bad:
        return None
