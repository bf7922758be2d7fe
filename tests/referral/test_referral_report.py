"""Compliance figures, transparency exports, and a report whose PDF and HTML carry exactly the
figures of `vigil report --json`."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from referral_helpers import SQLITE_ONLY, insert_request
from sqlalchemy import select
from typer.testing import CliRunner

from vigil.cli import app
from vigil.errors import InputError
from vigil.report.compliance import compliance, parse_period
from vigil.report.exports import lumen_notices, statements_of_reasons, tco_yearly
from vigil.store.tables import decisions, platform_responses, removal_requests
from vigil.store.tables_review import appeals

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
runner = CliRunner()


def closed(vigil, platform, kind, state, hours, *, outcome=None, sent=T0, reach=100):
    rid = insert_request(
        vigil,
        platform=platform,
        kind=kind,
        state=state,
        sent_at=sent,
        due_at=sent + timedelta(hours=1),
        closed_at=sent + timedelta(hours=hours),
        reach=reach,
        targets=(f"https://{platform}.example/{hours}", f"acct-{platform}-{hours}"),
    )
    if outcome:
        with vigil.begin() as conn:
            conn.execute(
                platform_responses.insert().values(
                    request_id=rid, outcome=outcome, received_at=sent + timedelta(hours=hours)
                )
            )
    return rid


@pytest.fixture
def world(vigil):
    """Facebook acts on 9 of 10 orders; X on 3 of 10 referrals (the shape of the reported case)."""
    for h in range(1, 10):
        closed(vigil, "facebook", "legal_order", "actioned", h, outcome="removed")
    closed(vigil, "facebook", "legal_order", "rejected", 5, outcome="rejected")
    for h in range(1, 4):
        closed(vigil, "x", "tos_referral", "actioned", 24 * h, outcome="geo_blocked")
    for _ in range(4):
        closed(vigil, "x", "tos_referral", "rejected", 30, outcome="rejected")
    for _ in range(3):
        closed(vigil, "x", "tos_referral", "no_response", 24 * 14)
    closed(vigil, "x", "legal_order", "actioned", 2, outcome="removed", sent=T0 + timedelta(days=40))  # April
    return vigil


def test_compliance_by_platform_kind_and_period(world):
    march = compliance(world, period=parse_period("2026-03"))
    fb, x = march["by_platform"]["facebook"], march["by_platform"]["x"]
    assert (fb["requests"], fb["actioned_pct"], fb["rejected_pct"]) == (10, 90.0, 10.0)
    assert (x["requests"], x["actioned_pct"], x["rejected_pct"], x["no_response_pct"]) == (10, 30.0, 40.0, 30.0)
    assert fb["median_hours_to_removal"] == 5.0 and fb["p90_hours_to_removal"] == 8.2
    assert march["by_kind"]["legal_order"]["requests"] == 10  # the April order is outside the period
    assert march["by_kind"]["tos_referral"]["requests"] == 10
    assert fb["accounts_blocked"] == 9 and fb["followers_of_referred"] == 1000
    assert compliance(world)["overall"]["requests"] == 21


def test_appeals_and_reversals_per_platform(world):
    with world.begin() as conn:
        rows = conn.execute(select(removal_requests.c.case_id, removal_requests.c.platform)).all()
        x_cases = [r.case_id for r in rows if r.platform == "x"]
        fb_case = next(r.case_id for r in rows if r.platform == "facebook")
        for case_id, state, filed in [(x_cases[0], "reversed", T0), (x_cases[1], "upheld", T0), (fb_case, "open", T0)]:
            decision = conn.execute(select(decisions.c.id).where(decisions.c.case_id == case_id)).scalar_one()
            conn.execute(
                appeals.insert().values(
                    case_id=case_id,
                    decision_id=decision,
                    appellant_kind="content_provider",
                    appellant="a",
                    grounds="news reporting",
                    filed_at=filed,
                    due_at=filed + timedelta(days=14),
                    recorded_by="clerk",
                    state=state,
                )
            )
    figures = compliance(world, period=parse_period("2026-03"))["appeals"]
    assert figures["overall"] == {"filed": 3, "open": 1, "upheld": 1, "reversed": 1, "reversed_pct": 50.0}
    assert figures["by_platform"]["x"]["reversed"] == 1 and figures["by_platform"]["facebook"]["open"] == 1
    assert compliance(world, period=parse_period("2026-04"))["appeals"]["overall"]["filed"] == 0


def test_period_errors_say_what_is_accepted():
    assert parse_period("2026-Q4").end == datetime(2027, 1, 1, tzinfo=UTC)
    with pytest.raises(InputError, match="use 2026, 2026-Q1"):
        parse_period("March")


@SQLITE_ONLY
def test_statements_of_reasons_use_the_dsa_database_fields(world):
    sors = statements_of_reasons(world, parse_period("2026-03"))
    assert len(sors) == 2 * (9 + 3)  # one per actioned item (two targets per request)
    fb = next(s["statement"] for s in sors if s["platform"] == "facebook")
    assert fb["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert fb["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert fb["category"] == "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY"
    x = [s["statement"] for s in sors if s["platform"] == "x"]
    assert {s["decision_ground"] for s in x} == {"DECISION_GROUND_INCOMPATIBLE_CONTENT"}
    assert {s["decision_visibility"][0] for s in x} == {"DECISION_VISIBILITY_CONTENT_DISABLED"}
    assert sum("decision_account" in s for s in x) == 3  # the account targets
    assert len({s["statement"]["puid"] for s in sors}) == len(sors)


@SQLITE_ONLY
def test_lumen_notices_and_tco_yearly_figures(world):
    notices = lumen_notices(world)
    assert len(notices) == 21
    assert {n["action_taken"] for n in notices} == {"Yes", "No", "Unspecified"}
    tco = tco_yearly(world, 2026)
    assert tco["art_8_1_a_removal_orders_issued"] == 11  # orders only; referrals are not orders
    assert tco["art_8_1_a_orders_complied_within_one_hour"] == 1
    assert tco["art_8_1_a_items_removed_or_disabled"] == 2 * 10
    assert tco["art_8_1_a_orders_by_platform"] == {"facebook": 10, "x": 1}


def test_transparency_report_figures_equal_report_json(world, tmp_path):
    env = {"VIGIL_HOME": str(world.home), "VIGIL_DATABASE_URL": world.settings.database_url}
    pdf, html = tmp_path / "t.pdf", tmp_path / "t.html"
    args = ["report", "--period", "2026-03", "--json", "--pdf", str(pdf), "--html", str(html)]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["referral"]["by_platform"]["x"]["actioned_pct"] == 30.0
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert json.loads(reader.attachments["figures.json"][0]) == figures
    text = " ".join(page.extract_text() for page in reader.pages)
    for name, row in figures["referral"]["by_platform"].items():
        cells = [
            row[k] for k in ("requests", "actioned_pct", "rejected_pct", "no_response_pct", "median_hours_to_removal")
        ]
        pattern = r"\s+".join([name, *(re.escape(f"{c:.1f}" if isinstance(c, float) else str(c)) for c in cells)])
        assert re.search(pattern, text), f"{name} row not printed as in --json"
    page = html.read_text(encoding="utf-8")
    embedded = re.search(r'<script type="application/json" id="figures">(.*?)</script>', page, re.S)
    assert json.loads(embedded.group(1).replace("<\\/", "</")) == figures
    assert page.count("data:image/png;base64,") == 4 and '<table id="appeals">' in page
    table = re.search(r'<table id="by_platform">(.*?)</table>', page, re.S).group(1)
    shown = re.findall(
        r"<tr><td>(\w+)</td><td data-field=\"requests\">(\d+)</td><td data-field=\"actioned_pct\">([\d.]+)", table
    )
    assert {(n, int(r), float(p)) for n, r, p in shown} == {
        (n, row["requests"], row["actioned_pct"]) for n, row in figures["referral"]["by_platform"].items()
    }
