"""Appeals are re-reviewed by someone not involved; reversals draft reinstatement and count as
errors, per detector, organisation and language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from vigil.core import Vigil
from vigil.errors import InputError, PermissionDenied, StateError
from vigil.review import appeals, auth, metrics

MakeUser = Callable[..., auth.Actor]

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # dialect-neutral logic


@pytest.fixture
def people(make_user: MakeUser) -> dict[str, auth.Actor]:
    return {
        "decider": make_user("rev1", "reviewer"),
        "approver": make_user("app1", "approver", "reviewer"),
        "other": make_user("rev2", "reviewer"),
        "liaison": make_user("lia", "liaison"),
        "auditor": make_user("aud", "auditor"),
    }


def test_appeal_is_due_in_fourteen_days(vigil: Vigil, people: dict, add_case: Callable, add_decision: Callable) -> None:
    cid = add_case()
    add_decision(cid, "rev1", approved_by="app1")
    filed = datetime(2026, 11, 1, tzinfo=UTC)
    a = appeals.file_appeal(
        vigil,
        people["liaison"],
        cid,
        appellant_kind="content_provider",
        appellant="@acct1",
        grounds="this is news reporting",
        filed_at=filed,
    )
    assert a["due_at"] == filed + timedelta(days=14) and a["state"] == "open"
    overdue = appeals.list_appeals(vigil, people["auditor"], overdue=True, now=filed + timedelta(days=15))
    assert [x["id"] for x in overdue] == [a["id"]]
    assert appeals.list_appeals(vigil, people["auditor"], overdue=True, now=filed + timedelta(days=13)) == []


def test_only_someone_not_involved_may_re_review(
    vigil: Vigil, people: dict, add_case: Callable, add_decision: Callable
) -> None:
    cid = add_case()
    add_decision(cid, "rev1", approved_by="app1")
    a = appeals.file_appeal(
        vigil,
        people["liaison"],
        cid,
        appellant_kind="platform",
        appellant="X Corp",
        grounds="counter-speech",
    )
    for who in ("decider", "approver"):
        with pytest.raises(PermissionDenied, match="not involved"):
            appeals.resolve_appeal(vigil, people[who], a["id"], "reversed", "mistake")
    with pytest.raises(PermissionDenied, match="needs the role reviewer"):
        appeals.resolve_appeal(vigil, people["liaison"], a["id"], "reversed", "mistake")
    done = appeals.resolve_appeal(
        vigil, people["other"], a["id"], "reversed", "the account quotes the group to criticise it"
    )
    assert (done["state"], done["reviewed_by"]) == ("reversed", "rev2")
    shown = appeals.show_appeal(vigil, people["auditor"], a["id"])
    assert shown["reinstatement"]["state"] == "drafted"
    assert shown["reinstatement"]["targets"] == ["acct1"]
    with pytest.raises(StateError, match="already reversed"):
        appeals.resolve_appeal(vigil, people["other"], a["id"], "upheld", "second thoughts")


@SQLITE_ONLY
def test_appeal_needs_a_decision_and_grounds(vigil: Vigil, people: dict, add_case: Callable) -> None:
    cid = add_case()
    with pytest.raises(StateError, match="no decision"):
        appeals.file_appeal(vigil, people["liaison"], cid, appellant_kind="platform", appellant="X", grounds="g")
    with pytest.raises(InputError, match="content_provider or platform"):
        appeals.file_appeal(vigil, people["liaison"], cid, appellant_kind="friend", appellant="X", grounds="g")


def test_errors_are_counted_per_detector_organisation_language(
    vigil: Vigil, people: dict, add_case: Callable, add_decision: Callable
) -> None:
    # three proposals: one proven then reversed on appeal, one refused, one proven and upheld
    c1 = add_case(account="a1", organisation="ttp", language="ur", detectors=("alias", "text"))
    c2 = add_case(account="a2", organisation="bla", language="en", detectors=("alias",))
    c3 = add_case(account="a3", organisation="ttp", language="ur", detectors=("media",))
    add_decision(c1, "rev1", approved_by="app1")
    add_decision(c2, "rev1", outcome="exempt")
    add_decision(c3, "rev1", approved_by="app1")
    for cid, outcome in ((c1, "reversed"), (c3, "upheld")):
        a = appeals.file_appeal(vigil, people["liaison"], cid, appellant_kind="platform", appellant="X", grounds="g")
        appeals.resolve_appeal(vigil, people["other"], a["id"], outcome, "re-reviewed")
    m = metrics.error_metrics(vigil, people["auditor"])
    assert m["totals"] == {
        "decided": 3,
        "proven": 2,
        "refused": 1,
        "reversed": 1,
        "refusal_rate": 0.3333,
        "reversal_rate": 0.3333,
    }
    det = {r["key"]: r for r in m["by_detector"]}
    assert (det["alias"]["refused"], det["alias"]["reversed"], det["alias"]["decided"]) == (1, 1, 2)
    assert (det["media"]["refused"], det["media"]["reversed"]) == (0, 0)
    assert m["by_detector"][0]["key"] == "alias"  # the most misleading first
    org = {r["key"]: r for r in m["by_organisation"]}
    assert (org["ttp"]["reversed"], org["bla"]["refused"]) == (1, 1)
    lang = {r["key"]: r for r in m["by_language"]}
    assert (lang["ur"]["decided"], lang["ur"]["reversed"], lang["en"]["refused"]) == (2, 1, 1)
    with pytest.raises(PermissionDenied, match="metrics.view"):
        metrics.error_metrics(vigil, people["liaison"])
