"""The switchboard: this worker's ACD, driven by the server's clock, publishing what happens.

One :class:`Switchboard` per server process holds a domain :class:`~agentdesk.domain.acd.Acd`
(queues and skills from TelephonySettings) and is the only thing that changes it. Every
operation takes the lock, reads the clock once, applies the ACD move, and in one database
transaction logs the domain events on the persisted event stream (``call.offered`` to the
ringing agent, ``call.changed`` to the leg's agent, ``presence.changed`` to the agent and
their team's supervisors) and
records finished legs in ``calls``. Holding the lock across that commit keeps the event log in
the ACD's order.

A background ticker (an asyncio task of the app's lifespan, every ``tick_seconds``)
calls :meth:`Switchboard.tick`: the ACD's timers (ring timeouts, abandons, wrap-up limits) and
``queue.stats`` (the queue wall's figures with their formulas) when something changed, or every
``stats_seconds`` while the figures move (a call waits). A move that changed the figures
wakes the ticker, so ``queue.stats`` follows it within a tenth of a second rather than at the
next tick (wakes are coalesced: one step per gap however many moves came). The finished legs'
part in the figures is worked out once (``FiguresCache``); a tick works out the live legs. Tests
turn the ticker off and call ``tick`` themselves with a fake clock.

Calls come from outside, through the public methods: a real PBX through the webhook
(:meth:`Switchboard.telephony_event`), the demo's simulated callers through
``driver.SimulatorDriver``. Its IVR's identification of a caller (``caller.verified``) comes
the same way: the verification rules record it (``verification.py``) and the agent of the call
is told on their stream. The switchboard works the same with either, or with neither.
Refusals are the domain's rule violations (``agentdesk.domain.errors``), never HTTP.

The moves that change a call go to the PBX too, through the adapter the switchboard is made
with (``pbx.py``: simulated, or a real PBX's webhook): an agent's answer, hold, resume, hang-up,
transfer and outbound dial, a supervisor's move of a waiting call. The ACD is asked first
whether the move is allowed (:meth:`Switchboard.check`, :meth:`~Switchboard.check_dial`,
:meth:`~Switchboard.check_move_call`), then the PBX is told (outside the lock: a slow PBX holds
up no other agent, nor the ticker), and the move is applied once it said yes. A PBX that
refuses or does not answer changes nothing here. A caller or a timer may still end the ring or
the call in between; the move is then refused as it would have been without the PBX (which
holds its own truth and reports it through the webhook). An outbound call the ACD's timer ends
unanswered is dropped at the PBX too, off the lock (``timer_commands.py``).

State lives in memory, in this worker. With several workers (or hosts) on PostgreSQL the one
switchboard is the shared ACD's leader's (``shared_acd.py``): every worker's routes reach it
through the ``acd_commands`` table, and events reach agents connected to any worker through
the shared event log; a new leader carries on from the state the last one wrote. Its PBX sends
nothing: each worker tells the PBX of the moves it got itself, between the leader's check and
the leader's apply. A restart of a local switchboard forgets live calls (the PBX re-offers what
it still holds); the agents' presence comes back from ``agent_presence`` (``presence_store.py``:
an agent who was in a call comes back not ready), the figures' history from ``calls`` and
today's interval statistics are
recomputed from it.

The supervisor's console (``supervision.py``) is told of each change: ``supervisor.agent``
(an agent's grid row) and ``supervisor.waiting`` (a team's waiting calls) with the change,
``supervisor.interval`` (the intervals whose legs changed, ``interval_book.py``) at most once a
tick, each to ``supervisors:<team>``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.config.telephony import TelephonySettings
from agentdesk.contract.supervisor import AgentRow, WaitingCall
from agentdesk.contract.sync import EventKind
from agentdesk.contract.telephony import (
    AgentCallState,
    AgentPresenceInfo,
    QueueBoard,
    TelephonyEvent,
    TelephonyEventAck,
)
from agentdesk.domain.acd import Acd, AcdChanges, AcdError, AgentSnapshot, QueueConfig
from agentdesk.domain.acd_events import (
    AcdEvent,
    CallAbandoned,
    CallEvent,
    CallMoved,
    PresenceChanged,
)
from agentdesk.domain.calls import Call, CallState, IllegalCallTransition
from agentdesk.domain.clock import Clock
from agentdesk.domain.errors import InvalidValue, MoveNotAllowed, RuleViolation, UnknownRecord
from agentdesk.domain.intervals import interval_counts, interval_start
from agentdesk.domain.phones import InvalidPhoneNumber, normalize_phone
from agentdesk.domain.presence import (
    Action,
    AgentPresence,
    AgentState,
    IllegalTransition,
    Initiator,
    NotReadyReason,
    allowed_actions,
)
from agentdesk.domain.presence_time import PresenceTime
from agentdesk.domain.queue_stats import FiguresCache, ServiceLevelRule, Window
from agentdesk.server import events, models, verification
from agentdesk.server.telephony.board import call_snapshot, presence_info, queue_board
from agentdesk.server.telephony.interval_book import IntervalBook
from agentdesk.server.telephony.interval_store import day_start as _day_start
from agentdesk.server.telephony.interval_store import save_interval
from agentdesk.server.telephony.pbx import PbxCommands, SimulatedPbx
from agentdesk.server.telephony.presence_store import (
    kept_presences,
    presence_histories,
    save_presence,
)
from agentdesk.server.telephony.publishing import publish_acd_events, publish_caller_verified
from agentdesk.server.telephony.simulator import new_call_id
from agentdesk.server.telephony.supervision import agent_row, interval_stats, waiting_calls
from agentdesk.server.telephony.ticker import Ticker
from agentdesk.server.telephony.timer_commands import TimerCommands

__all__ = [
    "ON_THE_LINE",
    "StateChanges",
    "StoredAgent",
    "Switchboard",
    "TelephonyConfig",
    "whole_state",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TelephonyConfig:
    """The ACD's configuration (from TelephonySettings)."""

    queues: tuple[QueueConfig, ...]
    team_skills: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ring_timeout_s: float = 15.0
    wrap_up_limit_s: float | None = None
    tick_seconds: float = 0.5
    stats_seconds: float = 5.0
    agent_stats_seconds: float = 2.0
    stats_window: timedelta = timedelta(minutes=60)
    interval_minutes: int = 15
    time_zone: str = "UTC"

    @classmethod
    def from_settings(cls, settings: TelephonySettings) -> TelephonyConfig:
        rule = ServiceLevelRule(
            threshold_s=settings.service_level_s,
            target=settings.service_level_target,
            short_abandon_s=settings.short_abandon_s,
        )
        return cls(
            queues=tuple(QueueConfig(name, service_level=rule) for name in settings.queues),
            team_skills={team: tuple(skills) for team, skills in settings.team_skills.items()},
            ring_timeout_s=settings.ring_timeout_s,
            wrap_up_limit_s=settings.wrap_up_limit_s,
            tick_seconds=settings.tick_seconds,
            stats_seconds=settings.stats_seconds,
            agent_stats_seconds=settings.agent_stats_seconds,
            stats_window=timedelta(minutes=settings.stats_window_minutes),
            interval_minutes=settings.interval_minutes,
            time_zone=settings.time_zone,
        )

    @property
    def queue_names(self) -> list[str]:
        return [queue.name for queue in self.queues]

    def skills_of_team(self, team: str) -> frozenset[str]:
        """The skills of an agent of ``team``: the team's queues, or every queue."""
        every = {queue.required_skill for queue in self.queues}
        chosen = self.team_skills.get(team)
        return frozenset(every if chosen is None else every & set(chosen))

    def queues_of_team(self, team: str) -> list[str]:
        """The queues the agents of ``team`` serve (the supervisor's console shows these)."""
        skills = self.skills_of_team(team)
        return [queue.name for queue in self.queues if queue.required_skill in skills]


