"""The platform simulator.

Each platform has a :class:`PlatformBehaviour`: the share of requests it acts on, rejects or
ignores, how long it takes (a log-normal delay), and the reasons it gives for a rejection.  The
fate of a request is drawn from a hash of (seed, platform, idempotency key), so it does not depend
on the order requests arrive in, and a repeated delivery of the same request is recognised and
answered once.  Received requests are kept in a JSON Lines inbox so that a rerun (or another
process) sees the same state.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vigil.domain.enums import ResponseOutcome
from vigil.errors import ConfigError
from vigil.referral.channels.base import Envelope, Receipt


class PlatformBehaviour(BaseModel):
    """How one simulated platform answers removal requests."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    act_share: float = Field(ge=0, le=1, description="share of requests acted on")
    reject_share: float = Field(ge=0, le=1, description="share rejected with a reason")
    median_hours: float = Field(gt=0, description="median delay of an answer")
    spread: float = Field(default=1.0, ge=0, le=4, description="sigma of the log-normal delay")
    acknowledge: bool = Field(default=True, description="sends an acknowledgement first")
    geo_block_share: float = Field(default=0.0, ge=0, le=1, description="of actions, share geo-blocked")
    reasons: tuple[str, ...] = ("content does not violate our policies", "insufficient information")

    @model_validator(mode="after")
    def _shares(self) -> PlatformBehaviour:
        if self.act_share + self.reject_share > 1:
            raise ValueError("act_share + reject_share must be at most 1 (the rest is silence)")
        return self

    @property
    def silence_share(self) -> float:
        return 1 - self.act_share - self.reject_share


#: Shaped like the reported case: Facebook and TikTok act on >90%, X and WhatsApp on ~30%;
#: Telegram cooperates although banned in Pakistan.
DEFAULT_BEHAVIOUR: dict[str, PlatformBehaviour] = {
    "facebook": PlatformBehaviour(act_share=0.92, reject_share=0.05, median_hours=20, spread=0.8),
    "tiktok": PlatformBehaviour(act_share=0.95, reject_share=0.03, median_hours=10, spread=0.8),
    "instagram": PlatformBehaviour(act_share=0.78, reject_share=0.12, median_hours=30, spread=0.9),
    "telegram": PlatformBehaviour(act_share=0.70, reject_share=0.05, median_hours=48, spread=1.0, acknowledge=False),
    "x": PlatformBehaviour(act_share=0.30, reject_share=0.35, median_hours=96, spread=1.1, geo_block_share=0.5),
    "whatsapp": PlatformBehaviour(act_share=0.30, reject_share=0.10, median_hours=120, spread=1.2, acknowledge=False),
}


@dataclass(frozen=True)
class SimulatedAnswer:
    request_id: int
    idempotency_key: str
    platform: str
    outcome: ResponseOutcome
    at: datetime
    reason: str | None = None


@dataclass
class _Received:
    request_id: int
    idempotency_key: str
    platform: str
    received_at: str
    targets: list[str] = field(default_factory=list)


class PlatformSimulator:
    """Receives envelopes (it is also a :class:`~vigil.referral.channels.base.Channel`) and
    produces the answers that are due by a given time."""

    name = "simulator"

    def __init__(
        self,
        state_dir: Path,
        behaviour: dict[str, PlatformBehaviour] | None = None,
        seed: int = 0,
        clock: datetime | None = None,
    ) -> None:
        self.behaviour = dict(DEFAULT_BEHAVIOUR if behaviour is None else behaviour)
        self.seed = seed
        self.clock = clock
        self.inbox_path = state_dir / "simulator-inbox.jsonl"
        state_dir.mkdir(parents=True, exist_ok=True)
        self._inbox: dict[str, _Received] = {}
        if self.inbox_path.exists():
            for line in self.inbox_path.read_text(encoding="utf-8").splitlines():
                rec = _Received(**json.loads(line))
                self._inbox[rec.idempotency_key] = rec

    @classmethod
    def from_file(cls, path: Path, state_dir: Path, seed: int = 0) -> PlatformSimulator:
        """Behaviour from a JSON or YAML file: {platform: {act_share: .., reject_share: ..}}."""
        import yaml

        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            behaviour = {k: PlatformBehaviour(**v) for k, v in raw.items()}
        except (OSError, yaml.YAMLError, TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: cannot read simulator behaviour: {exc}") from exc
        return cls(state_dir, {**DEFAULT_BEHAVIOUR, **behaviour}, seed)

    # -- Channel -------------------------------------------------------------------------
    def send(self, envelope: Envelope) -> Receipt:
        now = self.clock or datetime.now(UTC)
        if envelope.platform not in self.behaviour:
            raise ConfigError(f"the simulator has no behaviour for platform {envelope.platform!r}")
        seen = self._inbox.get(envelope.idempotency_key)
        if seen is None:
            seen = _Received(
                envelope.request_id,
                envelope.idempotency_key,
                envelope.platform,
                now.isoformat(),
                list(envelope.targets),
            )
            self._inbox[envelope.idempotency_key] = seen
            with open(self.inbox_path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(asdict(seen)) + "\n")
        return Receipt(
            channel=self.name,
            idempotency_key=envelope.idempotency_key,
            sent_at=now,
            message_id=f"sim-{envelope.platform}-{envelope.request_id}",
            detail={"duplicate": seen.received_at != now.isoformat()},
        )

    @property
    def received(self) -> int:
        return len(self._inbox)

    # -- answers -------------------------------------------------------------------------
    def answers(self, until: datetime) -> list[SimulatedAnswer]:
        """Every answer the platforms have given by ``until``, in time order."""
        out: list[SimulatedAnswer] = []
        for rec in self._inbox.values():
            out.extend(a for a in self._fate(rec) if a.at <= until)
        out.sort(key=lambda a: (a.at, a.request_id))
        return out

    def _fate(self, rec: _Received) -> list[SimulatedAnswer]:
        b = self.behaviour[rec.platform]
        rng = random.Random(_digest(self.seed, rec.platform, rec.idempotency_key))
        received = datetime.fromisoformat(rec.received_at)
        draw = rng.random()
        delay = timedelta(hours=b.median_hours * math.exp(rng.gauss(0, b.spread)))
        answers: list[SimulatedAnswer] = []
        if b.acknowledge:
            ack_at = received + min(delay / 4, timedelta(hours=2))
            answers.append(self._answer(rec, ResponseOutcome.ACKNOWLEDGED, ack_at))
        if draw < b.act_share:
            outcome = ResponseOutcome.GEO_BLOCKED if rng.random() < b.geo_block_share else ResponseOutcome.REMOVED
            answers.append(self._answer(rec, outcome, received + delay))
        elif draw < b.act_share + b.reject_share:
            reason = rng.choice(b.reasons)
            answers.append(self._answer(rec, ResponseOutcome.REJECTED, received + delay, reason))
        return answers

    @staticmethod
    def _answer(rec: _Received, outcome: ResponseOutcome, at: datetime, reason: str | None = None) -> SimulatedAnswer:
        return SimulatedAnswer(rec.request_id, rec.idempotency_key, rec.platform, outcome, at, reason)


def _digest(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:8], "big")
