"""`vigil watch` over the store: removed accounts leave fingerprints, returning ones open cases."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from vigil.cli import app
from vigil.core import Vigil
from vigil.domain import Account, Interaction, InteractionKind, Platform, Post
from vigil.store.records import upsert_records
from vigil.store.tables import audit_events, cases, decisions, removal_requests
from vigil.store.tables_linkage import fingerprints, reemergence_matches

NOW = datetime(2026, 11, 20, tzinfo=UTC)
TEXTS = ["the caravan moves on brothers", "our lions stand firm on the mountains",
         "truth will prevail always", "salute to the sarmachar of the mountains"]  # fmt: skip


def _account(pid: str, handle: str, name: str, bio: str, links: tuple[str, ...]) -> Account:
    return Account(platform=Platform.TELEGRAM, platform_id=pid, handle=handle,
                   display_name=name, bio=bio, links=links, followers=1200)  # fmt: skip


def _posts(pid: str, texts: list[str]) -> list[Post]:
    t0 = datetime(2026, 9, 7, 21, tzinfo=UTC)
    return [Post(platform=Platform.TELEGRAM, platform_id=f"{pid}-{i}", account_id=pid, text=t,
                 created_at=t0 + timedelta(days=7 * i)) for i, t in enumerate(texts)]  # fmt: skip


def _seed_store(vigil: Vigil) -> int:
    """A removed account (case, decision, actioned request), its return, and a bystander."""
    removed = _account("channel1", "lion_real482", "Lion 482", "Mountains are our home.",
                       ("https://t.me/+Inv1te",))  # fmt: skip
    back = _account("channel2", "l1on_real482_backup", "Lion 482 ✌️", "Mountains are our home.",
                    ("https://t.me/+Inv1te",))  # fmt: skip
    cook = _account("channel3", "chef_kitchen", "Chef Kitchen", "Recipes daily.", ())
    follows = [Interaction(platform=Platform.TELEGRAM, platform_id=f"f{a}", kind=InteractionKind.FOLLOW,
                           source_account_id=a, target_account_id="channel9")
               for a in ("channel1", "channel2")]  # fmt: skip
    with vigil.begin() as conn:
        upsert_records(conn, [removed, back, cook, *follows, *_posts("channel1", TEXTS),
                              *_posts("channel2", TEXTS[:3]),
                              *_posts("channel3", ["soup tonight", "bread recipe"])])  # fmt: skip
        case_id = conn.execute(cases.insert().values(
            platform="telegram", account_id="channel1", organisation="bla", score=0.9, reach=1200,
            tier=3, status="closed", opened_at=NOW)).inserted_primary_key[0]  # fmt: skip
        decision_id = conn.execute(decisions.insert().values(
            case_id=case_id, outcome="link_proven", organisation="bla", references=[],
            reasons="glorification", decided_by="reviewer", decided_at=NOW)).inserted_primary_key[0]  # fmt: skip
        conn.execute(removal_requests.insert().values(
            case_id=case_id, platform="telegram", kind="tos_referral", state="actioned",
            targets=["https://t.me/lion_real482"], idempotency_key="k1", created_at=NOW))  # fmt: skip
    return decision_id


def test_a_returning_account_opens_a_priority_case_linked_to_the_original_decision(
    vigil: Vigil,
) -> None:
    from vigil.linkage.watch import scan

    decision_id = _seed_store(vigil)
    result = scan(vigil, now=NOW)
    assert result.fingerprinted == 1 and result.scanned == 2
    assert [a["account"] for a in result.alerts] == ["telegram:channel2"]
    assert result.cases_opened == 1
    with vigil.read() as conn:
        case = conn.execute(select(cases).where(cases.c.account_id == "channel2")).mappings().one()
        match = conn.execute(select(reemergence_matches)).mappings().one()
        fp = conn.execute(select(fingerprints)).mappings().one()
        actions = [r.action for r in conn.execute(select(audit_events.c.action))]
    assert case["tier"] == 1 and case["organisation"] == "bla" and case["status"] == "open"
    assert match["original_decision_id"] == decision_id and match["case_id"] == case["id"]
    assert {f["feature"] for f in match["features"]} >= {"invites", "handle", "bio", "neighbours"}
    assert fp["invites"] == ["t.me/+inv1te"] and fp["neighbours"] == ["telegram:channel9"]
    assert actions == ["fingerprint.created", "reemergence.case_opened"]
    again = scan(vigil, now=NOW)  # a rerun opens nothing new
    assert again.fingerprinted == 0 and again.cases_opened == 0
    with vigil.read() as conn:
        assert len(conn.execute(select(cases.c.id)).all()) == 2


def test_watch_command_prints_json(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Vigil.open(home=home) as v:
        _seed_store(v)
    out = CliRunner().invoke(app, ["watch", "--json", "--home", str(home)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["cases_opened"] == 1
    assert data["alerts"][0]["match"]["features"][0]["feature"] in {"invites", "bio", "handle"}
    bad = CliRunner().invoke(app, ["watch", "--threshold", "2", "--home", str(home)])
    assert bad.exit_code == 2 and "threshold" in bad.output


def test_demo_returns_are_stored_scanned_and_scored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Vigil.open(home=home) as v:
        _seed_store(v)
    out = CliRunner().invoke(app, ["watch", "--demo-returns", "1.0", "--json", "--home", str(home)])
    assert out.exit_code == 0, out.output
    demo = json.loads(out.stdout)["demo"]
    assert demo["recreated"] == 1 and demo["caught_with_right_original"] == 1
    assert demo["lookalikes"] == 1 and demo["lookalikes_flagged"] == 0
    assert (home / "demo" / "avatar_pdq.json").exists()


def test_a_bad_avatar_file_names_the_file_and_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "avatars.json"
    bad.write_text('{"x:1": "zz"}', encoding="utf-8")
    out = CliRunner().invoke(app, ["watch", "--avatars", str(bad), "--home", str(tmp_path / "h")])
    assert out.exit_code == 2
    assert "avatars.json" in out.output and "'x:1'" in out.output
