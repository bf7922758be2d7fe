"""Every real sample in shared/data/formats imports with every record accounted for.

Sources of the samples are listed in shared/data/SOURCES.md (twarc-csv test data, a CrowdTangle
export, traktok's tests, whatstk's test chat)."""

from __future__ import annotations

from datetime import UTC, datetime

from vigil import ingest
from vigil.ingest.stage import sniff_format


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def naive(value: datetime) -> datetime:
    """SQLite returns naive UTC datetimes; PostgreSQL aware ones."""
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def test_every_sample_is_sniffed_to_its_format(shared_data):
    formats = shared_data / "formats"
    expected = {
        "crowdtangle_search_export.csv": "crowdtangle_csv",
        "tiktok_research_videos.json": "tiktok_research_json",
        "whatsapp_android_pokemon.txt": "whatsapp_txt",
        "x_v2_cotweet.jsonl": "x_v2_jsonl",
        "x_v2_edited.jsonl": "x_v2_jsonl",
        "x_v2_media_tweet.jsonl": "x_v2_jsonl",
        "x_v2_two_tweets.jsonl": "x_v2_jsonl",
    }
    assert {p.name: sniff_format(p) for p in sorted(formats.iterdir())} == expected


def test_the_whole_folder_imports_and_a_second_import_changes_nothing(vigil, shared_data):
    first = ingest.run(vigil, [shared_data / "formats"])
    assert first.rejected == 0 and first.skipped_files == []
    # every record read is stored, was a duplicate, or is a counted system line
    assert first.read == first.imported + first.duplicates + first.skipped
    second = ingest.run(vigil, [shared_data / "formats"])
    assert (second.imported, second.updated) == (0, 0)
    assert second.duplicates == first.imported + first.duplicates


def test_x_retweet_becomes_a_repost_and_mentions_resolve_to_user_ids(stored, shared_data):
    s = ingest.run(stored.vigil, [shared_data / "formats" / "x_v2_two_tweets.jsonl"])
    assert s.by_type == {"account": 2, "post": 2, "interaction": 2}
    posts = stored.rows("post")
    rt = posts["1394735776701816833"]
    assert rt["text"] == "RT @bibaigna96: #POIUYTREWQ"
    assert rt["account_id"] == "1379899464345923590"
    assert naive(rt["created_at"]) == naive(utc(2021, 5, 18, 19, 24, 56))
    assert rt["language"] is None  # "und" is no language
    assert posts["1391677057810288641"]["account_id"] == "1380086327023169540"
    kinds = {(i["kind"], i["target_account_id"], i["target_post_id"]) for i in stored.rows("interaction").values()}
    assert kinds == {
        ("repost", "1380086327023169540", "1391677057810288641"),
        ("mention", "1380086327023169540", None),
    }
    accounts = stored.rows("account")
    assert accounts["1380086327023169540"]["handle"] == "bibaigna96"
    assert accounts["1379899464345923590"]["followers"] == 0


def test_x_edited_tweet_keeps_every_version_and_its_links(stored, shared_data):
    ingest.run(stored.vigil, [shared_data / "formats" / "x_v2_edited.jsonl"])
    posts = stored.rows("post")
    assert set(posts) == {"1576994746135764992", "1576994789110992896"}
    original, edit = posts["1576994746135764992"], posts["1576994789110992896"]
    assert original["text"].startswith("i miss y\u2019all so much haha")
    assert (original["metrics"]["edit_index"], edit["metrics"]["edit_index"]) == (0, 1)
    assert edit["metrics"]["edit_versions"] == 2 and edit["metrics"]["likes"] == 27
    assert edit["language"] is None  # "qst": a short text, no language
    links = {(r["post_id"], r["url"]) for r in stored.rows("link").values()}
    assert (
        "1576994746135764992",
        "https://twitter.com/wongmjane/status/1576994746135764992/photo/1",
    ) in links
    assert len(links) == 3
    media = stored.rows("media")
    assert media["3_1576994475507077121"]["post_id"] == "1576994746135764992"
    assert stored.rows("account")["337119125"]["followers"] == 138097
    assert stored.rows("account")["337119125"]["links"] == ["https://instagram.com/wongmjane"]


