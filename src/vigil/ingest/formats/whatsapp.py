"""WhatsApp "Export chat" text files, from Android and iOS.

  Android  15.04.2016, 15:04 - Name: text          12/31/20, 11:59 PM - +92 300 1234567: text
  iOS      [31/12/2020, 23:59:59] Name: text       [12/31/20, 11:59:59 PM] Name: <attached: x.jpg>

Dates are day-first or month-first depending on the phone's locale: the file is scanned once for
a day above 12 to tell which (day-first when nothing tells, the more common order), then read.
Clocks are 12- or 24-hour.  Times are the phone's local time with no offset: they are read in
``timezone`` (UTC unless set, e.g. ``vigil ingest --timezone Asia/Karachi``).

A message goes on until the next header line.  The sender's phone number is its account id
(``+923001234567``) where the export shows one; a contact name is kept as ``name:<name>``, as
names are not stable.  Attachments (``<attached: ...>``, ``... (file attached)``) become Media,
hashed when the file is in the export folder.  Joins and additions become ``member``
interactions with the chat (``chat:<name>``); other system lines are counted as skipped.
A message has no id in the export: its id is a hash of chat, time, sender, text and its rank
among identical messages of the same minute, so importing the same export twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, ClassVar

from vigil.domain.enums import InteractionKind, Platform
from vigil.domain.records import Account, Interaction, Media, Post
from vigil.ingest._convert import RECORD_ERRORS, Bad, explain, local_media
from vigil.ingest.base import Item, Reject, Skip, register_reader
from vigil.ingest.textio import open_text_lines

WA = Platform.WHATSAPP
_DATE = r"(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4})"
_TIME = r"(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)(?:\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?"
_ANDROID = re.compile(rf"^{_DATE},?\s+{_TIME}\s+[-\u2013]\s+(?P<rest>.*)$")
_IOS = re.compile(rf"^\[{_DATE},?\s+{_TIME}\]\s+(?P<rest>.*)$")
_MARKS = "\u200e\u200f\u202a\u202c\ufeff"
_PHONE = re.compile(r"^\+?\d[\d\s\-().\u00a0]{6,}$")
_ATTACHED = re.compile(r"<attached:\s*(?P<ios>[^>]+)>|^(?P<android>\S.*?)\s+\(file attached\)$")
_SYSTEM_TEXTS = (
    "Messages and calls are end-to-end encrypted",
    "Messages to this group are now secured",
    "Messages you send to this group are now secured",
    "Messages to this chat and calls are now secured",
)
_JOINED = re.compile(r"^(?P<who>.+?) joined using this group's invite link$")
_ADDED = re.compile(r"^(?P<by>.+?) added (?P<who>.+)$")
_CREATED = re.compile(r'^(?P<who>.+?) created (?:group|this group)(?: ".*")?$')
_KINDS = {
    "image": {"jpg", "jpeg", "png", "webp", "gif", "heic"},
    "video": {"mp4", "mov", "3gp", "mkv", "avi"},
    "audio": {"opus", "ogg", "m4a", "mp3", "aac", "amr", "wav"},
    "document": {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "zip"},
}


@register_reader
class WhatsAppTxt:
    name: ClassVar[str] = "whatsapp_txt"
    description: ClassVar[str] = "WhatsApp 'Export chat' text (Android or iOS)"

    def __init__(self, timezone: tzinfo | None = None, date_order: str | None = None) -> None:
        self.timezone = timezone or UTC
        self.date_order = date_order  # "dmy", "mdy" or "ymd"; sniffed from the file when None

    def sniff(self, head: bytes, path: Path) -> bool:
        text = head.decode("utf-8", errors="replace")
        lines = [ln.strip(_MARKS + " \r") for ln in text.split("\n")[:5] if ln.strip()]
        return any(_header(ln) for ln in lines[:3])

    def read(self, path: Path) -> Iterator[Item]:
        order = self.date_order or _date_order(path)
        yield from _Chat(path, order, self.timezone).read()


@dataclass
class _Message:
    line: int
    when: datetime
    sender: str | None
    lines: list[str] = field(default_factory=list)


class _Chat:
    def __init__(self, path: Path, order: str, zone: tzinfo) -> None:
        self.path = path
        self.source = str(path)
        self.order = order
        self.zone = zone
        stem = path.stem
        if stem.lower() in ("_chat", "chat", "whatsapp chat"):
            stem = path.parent.name  # iOS names every export _chat.txt; its folder names it
        for prefix in ("WhatsApp Chat with ", "WhatsApp Chat - ", "WhatsApp-Chat mit "):
            stem = stem.removeprefix(prefix)
        self.chat_id = f"chat:{stem}"
        self.seen: set[str] = set()
        self.minute: datetime | None = None
        self.ranks: dict[str, int] = {}

    def read(self) -> Iterator[Item]:
        current: _Message | None = None
        yield Account(platform=WA, platform_id=self.chat_id, display_name=self.chat_id[5:])
        for lineno, raw in open_text_lines(self.path):
            line = raw.lstrip(_MARKS)
            m = _header(line)
            if m is None:
                if current is not None:
                    current.lines.append(raw.strip(_MARKS))
                elif raw.strip():
                    yield Reject(self.source, lineno, "text before the first message header")
                continue
            if current is not None:
                yield from self._flush(current)
            try:
                current = self._start(m, lineno)
            except RECORD_ERRORS as exc:
                current = None
                yield Reject(self.source, lineno, explain(exc)[0])
        if current is not None:
            yield from self._flush(current)

    def _start(self, m: re.Match[str], lineno: int) -> _Message:
        when = _when(m, self.order).replace(tzinfo=self.zone).astimezone(UTC)
        rest = m.group("rest")
        sender, sep, text = rest.partition(": ")
        if not sep:
            return _Message(lineno, when, None, [rest.strip(_MARKS)])
        if text.startswith("\u200e") and not text.lstrip(_MARKS).startswith("<attached:"):
            # iOS writes system lines under the chat's name, their text opened by a U+200E mark
            return _Message(lineno, when, None, [text.lstrip(_MARKS)])
        return _Message(lineno, when, sender.strip(_MARKS + " "), [text.lstrip(_MARKS)])

    def _flush(self, msg: _Message) -> Iterator[Item]:
        try:
            records = list(self._records(msg))
        except RECORD_ERRORS as exc:
            yield Reject(self.source, msg.line, explain(exc)[0])
            return
        yield from records

    def _records(self, msg: _Message) -> Iterator[Item]:
        text = "\n".join(msg.lines).strip()
        if msg.sender is None or text.startswith(_SYSTEM_TEXTS):
            yield from self._system(msg, text)
            return
        author = self._account_id(msg.sender)
        if author not in self.seen:
            self.seen.add(author)
            yield Account(platform=WA, platform_id=author, display_name=msg.sender)
        post_id = self._post_id(msg, author, text)
        yield Post(platform=WA, platform_id=post_id, account_id=author, text=text, created_at=msg.when)
        yield from self._attachments(text, post_id)

    def _system(self, msg: _Message, text: str) -> Iterator[Item]:
        members: list[str] = []
        if m := _JOINED.match(text):
            members = [m.group("who")]
        elif m := _ADDED.match(text):
            members = [m.group("by"), *re.split(r",\s*|\s+and\s+", m.group("who"))]
        elif m := _CREATED.match(text):
            members = [m.group("who")]
        if not members:
            yield Skip(self.source, msg.line, f"system message holds no record: {text[:80]!r}")
            return
        for who in (w.strip() for w in members if w.strip() and w.strip() != "You"):
            author = self._account_id(who)
            if author not in self.seen:
                self.seen.add(author)
                yield Account(platform=WA, platform_id=author, display_name=who)
            yield Interaction(
                platform=WA,
                platform_id=self._post_id(msg, author, text),
                kind=InteractionKind.MEMBER,
                source_account_id=author,
                target_account_id=self.chat_id,
                created_at=msg.when,
            )

    def _attachments(self, text: str, post_id: str) -> Iterator[Item]:
        for line in text.split("\n"):
            m = _ATTACHED.search(line.strip(_MARKS + " "))
            if not m:
                continue
            name = (m.group("ios") or m.group("android")).strip()
            found = local_media(self.path.parent, name)
            path, digest = found if found else (None, None)
            yield Media(
                platform=WA,
                platform_id=digest or f"{post_id}/{name}",
                post_id=post_id,
                kind=_kind(name),
                path=path,
                sha256=digest,
            )

    def _account_id(self, sender: str) -> str:
        if _PHONE.match(sender):
            digits = re.sub(r"\D", "", sender)
            return f"+{digits}" if sender.startswith("+") else digits
        return f"name:{sender}"

    def _post_id(self, msg: _Message, author: str, text: str) -> str:
        if msg.when != self.minute:
            self.minute, self.ranks = msg.when, {}
        base = f"{self.chat_id}|{msg.when.isoformat()}|{author}|{text}"
        rank = self.ranks.get(base, 0)
        self.ranks[base] = rank + 1
        digest = hashlib.sha256(f"{base}|{rank}".encode()).hexdigest()[:24]
        return f"{self.chat_id[5:]}/{digest}"


def _header(line: str) -> re.Match[str] | None:
    return _IOS.match(line) or _ANDROID.match(line)


def _date_order(path: Path) -> str:
    """'dmy', 'mdy' or 'ymd': scan the headers for a part that can only be a day."""
    for _, raw in open_text_lines(path):
        m = _header(raw.lstrip(_MARKS))
        if not m:
            continue
        a, b, _c = (int(x) for x in re.split(r"[./-]", m.group("date")))
        if len(re.split(r"[./-]", m.group("date"))[0]) == 4:
            return "ymd"
        if a > 12:
            return "dmy"
        if b > 12:
            return "mdy"
    return "dmy"


def _when(m: re.Match[str], order: str) -> datetime:
    parts = [int(x) for x in re.split(r"[./-]", m.group("date"))]
    if order == "ymd":
        year, month, day = parts
    elif order == "mdy":
        month, day, year = parts
    else:
        day, month, year = parts
    if year < 100:
        year += 2000
    clock = [int(x) for x in re.split(r"[:.]", m.group("time"))]
    hour, minute, second = clock[0], clock[1], clock[2] if len(clock) > 2 else 0
    ampm = (m.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise Bad(f"hour {hour} with {ampm.upper()}")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        raise Bad(f"bad date or time {m.group('date')} {m.group('time')}: {exc}") from None


def _kind(name: str) -> Any:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return next((kind for kind, exts in _KINDS.items() if ext in exts), "other")
