"""Coordination edges: the same edges as QUT's coordination-network-toolkit, with evidence."""

from __future__ import annotations

import csv
import random
import sqlite3
from pathlib import Path

import pytest
from coordination_network_toolkit.compute_networks import (
    compute_co_link_network,
    compute_co_retweet_parallel,
)
from coordination_network_toolkit.preprocess import preprocess_data

from vigil.errors import InputError
from vigil.linkage.coordination import (
    Share,
    co_share_edges,
    coordination_network,
    near_duplicate_groups,
    shares_from_posts,
)


def _coortweet(shared_data: Path) -> list[dict[str, str]]:
    path = shared_data / "graph" / "coortweet_russian_coord_tweets.csv"
    rows, seen = [], set()
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            # The toolkit keys messages by id and ignores repeats ("insert or ignore").
            if r["content_id"] not in seen:
                seen.add(r["content_id"])
                rows.append(r)
    return rows


def _toolkit_edges(db: Path, table: str) -> dict[tuple[str, str], int]:
    with sqlite3.connect(db) as conn:
        return {(a, b): w for a, b, w in conn.execute(f"select * from {table} where user_1 != user_2")}


@pytest.mark.parametrize(("window", "min_weight"), [(10, 1), (600, 3)])
def test_co_repost_edges_equal_the_toolkit_on_coortweet_data(
    shared_data: Path, tmp_path: Path, window: int, min_weight: int
) -> None:
    rows = _coortweet(shared_data)
    db = tmp_path / "toolkit.db"
    preprocess_data(
        str(db),
        ((r["content_id"], r["account_id"], "", r["object_id"], None, "", r["timestamp_share"], [])
         for r in rows),
    )  # fmt: skip
    compute_co_retweet_parallel(str(db), window, n_threads=1, min_edge_weight=min_weight)
    expected = _toolkit_edges(db, "co_retweet_network")
    ours = co_share_edges(
        [r["account_id"] for r in rows], [r["object_id"] for r in rows],
        [r["content_id"] for r in rows], [float(r["timestamp_share"]) for r in rows],
        window=window, min_weight=min_weight,
    )  # fmt: skip
    assert expected, "the toolkit found no edge: the comparison would prove nothing"
    assert ours == expected


def test_co_link_edges_equal_the_toolkit_with_multi_link_posts(tmp_path: Path) -> None:
    rng = random.Random(3)
    msgs = []
    for i in range(3000):
        urls = rng.sample([f"https://site{j}.example/a" for j in range(40)], rng.choice([1, 1, 2]))
        msgs.append((f"m{i}", f"u{rng.randrange(60)}", "", None, None, "", rng.randrange(20000), urls))
    db = tmp_path / "toolkit.db"
    preprocess_data(str(db), msgs)
    compute_co_link_network(str(db), 30, n_threads=1, min_edge_weight=2)
    expected = _toolkit_edges(db, "co_link_network")
    flat = [(m[1], url, m[0], float(m[6])) for m in msgs for url in m[7]]
    ours = co_share_edges(*zip(*flat, strict=True), window=30, min_weight=2)
    assert expected and ours == expected


def test_edges_carry_shared_objects_and_time_deltas_and_form_communities() -> None:
    shares = [Share("acc1", "https://a.example/old", "p0", 1.0),  # shared a day apart: no evidence
              Share("acc2", "https://a.example/old", "q0", 86401.0)]  # fmt: skip
    for n, url in enumerate(["https://a.example/1", "https://a.example/2", "https://a.example/3"]):
        base = 1_000_000 + n * 3600
        shares += [Share("acc1", url, f"p1{n}", base), Share("acc2", url, f"p2{n}", base + 5),
                   Share("acc3", url, f"p3{n}", base + 12),
                   Share("late", url, f"p4{n}", base + 1800)]  # fmt: skip
    net = coordination_network({"co_link": shares}, window=60, min_weight=2)
    pairs = {(e.account_a, e.account_b) for e in net.edges}
    assert pairs == {("acc1", "acc2"), ("acc1", "acc3"), ("acc2", "acc3")}
    edge = next(e for e in net.edges if (e.account_a, e.account_b) == ("acc1", "acc2"))
    assert edge.weight == 3 and edge.shared_objects == 3
    assert [ev.delta_seconds for ev in edge.evidence] == [5.0, 5.0, 5.0]
    assert net.communities == [["acc1", "acc2", "acc3"]]


def test_behaviours_from_posts_hashtags_reposts_and_near_duplicate_text() -> None:
    text = "Join the rally at the press club today at noon #Rally2026 everyone"
    post_rows = [("p1", "a", text, 100.0), ("p2", "b", text.upper() + " !!", 110.0),
                 ("p3", "c", "cricket score update tonight", 115.0),
                 ("r1", "a", "", 200.0), ("r2", "b", "", 230.0)]  # fmt: skip
    shares = shares_from_posts(post_rows, [("p1", "https://x.example/z")],
                               [("r1", "orig"), ("r2", "orig")])  # fmt: skip
    assert {s.object_id for s in shares["co_hashtag"]} == {"#rally2026"}
    assert len({s.object_id for s in shares["co_text"] if s.post_id in ("p1", "p2")}) == 1
    net = coordination_network(shares, window=60, min_weight=1)
    behaviours = {(e.behaviour, e.account_a, e.account_b) for e in net.edges}
    assert behaviours == {("co_hashtag", "a", "b"), ("co_text", "a", "b"), ("co_repost", "a", "b")}


def test_near_duplicates_ignore_short_and_different_texts() -> None:
    groups = near_duplicate_groups({"1": "ok", "2": "ok", "3": "a completely different message here",
                                    "4": "nothing in common with the other one at all"})  # fmt: skip
    assert "1" not in groups and groups["3"] != groups["4"]


def test_bad_window_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="window"):
        co_share_edges(["a"], ["x"], ["p"], [1.0], window=-1)
    with pytest.raises(InputError, match="same length"):
        co_share_edges(["a", "b"], ["x"], ["p"], [1.0], window=1)


def test_small_memory_budget_gives_the_same_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    import vigil.linkage.coordination as coordination

    rng = random.Random(1)
    rows = [(f"u{rng.randrange(30)}", f"o{rng.randrange(5)}", f"p{i}", float(rng.randrange(5000)))
            for i in range(4000)]  # fmt: skip
    whole = co_share_edges(*zip(*rows, strict=True), window=100, min_weight=2)
    monkeypatch.setattr(coordination, "_MAX_PAIRS_PER_CHUNK", 1000)  # forces many slices
    assert co_share_edges(*zip(*rows, strict=True), window=100, min_weight=2) == whole
    assert len(whole) > 100


def test_fractional_timestamps_take_the_general_path_with_the_same_edges() -> None:
    rng = random.Random(2)
    rows = [(f"u{rng.randrange(20)}", f"o{rng.randrange(8)}", f"p{i}", float(rng.randrange(3000)))
            for i in range(2000)]  # fmt: skip
    shifted = [(a, o, p, t + 0.25) for a, o, p, t in rows]
    whole = co_share_edges(*zip(*rows, strict=True), window=50, min_weight=2)
    assert whole and co_share_edges(*zip(*shifted, strict=True), window=50, min_weight=2) == whole
