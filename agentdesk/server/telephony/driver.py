"""The demo's simulated callers, driving the switchboard as a PBX would.

:class:`SimulatorDriver` plays the telephony of a demo: it offers calls (Poisson arrivals of
the :class:`~agentdesk.server.telephony.simulator.CallSimulator`, or one call now for an agent
who asks), its IVR identifies every ``IVR_EVERY``-th caller whose number is theirs alone (as
if they keyed their PIN: ``caller.verified``), and its callers hang up after talking for a
while (or give up waiting: the patience they are offered with is the ACD's to enforce).
Which callers the IVR identifies is counted, not drawn: the simulator's random draws, and so
its callers and talk times under a seed, stay what they were. It uses only the switchboard's
public methods, the same moves a real PBX makes through the webhook; the switchboard knows
nothing of it. The app makes one only in demo mode, and its lifespan runs the driver's ticker
next to the switchboard's.

Threading: ``step`` runs on the ticker's worker thread and ``simulate_for`` on request threads;
a lock keeps the driver's own plans consistent, and the switchboard serialises its moves. The
simulated PBX (``pbx.SimulatedPbx``) tells it of an agent's hang-up outside the switchboard's
lock, so the two locks are never taken in the other order.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from agentdesk.contract.telephony import OfferedCall
from agentdesk.domain.calls import CallState
from agentdesk.domain.errors import RuleViolation
from agentdesk.domain.presence import AgentState
from agentdesk.server.telephony.board import call_snapshot
from agentdesk.server.telephony.simulator import (
    IVR_EVERY,
    CallSimulator,
    draw_caller,
    sole_customer,
)
from agentdesk.server.telephony.switchboard import Switchboard
from agentdesk.server.telephony.ticker import Ticker

__all__ = ["SimulatorDriver"]

# States in which the caller is talking to an agent (and may hang up).
_TALKING = frozenset({CallState.ANSWERED, CallState.HELD})


@dataclass
class _Caller:
    """A simulated caller's plan: hang up at ``hang_up_at`` on leg ``leg`` (once answered)."""

    leg: int | None = None
    hang_up_at: datetime | None = None


class SimulatorDriver:
    """Simulated callers for the switchboard (see the module's docstring)."""

    def __init__(
        self,
        switchboard: Switchboard,
        sessions: sessionmaker[Session],
        simulator: CallSimulator,
        *,
        arrivals: bool,
        tick_seconds: float,
    ) -> None:
        self.switchboard = switchboard
        self.simulator = simulator
        self.arrivals = arrivals  # Poisson arrivals on their own; else only calls asked for
        self._sessions = sessions
        self._callers: dict[str, _Caller] = {}  # by call id: the calls whose caller it plays
        self._identifiable = 0  # callers so far whose number is theirs alone (the IVR's turn)
        self._lock = threading.Lock()
        # The app's lifespan runs it (demo): the callers act every tick.
        self.ticker = Ticker(self.step, tick_seconds, name="call-simulator")

    def simulate_for(self, username: str, team: str) -> OfferedCall:
        """One call now to the agent's queues, making them ready first if they are offline or
        not ready (so their screen pops)."""
        board = self.switchboard
        board.join(username, team)
        if board.state(username).presence.state in {AgentState.OFFLINE, AgentState.NOT_READY}:
            board.set_presence(username, team, AgentState.READY)
        with self._lock:
            queue = self.simulator.queue_for(board.queues_of(username) or board.queue_names)
            with self._sessions() as session:
                written, e164 = draw_caller(session, self.simulator.rng)
                customer_id = sole_customer(session, e164)
            patience = self.simulator.patience_s()
        call = board.offer(e164, queue, patience_s=patience)
        with self._lock:
            self._callers[call.id] = _Caller()
            self._ivr(call.id, customer_id)
        return OfferedCall(call_id=call.id, phone=written, queue=queue, call=call_snapshot(call))

    def call_ended(self, call_id: str) -> None:
        """The agent hung up (the simulated PBX says so): the caller has nothing left to do."""
        with self._lock:
            self._callers.pop(call_id, None)

    def step(self) -> None:
        """What the simulated callers do by now: new callers arrive, talking ones hang up."""
        now = self.switchboard.now()
        with self._lock:
            self._hang_up_due(now)
            if self.arrivals:
                self._arrive(now)

    def _arrive(self, now: datetime) -> None:
        for arrival in self.simulator.arrivals(now):
            with self._sessions() as session:
                _, e164 = draw_caller(session, self.simulator.rng)
                customer_id = sole_customer(session, e164)
            call = self.switchboard.offer(
                e164, arrival.queue, patience_s=self.simulator.patience_s(), arrived_at=arrival.at
            )
            self._callers[call.id] = _Caller()
            self._ivr(call.id, customer_id)

    def _ivr(self, call_id: str, customer_id: int | None) -> None:
        """The IVR identifies every ``IVR_EVERY``-th caller it can tell apart (the PBX's
        ``caller.verified``, through the same switchboard method the webhook uses)."""
        if customer_id is None:
            return
        self._identifiable += 1
        if self._identifiable % IVR_EVERY:
            return
        with contextlib.suppress(RuleViolation):  # the caller gave up at once
            self.switchboard.caller_verified(call_id, customer_id)

    def _hang_up_due(self, now: datetime) -> None:
        for call_id, caller in list(self._callers.items()):
            leg = self.switchboard.call(call_id)
            if leg is None or not leg.active:  # ended, abandoned: nothing left to play
                del self._callers[call_id]
                continue
            if leg.state not in _TALKING or leg.answered_at is None:
                caller.hang_up_at = None  # waiting again (transferred): talks when answered
                continue
            if caller.leg != leg.leg:  # answered (on this leg): how long will they talk?
                caller.leg = leg.leg
                caller.hang_up_at = leg.answered_at + timedelta(seconds=self.simulator.talk_s())
            if caller.hang_up_at is not None and caller.hang_up_at <= now:
                with contextlib.suppress(RuleViolation):  # the agent hung up just before
                    self.switchboard.caller_hung_up(call_id)
                del self._callers[call_id]
