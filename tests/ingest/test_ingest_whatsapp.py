"""WhatsApp chat exports: iOS and Android headers, 12/24-hour clocks, date orders, attachments."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from vigil import ingest

IOS_12H_MONTH_FIRST = """\
\u200e[1/5/24, 9:15:02 PM] Group Chat: \u200eMessages and calls are end-to-end encrypted.
\u200e[1/5/24, 9:16:10 PM] Group Chat: \u200e+92 300 1234567 joined using this group's invite link
[1/5/24, 9:20:45 PM] +92 300 1234567: first line
second line of the same message
[1/13/24, 12:05:00 AM] Zara Khan: \u200e<attached: 00000012-PHOTO-2024-01-13-00-05-00.jpg>
[1/13/24, 12:05:00 AM] Zara Khan: same minute
[1/13/24, 12:05:00 AM] Zara Khan: same minute
"""

ANDROID_24H_DAY_FIRST = """\
13/01/2024, 21:05 - Messages and calls are end-to-end encrypted.
13/01/2024, 21:06 - Zara Khan created group "Study"
13/01/2024, 21:07 - Zara Khan added +92 321 7654321 and Omar
14/01/2024, 08:00 - +92 321 7654321: IMG-20240114-WA0001.jpg (file attached)
look at this
14/01/2024, 08:01 - Omar: <Media omitted>
"""


def test_ios_export_with_12_hour_clock_month_first_and_attachment(stored, tmp_path):
    folder = tmp_path / "WhatsApp Chat - Study"
    folder.mkdir()
    photo = b"jpeg bytes"
    (folder / "00000012-PHOTO-2024-01-13-00-05-00.jpg").write_bytes(photo)
    path = folder / "_chat.txt"
    path.write_text(IOS_12H_MONTH_FIRST, encoding="utf-8")
    s = ingest.run(stored.vigil, [path])
    assert s.formats[str(path)] == "whatsapp_txt" and s.rejected == 0
    assert s.skipped == 1  # the encryption notice
    posts = sorted(stored.rows("post").values(), key=lambda p: (p["created_at"], p["text"]))
    assert len(posts) == 4  # two identical messages in the same minute stay two
    first = posts[0]
    assert first["account_id"] == "+923001234567"
    assert first["text"] == "first line\nsecond line of the same message"
    assert first["created_at"].replace(tzinfo=UTC) == datetime(2024, 1, 5, 21, 20, 45, tzinfo=UTC)
    # 12:05 AM is five past midnight, on the 13th of January
    assert posts[1]["created_at"].replace(tzinfo=UTC) == datetime(2024, 1, 13, 0, 5, tzinfo=UTC)
    media = list(stored.rows("media").values())
    assert len(media) == 1
    assert media[0]["sha256"] == hashlib.sha256(photo).hexdigest()
    assert media[0]["kind"] == "image"
    member = list(stored.rows("interaction").values())
    assert [(m["kind"], m["source_account_id"], m["target_account_id"]) for m in member] == [
        ("member", "+923001234567", "chat:Study")
    ]


def test_android_export_with_24_hour_clock_day_first(stored, tmp_path):
    path = tmp_path / "WhatsApp Chat with Study.txt"
    path.write_text(ANDROID_24H_DAY_FIRST, encoding="utf-8")
    s = ingest.run(stored.vigil, [path])
    assert s.rejected == 0 and s.skipped == 1
    posts = sorted(stored.rows("post").values(), key=lambda p: p["created_at"])
    assert [p["text"] for p in posts] == [
        "IMG-20240114-WA0001.jpg (file attached)\nlook at this",
        "<Media omitted>",
    ]
    assert posts[0]["created_at"].replace(tzinfo=UTC) == datetime(2024, 1, 14, 8, 0, tzinfo=UTC)
    media = list(stored.rows("media").values())
    assert [(m["kind"], m["sha256"]) for m in media] == [("image", None)]  # file not in export
    members = {(r["source_account_id"], r["target_account_id"]) for r in stored.rows("interaction").values()}
    assert members == {
        ("name:Zara Khan", "chat:Study"),
        ("+923217654321", "chat:Study"),
        ("name:Omar", "chat:Study"),
    }


def test_reimport_of_a_longer_export_adds_only_the_new_messages(stored, tmp_path):
    path = tmp_path / "WhatsApp Chat with Study.txt"
    path.write_text(ANDROID_24H_DAY_FIRST, encoding="utf-8")
    ingest.run(stored.vigil, [path])
    path.write_text(ANDROID_24H_DAY_FIRST + "14/01/2024, 09:00 - Omar: new one\n", encoding="utf-8")
    s = ingest.run(stored.vigil, [path])
    assert s.imported == 1 and s.updated == 0
    assert stored.count("post") == 3


def test_impossible_date_is_rejected_with_its_line(stored, tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text("13/01/2024, 21:05 - Omar: fine\n31/02/2024, 21:06 - Omar: no such day\n")
    s = ingest.run(stored.vigil, [path], format="whatsapp_txt")
    assert s.rejected == 1
    assert s.first_rejects[0].startswith(f"{path}:2: ")
    assert stored.count("post") == 1
