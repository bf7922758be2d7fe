"""No bytes make a reader raise: every reader, fed random bytes, mangled real samples and random
JSON built from its format's own field names, yields only records, rejects and skips."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigil.domain.records import RECORD_TYPES
from vigil.ingest import readers
from vigil.ingest.base import Reject, Skip

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NAMES = sorted(readers())
RECORD_CLASSES = tuple(RECORD_TYPES.values())

VOCABULARY = [
    # X v2
    "data",
    "includes",
    "users",
    "tweets",
    "media",
    "errors",
    "id",
    "author_id",
    "text",
    "created_at",
    "referenced_tweets",
    "type",
    "entities",
    "mentions",
    "urls",
    "username",
    "attachments",
    "media_keys",
    "media_key",
    "variants",
    "public_metrics",
    "withheld",
    "edit_history_tweet_ids",
    "in_reply_to_user_id",
    "expanded_url",
    "__twarc",
    # Telegram
    "name",
    "messages",
    "chats",
    "list",
    "date_unixtime",
    "from",
    "from_id",
    "actor_id",
    "action",
    "members",
    "photo",
    "file",
    "forwarded_from",
    "reply_to_message_id",
    "href",
    "user_id",
    "reactions",
    "count",
    "text_entities",
    "media_type",
    # TikTok and Vigil
    "videos",
    "video_id",
    "create_time",
    "video_description",
    "display_name",
    "comments",
    "follower_count",
    "error",
    "code",
    "platform",
    "platform_id",
    "account_id",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(
        [
            "message",
            "service",
            "retweeted",
            "replied_to",
            "public_channel",
            "invite_members",
            "1709307000",
            "user1",
            "photos/a.jpg",
            "../../x",
            "2024-01-01T00:00:00Z",
            "post",
            "x",
            "telegram",
        ]
    ),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(VOCABULARY), inner, max_size=6),
    ),
    max_leaves=30,
)


def samples(shared: Path) -> list[bytes]:
    return [p.read_bytes()[:3000] for p in sorted((shared / "formats").iterdir())]


def read_all(name: str, payload: bytes, suffix: str = ".dat") -> list[object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(payload)
        reader = readers()[name]()
        reader.sniff(payload[:4096], path)
        items = list(reader.read(path))
    for item in items:
        assert isinstance(item, (*RECORD_CLASSES, Reject, Skip)), item
    return items


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(payload=st.binary(max_size=1500))
def test_random_bytes(name, payload):
    read_all(name, payload)


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.data())
def test_mangled_real_samples(name, data, shared_data):
    sample = bytearray(data.draw(st.sampled_from(samples(shared_data))))
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, max(len(sample) - 1, 0)))
        op = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if op == "flip" and sample:
            sample[at] = data.draw(st.integers(0, 255))
        elif op == "cut":
            del sample[at : at + data.draw(st.integers(1, 40))]
        else:
            sample[at:at] = data.draw(st.sampled_from([b"\n", b'"', b"{", b"]", b",", b"\xff"]))
    read_all(name, bytes(sample))


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(doc=JSON)
def test_json_made_of_the_formats_own_fields(name, doc):
    read_all(name, json.dumps(doc).encode())
    read_all(name, (json.dumps(doc) + "\n" + json.dumps(doc)).encode())
