"""Telephony of the backend: the ACD of this worker (:class:`Switchboard`), the call simulator
of the demo and the tests, and the webhook through which a real PBX drives the same ACD.

:func:`build_switchboard` makes the one switchboard of a server process from Settings; the
app's lifespan runs it (``async with switchboard.running()``). See ``switchboard.py`` for who
owns the state when several workers run.
"""

from __future__ import annotations

import random

from sqlalchemy.orm import Session, sessionmaker

from agentdesk.config import Settings
from agentdesk.domain.clock import Clock
from agentdesk.server.telephony.simulator import CallSimulator, draw_caller, format_variant
from agentdesk.server.telephony.switchboard import Switchboard, TelephonyConfig
from agentdesk.server.telephony.webhook import SIGNATURE_HEADER, sign, signature_valid

__all__ = [
    "SIGNATURE_HEADER",
    "CallSimulator",
    "Switchboard",
    "TelephonyConfig",
    "build_switchboard",
    "draw_caller",
    "format_variant",
    "sign",
    "signature_valid",
]


def build_switchboard(
    settings: Settings, sessions: sessionmaker[Session], *, clock: Clock, demo: bool = False
) -> Switchboard:
    """The switchboard of a server process; in demo, simulated calls arrive on their own at
    ``telephony_call_rate`` per minute."""
    # Not for anything secret: it picks demo callers, queues and talk times.
    simulator = CallSimulator(
        random.Random(),
        rate_per_min=settings.telephony_call_rate,
        queue_mix={
            queue: share
            for queue, share in settings.telephony_queue_mix.items()
            if queue in settings.telephony_queues
        },
        mean_talk_s=settings.telephony_mean_talk_s,
        mean_patience_s=settings.telephony_mean_patience_s,
        speed=settings.telephony_speed,
    )
    return Switchboard(
        TelephonyConfig.from_settings(settings),
        sessions,
        clock=clock,
        simulator=simulator,
        arrivals=demo and simulator.active,
    )
