"""Following a request to the end: answers, SLA clocks, and independent liveness checks."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from referral_helpers import SQLITE_ONLY, insert_request, liaison_token, write_platforms
from typer.testing import CliRunner

from vigil.cli import app
from vigil.errors import InputError, StateError
from vigil.referral import answers, liveness, service, sla
from vigil.report.compliance import compliance

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
runner = CliRunner()


def sent_order(vigil, **kw) -> int:
    return insert_request(vigil, state="sent", sent_at=T0, due_at=T0 + timedelta(hours=1), **kw)


def test_liaison_answer_moves_the_request_and_keeps_its_source(vigil):
    rid = sent_order(vigil)
    at = (T0 + timedelta(minutes=40)).isoformat()
    env = {"VIGIL_HOME": str(vigil.home), "VIGIL_DATABASE_URL": vigil.settings.database_url}
    nobody = runner.invoke(app, ["referral", "answer", str(rid), "--outcome", "removed"], env=env)
    assert nobody.exit_code == 2 and "not logged in" in nobody.stderr
    env["VIGIL_TOKEN"] = liaison_token(vigil, "officer-k")
    result = runner.invoke(app, ["referral", "answer", str(rid), "--outcome", "taken-down", "--at", at], env=env)
    assert result.exit_code == 0, result.stderr
    again = runner.invoke(app, ["referral", "answer", str(rid), "--outcome", "removed", "--at", at, "--json"], env=env)
    assert json.loads(again.stdout)["recorded"] is False
    shown = service.show(vigil, rid)
    assert shown["state"] == "actioned"
    assert [(a["outcome"], a["source"], a["entered_by"]) for a in shown["answers"]] == [
        ("removed", "liaison", "officer-k")
    ]


@SQLITE_ONLY
def test_rejection_needs_a_reason_and_unsent_requests_take_no_answer(vigil):
    rid = sent_order(vigil)
    with pytest.raises(InputError, match="needs a reason"):
        answers.record(vigil, rid, answers.parse_answer({"outcome": "rejected"}), actor="l", source="liaison")
    draft = insert_request(vigil, state="approved")
    with pytest.raises(StateError, match="has not been sent"):
        answers.record(vigil, draft, answers.parse_answer({"outcome": "removed"}), actor="l", source="liaison")


def test_bad_answer_file_names_the_field(tmp_path):
    with pytest.raises(InputError, match=r"answer.json: field 'outcome': 'maybe'"):
        answers.parse_answer({"outcome": "maybe"}, source="answer.json")
    with pytest.raises(InputError, match="field 'received_at'"):
        answers.parse_answer({"outcome": "removed", "received_at": "yesterday"}, source="answer.json")


def test_sla_reminds_then_escalates_once_and_expires_unanswered_requests(vigil):
    order = sent_order(vigil)
    referral = insert_request(vigil, kind="tos_referral", state="sent", sent_at=T0, due_at=T0 + timedelta(hours=72))
    assert sla.run(vigil, now=T0 + timedelta(minutes=30)) == []
    first = sla.run(vigil, now=T0 + timedelta(minutes=90))
    assert [(e.request_id, e.kind) for e in first] == [(order, "reminder")]
    second = sla.run(vigil, now=T0 + timedelta(hours=2, minutes=5))
    assert [(e.request_id, e.kind) for e in second] == [(order, "escalation")]
    assert sla.run(vigil, now=T0 + timedelta(hours=3)) == []  # each raised once
    assert [v.id for v in sla.overdue(vigil, now=T0 + timedelta(hours=3))] == [order]
    late = sla.run(vigil, now=T0 + timedelta(days=15))
    assert {(e.request_id, e.kind) for e in late} >= {(order, "no_response"), (referral, "no_response")}
    assert service.show(vigil, order)["state"] == "no_response"
    # A late answer still closes it, and is counted as a reversal of the platform's silence.
    late = answers.parse_answer({"outcome": "removed", "received_at": (T0 + timedelta(days=16)).isoformat()})
    answers.record(vigil, order, late, actor="l", source="liaison")
    overall = compliance(vigil)["overall"]
    assert service.show(vigil, order)["state"] == "actioned"
    assert (overall["late_answers"], overall["no_response"], overall["actioned"]) == (1, 1, 1)


@SQLITE_ONLY
def test_reminder_goes_to_the_platform_once_under_its_own_key(vigil, tmp_path):
    write_platforms(vigil.home, "platforms:\n  x:\n    channel: {type: filedrop, folder: drop}\n")
    rid = sent_order(vigil)
    notify = sla.remind_platform(vigil)
    sla.run(vigil, now=T0 + timedelta(minutes=90), notify=notify)
    sla.run(vigil, now=T0 + timedelta(minutes=95), notify=notify)
    [folder] = (vigil.home / "drop").iterdir()
    assert folder.name.endswith("-reminder")
    body = json.loads((folder / "request.json").read_text())["body"]
    assert body["type"] == "reminder" and body["reference"] == f"VIGIL-ORD-{rid:06d}"


@SQLITE_ONLY
def test_answers_left_in_the_drop_folder_are_collected_once(vigil):
    from vigil.referral import dispatch

    write_platforms(vigil.home, "platforms:\n  telegram:\n    channel: {type: filedrop, folder: drop}\n")
    rid = insert_request(vigil, platform="telegram")
    dispatch.send(vigil)
    [folder] = (vigil.home / "drop").iterdir()
    (folder / "answer.json").write_text(json.dumps({"outcome": "removed", "targets_actioned": ["https://t.me/x"]}))
    (vigil.home / "drop" / "stray").mkdir()
    (vigil.home / "drop" / "stray" / "answer.json").write_text("{}")
    first = answers.collect_dropped(vigil)
    assert len(first["recorded"]) == 1 and "no request has idempotency key 'stray'" in first["refused"][0]
    assert answers.collect_dropped(vigil)["recorded"] == []  # already recorded
    shown = service.show(vigil, rid)
    assert shown["state"] == "actioned" and [a["source"] for a in shown["answers"]] == ["channel"]


class FakePlatform:
    """Pages a platform might show: gone (404), a 'doesn't exist' page, a live page."""

    PAGES = {
        "/gone": (404, "Not found"),
        "/deleted": (200, "<h1>Sorry, this account doesn't exist</h1>"),
        "/live": (200, "<h1>Our lions</h1>"),
        "/u/acct-live": (200, "profile"),
    }

    def __init__(self) -> None:
        pages = self.PAGES

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                status, text = pages.get(self.path, (500, "error"))
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()


