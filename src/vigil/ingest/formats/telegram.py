"""Telegram Desktop "Export chat history" JSON (result.json), read as a stream.

Two layouts, as written by Telegram Desktop's exporter (export_output_json.cpp):
  one chat      {"name", "type", "id", "messages": [...]}
  full account  {"about", "personal_information", "chats": {"list": [chat, ...]},
                 "left_chats": {"list": [...]}, ...}
The file is parsed with ijson, one message at a time, so a multi-GB export takes constant memory.

Per message: ``date_unixtime`` is the time (``date`` is local time with no offset, so it is never
used); ``text`` is a string or a list of strings and entity objects (links, text links, mentions);
``from_id`` is ``user<N>`` or ``channel<N>``, kept as the account id; ``forwarded_from`` (a
display name) becomes a forward interaction to ``name:<display name>`` unless an id is given;
``reply_to_message_id`` a reply.  Posts are ``<chat id>/<message id>``.  Service messages: joins,
invites and group creation become ``member`` interactions with the chat; the others (pins, title
changes, calls) are counted as skipped.  Media files (``photo``, ``file``) are resolved against
the export folder and hashed when present; a path leaving that folder is rejected.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import ijson

from vigil.domain.enums import InteractionKind, Platform
from vigil.domain.records import Account, Interaction, Link, Media, Post
from vigil.ingest._convert import (
    RECORD_ERRORS,
    Bad,
    as_id,
    explain,
    local_media,
    text_or_none,
    utc_from_unix,
)
from vigil.ingest.base import Item, Reject, Skip, register_reader
from vigil.ingest.textio import open_binary

TG = Platform.TELEGRAM
_CHAT_ROOTS = {
    "": "$",
    "chats.list.item": "$.chats.list",
    "left_chats.list.item": "$.left_chats.list",
}
_CHANNEL_TYPES = {"public_channel", "private_channel", "public_supergroup", "private_supergroup"}
_USER_TYPES = {"personal_chat", "bot_chat", "saved_messages"}
_JOIN_ACTIONS = {
    "join_group_by_link",
    "join_group_by_request",
    "create_group",
    "create_channel",
    "invite_members",
    "migrate_to_supergroup",
    "migrate_from_group",
}
_MEDIA_KINDS = {
    "video_file": "video",
    "animation": "video",
    "video_message": "video",
    "voice_message": "audio",
    "audio_file": "audio",
    "sticker": "image",
}
_JSON_ERRORS = (
    ijson.JSONError,
    ijson.IncompleteJSONError,
    UnicodeDecodeError,
    ValueError,
    RecursionError,
)
_REPLY_MEMORY = 10_000  # message id -> author, for reply targets; bounded: constant memory


@register_reader
class TelegramDesktopJson:
    name: ClassVar[str] = "telegram_json"
    description: ClassVar[str] = "Telegram Desktop chat export (result.json: one chat or account)"

    def sniff(self, head: bytes, path: Path) -> bool:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not start.startswith(b"{"):
            return False
        chat = b'"messages"' in head and (b'"date_unixtime"' in head or b'"type"' in head)
        account = b'"personal_information"' in head or (b'"chats"' in head and b'"about"' in head)
        return chat or account

    def read(self, path: Path) -> Iterator[Item]:
        yield from _Export(path).read()


class _Chat:
    def __init__(self, prefix: str, root_path: str) -> None:
        self.prefix = prefix
        self.root_path = root_path
        self.messages_prefix = f"{prefix}.messages.item" if prefix else "messages.item"
        self.count = 0
        self.meta: dict[str, Any] = {}
        self.authors: OrderedDict[str, str] = OrderedDict()
        self.accounts: set[str] = set()  # accounts already yielded for this chat
        self.pending: list[str] = []

    def new_account(self, account_id: str) -> bool:
        if account_id in self.accounts:
            return False
        self.accounts.add(account_id)
        self.pending.append(account_id)
        return True

    def settle(self, ok: bool) -> None:
        """Forget the accounts of a rejected message, so a later message yields them."""
        if not ok:
            self.accounts.difference_update(self.pending)
        self.pending.clear()

    @property
    def account_id(self) -> str:
        bare = as_id(self.meta.get("id"), "id")
        kind = self.meta.get("type")
        if kind in _CHANNEL_TYPES:
            return f"channel{bare}"
        if kind in _USER_TYPES:
            return f"user{bare}"
        return f"chat{bare}"

    def remember(self, msg_id: str, author: str) -> None:
        self.authors[msg_id] = author
        if len(self.authors) > _REPLY_MEMORY:
            self.authors.popitem(last=False)


class _Export:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = str(path)
        self.base = path.parent

    def read(self) -> Iterator[Item]:
        chats, problem = self._survey()
        if not chats and problem is None:
            yield Reject(
                self.source,
                None,
                "not a Telegram Desktop export: expected a JSON object with 'messages' or 'chats'",
                path="$",
            )
            return
        for root in _CHAT_ROOTS:
            group = [c for c in chats if c.prefix == root]
            if group:
                yield from self._messages(root, group, report=problem is None)
        if problem is not None:
            yield Reject(self.source, None, problem[0], path=problem[1])

    def _survey(self) -> tuple[list[_Chat], tuple[str, str] | None]:
        """First pass: each chat's name, type and id, and how many messages it has.

        Messages are then built by ijson's C backend (``items``), much faster than assembling
        them from events in Python; the survey tells which chat each message belongs to."""
        chats: list[_Chat] = []
        counters: dict[str, int] = {}
        try:
            with open_binary(self.path) as fh:
                for prefix, event, value in ijson.parse(fh, use_float=True):
                    if event == "start_map" and prefix in _CHAT_ROOTS:
                        n = counters[prefix] = counters.get(prefix, -1) + 1
                        path = _CHAT_ROOTS[prefix]
                        chats.append(_Chat(prefix, path if prefix == "" else f"{path}[{n}]"))
                    elif not chats:
                        continue
                    elif _is_meta(prefix, event):
                        chats[-1].meta[prefix.rsplit(".", 1)[-1]] = value
                    elif prefix == "messages" and event == "start_array":
                        return chats, None  # one chat: no need to count its messages
                    elif event == "start_map" and prefix == chats[-1].messages_prefix:
                        chats[-1].count += 1
        except _JSON_ERRORS as exc:
            chats = [c for c in chats if c.prefix != "" or "id" in c.meta]
            where = chats[-1].root_path if chats else "$"
            return chats, (_broken(where, exc), where)
        # Read to the end: an account export, whose top object is not itself a chat.
        return [c for c in chats if c.prefix != ""], None

    def _messages(self, root: str, chats: list[_Chat], report: bool) -> Iterator[Item]:
        queue = iter(chats)
        chat = next(queue)
        index = -1
        where = chat.root_path
        try:
            with open_binary(self.path) as fh:
                for msg in ijson.items(fh, chat.messages_prefix, use_float=True):
                    index += 1
                    while root and index >= chat.count and chat is not chats[-1]:
                        chat, index = next(queue), 0  # that chat's messages are all read
                    where = f"{chat.root_path}.messages[{index}]"
                    yield from self._message(chat, msg, where)
        except _JSON_ERRORS as exc:
            if report:
                yield Reject(self.source, None, _broken(where, exc), path=where)

    def _message(self, chat: _Chat, msg: Any, jpath: str) -> Iterator[Item]:
        try:
            records = list(self._records(chat, msg, jpath))
            chat.settle(ok=True)
        except RECORD_ERRORS as exc:
            chat.settle(ok=False)
            reason, field = explain(exc)
            yield Reject(self.source, None, reason, path=f"{jpath}.{field}" if field else jpath)
            return
        yield from records

    def _records(self, chat: _Chat, msg: Any, jpath: str) -> Iterator[Item]:
        if not isinstance(msg, dict):
            raise Bad("expected a message object")
        if chat.new_account(chat.account_id):
            yield Account(
                platform=TG,
                platform_id=chat.account_id,
                display_name=text_or_none(chat.meta.get("name")),
            )
        kind = msg.get("type", "message")
        if kind == "service":
            yield from self._service(chat, msg, jpath)
        elif kind == "message":
            yield from self._post(chat, msg, jpath)
        else:
            yield Skip(self.source, None, f"message type {kind!r} holds no record", jpath)

    def _post(self, chat: _Chat, msg: dict[str, Any], jpath: str) -> Iterator[Item]:
        chat_id = as_id(chat.meta.get("id"), "chat id")
        msg_id = as_id(msg.get("id"), "id")
        post_id = f"{chat_id}/{msg_id}"
        author = _author(msg, chat)
        created = _created(msg)
        text, links, mentions = _text(msg.get("text"), msg.get("text_entities"))
        if chat.new_account(author):
            yield Account(platform=TG, platform_id=author, display_name=text_or_none(msg.get("from")))
        reply = msg.get("reply_to_message_id")
        reply_to = f"{chat_id}/{as_id(reply, 'reply_to_message_id')}" if reply is not None else None
        yield Post(
            platform=TG,
            platform_id=post_id,
            account_id=author,
            text=text,
            created_at=created,
            reply_to=reply_to,
            metrics=_metrics(msg),
        )
        chat.remember(msg_id, author)
        if reply_to is not None:
            yield Interaction(
                platform=TG,
                platform_id=post_id,
                kind=InteractionKind.REPLY,
                source_account_id=author,
                target_post_id=reply_to,
                target_account_id=chat.authors.get(str(reply)),
                created_at=created,
            )
        forwarded = msg.get("forwarded_from_id") or (
            f"name:{msg['forwarded_from']}" if text_or_none(msg.get("forwarded_from")) else None
        )
        if forwarded:
            yield Interaction(
                platform=TG,
                platform_id=post_id,
                kind=InteractionKind.FORWARD,
                source_account_id=author,
                target_account_id=str(forwarded),
                created_at=created,
            )
        for target in mentions:
            yield Interaction(
                platform=TG,
                platform_id=post_id,
                kind=InteractionKind.MENTION,
                source_account_id=author,
                target_account_id=target,
                created_at=created,
            )
        for url in links:
            yield Link(platform=TG, platform_id=post_id, url=url)
        yield from self._media(msg, post_id, jpath)

    def _media(self, msg: dict[str, Any], post_id: str, jpath: str) -> Iterator[Item]:
        for field in ("photo", "file"):
            rel = msg.get(field)
            if not isinstance(rel, str) or not rel.strip():
                continue
            kind = (
                "image"
                if field == "photo"
                else _MEDIA_KINDS.get(str(msg.get("media_type")), _kind_from_mime(msg.get("mime_type")))
            )
            try:
                found = None if rel.startswith("(") else local_media(self.base, rel)
            except Bad as exc:
                yield Reject(self.source, None, exc.reason, path=f"{jpath}.{field}")
                continue
            path, digest = found if found else (None, None)
            yield Media(
                platform=TG,
                platform_id=digest or f"{post_id}/{field}",
                post_id=post_id,
                kind=kind,
                path=path,
                sha256=digest,
            )

    def _service(self, chat: _Chat, msg: dict[str, Any], jpath: str) -> Iterator[Item]:
        action = str(msg.get("action"))
        if action not in _JOIN_ACTIONS:
            yield Skip(self.source, None, f"service message {action!r} holds no record", jpath)
            return
        created = _created(msg)
        msg_id = as_id(msg.get("id"), "id")
        carrier = f"{as_id(chat.meta.get('id'), 'chat id')}/{msg_id}"
        members = [str(m) for m in msg.get("members") or [] if isinstance(m, str) and m]
        actor = msg.get("actor_id")
        people = [f"name:{m}" for m in members] if members else []
        if isinstance(actor, str) and actor and (not members or action != "invite_members"):
            people.insert(0, actor)
            if chat.new_account(actor):
                yield Account(platform=TG, platform_id=actor, display_name=text_or_none(msg.get("actor")))
        if not people:
            raise Bad(f"service message {action!r} names nobody (no actor_id or members)")
        for person in people:
            # One service message can add several people; an interaction's key is
            # (carrier, kind, target), so each person gets a carrier of their own.
            own = carrier if len(people) == 1 else f"{carrier}|{person}"
            yield Interaction(
                platform=TG,
                platform_id=own,
                kind=InteractionKind.MEMBER,
                source_account_id=person,
                target_account_id=chat.account_id,
                created_at=created,
            )


def _broken(where: str, exc: Exception) -> str:
    detail = " ".join(str(exc).split())[:200]
    return (
        f"the file stops being valid JSON after {where} ({exc.__class__.__name__}: {detail}); what came before was read"
    )


def _is_meta(prefix: str, event: str) -> bool:
    if event not in ("string", "number", "integer", "double"):
        return False
    root, _, key = prefix.rpartition(".")
    if not _:
        root, key = "", prefix
    return root in _CHAT_ROOTS and key in ("name", "type", "id")


def _author(msg: dict[str, Any], chat: _Chat) -> str:
    sender = msg.get("from_id")
    if isinstance(sender, str) and sender.strip():
        return sender.strip()
    if chat.meta.get("type") in _CHANNEL_TYPES:
        return chat.account_id  # channel posts of old exports carry no from_id
    raise Bad("message has no from_id", "from_id")


def _created(msg: dict[str, Any]) -> Any:
    if msg.get("date_unixtime") is None:
        return None  # 'date' alone is local time with no offset: better none than wrong
    return utc_from_unix(msg["date_unixtime"], "date_unixtime")


def _text(text: Any, entities: Any) -> tuple[str, list[str], list[str]]:
    """Plain text, links and mention targets from ``text`` (or ``text_entities``)."""
    parts = text if isinstance(text, list) else None
    if parts is None and not isinstance(text, str) and isinstance(entities, list):
        parts = entities
    if parts is None:
        return (text if isinstance(text, str) else ""), [], []
    out, links, mentions = [], [], []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        if not isinstance(part, dict):
            continue
        piece = str(part.get("text") or "")
        out.append(piece)
        kind = part.get("type")
        if kind == "link" and piece.strip():
            links.append(piece.strip())
        elif kind == "text_link" and part.get("href"):
            links.append(str(part["href"]))
        elif kind == "mention" and piece.strip():
            mentions.append(piece.strip() if piece.startswith("@") else f"@{piece.strip()}")
        elif kind == "mention_name" and part.get("user_id") is not None:
            mentions.append(f"user{as_id(part['user_id'], 'text.user_id')}")
    return "".join(out), list(dict.fromkeys(links)), list(dict.fromkeys(mentions))


def _metrics(msg: dict[str, Any]) -> dict[str, int]:
    metrics: dict[str, int] = {}
    reactions = msg.get("reactions")
    if isinstance(reactions, list):
        total = sum(r.get("count", 0) for r in reactions if isinstance(r, dict) and isinstance(r.get("count"), int))
        metrics["reactions"] = max(total, 0)
    if msg.get("edited_unixtime") or msg.get("edited"):
        metrics["edited"] = 1
    return metrics


def _kind_from_mime(mime: Any) -> str:
    major = str(mime).split("/", 1)[0] if mime else ""
    return {"image": "image", "video": "video", "audio": "audio"}.get(major, "document")
