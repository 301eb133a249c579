"""Telephony of the backend: the ACD of this worker (:class:`Switchboard`), the webhook through
which a real PBX drives it, and the demo's simulated callers (:class:`SimulatorDriver`), which
drive it the same way from inside the process.

:func:`build_switchboard` makes the one switchboard of a server process from Settings, and
:func:`build_simulator_driver` the demo's callers; the app's lifespan runs them
(``async with switchboard.running()``). See ``switchboard.py`` for who owns the state when
several workers run.
"""

from __future__ import annotations

import random

from sqlalchemy.orm import Session, sessionmaker

from agentdesk.config.telephony import TelephonySettings
from agentdesk.domain.clock import Clock
from agentdesk.server.telephony.driver import SimulatorDriver
from agentdesk.server.telephony.simulator import CallSimulator, draw_caller, format_variant
from agentdesk.server.telephony.switchboard import Switchboard, TelephonyConfig
from agentdesk.server.telephony.webhook import SIGNATURE_HEADER, sign, signature_valid

__all__ = [
    "SIGNATURE_HEADER",
    "CallSimulator",
    "SimulatorDriver",
    "Switchboard",
    "TelephonyConfig",
    "build_simulator_driver",
    "build_switchboard",
    "draw_caller",
    "format_variant",
    "sign",
    "signature_valid",
]


def build_switchboard(
    settings: TelephonySettings, sessions: sessionmaker[Session], *, clock: Clock
) -> Switchboard:
    """The switchboard of a server process, on the server's clock."""
    return Switchboard(TelephonyConfig.from_settings(settings), sessions, clock=clock)


def build_simulator_driver(
    settings: TelephonySettings, switchboard: Switchboard, sessions: sessionmaker[Session]
) -> SimulatorDriver:
    """The demo's simulated callers: they arrive on their own at ``simulator.call_rate`` per
    minute (none at 0), and one more whenever an agent asks."""
    callers = settings.simulator
    # Not for anything secret: it picks demo callers, queues and talk times.
    simulator = CallSimulator(
        random.Random(),
        rate_per_min=callers.call_rate,
        queue_mix={
            queue: share for queue, share in callers.queue_mix.items() if queue in settings.queues
        },
        mean_talk_s=callers.mean_talk_s,
        mean_patience_s=callers.mean_patience_s,
        speed=callers.speed,
    )
    return SimulatorDriver(
        switchboard,
        sessions,
        simulator,
        arrivals=simulator.active,
        tick_seconds=settings.tick_seconds,
    )
