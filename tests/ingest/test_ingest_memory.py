"""Readers stream: reading four times as much input does not take more memory."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from vigil.ingest import readers


def telegram_export(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"name": "big", "type": "public_supergroup", "id": 42, "messages": [\n')
        for i in range(1, n + 1):
            msg = {
                "id": i,
                "type": "message",
                "date_unixtime": str(1700000000 + i),
                "from": f"u{i % 50}",
                "from_id": f"user{i % 50}",
                "text": ["hello ", {"type": "link", "text": f"https://e.org/{i}"}],
            }
            if i > 1:
                msg["reply_to_message_id"] = i - 1
            fh.write(("," if i > 1 else "") + json.dumps(msg) + "\n")
        fh.write("]}\n")


def whatsapp_chat(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(
                f"{1 + i % 28:02d}/01/2024, {i % 24:02d}:{i % 60:02d} - +92 300 {i % 97:07d}: "
                f"message {i}\nsecond line\n"
            )


def vigil_jsonl(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(
                json.dumps(
                    {
                        "type": "post",
                        "platform": "x",
                        "platform_id": f"p{i}",
                        "account_id": "a",
                        "text": "t" * 50,
                    }
                )
                + "\n"
            )


def peak_while_reading(name: str, path: Path) -> int:
    reader = readers()[name]()
    tracemalloc.start()
    try:
        for _ in reader.read(path):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("name", "write", "small"),
    [
        ("telegram_json", telegram_export, 1000),
        ("whatsapp_txt", whatsapp_chat, 1000),
        ("vigil_jsonl", vigil_jsonl, 2000),
    ],
)
def test_memory_does_not_grow_with_the_input(tmp_path, monkeypatch, name, write, small):
    # The reply-target memory is bounded (10,000 messages); bound it lower to see the plateau.
    monkeypatch.setattr("vigil.ingest.formats.telegram._REPLY_MEMORY", 500)
    a, b = tmp_path / "small", tmp_path / "big"
    write(a, small)
    write(b, small * 4)
    assert b.stat().st_size > 3 * a.stat().st_size
    small_peak, big_peak = peak_while_reading(name, a), peak_while_reading(name, b)
    # Holding every record would cost megabytes here; parser caches have a fixed size.
    assert big_peak < small_peak * 1.5 + 1_000_000, (small_peak, big_peak)
