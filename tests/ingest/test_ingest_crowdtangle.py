"""CrowdTangle CSV details beyond the real sample: Instagram exports, bad rows, number forms."""

from __future__ import annotations

import pytest

from vigil import ingest
from vigil.ingest._convert import Bad
from vigil.ingest.formats.crowdtangle import parse_count, parse_decimal, parse_stamp

INSTAGRAM = (
    "\ufeffAccount,User Name,Followers at Posting,Post Created,Post Created Date,"
    "Post Created Time,Type,Total Interactions,Likes,Comments,Views,URL,Link,Photo,Title,"
    "Description,Image Text,Sponsor Id,Sponsor Name,Overperforming Score\r\n"
    'Hakkal Fans,hakkal.fans,"12,345",2023-03-01 10:00:00 PKT,2023-03-01,10:00:00,Photo,'
    '"1,204",1000,204,0,https://www.instagram.com/p/CpQ1x2yZ/,,'
    'https://scontent.example/p.jpg,,"line one\nline two",,,,"-1,5"\r\n'
    "Broken,broken,10,not a date,,,,,,,,https://www.instagram.com/p/Bad/,,,,,,,,\r\n"
)


def test_instagram_export(stored, tmp_path):
    path = tmp_path / "ig.csv"
    path.write_text(INSTAGRAM, encoding="utf-8", newline="")
    s = ingest.run(stored.vigil, [path])
    assert s.formats[str(path)] == "crowdtangle_csv"
    assert s.rejected == 1 and "Post Created" in s.first_rejects[0]
    assert f"{path}:4" in s.first_rejects[0]  # the multi-line field is counted in line numbers
    post = stored.rows("post")["CpQ1x2yZ"]
    assert post["platform"] == "instagram" and post["account_id"] == "hakkal.fans"
    assert post["text"] == "line one\nline two"
    assert post["metrics"]["interactions"] == 1204
    assert post["metrics"]["overperforming_pct"] == -150
    assert post["created_at"].hour == 5  # 10:00 PKT
    assert stored.rows("account")["hakkal.fans"]["followers"] == 12345
    assert [m["url"] for m in stored.rows("media").values()] == ["https://scontent.example/p.jpg"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("407.137", 407137), ("407,137", 407137), ("1 204 000", 1204000), ("12", 12), ("", None)],
)
def test_counts_in_any_locale(text, value):
    assert parse_count(text) == value


def test_decimals_in_any_locale():
    assert parse_decimal("1,4") == 1.4
    assert parse_decimal("1.234,5") == 1234.5
    assert parse_decimal("1,234.5") == 1234.5
    with pytest.raises(Bad):
        parse_count("12.5")


def test_unknown_zone_is_named_in_the_error():
    with pytest.raises(Bad, match="unknown time zone 'XYZ'"):
        parse_stamp("2021-07-05 18:02:45 XYZ", "Post Created")
    assert parse_stamp("2021-07-05 18:02:45 +0530", "Post Created").hour == 12