# The agent holds the call: the caller is on the line with them (not ringing, not wrapped up).
ON_THE_LINE = frozenset({CallState.ANSWERED, CallState.HELD})
_SWEEP_EVERY = timedelta(seconds=1)  # forgetting the legs the figures' window left behind


def _figures_key(board: QueueBoard) -> tuple[object, ...]:
    """What ``queue.stats`` shows, to tell whether it moved: every queue's figures' values
    (each formula is made of them, and of the clock for the longest wait, which moves with its
    value). Occupancy drifts with every second of a logged-in agent: it rides along with the
    figures that move, and alone it publishes nothing."""
    return tuple(
        (
            q.queue,
            q.offered,
            q.answered,
            q.abandoned,
            q.short_abandoned,
            q.agents_ready,
            q.agents_logged_in,
            q.service_level_threshold_s,
            q.service_level_target,
            *(
                f.value if f is not None else None
                for f in (
                    q.waiting,
                    q.longest_wait,
                    q.service_level,
                    q.asa,
                    q.aht,
                    q.abandonment_rate,
                    q.service_level_of_answered,
                )
            ),
            tuple(sorted((q.agents_by_state or {}).items())),
        )
        for q in board.queues
    )


class StoredAgent(TypedDict):
    """An agent's part of :meth:`Switchboard.export_state`: their ACD entry (None for a name
    known only by its team or a supervisor's setting), team, and the supervisor who set
    their state with the reason (``[supervisor, reason]``)."""

    acd: dict[str, Any] | None
    team: str | None
    set_by: list[str | None] | None


@dataclass(frozen=True)
class StateChanges:
    """What changed in :meth:`Switchboard.export_state` since it was last handed out
    (:meth:`Switchboard.export_changes`), by agent and by leg, for the shared ACD's leader to
    write. ``calls``: a leg's entry, None for a leg that is gone. ``supervision``: the
    supervisors' names and the teams watched, when they changed. ``complete``: every agent
    and leg is here, and nothing else is stored. The clock goes with any change."""

    clock: str | None
    seq: int
    agents: dict[str, StoredAgent]
    calls: dict[tuple[str, int], dict[str, Any] | None]
    supervision: dict[str, Any] | None
    complete: bool

    @property
    def empty(self) -> bool:
        return not (self.agents or self.calls or self.supervision is not None or self.complete)


def whole_state(
    clock: str | None,
    seq: int,
    agents: Mapping[str, StoredAgent],
    legs: list[dict[str, Any]],
    supervision: Mapping[str, Any],
) -> dict[str, Any]:
    """:meth:`Switchboard.export_state` put together again from the parts of
    :class:`StateChanges` as stored (``legs`` in arrival order)."""
    return {
        "acd": {
            "clock": clock,
            "seq": seq,
            "agents": {name: a["acd"] for name, a in agents.items() if a["acd"] is not None},
            "calls": legs,
        },
        "teams": {name: a["team"] for name, a in agents.items() if a["team"] is not None},
        "set_by": {name: a["set_by"] for name, a in agents.items() if a["set_by"] is not None},
        "supervisor_names": dict(supervision.get("supervisor_names", {})),
        "supervised_teams": list(supervision.get("supervised_teams", [])),
    }


@dataclass(frozen=True)
class _Stored:
    """The parts of the exported state the ACD does not track itself, as last handed out."""

    teams: dict[str, str]
    set_by: dict[str, tuple[str, NotReadyReason | None]]
    supervision: dict[str, Any]


def _differing(now: Mapping[str, object], before: Mapping[str, object]) -> set[str]:
    if now == before:
        return set()
    return {key for key in now.keys() | before.keys() if now.get(key) != before.get(key)}


def _refusal(exc: ValueError) -> RuleViolation:
    """A move the domain refused, with the domain's own message."""
    if isinstance(exc, IllegalTransition | IllegalCallTransition):
        return MoveNotAllowed("illegal_transition", str(exc))
    if isinstance(exc, AcdError):
        return MoveNotAllowed("telephony_conflict", str(exc))
    return InvalidValue("invalid_call_request", str(exc))


def _set_by_data(set_by: tuple[str, NotReadyReason | None]) -> list[str | None]:
    supervisor, reason = set_by
    return [supervisor, reason.value if reason is not None else None]


def _unknown_queue(queue: str) -> InvalidValue:
    return InvalidValue("unknown_queue", f"no queue {queue}")


