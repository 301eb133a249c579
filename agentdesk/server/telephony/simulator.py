"""The call simulator (demo and tests): callers, arrivals, talk times and patience.

Callers are mostly real customers, their number written the many ways telephony systems write
it; sometimes a number a family shares (the desktop must offer a choice, never guess); and about
one call in seven from a number nobody in the bank knows. One caller in ``IVR_EVERY`` whose
number is theirs alone (:func:`sole_customer`) keys their PIN in the IVR, which identifies them.

:class:`CallSimulator` is pure and clock-free, like the ACD it feeds: arrivals per queue are a
Poisson process (exponential gaps at ``rate_per_min`` × the queue's share), talk times are
log-normal (mean ``mean_talk_s``; a long right tail, as real handle times have), and so is the
callers' patience. ``speed`` divides talk times and patience, so a demo or a test runs a shift
in minutes. The switchboard asks it which arrivals fall due at each tick.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agentdesk.server.models import CustomerPhone

__all__ = [
    "IVR_EVERY",
    "SHARED_SHARE",
    "UNKNOWN_SHARE",
    "Arrival",
    "CallSimulator",
    "draw_caller",
    "format_variant",
    "new_call_id",
    "sole_customer",
]

UNKNOWN_SHARE = 0.15
SHARED_SHARE = 0.15
# Of the callers the IVR can tell apart (their number is theirs alone), every third keys their PIN.
IVR_EVERY = 3
# Spread of the log-normal draws (σ of the underlying normal): talk times vary a lot.
TALK_SIGMA = 0.6
PATIENCE_SIGMA = 0.7


def new_call_id() -> str:
    return str(uuid.uuid4())


def format_variant(e164: str, rng: random.Random) -> str:
    """``+8613812345678`` written one of the ways PBXs and people write it."""
    if not (e164.startswith("+86") and len(e164) == 14):
        return e164  # only PRC mobiles get the local spellings
    national = e164[3:]
    a, b, c = national[:3], national[3:7], national[7:]
    return rng.choice(
        [
            f"+86 {a} {b} {c}",
            f"0086-{a}-{b}-{c}",
            f"0086{national}",
            national,
            f"{a}-{b}-{c}",
            f"{a} {b} {c}",
            e164,
        ]
    )


def _known_number(session: Session, rng: random.Random) -> str | None:
    count = session.scalar(select(func.count()).select_from(CustomerPhone)) or 0
    if count == 0:
        return None
    return session.scalar(
        select(CustomerPhone.e164).order_by(CustomerPhone.id).offset(rng.randrange(count)).limit(1)
    )


def _shared_number(session: Session, rng: random.Random) -> str | None:
    shared = session.scalars(
        select(CustomerPhone.e164)
        .group_by(CustomerPhone.e164)
        .having(func.count(func.distinct(CustomerPhone.customer_id)) > 1)
        .order_by(CustomerPhone.e164)
        .limit(100)
    ).all()
    return rng.choice(shared) if shared else None


def _unknown_number(session: Session, rng: random.Random) -> str:
    while True:
        candidate = f"+86199{rng.randrange(10**8):08d}"
        taken = session.scalar(select(CustomerPhone.id).where(CustomerPhone.e164 == candidate))
        if taken is None:
            return candidate


def draw_caller(session: Session, rng: random.Random) -> tuple[str, str]:
    """A caller's number: ``(as the telephony wrote it, E.164)``."""
    draw = rng.random()
    number: str | None = None
    if draw >= UNKNOWN_SHARE:
        if draw < UNKNOWN_SHARE + SHARED_SHARE:
            number = _shared_number(session, rng)
        number = number or _known_number(session, rng)
    number = number or _unknown_number(session, rng)
    return format_variant(number, rng), number


def sole_customer(session: Session, e164: str) -> int | None:
    """The customer whose number ``e164`` is, when it is theirs alone (None for a number a
    family shares or nobody has): the caller an IVR could identify by their PIN."""
    ids = session.scalars(
        select(CustomerPhone.customer_id).where(CustomerPhone.e164 == e164).distinct().limit(2)
    ).all()
    return ids[0] if len(ids) == 1 else None


def _lognormal(rng: random.Random, mean: float, sigma: float) -> float:
    # E[X] = exp(mu + sigma²/2), so this mu gives the asked mean.
    return rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma)


@dataclass(frozen=True)
class Arrival:
    """A simulated caller reaching ``queue`` at ``at``."""

    queue: str
    at: datetime


class CallSimulator:
    """Poisson arrivals per queue and the simulated callers' behaviour."""

    def __init__(
        self,
        rng: random.Random,
        *,
        rate_per_min: float,
        queue_mix: Mapping[str, float],
        mean_talk_s: float = 240.0,
        mean_patience_s: float = 90.0,
        speed: float = 1.0,
    ) -> None:
        if rate_per_min < 0 or speed <= 0:
            raise ValueError("the call rate is ≥ 0 and the speed > 0")
        total = sum(share for share in queue_mix.values() if share > 0)
        self.rng = rng
        self.rates = {
            queue: rate_per_min * share / total
            for queue, share in queue_mix.items()
            if share > 0 and total > 0
        }
        self.mean_talk_s = mean_talk_s
        self.mean_patience_s = mean_patience_s
        self.speed = speed
        self._next: dict[str, datetime] = {}

    @property
    def active(self) -> bool:
        return any(rate > 0 for rate in self.rates.values())

    def arrivals(self, now: datetime) -> list[Arrival]:
        """The arrivals due by ``now`` in time order; the first call starts the clock."""
        due: list[Arrival] = []
        for queue, rate in sorted(self.rates.items()):
            if rate <= 0:
                continue
            at = self._next.get(queue) or self._gap(now, rate)
            while at <= now:
                due.append(Arrival(queue, at))
                at = self._gap(at, rate)
            self._next[queue] = at
        return sorted(due, key=lambda arrival: (arrival.at, arrival.queue))

    def talk_s(self) -> float:
        return _lognormal(self.rng, self.mean_talk_s, TALK_SIGMA) / self.speed

    def patience_s(self) -> float:
        return _lognormal(self.rng, self.mean_patience_s, PATIENCE_SIGMA) / self.speed

    def queue_for(self, queues: list[str]) -> str:
        """One of ``queues`` (an agent's), weighted by the arrival mix (even if none has one)."""
        weights = [self.rates.get(queue, 0.0) for queue in queues]
        if not any(weights):
            return self.rng.choice(queues)
        return self.rng.choices(queues, weights=weights)[0]

    def _gap(self, after: datetime, rate_per_min: float) -> datetime:
        return after + timedelta(minutes=self.rng.expovariate(rate_per_min))
