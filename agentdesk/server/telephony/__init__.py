"""Telephony of the backend: the ACD of this worker (:class:`Switchboard`), the webhook through
which a real PBX drives it, the commands through which the agents' moves reach the PBX
(``pbx.py``), and the demo's simulated callers (:class:`SimulatorDriver`), which drive it the
same way from inside the process.

:func:`build_switchboard` makes a switchboard of a server process from Settings (with the
PBX adapter of :func:`build_pbx`, or the shared ACD leader's :class:`SilentPbx`), and
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
from agentdesk.server.telephony.pbx import (
    PbxCommands,
    SilentPbx,
    SimulatedPbx,
    WebhookPbx,
    build_pbx,
)
from agentdesk.server.telephony.simulator import CallSimulator, draw_caller, format_variant
from agentdesk.server.telephony.switchboard import Switchboard, TelephonyConfig
from agentdesk.server.telephony.timer_commands import TimerCommands
from agentdesk.server.telephony.webhook import SIGNATURE_HEADER, sign, signature_valid

__all__ = [
    "SIGNATURE_HEADER",
    "CallSimulator",
    "PbxCommands",
    "SilentPbx",
    "SimulatedPbx",
    "SimulatorDriver",
    "Switchboard",
    "TelephonyConfig",
    "TimerCommands",
    "WebhookPbx",
    "build_pbx",
    "build_simulator_driver",
    "build_switchboard",
    "draw_caller",
    "format_variant",
    "sign",
    "signature_valid",
]


def build_switchboard(
    settings: TelephonySettings,
    sessions: sessionmaker[Session],
    *,
    clock: Clock,
    pbx: PbxCommands,
    timers: TimerCommands,
) -> Switchboard:
    """A switchboard of a server process, on the server's clock, telling ``pbx`` of the moves
    that change a call and handing ``timers`` what its timers owe the PBX."""
    config = TelephonyConfig.from_settings(settings)
    return Switchboard(config, sessions, clock=clock, pbx=pbx, timers=timers)


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
    driver = SimulatorDriver(
        switchboard,
        sessions,
        simulator,
        arrivals=simulator.active,
        tick_seconds=settings.tick_seconds,
    )
    if isinstance(switchboard.pbx, SimulatedPbx):  # a demo with a real PBX has no say in it
        switchboard.pbx.on_hang_up(driver.call_ended)
    return driver
