"""Telephony of the backend: the ACD of this worker (:class:`Switchboard`), the webhook through
which a real PBX drives it, the commands through which the agents' moves reach the PBX
(``pbx.py``), and the demo's simulated callers (:class:`SimulatorDriver`), which drive it the
same way from inside the process.

:func:`build_switchboard` makes the one switchboard of a server process from Settings (with
its PBX adapter, :func:`build_pbx`), and :func:`build_simulator_driver` the demo's callers; the
app's lifespan runs them (``async with switchboard.running()``). See ``switchboard.py`` for
who owns the state when several workers run.
"""

from __future__ import annotations

import random

import httpx
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.config.telephony import TelephonySettings
from agentdesk.domain.clock import Clock
from agentdesk.server.telephony.driver import SimulatorDriver
from agentdesk.server.telephony.pbx import PbxCommands, SimulatedPbx, WebhookPbx, build_pbx
from agentdesk.server.telephony.simulator import CallSimulator, draw_caller, format_variant
from agentdesk.server.telephony.switchboard import Switchboard, TelephonyConfig
from agentdesk.server.telephony.webhook import SIGNATURE_HEADER, sign, signature_valid

__all__ = [
    "SIGNATURE_HEADER",
    "CallSimulator",
    "PbxCommands",
    "SimulatedPbx",
    "SimulatorDriver",
    "Switchboard",
    "TelephonyConfig",
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
    client: httpx.Client | None = None,
) -> Switchboard:
    """The switchboard of a server process, on the server's clock, telling the PBX of
    ``pbx_url`` (through ``client``) or the simulated one."""
    pbx = build_pbx(settings, client=client, clock=clock)
    return Switchboard(TelephonyConfig.from_settings(settings), sessions, clock=clock, pbx=pbx)


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
