"""TikTok Research API: newer `id` responses, several pages in one file, user info, errors."""

from __future__ import annotations

import json

from vigil import ingest

PAGE_1 = {
    "data": {
        "videos": [
            {
                "id": 7301234567890123456,
                "username": "hakkal.clips",
                "create_time": 1700000000,
                "video_description": "clip one #tag",
                "view_count": 10,
                "like_count": 2,
                "share_count": 1,
                "region_code": "PK",
            },
        ],
        "cursor": 1,
        "has_more": True,
        "search_id": "s1",
    },
    "error": {"code": "ok", "message": ""},
}
PAGE_2 = {
    "data": {
        "videos": [
            {
                "id": 7301234567890123457,
                "username": "hakkal.clips",
                "create_time": 1700000100,
                "video_description": "clip two",
            },
            {"username": "no.id", "create_time": 1700000200},
        ],
        "cursor": 2,
        "has_more": False,
    },
    "error": {"code": "ok"},
}
USER = {
    "data": {
        "username": "hakkal.clips",
        "display_name": "Hakkal Clips",
        "bio_description": "clips",
        "follower_count": 4321,
        "is_verified": False,
    },
    "error": {"code": "ok"},
}
FAILED = {"data": {}, "error": {"code": "rate_limit_exceeded", "message": "slow down"}}


def test_pages_user_info_and_errors_in_one_file(stored, tmp_path):
    path = tmp_path / "tiktok.json"
    path.write_text("\n".join(json.dumps(d) for d in (PAGE_1, PAGE_2, USER, FAILED)) + "\n")
    rejects = tmp_path / "rejects.jsonl"
    s = ingest.run(stored.vigil, [path], rejects_path=rejects)
    assert s.formats[str(path)] == "tiktok_research_json"
    posts = stored.rows("post")
    assert set(posts) == {"7301234567890123456", "7301234567890123457"}
    one = posts["7301234567890123456"]
    assert one["account_id"] == "hakkal.clips"
    assert one["url"] == "https://www.tiktok.com/@hakkal.clips/video/7301234567890123456"
    assert one["metrics"] == {"views": 10, "likes": 2, "shares": 1}
    assert one["created_at"].year == 2023
    account = stored.rows("account")["hakkal.clips"]
    assert (account["display_name"], account["followers"]) == ("Hakkal Clips", 4321)
    rows = [json.loads(x) for x in rejects.read_text().splitlines()]
    assert [r["path"] for r in rows] == ["$[document 2].data.videos[1].id", "$[document 4].error"]
    assert "rate_limit_exceeded" in rows[1]["reason"]
