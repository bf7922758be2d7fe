"""The interaction graph, and propagation from accounts already confirmed.

Accounts are nodes; mentions, forwards, replies, reposts, quotes, follows and shared group
membership are weighted edges (a forward says more about affinity than a mention).  Personalised
PageRank (networkx) from the confirmed accounts gives every other account a score, and the
shortest strongest path to a confirmed account explains it.  This is one signal among others for
the assessment stage: being near a confirmed account is never a verdict by itself (journalists
and researchers follow and reply to these accounts too).

Entry points: :func:`build_graph`, :func:`graph_from_store`, :func:`propagate`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from sqlalchemy import Connection, select

from vigil.errors import InputError
from vigil.store.tables import interactions

__all__ = ["KIND_WEIGHTS", "Propagated", "build_graph", "graph_from_store", "propagate"]

#: How much one interaction of each kind ties two accounts.  Forwarding and reposting spread an
#: account's content; following and replying are weaker; shared membership of a large group is
#: weakest.
KIND_WEIGHTS: dict[str, float] = {
    "forward": 1.0,
    "repost": 1.0,
    "quote": 0.8,
    "mention": 0.6,
    "reply": 0.5,
    "follow": 0.5,
    "member": 0.2,
}


@dataclass
class Propagated:
    """An account's propagation score and the path that explains it."""

    account_id: str
    score: float
    path: list[str] = field(default_factory=list)  # account ids, from this account to a seed
    kinds: list[str] = field(default_factory=list)  # interaction kinds along the path

    def to_dict(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "score": self.score,
            "path": self.path,
            "kinds": self.kinds,
        }

    def explain(self) -> str:
        if not self.path:
            return f"{self.account_id}: no path to a confirmed account"
        hops = " -> ".join(f"{a} ({k})" for a, k in zip(self.path[:-1], self.kinds, strict=True))
        return f"{hops} -> {self.path[-1]} (confirmed); score {self.score:.3f}"


def build_graph(rows: Iterable[tuple[str, str, str]]) -> nx.Graph:
    """An undirected weighted graph from (source account, target account, kind) rows.

    Repeated interactions add up; each edge remembers its strongest kind for explanations.
    Self-interactions and rows without a target account are ignored.
    """
    graph = nx.Graph()
    for source, target, kind in rows:
        if not target or source == target:
            continue
        if kind not in KIND_WEIGHTS:
            raise InputError(f"Unknown interaction kind {kind!r}; known: {sorted(KIND_WEIGHTS)}")
        w = KIND_WEIGHTS[kind]
        data = graph.get_edge_data(source, target)
        if data is None:
            graph.add_edge(source, target, weight=w, kind=kind, count=1)
        else:
            data["weight"] += w
            data["count"] += 1
            if w > KIND_WEIGHTS[data["kind"]]:
                data["kind"] = kind
    return graph


def graph_from_store(conn: Connection, platform: str | None = None) -> nx.Graph:
    """The interaction graph of the ``interactions`` table (one platform, or all)."""
    q = select(interactions.c.source_account_id, interactions.c.target_account_id, interactions.c.kind).where(
        interactions.c.target_account_id.is_not(None)
    )
    if platform:
        q = q.where(interactions.c.platform == platform)
    return build_graph((s, t, k) for s, t, k in conn.execute(q))


def _explain_path(graph: nx.Graph, account: str, seeds: set[str]) -> tuple[list[str], list[str]]:
    # Strong ties are short: distance is the inverse of the edge weight.
    try:
        dist, paths = nx.multi_source_dijkstra(graph, seeds, target=account, weight=lambda u, v, d: 1.0 / d["weight"])
    except nx.NetworkXNoPath:
        return [], []
    path = list(reversed(paths))
    kinds = [graph.edges[a, b]["kind"] for a, b in zip(path[:-1], path[1:], strict=True)]
    return path, kinds


def propagate(
    graph: nx.Graph,
    confirmed: Iterable[str],
    *,
    alpha: float = 0.85,
    top: int | None = None,
) -> list[Propagated]:
    """Personalised PageRank from ``confirmed`` accounts, highest score first.

    Scores are divided by the highest non-seed score, so 1.0 means "the account closest to the
    confirmed ones" in this graph; seeds themselves are not returned.  Each result carries the
    strongest path to a seed.
    """
    seeds = {s for s in confirmed if s in graph}
    if not seeds:
        return []
    if not 0 < alpha < 1:
        raise InputError(f"The 'alpha' parameter must be in (0, 1). Got {alpha} instead.")
    personal = {n: (1.0 if n in seeds else 0.0) for n in graph}
    ranks = nx.pagerank(graph, alpha=alpha, personalization=personal, weight="weight")
    # Power iteration leaves crumbs of rank on accounts with no path to a seed: drop them.
    reachable: set[str] = set()
    for s in seeds:
        if s not in reachable:
            reachable |= nx.node_connected_component(graph, s)
    others = sorted(
        ((n, r) for n, r in ranks.items() if n in reachable and n not in seeds),
        key=lambda nr: (-nr[1], nr[0]),
    )
    if top is not None:
        others = others[:top]
    peak = others[0][1] if others else 1.0
    out = []
    for node, rank in others:
        path, kinds = _explain_path(graph, node, seeds)
        out.append(Propagated(node, rank / peak, path, kinds))
    return out