def test_x_video_keeps_the_best_mp4(stored, shared_data):
    ingest.run(stored.vigil, [shared_data / "formats" / "x_v2_media_tweet.jsonl"])
    media = stored.rows("media")["7_1558552952549277696"]
    assert media["kind"] == "video"
    assert "1280x720" in media["url"]
    post = stored.rows("post")["1558553189766631429"]
    assert post["metrics"] == {"reposts": 13, "replies": 3, "likes": 93, "quotes": 7}
    assert stored.count("account") == 1 and stored.count("link") == 1


def test_x_cotweet_sample(stored, shared_data):
    ingest.run(stored.vigil, [shared_data / "formats" / "x_v2_cotweet.jsonl"])
    post = stored.rows("post")["1577318900085186562"]
    assert (post["text"], post["language"]) == ("who need they cotwussy tested", "en")
    assert naive(post["created_at"]) == naive(utc(2022, 10, 4, 15, 25, 5))
    account = stored.rows("account")["18591618"]
    assert (account["handle"], account["followers"]) == ("staringispolite", 6851)
    assert naive(account["created_at"]) == naive(utc(2009, 1, 4, 1, 5, 2))


def test_crowdtangle_brazilian_locale_and_zone(stored, shared_data):
    s = ingest.run(stored.vigil, [shared_data / "formats" / "crowdtangle_search_export.csv"])
    assert s.by_type == {"account": 10, "post": 10, "link": 10}
    assert s.rejected == 0
    post = stored.rows("post")["100050295107499_345428873810280"]
    assert post["platform"] == "facebook"
    assert post["text"] == "Que Deus nos abençoe e nos proteja 💙💚🙌🏼"
    # 18:02:45 BRT is 21:02:45 UTC
    assert naive(post["created_at"]) == naive(utc(2021, 7, 5, 21, 2, 45))
    # "407.137" is four hundred thousand, "1,4" one point four
    assert post["metrics"]["interactions"] == 407137
    assert post["metrics"]["likes"] == 270729
    assert post["metrics"]["overperforming_pct"] == 140
    account = stored.rows("account")["100050295107499"]
    assert (account["handle"], account["followers"]) == ("neymarjr", 81438971)
    assert account["bio"].startswith("I love Football") and "\n" in account["bio"]
    butantan = stored.rows("post")["165443043496125_5891691177537921"]
    assert butantan["metrics"]["overperforming_pct"] == 10568


def test_tiktok_old_video_id_and_a_repeated_video(stored, shared_data):
    s = ingest.run(stored.vigil, [shared_data / "formats" / "tiktok_research_videos.json"])
    assert (s.read, s.imported, s.duplicates) == (2, 1, 1)
    post = stored.rows("post")["702874395068494965"]
    assert post["text"] == "lol #pov #avengers"
    assert naive(post["created_at"]) == naive(utc(2021, 10, 9, 23, 59, 59))
    assert post["account_id"] == "unknown"  # the response names no author
    assert post["metrics"] == {"views": 1050, "comments": 2}


def test_whatsapp_android_day_first_chat(stored, shared_data):
    s = ingest.run(stored.vigil, [shared_data / "formats" / "whatsapp_android_pokemon.txt"])
    assert s.by_type == {"account": 9, "post": 18}
    assert s.skipped == 2  # the two encryption notices
    posts = sorted(stored.rows("post").values(), key=lambda p: naive(p["created_at"]))
    first = posts[0]
    assert (first["account_id"], first["text"]) == ("name:Ash Ketchum", "Hey guys!")
    assert naive(first["created_at"]) == naive(utc(2016, 8, 6, 13, 23))
    assert posts[-1]["text"] == "Wo-bbu-ffet"
    assert naive(posts[-1]["created_at"]) == naive(utc(2016, 10, 31, 12, 23))
    senders = {p["account_id"] for p in posts}
    assert len(senders) == 8 and "name:Jessie & James" in senders


def test_whatsapp_times_are_read_in_the_given_zone(stored, shared_data):
    path = shared_data / "formats" / "whatsapp_android_pokemon.txt"
    ingest.run(stored.vigil, [path], timezone="Asia/Karachi")
    first = min(stored.rows("post").values(), key=lambda p: naive(p["created_at"]))
    assert naive(first["created_at"]) == naive(utc(2016, 8, 6, 8, 23))  # 13:23 PKT
