"""A platform simulator: receives removal requests and answers them, per platform, the way the
reported case describes (some platforms act on >90% of requests, others on ~30%)."""

from vigil.simulator.platforms import (
    DEFAULT_BEHAVIOUR,
    PlatformBehaviour,
    PlatformSimulator,
    SimulatedAnswer,
)

__all__ = ["DEFAULT_BEHAVIOUR", "PlatformBehaviour", "PlatformSimulator", "SimulatedAnswer"]
