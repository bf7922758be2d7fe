"""X v2 details beyond the real samples: flattened tweets, withheld posts, quotes and replies."""

from __future__ import annotations

import json

from vigil import ingest

FLAT = {
    "id": "900",
    "author_id": "1",
    "text": "quoting and replying",
    "lang": "ur",
    "created_at": "2024-02-01T08:00:00.000Z",
    "author": {
        "id": "1",
        "username": "watched",
        "name": "Watched",
        "public_metrics": {"followers_count": 77},
    },
    "referenced_tweets": [{"type": "quoted", "id": "800"}, {"type": "replied_to", "id": "700"}],
    "in_reply_to_user_id": "2",
    "withheld": {"copyright": False, "country_codes": ["PK", "in"]},
    "entities": {
        "mentions": [{"start": 0, "end": 5, "username": "ghost"}],
        "urls": [
            {
                "url": "https://t.co/a",
                "expanded_url": "https://example.org/a",
                "unwound_url": "https://example.org/a?full",
            }
        ],
    },
    "__twarc": {"url": "https://api.twitter.com/2/tweets/search/all", "version": "2.12.0"},
}


def test_flattened_tweet_with_withheld_quote_reply_and_unknown_mention(stored, tmp_path):
    path = tmp_path / "flat.jsonl"
    path.write_text(json.dumps(FLAT) + "\n")
    s = ingest.run(stored.vigil, [path])
    assert s.formats[str(path)] == "x_v2_jsonl" and s.rejected == 0
    post = stored.rows("post")["900"]
    assert (post["reply_to"], post["language"]) == ("700", "ur")
    assert post["metrics"] == {"withheld": 1, "withheld:PK": 1, "withheld:IN": 1}
    assert stored.rows("account")["1"]["followers"] == 77
    inter = {(r["kind"], r["target_account_id"], r["target_post_id"]) for r in stored.rows("interaction").values()}
    assert inter == {
        ("quote", None, "800"),
        ("reply", "2", "700"),
        ("mention", "@ghost", None),  # not in the page: kept by name
    }
    assert [r["url"] for r in stored.rows("link").values()] == ["https://example.org/a?full"]
