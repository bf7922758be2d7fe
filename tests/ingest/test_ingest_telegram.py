"""Telegram Desktop exports, written here after the exporter's schema (export_output_json.cpp
in telegramdesktop/tdesktop): no small real export is public."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from vigil import ingest
from vigil.ingest.formats.telegram import TelegramDesktopJson

CHANNEL_ID = 1234567890


def channel_export() -> dict:
    return {
        "name": "Umar Media Watch",
        "type": "public_channel",
        "id": CHANNEL_ID,
        "messages": [
            {
                "id": 1,
                "type": "service",
                "date": "2024-03-01T10:00:00",
                "date_unixtime": "1709287200",
                "actor": "Umar Media Watch",
                "actor_id": f"channel{CHANNEL_ID}",
                "action": "create_channel",
                "title": "Umar Media Watch",
                "text": "",
                "text_entities": [],
            },
            {
                "id": 2,
                "type": "message",
                "date": "2024-03-01T15:30:00",
                "date_unixtime": "1709307000",
                "from": "Umar Media Watch",
                "from_id": f"channel{CHANNEL_ID}",
                "text": [
                    "Statement today ",
                    {"type": "link", "text": "https://example.org/s"},
                    " via ",
                    {"type": "mention", "text": "@otherchannel"},
                    {"type": "text_link", "text": " here", "href": "https://example.net/x"},
                ],
                "photo": "photos/photo_1@01-03-2024_15-30-00.jpg",
                "width": 800,
                "height": 600,
                "reactions": [
                    {"type": "emoji", "count": 5, "emoji": "👍"},
                    {"type": "emoji", "count": 2, "emoji": "🔥"},
                ],
            },
            {
                "id": 3,
                "type": "message",
                "date": "2024-03-01T16:00:00",
                "date_unixtime": "1709308800",
                "edited": "2024-03-01T16:05:00",
                "edited_unixtime": "1709309100",
                "from": "Umar Media Watch",
                "from_id": f"channel{CHANNEL_ID}",
                "forwarded_from": "Some Source",
                "text": "forwarded words",
                "file": "(File not included. Change data exporting settings to download.)",
                "media_type": "video_file",
                "mime_type": "video/mp4",
            },
            {
                "id": 4,
                "type": "service",
                "date": "2024-03-02T09:00:00",
                "date_unixtime": "1709370000",
                "actor": "Umar Media Watch",
                "actor_id": f"channel{CHANNEL_ID}",
                "action": "pin_message",
                "message_id": 2,
                "text": "",
                "text_entities": [],
            },
        ],
    }


def account_export() -> dict:
    group = {
        "name": "Discussion",
        "type": "private_supergroup",
        "id": 777,
        "messages": [
            {
                "id": 10,
                "type": "service",
                "date_unixtime": "1709400000",
                "actor": "Ali",
                "actor_id": "user1001",
                "action": "join_group_by_link",
                "inviter": "Group",
                "text": "",
                "text_entities": [],
            },
            {
                "id": 11,
                "type": "message",
                "date_unixtime": "1709400060",
                "from": "Ali",
                "from_id": "user1001",
                "text": "salaam",
                "text_entities": [],
            },
            {
                "id": 12,
                "type": "message",
                "date_unixtime": "1709400120",
                "from": "Bilal",
                "from_id": "user1002",
                "reply_to_message_id": 11,
                "text": ["hi ", {"type": "mention_name", "text": "Ali", "user_id": 1001}],
            },
            {
                "id": 13,
                "type": "service",
                "date_unixtime": "1709400180",
                "actor": "Bilal",
                "actor_id": "user1002",
                "action": "invite_members",
                "members": ["Chaudhry", "Dawood"],
                "text": "",
            },
        ],
    }
    personal = {
        "name": "Ali",
        "type": "personal_chat",
        "id": 1001,
        "messages": [
            {
                "id": 1,
                "type": "message",
                "date_unixtime": "1709500000",
                "from": "Ali",
                "from_id": "user1001",
                "text": "see you",
            },
        ],
    }
    return {
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": 999, "first_name": "Analyst"},
        "chats": {
            "about": "This page lists all chats from this export.",
            "list": [group, personal],
        },
        "left_chats": {"about": "left", "list": []},
    }


def write_export(folder: Path, data: dict, photo: bytes | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if photo is not None:
        (folder / "photos").mkdir()
        (folder / "photos" / "photo_1@01-03-2024_15-30-00.jpg").write_bytes(photo)
    path = folder / "result.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def test_channel_export_posts_links_mentions_forwards_media(stored, tmp_path):
    photo = b"\xff\xd8\xff fake jpeg bytes"
    path = write_export(tmp_path / "ChatExport_2024-03-02", channel_export(), photo)
    s = ingest.run(stored.vigil, [path])
    assert s.formats[str(path)] == "telegram_json"
    assert s.rejected == 0 and s.skipped == 1  # the pin
    posts = stored.rows("post")
    assert set(posts) == {f"{CHANNEL_ID}/2", f"{CHANNEL_ID}/3"}
    post = posts[f"{CHANNEL_ID}/2"]
    assert post["text"] == "Statement today https://example.org/s via @otherchannel here"
    assert post["account_id"] == f"channel{CHANNEL_ID}"
    assert post["created_at"].replace(tzinfo=UTC) == datetime(2024, 3, 1, 15, 30, tzinfo=UTC)
    assert post["metrics"] == {"reactions": 7}
    assert posts[f"{CHANNEL_ID}/3"]["metrics"] == {"edited": 1}
    links = {r["url"] for r in stored.rows("link").values()}
    assert links == {"https://example.org/s", "https://example.net/x"}
    inter = {(r["kind"], r["target_account_id"]) for r in stored.rows("interaction").values()}
    assert ("mention", "@otherchannel") in inter
    assert ("forward", "name:Some Source") in inter
    assert ("member", f"channel{CHANNEL_ID}") in inter  # the channel's creation
    media = {m["post_id"]: m for m in stored.rows("media").values()}
    digest = hashlib.sha256(photo).hexdigest()
    kept = media[f"{CHANNEL_ID}/2"]
    assert kept["sha256"] == digest and kept["platform_id"] == digest
    assert kept["path"] == str((path.parent / "photos/photo_1@01-03-2024_15-30-00.jpg").resolve())
    missing = media[f"{CHANNEL_ID}/3"]
    assert (missing["kind"], missing["path"], missing["sha256"]) == ("video", None, None)
    assert stored.rows("account")[f"channel{CHANNEL_ID}"]["display_name"] == "Umar Media Watch"


def test_full_account_export_reads_every_chat(stored, tmp_path):
    path = write_export(tmp_path / "DataExport", account_export())
    s = ingest.run(stored.vigil, [path])
    assert s.rejected == 0
    posts = stored.rows("post")
    assert set(posts) == {"777/11", "777/12", "1001/1"}
    assert posts["777/12"]["reply_to"] == "777/11"
    assert posts["777/12"]["text"] == "hi Ali"
    inter = {(r["kind"], r["source_account_id"], r["target_account_id"]) for r in stored.rows("interaction").values()}
    assert ("reply", "user1002", "user1001") in inter
    assert ("mention", "user1002", "user1001") in inter
    assert ("member", "user1001", "channel777") in inter
    assert ("member", "name:Chaudhry", "channel777") in inter
    assert ("member", "name:Dawood", "channel777") in inter
    assert set(stored.rows("account")) >= {"user1001", "user1002", "channel777"}


def test_export_folder_and_zip_give_the_same_records(tmp_path, sqlite_vigil, stored_of):
    import shutil

    folder = tmp_path / "ChatExport"
    write_export(folder, channel_export(), b"jpeg")
    archive = Path(shutil.make_archive(str(tmp_path / "export"), "zip", folder))
    a = ingest.run(sqlite_vigil, [folder])
    b = ingest.run(sqlite_vigil, [archive])
    assert a.by_type == b.by_type
    # Same records; only the photo's stored path moves to the unpacked copy in the home.
    assert (b.imported, b.updated, b.duplicates) == (0, 1, a.imported - 1)
    media = [m for m in stored_of(sqlite_vigil).rows("media").values() if m["sha256"]]
    assert media[0]["path"].startswith(str(sqlite_vigil.home))


def test_media_path_outside_the_export_is_rejected_not_read(stored, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for import")
    data = channel_export()
    data["messages"][1]["photo"] = "../secret.txt"
    path = write_export(tmp_path / "ChatExport", data)
    s = ingest.run(stored.vigil, [path], rejects_path=tmp_path / "rejects.jsonl")
    rejects = [json.loads(x) for x in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert [r["path"] for r in rejects] == ["$.messages[1].photo"]
    assert "outside the export folder" in rejects[0]["reason"]
    assert all(m["sha256"] is None for m in stored.rows("media").values())
    assert s.by_type["post"] == 2


def test_bad_message_is_rejected_with_its_json_path_and_the_rest_imported(stored, tmp_path):
    data = account_export()
    data["chats"]["list"][0]["messages"][2]["date_unixtime"] = "yesterday"
    path = write_export(tmp_path / "DataExport", data)
    rejects = tmp_path / "rejects.jsonl"
    s = ingest.run(stored.vigil, [path], rejects_path=rejects)
    row = json.loads(rejects.read_text())
    assert row["path"] == "$.chats.list[0].messages[2].date_unixtime"
    assert "yesterday" in row["reason"] and row["source"] == str(path)
    assert s.rejected == 1 and set(stored.rows("post")) == {"777/11", "1001/1"}


def test_truncated_export_keeps_what_came_before(stored, tmp_path):
    path = write_export(tmp_path / "x", channel_export())
    text = path.read_text()
    path.write_text(text[: text.index('"id": 3')])
    s = ingest.run(stored.vigil, [path], format="telegram_json")
    assert s.rejected == 1
    assert "stops being valid JSON" in s.first_rejects[0]
    assert set(stored.rows("post")) == {f"{CHANNEL_ID}/2"}


def test_sniff_tells_telegram_from_tiktok_and_x():
    reader = TelegramDesktopJson()
    head = json.dumps(channel_export(), indent=1).encode()[:4096]
    assert reader.sniff(head, Path("result.json"))
    assert not reader.sniff(b'{"data": {"videos": [{"video_id": 1}]}}', Path("t.json"))
