"""The platform simulator answers like the reported case, once per request."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from vigil.errors import ConfigError
from vigil.referral.channels.base import Envelope
from vigil.simulator import PlatformBehaviour, PlatformSimulator

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def envelope(i: int, platform: str) -> Envelope:
    return Envelope(
        request_id=i,
        idempotency_key=f"k{platform}{i}",
        platform=platform,
        kind="tos_referral",
        targets=(f"https://example.org/{i}",),
        body={},
    )


def final_outcomes(sim: PlatformSimulator, until: datetime) -> Counter:
    last = {}
    for a in sim.answers(until):
        if a.outcome.value != "acknowledged":
            last[a.request_id] = a.outcome.value
    return Counter(last.values())


def test_default_shares_look_like_the_reported_case(tmp_path):
    sim = PlatformSimulator(tmp_path, seed=1, clock=T0)
    for platform in ("facebook", "x"):
        for i in range(1000):
            sim.send(envelope(i + (0 if platform == "facebook" else 10_000), platform))
    answers = sim.answers(T0 + timedelta(days=365))
    acted = Counter(a.platform for a in answers if a.outcome.is_action)
    assert acted["facebook"] / 1000 > 0.88
    assert 0.24 < acted["x"] / 1000 < 0.36


def test_a_repeated_delivery_is_answered_once_and_survives_restart(tmp_path):
    sim = PlatformSimulator(tmp_path, seed=1, clock=T0)
    first = sim.send(envelope(1, "tiktok"))
    again = sim.send(envelope(1, "tiktok"))
    assert not first.detail["duplicate"]
    assert sim.received == 1
    reopened = PlatformSimulator(tmp_path, seed=1, clock=T0 + timedelta(hours=1))
    assert reopened.received == 1
    assert reopened.send(envelope(1, "tiktok")).detail["duplicate"]
    assert again.idempotency_key == first.idempotency_key
    assert sim.answers(T0 + timedelta(days=90)) == reopened.answers(T0 + timedelta(days=90))


def test_answers_arrive_over_time(tmp_path):
    sim = PlatformSimulator(tmp_path, seed=2, clock=T0)
    for i in range(200):
        sim.send(envelope(i, "telegram"))
    early = sum(final_outcomes(sim, T0 + timedelta(hours=1)).values())
    late = sum(final_outcomes(sim, T0 + timedelta(days=60)).values())
    assert early < late


def test_behaviour_is_validated(tmp_path):
    with pytest.raises(ValueError):
        PlatformBehaviour(act_share=0.8, reject_share=0.5, median_hours=1)
    bad = tmp_path / "b.yaml"
    bad.write_text("x: {act_share: 2}\n")
    with pytest.raises(ConfigError, match="b.yaml"):
        PlatformSimulator.from_file(bad, tmp_path)
    sim = PlatformSimulator(tmp_path, behaviour={"x": PlatformBehaviour(act_share=1, reject_share=0, median_hours=1)})
    with pytest.raises(ConfigError, match="facebook"):
        sim.send(envelope(1, "facebook"))
