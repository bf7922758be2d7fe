"""The demo world: deterministic, varied, and with its ground truth kept apart."""

from __future__ import annotations

import json
from collections import Counter

from vigil.demo.world import generate


def test_same_seed_same_world_other_seed_other_world():
    a, b, c = generate(seed=3, accounts=300), generate(seed=3, accounts=300), generate(seed=4, accounts=300)
    assert [p.text for p in a.posts] == [p.text for p in b.posts]
    assert [p.text for p in a.posts] != [p.text for p in c.posts]


def test_world_has_every_platform_language_and_hard_negative():
    w = generate(seed=5, accounts=1500)
    assert {a.platform.value for a in w.accounts} == {"facebook", "instagram", "tiktok", "x", "telegram", "whatsapp"}
    assert {"en", "ur", "ur-Latn", "ps"} <= {p.language for p in w.posts}
    roles = Counter(t["role"] for t in w.truth.values())
    for role in ("official", "supporter", "news", "official_gov", "citizen", "researcher", "political"):
        assert roles[role] > 0, role
    orgs = Counter(t["organisation"] for t in w.truth.values() if t["linked"])
    assert {"ttp", "bla", "blf"} <= set(orgs)
    assert len(w.posts) > 5 * len(w.accounts)
    assert w.interactions and any(i.kind.value == "forward" for i in w.interactions)


def test_support_text_is_not_one_template(tmp_path):
    w = generate(seed=5, accounts=1500)
    linked = {k for k, t in w.truth.items() if t["linked"]}
    texts = {p.text.lower() for p in w.posts if f"{p.platform.value}:{p.account_id}" in linked}
    assert len(texts) > 300


def test_ground_truth_is_written_apart_from_the_records(tmp_path):
    w = generate(seed=5, accounts=200)
    world_path, truth_path = w.write(tmp_path)
    assert truth_path.name != world_path.name
    records = [json.loads(line) for line in world_path.read_text().splitlines()]
    assert all("linked" not in r and "role" not in r for r in records)
    truth = json.loads(truth_path.read_text())["accounts"]
    assert len(truth) == len(w.accounts)
