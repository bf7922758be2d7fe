"""Propagation over the interaction graph: scores with the path that explains them."""

from __future__ import annotations

import pytest

from vigil.errors import InputError
from vigil.linkage.graph import build_graph, propagate


def _graph():  # type: ignore[no-untyped-def]
    return build_graph([
        ("fan1", "leader", "forward"), ("fan1", "leader", "forward"),
        ("fan2", "fan1", "repost"), ("journalist", "leader", "reply"),
        ("cook", "baker", "mention"), ("leader", "leader", "mention"),
    ])  # fmt: skip


def test_forwarders_rank_above_a_journalist_who_replied_once() -> None:
    ranked = {r.account_id: r for r in propagate(_graph(), ["leader"])}
    assert ranked["fan1"].score == 1.0
    assert ranked["fan1"].score > ranked["journalist"].score
    assert "cook" not in ranked and "leader" not in ranked  # unreachable; seeds not returned


def test_each_score_is_explained_by_a_path_to_a_confirmed_account() -> None:
    fan2 = next(r for r in propagate(_graph(), ["leader"]) if r.account_id == "fan2")
    assert fan2.path == ["fan2", "fan1", "leader"]
    assert fan2.kinds == ["repost", "forward"]
    assert "leader (confirmed)" in fan2.explain()


def test_unknown_seed_gives_nothing_and_unknown_kind_is_an_error() -> None:
    assert propagate(_graph(), ["nobody"]) == []
    with pytest.raises(InputError, match="Unknown interaction kind 'like'"):
        build_graph([("a", "b", "like")])
