"""From a two-person decision to a signed request in the platform's drop folder."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from referral_helpers import write_platforms

from vigil.domain import Account, Platform
from vigil.referral import dispatch, signing, stage
from vigil.review import cases as review
from vigil.review.auth import ensure_scripted_users
from vigil.store import upsert_records
from vigil.store.tables import assessments

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def test_approved_decisions_leave_as_signed_documents(vigil):
    write_platforms(vigil.home, "platforms:\n  telegram:\n    channel: {type: filedrop, folder: drop}\n")
    with vigil.begin() as conn:
        upsert_records(
            conn, [Account(platform=Platform.TELEGRAM, platform_id="c1", followers=5000, url="https://t.me/c1")]
        )
        conn.execute(
            assessments.insert().values(
                platform="telegram",
                account_id="c1",
                organisation="ttp",
                score=0.95,
                followers=5000,
                signal_count=4,
                evidence=[],
                method_version="1",
            )
        )
    ensure_scripted_users(vigil, {"reviewer": ["reviewer"], "approver": ["approver"]})
    review.propose_cases(vigil, now=T0)
    [case] = review.queue(vigil)
    review.decide(
        vigil,
        case["id"],
        actor="reviewer",
        outcome="link_proven",
        ground="threat",
        legal_basis="ATA 1997 s. 11W",
        now=T0,
    )
    review.approve(vigil, case["id"], actor="approver")
    [rid] = stage.draft_requests(vigil, actor="liaison", now=T0)
    assert dispatch.send(vigil).sent == 1
    [folder] = (vigil.home / "drop").iterdir()
    order = json.loads((folder / "order.json").read_text())
    assert order["type"] == "removal_order"  # a threat is a ground for a legal order
    assert order["content"][0]["value"] == "https://t.me/c1"
    assert order["legal_basis"] == "ATA 1997 s. 11W" and "Art. 2(7)(e)" in order["grounds"]["statement"]
    assert signing.verify_file(folder / "order.pdf").sha256
    assert dispatch.send(vigil).sent == 0  # nothing left to send