class Switchboard:
    """This worker's ACD and everything that drives it (see the module's docstring)."""

    def __init__(
        self,
        config: TelephonyConfig,
        sessions: sessionmaker[Session],
        *,
        clock: Clock,
        pbx: PbxCommands | None = None,
        timers: TimerCommands | None = None,
    ) -> None:
        self.config = config
        self._sessions = sessions
        self._clock = clock
        self.pbx: PbxCommands = pbx if pbx is not None else SimulatedPbx()
        # What the ACD's timers owe the PBX; the app's, sending to its PBX (the shared ACD's
        # leader sends these itself, though its moves' PBX sends nothing).
        self._timers = timers if timers is not None else TimerCommands(self.pbx)
        self.acd = Acd(ring_timeout_s=config.ring_timeout_s, wrap_up_limit_s=config.wrap_up_limit_s)
        for queue in config.queues:
            self.acd.add_queue(queue)
        self._rules = {queue.name: queue.service_level for queue in config.queues}
        self._skills = {queue.name: queue.required_skill for queue in config.queues}
        self._lock = threading.RLock()
        self._legs: dict[tuple[str, int], Call] = {}  # latest snapshot of each leg: figures
        self._shares = FiguresCache()  # the finished legs' part in the figures, worked out once
        self._presence_time = PresenceTime()  # the agents' past presence values, summed once
        self._swept_at: datetime | None = None  # when legs before the window were last forgotten
        self._teams: dict[str, str] = {}  # each agent's team, as they last joined
        # An idle server publishes no figures: only a change, or figures that move, do.
        self._stats_dirty = False
        self._stats_at: datetime | None = None
        self._stats_key: tuple[object, ...] | None = None  # the figures last published
        self._agents_stats_at: datetime | None = None  # the last board every desk got
        self._agents_owed = False  # the supervisors have a newer board than the agents
        # The supervisor's console (``supervision.py``): names for the grid, who a supervisor
        # set to not ready or offline (until the agent acts), each agent's presence over the
        # figures' window (occupancy), the waiting lists last sent, and the intervals whose
        # legs changed since the last tick.
        self._names: dict[str, str] = {}
        self._set_by: dict[str, tuple[str, NotReadyReason | None]] = {}
        self._supervisor_names: dict[str, str] = {}  # what an agent's desk calls them
        self._history: dict[str, list[AgentPresence]] = {}
        self._waiting_sent: dict[str, str] = {}
        self._supervised_teams: set[str] = set(config.team_skills)
        self._intervals = IntervalBook(config.interval_minutes)
        self._intervals_at: datetime | None = None  # the intervals last written
        self.ticker = Ticker(self.tick, config.tick_seconds, name="telephony-ticker")
        # The shared ACD's leader: what of the state it last took (None: nothing yet).
        self._stored: _Stored | None = None

    # -- time --------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self._clock()

    # -- the agent's softphone ------------------------------------------------------------------

    def state(self, username: str) -> AgentCallState:
        with self._lock:
            return self._state(username, self.now())

    def join(self, username: str, team: str) -> None:
        """The agent signs in to the ACD (offline, the first time) with the skills of their
        team, or takes their team's current skills."""
        with self._lock:
            self._publish(self._join(username, team, self.now()))

    @property
    def queue_names(self) -> list[str]:
        return self.config.queue_names

    def queues_of(self, username: str) -> list[str]:
        """The queues the agent serves (none before they join)."""
        with self._lock:
            if not self.acd.knows(username):
                return []
            skills = self._skills_of(username)
            return [q for q in self.config.queue_names if self._skills[q] in skills]

    def set_presence(
        self,
        username: str,
        team: str,
        state: AgentState,
        reason: NotReadyReason | None = None,
    ) -> AgentCallState:
        """Ready, not ready or offline; the agent joins the ACD the first time, with the
        skills of their team."""

        def move(now: datetime) -> list[AcdEvent]:
            joined = self._join(username, team, now)
            return joined + self.acd.set_presence(username, state, now, reason=reason)

        with self._lock:
            self._set_by.pop(username, None)  # the agent chose: nobody else set this state
            return self._agent_move(username, move)

    def answer(self, username: str, call_id: str) -> AgentCallState:
        return self._commanded(
            username,
            call_id,
            Action.ANSWER,
            lambda: self.pbx.answer(call_id, username),
            lambda now: self.acd.answer(username, now),
        )

    def hold(self, username: str, call_id: str) -> AgentCallState:
        return self._commanded(
            username,
            call_id,
            Action.HOLD,
            lambda: self.pbx.hold(call_id, username),
            lambda now: self.acd.hold(username, now),
        )

    def resume(self, username: str, call_id: str) -> AgentCallState:
        return self._commanded(
            username,
            call_id,
            Action.RESUME,
            lambda: self.pbx.resume(call_id, username),
            lambda now: self.acd.resume(username, now),
        )

    def hang_up(self, username: str, call_id: str) -> AgentCallState:
        return self._commanded(
            username,
            call_id,
            Action.HANG_UP,
            lambda: self.pbx.hang_up(call_id, username),
            lambda now: self.acd.hang_up(username, now),
        )

    def transfer(
        self, username: str, call_id: str, *, queue: str | None = None, agent: str | None = None
    ) -> AgentCallState:
        """Blind transfer to a queue or to a ready agent; the agent goes to wrap-up."""
        return self._commanded(
            username,
            call_id,
            Action.TRANSFER,
            lambda: self.pbx.transfer(call_id, username, queue=queue, to_agent=agent),
            lambda now: self.acd.transfer(username, now, to_queue=queue, to_agent=agent),
            queue=queue,
            to_agent=agent,
        )

    def check(
        self,
        username: str,
        call_id: str,
        action: Action,
        *,
        queue: str | None = None,
        to_agent: str | None = None,
    ) -> None:
        """Raise the refusal ``username``'s ``action`` on their call ``call_id`` (answer, hold,
        resume, hang up, transfer to ``queue`` or ``to_agent``) would meet now, changing
        nothing: what is asked before the PBX is told (the shared ACD's workers ask the
        leader)."""
        if queue is not None and queue not in self._rules:
            raise _unknown_queue(queue)
        with self._lock:
            if to_agent is not None and not self.acd.knows(to_agent):
                raise MoveNotAllowed("agent_not_available", f"agent {to_agent} is not logged in")
            self._own_call(username, call_id)
            try:
                self.acd.check(username, action, self.now(), to_agent=to_agent)
            except ValueError as exc:  # the domain's refusals are all ValueErrors
                raise _refusal(exc) from exc

    def finish_wrap_up(self, username: str) -> AgentCallState:
        with self._lock:
            self._registered(username)
        return self._agent_move(username, lambda now: self.acd.finish_wrap_up(username, now))

    # -- calls from the telephony ----------------------------------------------------------------

    def offer(
        self,
        caller: str,
        queue: str,
        *,
        call_id: str | None = None,
        priority: int = 0,
        patience_s: float | None = None,
        arrived_at: datetime | None = None,
    ) -> Call:
        """A caller (E.164) reaches ``queue`` (at ``arrived_at``, if that was before now);
        returns the leg after routing (ringing an agent, or waiting). ``patience_s``: the
        caller hangs up after waiting this long (None: when the telephony says so)."""
        if queue not in self._rules:
            raise _unknown_queue(queue)
        call_id = call_id or new_call_id()

        def move(now: datetime) -> list[AcdEvent]:
            at = min(arrived_at, now) if arrived_at is not None else now
            call = Call.new(call_id, queue, caller, at, priority=priority)
            return self.acd.offer(call, now, patience_s=patience_s)

        with self._lock:
            self._apply(move)
            return self._latest_leg(call_id)

    def dial(
        self, username: str, phone: str, queue: str, *, call_id: str | None = None
    ) -> AgentCallState:
        """Place an outbound call from the agent to ``phone`` (E.164): the PBX dials it first
        (under a new call id, or ``call_id``: the shared ACD's worker that told the PBX made
        it), then it rings the agent's softphone as a direct leg of ``queue`` (their queue, for
        the figures), the desk pops the customer as for an inbound call, and answering
        connects it. A PBX that refuses or does not answer leaves nothing dialled."""
        self.check_dial(username, queue)
        call_id = call_id or new_call_id()
        self.pbx.dial(call_id, username, phone, queue)  # outside the lock, as _commanded

        def move(now: datetime) -> list[AcdEvent]:
            call = replace(Call.new(call_id, queue, phone, now), direct=True)
            return self.acd.dial(username, call, now)

        with self._lock:
            self._registered(username)
            return self._agent_move(username, move)

    def check_dial(self, username: str, queue: str) -> None:
        """Raise the refusal ``username`` placing a call on ``queue`` would meet now, changing
        nothing (asked before the PBX dials)."""
        if queue not in self._rules:
            raise _unknown_queue(queue)
        with self._lock:
            self._registered(username)
            try:
                self.acd.check_dial(username, queue)
            except ValueError as exc:  # the domain's refusals are all ValueErrors
                raise _refusal(exc) from exc

    def caller_hung_up(self, call_id: str) -> Call:
        """The caller hung up (the telephony says so): abandoned if nobody had answered."""
        with self._lock:
            self._live(call_id)
            self._apply(lambda now: self.acd.caller_hang_up(call_id, now))
            return self._latest_leg(call_id)

    def caller_verified(self, call_id: str, customer_id: int) -> Call:
        """The telephony's IVR identified the caller of ``call_id`` as ``customer_id``: the IVR
        verification of the call (``verification.identify_by_ivr``, audited) and, when the
        call rings at or is with an agent, ``caller.verified`` to them, in one transaction.
        Only for a live call: ``call_not_found`` for a call this switchboard does not know,
        ``call_ended`` for one that is over. Returns the call's leg."""
        with self._lock:
            call = self._live_or_refused(call_id)
            now = self.now()
            with self._sessions() as session:
                if verification.identify_by_ivr(session, customer_id, call.id, now=now):
                    publish_caller_verified(session, call, customer_id, now)
                session.commit()
            return call

    def call(self, call_id: str) -> Call | None:
        """The latest leg of a call this switchboard knows (while it counts in the figures)."""
        with self._lock:
            legs = [call for key, call in self._legs.items() if key[0] == call_id]
            return max(legs, key=lambda call: call.leg) if legs else None

    def held_call(self, username: str) -> Call | None:
        """The call ``username`` has on the line now (answered or on hold), or None: what
        verification, unmask and a complaint's reading are bound to."""
        with self._lock:
            if not self.acd.knows(username):
                return None
            leg = self.acd.agent(username).call
            for call in self.acd.calls():
                if call.key == leg and call.agent == username and call.state in ON_THE_LINE:
                    return call
            return None

    def ringing_call(self, username: str) -> Call | None:
        """The call ringing at ``username`` now (offered, not yet answered), or None."""
        with self._lock:
            for call in self.acd.calls():
                if call.agent == username and call.state is CallState.RINGING:
                    return call
            return None

    def telephony_event(self, event: TelephonyEvent) -> TelephonyEventAck:
        """Apply an event from the PBX or cloud contact center (the webhook)."""
        with self._lock:
            if event.type == "call.offered":
                assert event.caller is not None and event.queue is not None  # validated
                try:
                    caller = normalize_phone(event.caller)
                except InvalidPhoneNumber as exc:
                    raise InvalidValue("invalid_phone", f"caller: {exc}") from exc
                call = self.offer(
                    caller, event.queue, call_id=event.call_id, priority=event.priority
                )
            elif event.type == "caller.verified":
                assert event.customer_id is not None  # validated
                call = self.caller_verified(event.call_id, event.customer_id)
            elif event.type == "call.answered":
                live = self._live(event.call_id)
                if live.state is not CallState.RINGING or live.agent is None:
                    raise MoveNotAllowed("illegal_transition", f"call {live.id} is not ringing")
                agent = live.agent
                self._apply(lambda now: self.acd.answer(agent, now, by=Initiator.ACD))
                call = self._latest_leg(event.call_id)
            else:
                call = self.caller_hung_up(event.call_id)
            return TelephonyEventAck(
                call_id=call.id, state=call.state.value, call=call_snapshot(call)
            )

    # -- the supervisor's actions ------------------------------------------------------------

    def supervise_presence(
        self,
        username: str,
        state: AgentState,
        supervisor: str,
        reason: NotReadyReason | None = None,
        *,
        supervisor_name: str = "",
    ) -> None:
        """A supervisor sends ``username`` to not ready (with ``reason``; during a call it
        applies after the wrap-up) or offline (refused during a call, with the domain's
        message)."""
        with self._lock:
            self._registered(username)
            before = self._set_by.get(username)
            self._set_by[username] = (supervisor, reason)
            self._supervisor_names[supervisor] = supervisor_name or supervisor
            try:
                self._apply(
                    lambda now: self.acd.set_presence(
                        username, state, now, reason=reason, by=Initiator.SUPERVISOR
                    )
                )
            except RuleViolation:  # refused: whoever had set the state still has
                if before is None:
                    self._set_by.pop(username, None)
                else:
                    self._set_by[username] = before
                raise

    def move_call(self, call_id: str, queue: str, by: str) -> Call:
        """The supervisor ``by`` moves a waiting call to ``queue``; it keeps its place by
        arrival. The PBX is told first (outside the lock, as :meth:`_commanded`)."""
        self.check_move_call(call_id, queue)
        self.pbx.move(call_id, queue, by)
        with self._lock:
            self._apply(lambda now: self.acd.move(call_id, queue, now))
            return self._latest_leg(call_id)

    def check_move_call(self, call_id: str, queue: str) -> None:
        """Raise the refusal moving ``call_id`` to ``queue`` would meet now, changing nothing
        (asked before the PBX is told)."""
        if queue not in self._rules:
            raise _unknown_queue(queue)
        with self._lock:
            try:
                self.acd.check_move(call_id, queue)
            except ValueError as exc:  # the domain's refusals are all ValueErrors
                raise _refusal(exc) from exc

    def agent_row(self, username: str, team: str, display_name: str) -> AgentRow:
        """The agent grid's row (offline, for an agent the ACD has not seen)."""
        with self._lock:
            self._names.setdefault(username, display_name)
            self._supervised_teams.add(team)
            return self._agent_row(username, team, self.now())

    def waiting(self, queues: list[str]) -> list[WaitingCall]:
        with self._lock:
            return waiting_calls(self.acd.calls(), queues)

    def watch_team(self, team: str) -> None:
        """Tell this team's supervisors of changes in its queues (a supervisor opened it)."""
        with self._lock:
            self._supervised_teams.add(team)

    # -- figures ------------------------------------------------------------------------------

    def board(self) -> QueueBoard:
        with self._lock:
            return self._board(self.now())

    # -- the ticker ------------------------------------------------------------------------------

    def tick(self) -> None:
        """Timers and queue figures due by now (the ticker calls this)."""
        with self._lock:
            now = self.now()
            acd_events = self.acd.tick(now)
            with self._sessions() as session:
                self._absorb(acd_events)
                self._write(session, acd_events, now)
                self._publish_stats(session, now)
                self._publish_intervals(session, now)
                session.commit()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """The app's lifespan part: reload the figures' history, the agents' presence and
        today's intervals, run the ticker."""
        await asyncio.to_thread(self.load_history)
        await asyncio.to_thread(self.load_presence)
        await asyncio.to_thread(self.load_intervals)
        async with self.ticker.running():
            yield

    def load_history(self) -> None:
        """The legs of the figures' window from ``calls`` (so a restart keeps today's wall)."""
        since = self.now() - self.config.stats_window
        with self._sessions() as session:
            rows = session.scalars(
                select(models.CallRecord.snapshot).where(models.CallRecord.queued_at >= since)
            ).all()
        with self._lock:
            for snapshot in rows:
                try:
                    call = Call.from_dict(snapshot)
                except (KeyError, ValueError):
                    continue
                self._legs.setdefault(call.key, call)

    # -- the shared ACD (``shared_acd.py``): state as data, and the leader's transaction -----

    def export_state(self) -> dict[str, Any]:
        """What a new leader needs to carry on: the ACD, each agent's team, the states a
        supervisor set and the supervisors' names, the teams watched. The rest comes back from
        the tables as at a start (figures' history, presence histories, intervals)."""
        with self._lock:
            return {
                "acd": self.acd.snapshot(),
                "teams": dict(sorted(self._teams.items())),
                "set_by": {
                    agent: _set_by_data(set_by) for agent, set_by in sorted(self._set_by.items())
                },
                **self._supervision(),
            }

    def export_changes(self, *, whole: bool = False) -> StateChanges:
        """What changed in :meth:`export_state` since this was last asked or since
        :meth:`import_state` (the state stored): the ACD's agents and legs that it says
        changed (``Acd.snapshot_changes``), the agents whose team or supervisor's setting
        changed, the supervision if it did. The first time, and when asked ``whole``, all of
        it. Only the entries of what changed are built (the teams are compared as one dict):
        0.05 ms for a move at 1,000 agents, where the whole state took 3 ms."""
        with self._lock:
            stored = self._stored
            whole = whole or stored is None
            acd = self.acd.snapshot_changes(whole=whole)
            names = set(acd.agents)
            if stored is None or whole:
                names |= self._teams.keys() | self._set_by.keys()
            else:
                names |= _differing(self._teams, stored.teams)
                names |= _differing(self._set_by, stored.set_by)
            supervision = self._supervision()
            changed = stored is None or whole or supervision != stored.supervision
            self._stored = _Stored(dict(self._teams), dict(self._set_by), supervision)
            return StateChanges(
                clock=acd.clock,
                seq=acd.seq,
                agents={name: self._stored_agent(name, acd) for name in sorted(names)},
                calls=acd.calls,
                supervision=supervision if changed else None,
                complete=acd.complete,
            )

    def import_state(self, data: Mapping[str, Any]) -> None:
        """Carry on from :meth:`export_state` (after the loads of a start); it is the state
        stored, which :meth:`export_changes` counts from."""
        with self._lock:
            self.acd.restore(data["acd"])
            set_by = {
                agent: (supervisor, NotReadyReason(reason) if reason is not None else None)
                for agent, (supervisor, reason) in data["set_by"].items()
            }
            self._stored = _Stored(
                dict(data["teams"]),
                dict(set_by),
                {
                    "supervisor_names": dict(sorted(data["supervisor_names"].items())),
                    "supervised_teams": sorted(data["supervised_teams"]),
                },
            )
            self._teams.update(data["teams"])
            self._set_by = set_by
            self._supervisor_names.update(data["supervisor_names"])
            self._supervised_teams.update(data["supervised_teams"])
            for call in self.acd.calls():
                self._legs[call.key] = call
                self._intervals.add(call)
            self._stats_dirty = True

    def _supervision(self) -> dict[str, Any]:
        return {
            "supervisor_names": dict(sorted(self._supervisor_names.items())),
            "supervised_teams": sorted(self._supervised_teams),
        }

    def _stored_agent(self, name: str, acd: AcdChanges) -> StoredAgent:
        entry = acd.agents.get(name)
        if entry is None:
            try:
                entry = self.acd.snapshot_agent(name)
            except AcdError:  # known by a team or a supervisor's setting only
                entry = None
        set_by = self._set_by.get(name)
        return StoredAgent(
            acd=entry,
            team=self._teams.get(name),
            set_by=_set_by_data(set_by) if set_by is not None else None,
        )

    @contextlib.contextmanager
    def sessions_from(self, sessions: sessionmaker[Session]) -> Iterator[None]:
        """Write through ``sessions`` meanwhile: the shared ACD's leader joins every write of a
        batch of moves to its one transaction, with the moves' outcomes and the new state."""
        with self._lock:
            kept, self._sessions = self._sessions, sessions
            try:
                yield
            finally:
                self._sessions = kept

    # -- set by the admin console (agentdesk.server.teams, system_settings) -----------------------

    # Where the queues an agent serves come from (username, team → queue names; None: the
    # configuration's team skills). Asked at each join and presence change.
    _served: Callable[[str, str], list[str] | None] | None = None

    def serve_from(self, source: Callable[[str, str], list[str] | None]) -> None:
        self._served = source

    def _served_skills(self, username: str, team: str) -> frozenset[str]:
        queues = self._served(username, team) if self._served is not None else None
        if queues is None:
            return self.config.skills_of_team(team)
        return frozenset(self._skills[queue] for queue in queues if queue in self._skills)

    def set_service_levels(self, rules: Mapping[str, ServiceLevelRule]) -> None:
        """New service-level rules of some queues: the next figures use them."""
        with self._lock:
            self._rules.update({q: rule for q, rule in rules.items() if q in self._rules})
            self._stats_dirty = True

    # -- internals --------------------------------------------------------------------------------

    def _join(self, username: str, team: str, now: datetime) -> list[AcdEvent]:
        """Register the agent (offline) the first time; keep their skills up to date."""
        skills = self._served_skills(username, team)
        self._teams[username] = team
        if not self.acd.knows(username):
            self.acd.add_agent(username, skills, now)
            return []
        if self.acd.agent(username).skills != skills:
            return self.acd.set_skills(username, skills, now)
        return []

    def agent_names(self) -> list[str]:
        """The agents the ACD knows (signed in to it at least once), by name."""
        with self._lock:
            return self.acd.agent_names()

    def _skills_of(self, username: str) -> frozenset[str]:
        return self.acd.agent(username).skills

    def _registered(self, username: str) -> None:
        if not self.acd.knows(username):
            raise MoveNotAllowed(
                "not_logged_in", f"{username} has no presence yet: choose ready or not ready"
            )

    def _agent_move(
        self, username: str, move: Callable[[datetime], list[AcdEvent]]
    ) -> AgentCallState:
        with self._lock:
            now = self._apply(move)
            return self._state(username, now)

    def _commanded(
        self,
        username: str,
        call_id: str,
        action: Action,
        command: Callable[[], None],
        move: Callable[[datetime], list[AcdEvent]],
        *,
        queue: str | None = None,
        to_agent: str | None = None,
    ) -> AgentCallState:
        """An agent's move on their call: allowed by the ACD, then done by the PBX
        (``command``, outside the lock), then applied (see the module's docstring)."""
        self.check(username, call_id, action, queue=queue, to_agent=to_agent)
        command()  # refused or unanswered: raises, and nothing has changed
        with self._lock:
            self._own_call(username, call_id)
            return self._agent_move(username, move)

    def _own_call(self, username: str, call_id: str) -> None:
        self._registered(username)
        current = self.acd.agent(username).call
        if current is None or current[0] != call_id:
            raise MoveNotAllowed(
                "not_your_call", f"call {call_id} is not ringing or on the line for you"
            )

    def _apply(self, move: Callable[[datetime], list[AcdEvent]]) -> datetime:
        """Apply one ACD move at the clock's now and publish its events; returns the now."""
        now = self.now()
        try:
            acd_events = move(now)
        except ValueError as exc:  # the domain's refusals are all ValueErrors
            raise _refusal(exc) from exc
        self._publish(acd_events)
        return now

    def _publish(self, acd_events: list[AcdEvent]) -> None:
        self._absorb(acd_events)
        if not acd_events:
            return
        with self._sessions() as session:
            self._write(session, acd_events, self.now())
            session.commit()
        # The figures changed: the ticker publishes them now rather than at its next tick
        # (coalesced, at most one every gap; a supervisor's tile follows a call within it).
        self.ticker.wake()

    def _write(self, session: Session, acd_events: list[AcdEvent], now: datetime) -> None:
        """The events' rows (event log, call history, presence) and the console's events."""
        self._follow_set_by(acd_events)
        by = {
            agent: (supervisor, self._supervisor_names.get(supervisor, supervisor))
            for agent, (supervisor, _) in self._set_by.items()
        }
        publish_acd_events(session, acd_events, self._teams, by=by)
        self._supervise(session, acd_events, now)

    def _absorb(self, acd_events: list[AcdEvent]) -> None:
        """Keep the legs' latest snapshots (the figures and the intervals) and each agent's
        presence over the figures' window (occupancy); hand the PBX's part of the timers'
        moves to ``timer_commands`` (sent off this lock)."""
        for event in acd_events:
            self._stats_dirty = True
            if isinstance(event, CallAbandoned) and event.timed_out and event.call.agent:
                # It rang an agent: an outbound call (a real PBX's callers have no patience
                # timer, they wait until the PBX says they hung up), the PBX still rings it.
                self._timers.hang_up(event.call.id, event.call.agent)
            if isinstance(event, CallEvent):
                self._legs[event.call.key] = event.call
                self._intervals.add(event.call)
            elif isinstance(event, PresenceChanged):
                self._remember(event.agent, event.presence, event.at)

    # -- the supervisor's console ------------------------------------------------------------

    def _follow_set_by(self, acd_events: list[AcdEvent]) -> None:
        """A state a supervisor set stays theirs while it lasts: not ready pending during the
        call and then applied, or offline; any other change of the agent ends it."""
        for event in acd_events:
            if not isinstance(event, PresenceChanged) or event.agent not in self._set_by:
                continue
            _, reason = self._set_by[event.agent]
            presence = event.presence
            if reason is None:
                lasts = presence.state is AgentState.OFFLINE
            else:
                lasts = reason in (presence.reason, presence.pending_reason)
            if not lasts:
                del self._set_by[event.agent]

    def _remember(self, agent: str, presence: AgentPresence, now: datetime) -> None:
        history = self._history.setdefault(agent, [])
        history.append(presence)
        start = now - self.config.stats_window
        while len(history) > 1 and history[1].since <= start:
            del history[0]

    def _display_name(self, session: Session | None, username: str) -> str:
        if username not in self._names and session is not None:
            name = session.scalar(
                select(models.User.display_name).where(models.User.username == username)
            )
            self._names[username] = name or username
        return self._names.get(username, username)

    def _agent_row(
        self, username: str, team: str, now: datetime, session: Session | None = None
    ) -> AgentRow:
        name = self._display_name(session, username)
        if not self.acd.knows(username):
            offline = AgentSnapshot(username, frozenset(), AgentPresence.offline(now), None, None)
            return agent_row(offline, team=team, display_name=name, call=None)
        agent = self.acd.agent(username)
        call = next((c for c in self.acd.calls() if c.key == agent.call), None)
        set_by = self._set_by.get(username, ("", None))[0]
        return agent_row(agent, team=team, display_name=name, call=call, set_by=set_by)

    def _supervise(self, session: Session, acd_events: list[AcdEvent], now: datetime) -> None:
        """``supervisor.agent`` for each agent whose presence or call changed, the agents'
        presence rows, and ``supervisor.waiting`` for the teams whose waiting calls changed."""
        agents: dict[str, None] = {}
        queues: set[str] = set()
        for event in acd_events:
            if isinstance(event, PresenceChanged):
                agents[event.agent] = None
                self._save_presence(session, event.agent, event.presence)
            elif isinstance(event, CallEvent):
                queues.add(event.call.queue)
                if isinstance(event, CallMoved):
                    queues.add(event.from_queue)
                for agent in (event.call.agent, getattr(event, "missed_agent", None)):
                    if agent:
                        agents[agent] = None
        for agent in agents:
            team = self._teams.get(agent, "")
            if team:
                row = self._agent_row(agent, team, now, session)
                events.publish(
                    session,
                    EventKind.SUPERVISOR_AGENT,
                    row.model_dump(mode="json"),
                    at=now,
                    audience=events.supervisors_audience(team),
                )
        if not queues:
            return
        calls = self.acd.calls()
        for team in sorted(self._supervised_teams | set(self._teams.values())):
            mine = self.config.queues_of_team(team)
            if not queues & set(mine):
                continue
            waiting = [w.model_dump(mode="json") for w in waiting_calls(calls, mine)]
            key = json.dumps(waiting)
            if self._waiting_sent.get(team) == key:
                continue
            self._waiting_sent[team] = key
            events.publish(
                session,
                EventKind.SUPERVISOR_WAITING,
                {"team": team, "waiting": waiting},
                at=now,
                audience=events.supervisors_audience(team),
            )

    def _save_presence(self, session: Session, username: str, presence: AgentPresence) -> None:
        set_by = self._set_by.get(username, ("", None))[0]
        save_presence(session, username, self._teams.get(username, ""), presence, set_by)

    def load_presence(self) -> None:
        """The agents' presence as it was before a restart (``presence_store``: an agent who
        was in a call comes back not ready)."""
        now = self.now()
        with self._sessions() as session:
            kept = kept_presences(session, now)
            histories = presence_histories(session, now - self.config.stats_window)
        with self._lock:
            for agent in kept:
                if self.acd.knows(agent.username):
                    continue
                self._teams[agent.username] = agent.team
                skills = self.config.skills_of_team(agent.team)
                self.acd.restore_agent(agent.username, skills, agent.presence)
                history = histories.get(agent.username, [])
                if not history or history[-1] != agent.presence:
                    history.append(agent.presence)
                self._history[agent.username] = history
                if agent.set_by:
                    self._set_by[agent.username] = (agent.set_by, agent.presence.reason)

    def load_intervals(self) -> None:
        """Today's intervals recomputed from ``calls`` (finished legs), so the console of a
        restarted server shows the shift so far."""
        now = self.now()
        day_start = _day_start(now, self.config.time_zone)
        with self._sessions() as session:
            rows = session.scalars(
                select(models.CallRecord.snapshot).where(models.CallRecord.queued_at >= day_start)
            ).all()
            with self._lock:
                for snapshot in rows:
                    try:
                        call = Call.from_dict(snapshot)
                    except (KeyError, ValueError):
                        continue
                    if call.queue in self._rules:
                        self._intervals.add(call)
                self._publish_intervals(session, now)
                session.commit()

    def _publish_intervals(self, session: Session, now: datetime) -> None:
        """Write the intervals whose legs changed (and the one that just closed, for every
        queue), then ``supervisor.interval`` with them to each team's supervisors: at most
        every ``stats_seconds``, and at once when an interval closes."""
        book = self._intervals
        current = interval_start(now, book.minutes)
        closing = book.open_start is not None and current > book.open_start
        if closing:
            assert book.open_start is not None
            for queue in self._rules:
                book.touch((queue, book.open_start))
        book.open_start = current
        pace = timedelta(seconds=self.config.stats_seconds)
        recent = self._intervals_at is not None and now - self._intervals_at < pace
        if recent and not closing:
            return
        written = []
        for queue, start in book.take_dirty():
            rule = self._rules[queue]
            legs = book.legs((queue, start))
            counts = interval_counts(legs, queue, start, minutes=book.minutes, rule=rule)
            # Final once over and every leg queued in it has its outcome and wrap-up.
            finished = all(not c.active and not c.wrap_up_pending for c in legs)
            closed = counts.end <= now and finished
            save_interval(session, counts, closed=closed)
            written.append(interval_stats(counts, rule, closed=closed))
        book.forget_finished(now)
        if not written:
            return
        self._intervals_at = now
        for team in sorted(self._supervised_teams | set(self._teams.values())):
            mine = set(self.config.queues_of_team(team))
            rows = [w.model_dump(mode="json") for w in written if w.queue in mine]
            if rows:
                events.publish(
                    session,
                    EventKind.SUPERVISOR_INTERVAL,
                    {"team": team, "intervals": rows},
                    at=now,
                    audience=events.supervisors_audience(team),
                )

    # -- internals (calls) -------------------------------------------------------------------

    def _live(self, call_id: str) -> Call:
        for call in self.acd.calls():
            if call.id == call_id and call.active:
                return call
        raise UnknownRecord("call_not_found", f"no call {call_id} on the line")

    def _live_or_refused(self, call_id: str) -> Call:
        """The live leg of ``call_id``; a call that is over is a conflict, not an unknown."""
        try:
            return self._live(call_id)
        except UnknownRecord:
            if self.call(call_id) is None:
                raise
        raise MoveNotAllowed("call_ended", f"call {call_id} is over")

    def _latest_leg(self, call_id: str) -> Call:
        found = self.call(call_id)
        assert found is not None  # a move of this call was just absorbed
        return found

    def _state(self, username: str, now: datetime) -> AgentCallState:
        if not self.acd.knows(username):
            # Not in the ACD yet: offline, with no skills until they choose a state.
            presence = AgentPresence.offline(now)
            info = AgentPresenceInfo(username=username, state=presence.state, since=now)
            actions = allowed_actions(presence)
            return AgentCallState(at=now, presence=info, allowed_actions=sorted(actions))
        agent = self.acd.agent(username)
        call = next((c for c in self.acd.calls() if c.key == agent.call), None)
        return AgentCallState(
            at=now,
            presence=presence_info(agent, self._teams.get(username, "")),
            call=call_snapshot(call) if call is not None else None,
            allowed_actions=sorted(allowed_actions(agent.presence)),
        )

    def _board(self, now: datetime, *, with_agents: bool = True) -> QueueBoard:
        window = Window(now - self.config.stats_window, now)
        self._forget_legs_before(window.start, now)
        return queue_board(
            self._legs.values(),
            self._rules,
            self._skills,
            self.acd.agents(),
            window=window,
            now=now,
            teams=self._teams,
            histories=self._history,
            cache=self._shares,
            presence_time=self._presence_time,
            with_agents=with_agents,
        )

    def _forget_legs_before(self, start: datetime, now: datetime) -> None:
        """Forget the finished legs the window has left behind (live ones stay: they still
        count), at most once a second. A finished leg queued before the window counts in no
        figure (the figures take the legs queued inside it, and the waiting ones), so one
        kept a second longer changes nothing; a sweep with every board went over the hour's
        legs up to ten times a second (at 1,000 agents, a quarter of each board's time)."""
        if self._swept_at is not None and now - self._swept_at < _SWEEP_EVERY:
            return
        self._swept_at = now
        for key, call in list(self._legs.items()):
            if call.queued_at < start and not call.active and not call.wrap_up_pending:
                del self._legs[key]
                self._shares.forget(key)

    def _queues_by_team(self) -> dict[str, set[str]]:
        """The queues each team's agents serve (those the ACD knows), by team."""
        by_skill: dict[str, set[str]] = {}
        for queue, skill in self._skills.items():
            by_skill.setdefault(skill, set()).add(queue)
        found: dict[str, set[str]] = {}
        for username, team in self._teams.items():
            if team and self.acd.knows(username):
                served = found.setdefault(team, set())
                for skill in self._skills_of(username):
                    served |= by_skill.get(skill, set())
        return {team: queues for team, queues in found.items() if queues}

    def _publish_stats(self, session: Session, now: datetime) -> None:
        """``queue.stats`` after a change, and every ``stats_seconds`` while figures move: to
        the supervisors every time, and at most every ``agent_stats_seconds`` to each team's
        agents, the figures of the queues the team serves (an agent's bar shows its queue's
        service level; the wall follows each change. At 1,000 desks, ten boards a second to
        every desk were most of the event traffic)."""
        interval = timedelta(seconds=self.config.stats_seconds)
        due = self._stats_at is None or now - self._stats_at >= interval
        agents_may = self._agents_stats_at is None or now - self._agents_stats_at >= timedelta(
            seconds=self.config.agent_stats_seconds
        )
        agents_due = self._agents_owed and agents_may
        if not (self._stats_dirty or due or agents_due):
            return
        board = self._board(now, with_agents=False)
        key = _figures_key(board)
        if not (self._stats_dirty or agents_due) and key == (self._stats_key or key):
            self._stats_at, self._stats_key = now, key  # nothing moved: no event
            return
        # The queues' figures only: the agents' lines would make the event grow with the
        # floor (192 KB at 1,000 agents, past what a desk reads as one line), and each stream
        # would need its own filtered copy. The console's grid has supervisor.agent, a
        # transfer reads GET /telephony/queues.
        data = board.model_dump(mode="json", exclude={"agents"})
        audience = events.AUDIENCE_SUPERVISORS
        events.publish(session, EventKind.QUEUE_STATS, data, at=now, audience=audience)
        if agents_may:
            # Each team's agents, the queues they serve: a desk's bar shows its queue's
            # figures, and the whole board (20 queues, 42 KB) to 1,000 desks every 2 s was
            # 21 MB a second to send and for the desks to read.
            for team, queues in sorted(self._queues_by_team().items()):
                part = {**data, "queues": [q for q in data["queues"] if q["queue"] in queues]}
                audience = events.team_audience(team)
                events.publish(session, EventKind.QUEUE_STATS, part, at=now, audience=audience)
            self._agents_stats_at, self._agents_owed = now, False
        else:
            self._agents_owed = True
        self._stats_dirty = False
        self._stats_at = now
        self._stats_key = key