@pytest.fixture
def fake_platform():
    fp = FakePlatform()
    yield fp
    fp.server.shutdown()
    fp.server.server_close()


@SQLITE_ONLY
def test_liveness_is_recorded_apart_from_the_platform_answer(vigil, fake_platform):
    base = fake_platform.base
    write_platforms(
        vigil.home,
        f"platforms:\n  x:\n    account_url: '{base}/u/{{id}}'\n    offline_markers: [\"account doesn't exist\"]\n",
    )
    rid = sent_order(vigil, targets=(f"{base}/gone", f"{base}/deleted", f"{base}/live", "acct-live", f"{base}/err"))
    # The platform says it removed everything...
    answers.record(vigil, rid, answers.parse_answer({"outcome": "removed"}), actor="l", source="liaison")
    summary = liveness.run(vigil, now=T0 + timedelta(hours=2))
    assert summary.counts == {"offline": 2, "online": 2, "unknown": 1}
    # ...but our own checks found two of five targets still up.
    figures = compliance(vigil)["by_platform"]["x"]
    assert figures["actioned_pct"] == 100.0
    assert (figures["targets_checked"], figures["confirmed_offline"]) == (5, 2)
    checks = {c["target"].rsplit("/", 1)[-1]: c["status"] for c in service.show(vigil, rid)["liveness"]}
    assert checks == {
        "gone": "offline",
        "deleted": "offline",
        "live": "online",
        "acct-live": "online",
        "err": "unknown",
    }


@SQLITE_ONLY
def test_account_without_url_template_is_skipped_not_guessed(vigil):
    rid = sent_order(vigil, targets=("acct-1",))

    class Never:
        name = "never"

        def check(self, url, platform):  # pragma: no cover - must not be called
            raise AssertionError(url)

    summary = liveness.run(vigil, checker=Never(), request_ids=(rid,))
    assert summary.checked == 0 and summary.skipped == ["x:acct-1 (no account_url template)"]
