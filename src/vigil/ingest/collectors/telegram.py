"""Telegram public channels through Telethon (MTProto), oldest message first, resumable.

The collector takes a connected, authorised ``telethon.TelegramClient`` (see docs/ingest.md for
making its session once); it never prompts.  Messages are turned into the same records as a
Telegram Desktop export of the channel would give: posts ``<channel id>/<message id>``, authors
``channel<N>``/``user<N>``, replies, forwards, mentions, links, and joins as ``member``
interactions.  Media are recorded by Telegram's own photo/document id, not downloaded.

Rate limits: a ``FloodWaitError`` waits the seconds Telegram asks for (up to ``max_wait_s``) and
carries on from the last message read.  Checkpoint: ``min_id``, the last message stored.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, ClassVar

from telethon import errors, helpers
from telethon.tl import types

from vigil.domain.enums import InteractionKind, Platform
from vigil.domain.records import Account, Interaction, Link, Media, Post
from vigil.errors import ExternalError
from vigil.ingest._convert import RECORD_ERRORS, explain
from vigil.ingest.base import Item, Reject, Skip
from vigil.ingest.collectors.base import Batch, Checkpoint

TG = Platform.TELEGRAM
_JOINS = (
    types.MessageActionChatJoinedByLink,
    types.MessageActionChatAddUser,
    types.MessageActionChannelCreate,
    types.MessageActionChatCreate,
    types.MessageActionChatJoinedByRequest,
)


class TelegramChannel:
    """Every message of one channel or public group after the checkpoint."""

    name: ClassVar[str] = "telegram_channel"

    def __init__(
        self,
        channel: str,
        client: Any,
        *,
        batch_size: int = 200,
        max_messages: int | None = None,
        max_wait_s: float = 900,
        sleep: Callable[[float], Any] = asyncio.sleep,
    ) -> None:
        self.channel = channel
        self.client = client
        self.batch_size = batch_size
        self.max_messages = max_messages
        self.max_wait_s = max_wait_s
        self.sleep = sleep

    @property
    def key(self) -> str:
        return f"channel:{self.channel}"

    def collect(self, checkpoint: Checkpoint) -> Iterator[Batch]:
        """Drive Telethon's asyncio API from this synchronous generator."""
        loop = getattr(self.client, "loop", None) or asyncio.new_event_loop()
        agen = self._collect(checkpoint).__aiter__()
        while True:
            try:
                yield loop.run_until_complete(agen.__anext__())
            except StopAsyncIteration:
                return

    async def _collect(self, checkpoint: Checkpoint) -> AsyncIterator[Batch]:
        try:
            entity = await self.client.get_entity(self.channel)
        except (ValueError, errors.RPCError) as exc:
            raise ExternalError(f"Telegram: cannot open {self.channel!r}: {exc}") from exc
        chat_id = str(entity.id)
        last = int(checkpoint.get("min_id") or 0)
        yield Batch([_channel_account(entity)], {"min_id": last})
        seen = 0
        batch: list[Item] = []
        while True:
            try:
                async for msg in self.client.iter_messages(entity, min_id=last, reverse=True):
                    batch.extend(_message(msg, chat_id))
                    last, seen = msg.id, seen + 1
                    if len(batch) >= self.batch_size:
                        yield Batch(batch, {"min_id": last})
                        batch = []
                    if self.max_messages is not None and seen >= self.max_messages:
                        break
                break
            except errors.FloodWaitError as exc:
                if exc.seconds > self.max_wait_s:
                    raise ExternalError(
                        f"Telegram asks to wait {exc.seconds} s before more requests; run "
                        "again later, collection resumes from its checkpoint"
                    ) from exc
                await self.sleep(exc.seconds)
        yield Batch(batch, {"min_id": last})


def _channel_account(entity: Any) -> Account:
    username = getattr(entity, "username", None)
    return Account(
        platform=TG,
        platform_id=f"channel{entity.id}",
        handle=username,
        display_name=getattr(entity, "title", None),
        followers=getattr(entity, "participants_count", None),
        url=f"https://t.me/{username}" if username else None,
    )


def _message(msg: Any, chat_id: str) -> list[Item]:
    where = f"telegram channel {chat_id} message {getattr(msg, 'id', '?')}"
    try:
        if isinstance(msg, types.MessageService):
            return _service(msg, chat_id, where)
        return _post(msg, chat_id)
    except RECORD_ERRORS as exc:
        return [Reject(where, None, explain(exc)[0])]


