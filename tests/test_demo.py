"""`vigil demo` end to end on a small world: the headline, its files, and its honesty."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from vigil.cli import app
from vigil.config import Settings
from vigil.core import Vigil
from vigil.store.tables import approvals, audit_events, decisions


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    home = tmp_path_factory.mktemp("demo") / "home"
    result = CliRunner().invoke(app, ["demo", "--home", str(home), "--accounts", "400", "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    return home, json.loads(result.stdout)


def test_headline_keys_and_files(demo):
    home, report = demo
    for key in ("identified", "referred", "removed", "followers_reached", "compliance", "median_hours_to_removal"):
        assert key in report
    assert set(report["compliance"]) == {"facebook", "instagram", "tiktok", "x", "telegram", "whatsapp"}
    assert report == json.loads((home / "report.json").read_text(encoding="utf-8"))
    html = (home / "report.html").read_text(encoding="utf-8")
    assert "Compliance per platform" in html and "scripted reviewer" in html


def test_pipeline_finds_most_linked_accounts_and_few_others(demo):
    _, report = demo
    gt = report["ground_truth"]
    assert gt["recall"] >= 0.8
    assert gt["precision"] >= 0.8
    assert report["removed"] <= report["referred"] <= report["identified"]["accounts"]


def test_returned_accounts_are_caught_and_look_alikes_left_alone(demo):
    _, report = demo
    pb = report["permanent_blocking"]
    assert pb["recreated"] > 0
    assert pb["caught_with_right_original"] >= 0.9 * pb["recreated"]
    assert pb["lookalikes_flagged"] <= 0.05 * pb["lookalikes"]


def test_scripted_decisions_are_labelled_and_four_eyed(demo):
    home, _ = demo
    with Vigil(Settings(home=home)) as v, v.read() as conn:
        rows = conn.execute(select(decisions.c.decided_by, decisions.c.scripted, decisions.c.id)).all()
        assert rows and all(r.scripted for r in rows)
        approvers = conn.execute(select(approvals.c.decision_id, approvals.c.approved_by, approvals.c.scripted)).all()
        decided_by = {r.id: r.decided_by for r in rows}
        assert all(a.scripted and a.approved_by != decided_by[a.decision_id] for a in approvers)
        actors = {r.actor for r in conn.execute(select(audit_events.c.actor))}
    assert any("demo-reviewer" in a for a in actors)


def test_demo_refuses_a_folder_that_is_not_a_demo(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    result = CliRunner().invoke(app, ["demo", "--home", str(tmp_path), "--accounts", "60"])
    assert result.exit_code == 2
    assert "not a previous demo" in result.output
    assert (tmp_path / "precious.txt").exists()


def test_accounts_show_links_a_returned_account_to_the_removed_one(demo):
    from vigil.store.tables_linkage import fingerprints, reemergence_matches

    home, _ = demo
    with Vigil(Settings(home=home)) as v, v.read() as conn:
        row = conn.execute(
            select(reemergence_matches.c.platform, reemergence_matches.c.account_id, fingerprints.c.platform_id)
            .join(fingerprints, fingerprints.c.id == reemergence_matches.c.fingerprint_id)
            .limit(1)
        ).first()
    assert row is not None
    runner = CliRunner()
    new = runner.invoke(app, ["accounts", "show", f"{row.platform}:{row.account_id}", "--home", str(home), "--json"])
    assert new.exit_code == 0, new.output
    assert json.loads(new.stdout)["return_of"][0]["platform_id"] == row.platform_id
    old = runner.invoke(app, ["accounts", "show", f"{row.platform}:{row.platform_id}", "--home", str(home), "--json"])
    view = json.loads(old.stdout)
    assert view["came_back_as"][0]["account_id"] == row.account_id
    assert view["linkage"] and view["linkage"][0]["evidence"]
    assert any(r["state"] == "actioned" for r in view["requests"])
    missing = runner.invoke(app, ["accounts", "show", "x:nope", "--home", str(home)])
    assert missing.exit_code == 2 and "no account" in missing.output
