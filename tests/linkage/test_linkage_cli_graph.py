"""`vigil graph coordination` and `vigil graph propagate` on a store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from vigil.cli import app
from vigil.core import Vigil
from vigil.domain import Interaction, InteractionKind, Link, Platform, Post
from vigil.store.records import upsert_records

T0 = datetime(2026, 10, 1, 12, tzinfo=UTC)


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    records: list = []
    for n in range(3):  # three accounts post the same link within seconds, three times
        for i, acc in enumerate(["a1", "a2", "a3"]):
            pid = f"{acc}-{n}"
            records.append(Post(platform=Platform.X, platform_id=pid, account_id=acc,
                                text=f"look at this #Campaign{n}",
                                created_at=T0 + timedelta(hours=n, seconds=7 * i)))  # fmt: skip
            records.append(Link(platform=Platform.X, platform_id=pid, url=f"https://l.example/{n}"))
    records.append(Post(platform=Platform.X, platform_id="late-0", account_id="late",
                        text="look at this #Campaign0", created_at=T0 + timedelta(hours=5)))  # fmt: skip
    records.append(Interaction(platform=Platform.X, platform_id="a1-0", kind=InteractionKind.MENTION,
                               source_account_id="a1", target_account_id="a2"))  # fmt: skip
    with Vigil.open(home=home) as v, v.begin() as conn:
        upsert_records(conn, records)
    return home


def test_coordination_command_finds_the_group_with_evidence(tmp_path: Path) -> None:
    home = _home(tmp_path)
    out = CliRunner().invoke(app, ["graph", "coordination", "--window", "30", "--json",
                                   "--home", str(home)])  # fmt: skip
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["edge_counts"] == {"co_link": 3, "co_hashtag": 3, "co_text": 3}
    link = next(e for e in data["edges"] if e["behaviour"] == "co_link" and e["accounts"] == ["x:a1", "x:a3"])
    assert link["weight"] == 3 and link["evidence"][0]["delta_seconds"] == 14.0
    assert data["communities"][0]["accounts"] == ["x:a1", "x:a2", "x:a3"]
    table = CliRunner().invoke(app, ["graph", "coordination", "--home", str(home)])
    assert table.exit_code == 0 and "community 1: 3 accounts" in table.stdout


def test_bad_window_and_propagate(tmp_path: Path) -> None:
    home = _home(tmp_path)
    bad = CliRunner().invoke(app, ["graph", "coordination", "--window", "-5", "--home", str(home)])
    assert bad.exit_code == 2 and "window must be" in bad.output
    out = CliRunner().invoke(app, ["graph", "propagate", "a2", "--json", "--home", str(home)])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["accounts"][0]["path"] == ["a1", "a2"]
