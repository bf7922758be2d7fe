"""Learning from reviewers: decisions become labelled examples; unsure posts go first.

A decision is made on a case (an account and an organisation), not on a post.  The posts it
labels are the account's posts that a detector flagged (they are what the reviewer read); when
no signal points at a post, all the account's posts.  The label follows the outcome:

    link_proven                          -> support
    exempt, journalism/news/research     -> reporting
    exempt, counter-speech               -> counter_speech
    exempt, human-rights/political       -> political
    exempt (other), not_proven           -> other

When decisions disagree about one text, the latest decision wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import select

from vigil.store import tables as t

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from vigil.core import Vigil

__all__ = ["examples_from_decisions", "label_for_decision", "uncertainty_order"]

_EXEMPTION_LABELS = (
    (("journalis", "news", "report", "research", "academ", "education"), "reporting"),
    (("counter",), "counter_speech"),
    (("human", "rights", "political", "cultur"), "political"),
)


def label_for_decision(outcome: str, exemption: str | None) -> str:
    """The support-task label that a decision gives to the posts it covers."""
    if outcome == "link_proven":
        return "support"
    if outcome == "exempt":
        text = (exemption or "").lower()
        for keys, label in _EXEMPTION_LABELS:
            if any(k in text for k in keys):
                return label
    return "other"


def _case_posts(conn: Connection, platform: str, account_id: str) -> list[str]:
    flagged = select(t.signals.c.record_id).where(
        t.signals.c.platform == platform,
        t.signals.c.account_id == account_id,
        t.signals.c.record_type == "post",
    )
    base = select(t.posts.c.text).where(t.posts.c.platform == platform, t.posts.c.account_id == account_id)
    texts = conn.execute(base.where(t.posts.c.platform_id.in_(flagged))).scalars().all()
    if not texts:
        texts = conn.execute(base).scalars().all()
    return [x for x in texts if x and x.strip()]


def examples_from_decisions(vigil: Vigil) -> list[tuple[str, str]]:
    """Every reviewer decision as (post text, label) pairs, oldest decision first, one pair per
    distinct text (the latest decision about a text wins)."""
    query = (
        select(
            t.cases.c.platform,
            t.cases.c.account_id,
            t.decisions.c.outcome,
            t.decisions.c.exemption,
        )
        .join(t.cases, t.cases.c.id == t.decisions.c.case_id)
        .order_by(t.decisions.c.decided_at, t.decisions.c.id)
    )
    labelled: dict[str, str] = {}
    with vigil.read() as conn:
        for platform, account_id, outcome, exemption in conn.execute(query):
            label = label_for_decision(str(outcome), exemption)
            for text in _case_posts(conn, platform, account_id):
                labelled.pop(text, None)  # re-insert so the order follows the latest decision
                labelled[text] = label
    return list(labelled.items())


def uncertainty_order(scores: Sequence[float] | np.ndarray) -> list[int]:
    """Indices of ``scores``, the least certain first (uncertainty sampling).

    ``scores`` is either P(positive) per item (least certain = nearest 0.5) or a 2-D array of
    class probabilities per item (least certain = smallest margin between the top two).  Ties
    keep input order, so the ordering is deterministic.
    """
    arr = np.asarray(scores, dtype=float)
    if arr.size == 0:
        return []
    if arr.ndim == 1:
        certainty = np.abs(arr - 0.5)
    elif arr.ndim == 2 and arr.shape[1] >= 2:
        top2 = np.sort(arr, axis=1)[:, -2:]
        certainty = top2[:, 1] - top2[:, 0]
    else:
        raise ValueError(
            "uncertainty_order takes P(positive) per item or a 2-D array of class "
            f"probabilities; got an array of shape {arr.shape}."
        )
    return [int(i) for i in np.argsort(certainty, kind="stable")]
