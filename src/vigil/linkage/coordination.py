"""Coordinated behaviour: accounts that share the same objects within a short time window.

Four behaviours are measured, each as "two accounts shared the same object within ``window``
seconds": co-repost (the same reposted post), co-link (the same URL), co-hashtag (the same
hashtag) and near-duplicate text (posts whose texts are near-identical, grouped with MinHash LSH).

The edge definition follows QUT's coordination-network-toolkit, so results can be compared with
it: the directed weight of ``(a, b)`` is the number of distinct posts of ``a`` for which ``b``
shared the same object within ``window`` seconds (either side).  The toolkit does this as a
SQLite self-join per account batch; here it is one sort plus vectorised window bounds in numpy,
which is what makes it fast.  Every edge can carry its evidence (the shared objects and the
time between the two shares), and the weighted graph is split into communities with Louvain
(networkx).

Entry points: :func:`co_share_edges` (the core, on plain rows), :func:`coordination_network`
(all behaviours, from rows or from the store via :func:`shares_from_store`), and
:func:`communities`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import networkx as nx
import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import Connection, select

from vigil.errors import InputError
from vigil.store.tables import interactions, links, posts
from vigil.text.normalise import normalise

__all__ = [
    "BEHAVIOURS",
    "Share",
    "Edge",
    "Evidence",
    "CoordinationNetwork",
    "co_share_edges",
    "co_share_arrays",
    "coordination_network",
    "communities",
    "shares_from_store",
    "shares_from_posts",
    "near_duplicate_groups",
]

BEHAVIOURS = ("co_repost", "co_link", "co_hashtag", "co_text")

# Pairs are expanded in chunks of groups so memory stays bounded on large inputs.
_MAX_PAIRS_PER_CHUNK = 8_000_000
_EVIDENCE_ITEMS = 5


@dataclass(frozen=True)
class Share:
    """One account sharing one object (a reposted post, a URL, a hashtag, a text group)."""

    account_id: str
    object_id: str
    post_id: str
    timestamp: float  # seconds since the epoch


@dataclass(frozen=True)
class Evidence:
    """One shared object behind an edge: what it was and how far apart the two shares were."""

    object_id: str
    delta_seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {"object": self.object_id, "delta_seconds": self.delta_seconds}


@dataclass
class Edge:
    """An undirected coordination edge between two accounts, for one behaviour."""

    behaviour: str
    account_a: str
    account_b: str
    weight_ab: int  # posts of a matched by b
    weight_ba: int  # posts of b matched by a
    shared_objects: int = 0
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return max(self.weight_ab, self.weight_ba)

    def to_dict(self) -> dict[str, Any]:
        return {
            "behaviour": self.behaviour,
            "accounts": [self.account_a, self.account_b],
            "weight": self.weight,
            "weights": [self.weight_ab, self.weight_ba],
            "shared_objects": self.shared_objects,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass
class CoordinationNetwork:
    """Edges of every behaviour measured, and the communities of the combined graph."""

    window: float
    min_weight: int
    edges: list[Edge]
    communities: list[list[str]]

    def to_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = defaultdict(int)
        for e in self.edges:
            counts[e.behaviour] += 1
        return {
            "window_seconds": self.window,
            "min_weight": self.min_weight,
            "edge_counts": dict(counts),
            "edges": [e.to_dict() for e in self.edges],
            "communities": [{"size": len(c), "accounts": c} for c in self.communities],
        }


def _codes(values: Sequence[Any], *, labels: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of the values, and (with ``labels``) the value of each code.

    Values are factorised through their 64-bit hashes, sorted in numpy: several times faster
    than a dict or than sorting strings at a million rows.  Two different ids with the same
    hash would be merged, so the number of distinct hashes is checked against the number of
    distinct values (a set, which reuses the hashes Python caches on strings): a collision is
    an error, never a silent merge.
    """
    n = len(values)
    distinct = len(set(values))
    if distinct == n and not labels:
        return np.empty(0, dtype=object), np.arange(n, dtype=np.int64)  # all different: rows
    hashes = np.fromiter(map(hash, values), dtype=np.int64, count=n)
    order = np.argsort(hashes)
    ordered = hashes[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    codes = np.empty(n, dtype=np.int64)
    codes[order] = np.cumsum(starts) - 1
    if int(starts.sum()) != distinct:
        raise InputError("two different ids share a 64-bit hash; rerun with other ids")
    if not labels:
        return np.empty(0, dtype=object), codes
    first = order[starts].tolist()
    return np.array([values[i] for i in first] + [None], dtype=object)[:-1], codes


def _distinct(a: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an int64 array (sort + compare; faster than np.unique here)."""
    if len(a) == 0:
        return a
    a = np.sort(a)
    return a[np.r_[True, a[1:] != a[:-1]]]


def _distinct_counts(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(a) == 0:
        return a, a
    a = np.sort(a)
    starts = np.flatnonzero(np.r_[True, a[1:] != a[:-1]])
    return a[starts], np.diff(np.r_[starts, len(a)])


def _check_window(window: float, min_weight: int) -> None:
    if not window >= 0:
        raise InputError(f"The window must be a number of seconds >= 0. Got {window} instead.")
    if min_weight < 1:
        raise InputError(f"The minimum edge weight must be >= 1. Got {min_weight} instead.")


def co_share_edges(
    accounts: Sequence[Any],
    objects: Sequence[Any],
    post_ids: Sequence[Any],
    timestamps: Sequence[float] | np.ndarray,
    *,
    window: float,
    min_weight: int = 1,
) -> dict[tuple[str, str], int]:
    """Directed co-share weights, as coordination-network-toolkit defines them.

    Rows are parallel sequences: row i says ``accounts[i]`` shared ``objects[i]`` in post
    ``post_ids[i]`` at ``timestamps[i]`` (seconds).  Returns ``{(a, b): weight}`` for a != b with
    weight >= ``min_weight``, where weight is the number of distinct posts of ``a`` with a share
    of the same object by ``b`` at most ``window`` seconds away.
    """
    users, src, dst, weight = co_share_arrays(
        accounts, objects, post_ids, timestamps, window=window, min_weight=min_weight
    )
    pairs = zip(users[src].tolist(), users[dst].tolist(), strict=True)
    return dict(zip(pairs, weight.tolist(), strict=True))


def co_share_arrays(
    accounts: Sequence[Any],
    objects: Sequence[Any],
    post_ids: Sequence[Any],
    timestamps: Sequence[float] | np.ndarray,
    *,
    window: float,
    min_weight: int = 1,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`co_share_edges` as arrays, for large inputs: (account labels, source codes,
    target codes, weights), where ``labels[source[i]]`` is the source account of edge i."""
    _check_window(window, min_weight)
    n = len(accounts)
    if not (len(objects) == len(post_ids) == len(timestamps) == n):
        raise InputError("accounts, objects, post_ids and timestamps must have the same length")
    empty = np.empty(0, dtype=np.int64)
    if n == 0:
        return np.empty(0, dtype=object), empty, empty, empty
    users, ucode = _codes(accounts, labels=True)
    _, ocode = _codes(objects)
    _, mcode = _codes(post_ids)
    ts = np.asarray(timestamps, dtype=np.float64)
    src, dst, weight = _co_share_codes(ucode, ocode, mcode, ts, window, min_weight, len(users))
    return users, src, dst, weight


def _co_share_codes(
    ucode: np.ndarray,
    ocode: np.ndarray,
    mcode: np.ndarray,
    ts: np.ndarray,
    window: float,
    min_weight: int,
    n_users: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The vectorised core on integer codes; returns (source, target, weight) arrays."""
    order = _order_by_object_and_time(ocode, ts)
    u, o, m, t = ucode[order], ocode[order], mcode[order], ts[order]
    # A post's author, by post code (a post has one author).
    author = np.empty(int(mcode.max()) + 1, dtype=np.int64)
    author[m] = u
    keys = []
    for lo_row, hi_row in _group_chunks(o):
        keys.append(_chunk_pair_keys(u, o, m, t, lo_row, hi_row, window, n_users))
    pair = _distinct(np.concatenate(keys)) if keys else np.empty(0, dtype=np.int64)
    src = author[pair // n_users]
    dst = pair % n_users
    keep = src != dst
    edge = _distinct_counts(src[keep] * n_users + dst[keep])
    strong = edge[1] >= min_weight
    codes = edge[0][strong]
    return codes // n_users, codes % n_users, edge[1][strong]


def _order_by_object_and_time(ocode: np.ndarray, ts: np.ndarray) -> np.ndarray:
    """Row order by (object, time).  Whole-second timestamps (the usual case) fit with the
    object code in one int64 key, and one argsort of it is about three times faster than
    np.lexsort; anything else takes the lexsort."""
    tmin, tmax = float(ts.min()), float(ts.max())
    span = tmax - tmin + 1
    fits = span * (int(ocode.max()) + 1) < 2**62
    if fits and np.array_equal(ts, np.floor(ts)):
        key = ocode * np.int64(span) + (ts - tmin).astype(np.int64)
        return np.argsort(key)
    return np.lexsort((ts, ocode))


def _group_chunks(o: np.ndarray) -> Iterable[tuple[int, int]]:
    """Row ranges holding whole object groups, so no window crosses a chunk boundary.  A chunk
    is cut when the worst case of its pairs (group size squared) would pass the budget."""
    starts = np.flatnonzero(np.r_[True, o[1:] != o[:-1]])
    ends = np.r_[starts[1:], len(o)]
    cost = np.cumsum((ends - starts).astype(np.float64) ** 2)
    lo, base = 0, 0.0
    while lo < len(starts):
        hi = int(np.searchsorted(cost, base + _MAX_PAIRS_PER_CHUNK, side="right"))
        hi = max(hi, lo + 1)
        yield int(starts[lo]), int(ends[hi - 1])
        base = cost[hi - 1]
        lo = hi


def _chunk_pair_keys(
    u: np.ndarray,
    o: np.ndarray,
    m: np.ndarray,
    t: np.ndarray,
    lo_row: int,
    hi_row: int,
    window: float,
    n_users: int,
) -> np.ndarray:
    """Distinct (post, other account) keys for the shares in rows [lo_row, hi_row)."""
    oc, tc = o[lo_row:hi_row], t[lo_row:hi_row]
    # Rows are sorted by (object, time): search each object's time range separately by
    # offsetting every group onto its own stretch of the time axis.
    group = np.cumsum(np.r_[0, (oc[1:] != oc[:-1]).astype(np.int64)])
    tmin = tc.min()
    span = float(tc.max() - tmin) + 2.0 * window + 1.0
    key = group * span + (tc - tmin)
    lo = np.searchsorted(key, key - window, side="left")
    hi = np.searchsorted(key, key + window, side="right")
    counts = hi - lo
    mc, uc = m[lo_row:hi_row], u[lo_row:hi_row]
    out = []
    # One object shared very often with a wide window can make more pairs than fit in memory:
    # expand the rows in slices of at most _MAX_PAIRS_PER_CHUNK pairs.
    ends = np.cumsum(counts)
    first = 0
    while first < len(tc):
        base = ends[first - 1] if first else 0
        last = max(first + 1, int(np.searchsorted(ends, base + _MAX_PAIRS_PER_CHUNK, "right")))
        c = counts[first:last]
        rows = np.repeat(np.arange(first, last), c)
        start = np.repeat(lo[first:last] - np.r_[0, np.cumsum(c)[:-1]], c)
        other = start + np.arange(int(c.sum()))
        out.append(_distinct(mc[rows] * n_users + uc[other]))
        first = last
    return np.concatenate(out) if out else np.empty(0, dtype=np.int64)


_HASHTAG_RE = re.compile(r"(?<![\w#])#(\w+)", re.UNICODE)
_URL_RE = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_MENTION_RE = re.compile(r"@\w+")


def hashtags(text: str) -> list[str]:
    return sorted({normalise(h) for h in _HASHTAG_RE.findall(text)})


def _text_key(text: str) -> str:
    return normalise(_MENTION_RE.sub(" ", _URL_RE.sub(" ", text)))


def _shingles(text: str, k: int = 3) -> set[str]:
    words = text.split()
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def near_duplicate_groups(
    texts: dict[str, str], *, threshold: float = 0.8, num_perm: int = 64, min_words: int = 4
) -> dict[str, str]:
    """Group near-identical texts: ``{post_id: group_id}``.

    Candidates come from MinHash LSH (datasketch) on word 3-shingles and are verified by exact
    Jaccard similarity >= ``threshold``; groups are the connected components of verified pairs,
    so unlike the toolkit's pairwise co-similar-tweet, similarity here is transitive.  Very
    short texts ("ok", "yes") are left out: they match by chance.
    """
    keyed = {pid: _text_key(t) for pid, t in texts.items()}
    shingled = {pid: _shingles(k) for pid, k in keyed.items() if len(k.split()) >= min_words}
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    parent = {pid: pid for pid in shingled}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pid, sh in shingled.items():
        mh = MinHash(num_perm=num_perm, seed=7)
        mh.update_batch([s.encode() for s in sh])
        for other in lsh.query(mh):
            o_sh = shingled[other]
            if len(sh & o_sh) / len(sh | o_sh) >= threshold:
                parent[find(pid)] = find(other)
        lsh.insert(pid, mh)
    return {pid: "text:" + find(pid) for pid in shingled}


def _evidence_for(
    a: str, b: str, by_account: dict[str, dict[str, list[float]]], window: float
) -> tuple[int, list[Evidence]]:
    """Objects both accounts shared within ``window`` seconds of each other, closest first."""
    objs_a, objs_b = by_account.get(a, {}), by_account.get(b, {})
    if len(objs_a) > len(objs_b):
        objs_a, objs_b = objs_b, objs_a
    items = []
    for obj, times_a in objs_a.items():
        times_b = objs_b.get(obj)
        if times_b is None:
            continue
        tb = np.asarray(times_b)
        delta = min(float(np.abs(tb - ta).min()) for ta in times_a)
        if delta <= window:
            items.append(Evidence(obj, delta))
    items.sort(key=lambda e: (e.delta_seconds, e.object_id))
    return len(items), items[:_EVIDENCE_ITEMS]


def _behaviour_edges(
    behaviour: str,
    rows: list[Share],
    window: float,
    min_weight: int,
    with_evidence: bool,
) -> list[Edge]:
    if not rows:
        return []
    directed = co_share_edges(
        [r.account_id for r in rows],
        [r.object_id for r in rows],
        [r.post_id for r in rows],
        np.fromiter((r.timestamp for r in rows), dtype=np.float64, count=len(rows)),
        window=window,
        min_weight=min_weight,
    )
    by_account: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    if with_evidence:
        for r in rows:
            by_account[r.account_id][r.object_id].append(r.timestamp)
    edges = []
    for (a, b), w_ab in directed.items():
        if a > b and (b, a) in directed:
            continue  # the pair is reported once, from its smaller account id
        edge = Edge(behaviour, a, b, w_ab, directed.get((b, a), 0))
        if with_evidence:
            edge.shared_objects, edge.evidence = _evidence_for(a, b, by_account, window)
        edges.append(edge)
    edges.sort(key=lambda e: (-e.weight, e.account_a, e.account_b))
    return edges


def communities(edges: Iterable[Edge], *, seed: int = 0) -> list[list[str]]:
    """Louvain communities (networkx) of the graph where each account pair's weight is the sum
    of its edge weights over behaviours.  Largest first; singletons are left out."""
    graph = nx.Graph()
    for e in edges:
        prev = graph.get_edge_data(e.account_a, e.account_b, {"weight": 0})["weight"]
        graph.add_edge(e.account_a, e.account_b, weight=prev + e.weight)
    if graph.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    groups = [sorted(c) for c in found if len(c) > 1]
    return sorted(groups, key=lambda c: (-len(c), c[0]))


def coordination_network(
    shares: dict[str, list[Share]],
    *,
    window: float = 60.0,
    min_weight: int = 2,
    with_evidence: bool = True,
) -> CoordinationNetwork:
    """Edges for each behaviour in ``shares`` (behaviour name -> rows) and their communities."""
    _check_window(window, min_weight)
    unknown = set(shares) - set(BEHAVIOURS)
    if unknown:
        raise InputError(f"Unknown behaviour(s) {sorted(unknown)}; known: {list(BEHAVIOURS)}")
    edges: list[Edge] = []
    for behaviour in BEHAVIOURS:
        edges += _behaviour_edges(behaviour, shares.get(behaviour, []), window, min_weight, with_evidence)
    return CoordinationNetwork(window, min_weight, edges, communities(edges))


def _epoch(value: datetime | None) -> float | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite hands back naive values for what was stored as UTC
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def shares_from_posts(
    post_rows: Iterable[tuple[str, str, str, float]],
    link_rows: Iterable[tuple[str, str]] = (),
    repost_rows: Iterable[tuple[str, str]] = (),
) -> dict[str, list[Share]]:
    """Build the share rows of every behaviour.

    ``post_rows``: (post id, account id, text, timestamp); ``link_rows``: (post id, url);
    ``repost_rows``: (post id, reposted post id).  Reposts count for co-repost only, as in the
    toolkit (a repost's links and text are the original's, not the reposter's).
    """
    meta = {pid: (acc, text, ts) for pid, acc, text, ts in post_rows}
    reposted = dict(repost_rows)
    out: dict[str, list[Share]] = {b: [] for b in BEHAVIOURS}
    for pid, target in reposted.items():
        if pid in meta:
            out["co_repost"].append(Share(meta[pid][0], target, pid, meta[pid][2]))
    for pid, url in link_rows:
        if pid in meta and pid not in reposted:
            out["co_link"].append(Share(meta[pid][0], url.strip(), pid, meta[pid][2]))
    originals = {pid: v for pid, v in meta.items() if pid not in reposted}
    for pid, (acc, text, ts) in originals.items():
        for tag in hashtags(text):
            out["co_hashtag"].append(Share(acc, "#" + tag, pid, ts))
    groups = near_duplicate_groups({pid: v[1] for pid, v in originals.items()})
    for pid, group in groups.items():
        acc, _, ts = originals[pid]
        out["co_text"].append(Share(acc, group, pid, ts))
    return out


def shares_from_store(conn: Connection, platform: str | None = None) -> dict[str, list[Share]]:
    """Share rows of every behaviour from the posts, links and interactions tables.  Accounts
    and posts are named "platform:id", so ids from two platforms never mix."""
    q = select(posts.c.platform, posts.c.platform_id, posts.c.account_id, posts.c.text,
               posts.c.created_at)  # fmt: skip
    if platform:
        q = q.where(posts.c.platform == platform)
    post_rows = []
    for plat, pid, acc, text, created in conn.execute(q):
        ts = _epoch(created)
        if ts is not None:  # a post without a time cannot be placed in a window
            post_rows.append((f"{plat}:{pid}", f"{plat}:{acc}", text or "", ts))
    lq = select(links.c.platform, links.c.post_id, links.c.url)
    rq = select(interactions.c.platform, interactions.c.carrier_id,
                interactions.c.target_post_id).where(
        interactions.c.kind.in_(("repost", "forward", "quote")),
        interactions.c.target_post_id.is_not(None),
    )  # fmt: skip
    if platform:
        lq = lq.where(links.c.platform == platform)
        rq = rq.where(interactions.c.platform == platform)
    link_rows = [(f"{p}:{pid}", u) for p, pid, u in conn.execute(lq)]
    repost_rows = [(f"{p}:{pid}", f"{p}:{t}") for p, pid, t in conn.execute(rq)]
    return shares_from_posts(post_rows, link_rows, repost_rows)
