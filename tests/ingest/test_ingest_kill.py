"""A real `vigil ingest` process killed half-way, then run again, leaves exactly the state of one
clean import: every stored batch is found unchanged, every later one is written."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from vigil import ingest
from vigil.config import Settings
from vigil.core import Vigil

POSTS = 16_000


def write_source(path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(200):
            fh.write(
                json.dumps(
                    {
                        "type": "account",
                        "platform": "x",
                        "platform_id": f"u{i}",
                        "handle": f"h{i}",
                        "followers": i,
                    }
                )
                + "\n"
            )
        for i in range(POSTS):
            fh.write(
                json.dumps(
                    {
                        "type": "post",
                        "platform": "x",
                        "platform_id": f"p{i}",
                        "account_id": f"u{i % 200}",
                        "text": f"first version {i}",
                        "created_at": "2024-05-01T10:00:00+05:00",
                    }
                )
                + "\n"
            )
            if i % 5000 == 0:
                fh.write("{this line is broken\n")
        # later versions of early records: the last one read must win, killed or not
        for i in range(0, POSTS, 97):
            fh.write(
                json.dumps(
                    {
                        "type": "post",
                        "platform": "x",
                        "platform_id": f"p{i}",
                        "account_id": f"u{i % 200}",
                        "text": f"second version {i}",
                        "created_at": "2024-05-02T10:00:00Z",
                    }
                )
                + "\n"
            )


def ingest_process(source: Path, home: Path, stdout: int = subprocess.DEVNULL) -> subprocess.Popen:
    code = "from vigil.cli import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "ingest", str(source), "--home", str(home), "--json"],
        stdout=stdout,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "VIGIL_DATABASE_URL": ""},
    )


def stored_posts(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("select count(*) from posts").fetchone()[0]
    except sqlite3.Error:  # not created yet, or mid-migration
        return 0


def wait_for_first_batches(proc: subprocess.Popen, db: Path) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        n = stored_posts(db)
        if n >= 2000:
            return n
        time.sleep(0.01)
    raise AssertionError("the import finished or stalled before it could be killed")


def dump(home: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(home / "vigil.db") as conn:
        out = {}
        for table in ("accounts", "posts", "media", "links", "interactions"):
            cols = [r[1] for r in conn.execute(f"pragma table_info({table})") if r[1] != "id"]
            rows = conn.execute(f"select {', '.join(cols)} from {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out


def test_killed_import_run_again_equals_one_clean_import(tmp_path):
    source = tmp_path / "big.jsonl"
    write_source(source)
    killed_home = tmp_path / "killed"
    proc = ingest_process(source, killed_home)
    try:
        wait_for_first_batches(proc, killed_home / "vigil.db")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    partial = stored_posts(killed_home / "vigil.db")
    assert 0 < partial < POSTS, "the kill did not land mid-import"

    rerun = ingest_process(source, killed_home, stdout=subprocess.PIPE)
    out, _ = rerun.communicate(timeout=120)
    assert rerun.returncode == 0
    resumed = json.loads(out.decode().strip().splitlines()[-1])
    # it carried on after the batches the killed run had stored, instead of starting over
    assert resumed["resumed"] >= partial

    clean_home = tmp_path / "clean"
    with Vigil(Settings(home=clean_home)) as clean:
        summary = ingest.run(clean, [source])
    assert summary.rejected == len(range(0, POSTS, 5000)) and summary.imported == 200 + POSTS

    assert dump(killed_home) == dump(clean_home)
    with sqlite3.connect(clean_home / "vigil.db") as conn:
        (text,) = conn.execute("select text from posts where platform_id = 'p97'").fetchone()
    assert text == "second version 97"