def _peer(peer: Any) -> str | None:
    if isinstance(peer, types.PeerUser):
        return f"user{peer.user_id}"
    if isinstance(peer, types.PeerChannel):
        return f"channel{peer.channel_id}"
    if isinstance(peer, types.PeerChat):
        return f"chat{peer.chat_id}"
    return None


def _post(msg: Any, chat_id: str) -> list[Item]:
    post_id = f"{chat_id}/{msg.id}"
    author = _peer(msg.from_id) or f"channel{chat_id}"
    text = msg.message or ""
    reply = getattr(msg.reply_to, "reply_to_msg_id", None)
    metrics = {k: v for k, v in (("views", msg.views), ("forwards", msg.forwards)) if v}
    out: list[Item] = [
        Post(
            platform=TG,
            platform_id=post_id,
            account_id=author,
            text=text,
            created_at=msg.date,
            reply_to=f"{chat_id}/{reply}" if reply else None,
            metrics=metrics,
            url=None,
        )
    ]
    if reply:
        out.append(
            Interaction(
                platform=TG,
                platform_id=post_id,
                kind=InteractionKind.REPLY,
                source_account_id=author,
                target_post_id=f"{chat_id}/{reply}",
                created_at=msg.date,
            )
        )
    fwd = msg.fwd_from
    if fwd is not None:
        target = _peer(fwd.from_id) or (f"name:{fwd.from_name}" if fwd.from_name else None)
        if target:
            out.append(
                Interaction(
                    platform=TG,
                    platform_id=post_id,
                    kind=InteractionKind.FORWARD,
                    source_account_id=author,
                    target_account_id=target,
                    created_at=msg.date,
                )
            )
    out += _entities(msg, text, post_id, author)
    out += _media(msg, post_id)
    return out


def _entities(msg: Any, text: str, post_id: str, author: str) -> list[Item]:
    out: list[Item] = []
    wide = helpers.add_surrogate(text)  # entity offsets count UTF-16 code units
    for ent in msg.entities or []:
        piece = helpers.del_surrogate(wide[ent.offset : ent.offset + ent.length]).strip()
        url = (
            ent.url
            if isinstance(ent, types.MessageEntityTextUrl)
            else (piece if isinstance(ent, types.MessageEntityUrl) else None)
        )
        if url:
            out.append(Link(platform=TG, platform_id=post_id, url=url))
        target = (
            f"user{ent.user_id}"
            if isinstance(ent, types.MessageEntityMentionName)
            else (piece if isinstance(ent, types.MessageEntityMention) else None)
        )
        if target:
            out.append(
                Interaction(
                    platform=TG,
                    platform_id=post_id,
                    kind=InteractionKind.MENTION,
                    source_account_id=author,
                    target_account_id=target,
                    created_at=msg.date,
                )
            )
    return out


def _media(msg: Any, post_id: str) -> list[Item]:
    media = msg.media
    if isinstance(media, types.MessageMediaPhoto) and media.photo is not None:
        return [Media(platform=TG, platform_id=f"photo{media.photo.id}", post_id=post_id, kind="image")]
    if isinstance(media, types.MessageMediaDocument) and media.document is not None:
        mime = str(getattr(media.document, "mime_type", "") or "")
        major = mime.split("/", 1)[0]
        kind = {"image": "image", "video": "video", "audio": "audio"}.get(major, "document")
        return [Media(platform=TG, platform_id=f"document{media.document.id}", post_id=post_id, kind=kind)]
    return []


def _service(msg: Any, chat_id: str, where: str) -> list[Item]:
    action = msg.action
    if not isinstance(action, _JOINS):
        return [Skip(where, None, f"service message {type(action).__name__} holds no record")]
    people = [f"user{u}" for u in getattr(action, "users", [])] or [_peer(msg.from_id)]
    out: list[Item] = []
    for person in (p for p in people if p):
        carrier = f"{chat_id}/{msg.id}" if len(people) == 1 else f"{chat_id}/{msg.id}|{person}"
        out.append(
            Interaction(
                platform=TG,
                platform_id=carrier,
                kind=InteractionKind.MEMBER,
                source_account_id=person,
                target_account_id=f"channel{chat_id}",
                created_at=msg.date,
            )
        )
    return out
