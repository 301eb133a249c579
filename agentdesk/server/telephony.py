"""The demo call simulator: offered calls from realistic caller numbers.

Callers are mostly real customers, their number written the many ways telephony systems write
it; sometimes a number a family shares (the desktop must offer a choice, never guess); and now
and then a number nobody in the bank knows.
"""

from __future__ import annotations

import random
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agentdesk.contract.telephony import OfferedCall
from agentdesk.server.models import CustomerPhone

__all__ = ["SHARED_SHARE", "UNKNOWN_SHARE", "format_variant", "simulate_call"]

UNKNOWN_SHARE = 0.15
SHARED_SHARE = 0.15
DEMO_QUEUE = "general"


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


def simulate_call(session: Session, rng: random.Random) -> OfferedCall:
    draw = rng.random()
    number: str | None = None
    if draw >= UNKNOWN_SHARE:
        if draw < UNKNOWN_SHARE + SHARED_SHARE:
            number = _shared_number(session, rng)
        number = number or _known_number(session, rng)
    number = number or _unknown_number(session, rng)
    return OfferedCall(
        call_id=str(uuid.uuid4()), phone=format_variant(number, rng), queue=DEMO_QUEUE
    )
