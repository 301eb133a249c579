"""The ACD (automatic call distributor): queues, agents and the routing of calls between them.

:class:`Acd` is a deterministic state object. It changes only through its methods, each of
which takes ``now`` (an aware datetime that never goes backwards) and returns the domain events
of the change for the server's event stream. No threads, no sleeps, no clock reads: the server
calls :meth:`Acd.tick` on its own timer, and a test passes constructed datetimes.

Routing: a call goes to the *longest-idle* ready agent who has its queue's skill; idle since
the end of their last wrap-up or since they last became ready (ties: agent id, so the result
never depends on dict order). Without one the call waits; waiting calls are served by priority,
then first in first out by ``queued_at``. When an agent becomes ready they take the oldest call
among the queues they serve.

Timers: before doing anything at ``now`` the ACD first applies, in time order and at their own
instants, the deadlines that passed: callers past their patience abandon (while waiting or
ringing), rings past ``ring_timeout_s`` are missed (the agent goes not ready with reason
``missed_call`` and the call is offered to the next longest-idle agent, keeping its place), and
wrap-ups past ``wrap_up_limit_s`` end. A deadline fires only once ``now`` is past it: an answer
at exactly the ring timeout still counts. So the state is a function of the calls made, however
often ``tick`` runs.

Events are queued inside the ACD and handed out by the next method that succeeds, so the events
of deadlines applied just before a refused operation are not lost.

State as data: :meth:`Acd.snapshot` is the whole state; :meth:`Acd.snapshot_changes` the agents
and legs changed since it was last asked (the shared ACD's leader writes only those).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from agentdesk.domain.acd_events import (
    AcdEvent,
    CallAbandoned,
    CallAnswered,
    CallEnded,
    CallEvent,
    CallHeld,
    CallMissed,
    CallMoved,
    CallOffered,
    CallQueued,
    CallResumed,
    CallTransferred,
    PresenceChanged,
    WrapUpFinished,
)
from agentdesk.domain.calls import Call, CallState
from agentdesk.domain.presence import (
    BUSY_STATES,
    Action,
    AgentPresence,
    AgentState,
    Initiator,
    NotReadyReason,
    PresenceEvent,
    transition,
)
from agentdesk.domain.queue_stats import ServiceLevelRule

__all__ = [
    "Acd",
    "AcdChanges",
    "AcdError",
    "AcdEvent",
    "AgentSnapshot",
    "CallAbandoned",
    "CallAnswered",
    "CallEnded",
    "CallEvent",
    "CallHeld",
    "CallMissed",
    "CallMoved",
    "CallOffered",
    "CallQueued",
    "CallResumed",
    "CallTransferred",
    "PresenceChanged",
    "QueueConfig",
    "WrapUpFinished",
]


class AcdError(ValueError):
    """An ACD request that cannot be done: unknown ids, a busy target, time going backwards."""


@dataclass(frozen=True)
class QueueConfig:
    name: str
    skill: str = ""  # empty: the queue's own name is the skill
    service_level: ServiceLevelRule = ServiceLevelRule()
    # Simulated callers' patience; None: callers wait until they hang up (a real PBX says so).
    patience_s: float | None = None

    @property
    def required_skill(self) -> str:
        return self.skill or self.name


@dataclass(frozen=True)
class AgentSnapshot:
    agent: str
    skills: frozenset[str]
    presence: AgentPresence
    idle_since: datetime | None  # set while ready (and kept while ringing)
    call: tuple[str, int] | None  # the leg ringing, on the line or in wrap-up


@dataclass(frozen=True)
class AcdChanges:
    """The part of :meth:`Acd.snapshot` that changed since it was last handed out: the entries
    of the agents and legs changed (a leg that is gone: None), and the clock and arrival count
    as they are now. ``complete``: every agent and leg is here (the first hand-out, or one
    asked for whole); whatever is not here is gone."""

    clock: str | None
    seq: int
    agents: dict[str, dict[str, Any]]
    calls: dict[tuple[str, int], dict[str, Any] | None]
    complete: bool = False


# -- the ACD ---------------------------------------------------------------------------------


@dataclass
class _Agent:
    skills: frozenset[str]
    presence: AgentPresence
    idle_since: datetime | None = None
    call: tuple[str, int] | None = None


@dataclass
class _Live:
    call: Call
    seq: int  # arrival order: the FIFO tie-break
    patience_s: float | None = field(default=None)


@dataclass
class _Changed:
    """The agents and legs changed since :meth:`Acd.snapshot_changes` last handed them out."""

    agents: set[str] = field(default_factory=set)
    legs: set[tuple[str, int]] = field(default_factory=set)


# Deadline kinds in the order they apply at the same instant: a caller who hangs up as the ring
# times out has abandoned, not been missed.
_ABANDON, _RING_TIMEOUT, _WRAP_UP_LIMIT = 0, 1, 2


class Acd:
    def __init__(self, *, ring_timeout_s: float = 15.0, wrap_up_limit_s: float | None = None):
        self.ring_timeout_s = ring_timeout_s
        self.wrap_up_limit_s = wrap_up_limit_s
        self._queues: dict[str, QueueConfig] = {}
        self._agents: dict[str, _Agent] = {}
        self._calls: dict[tuple[str, int], _Live] = {}
        self._seq = 0
        self._clock: datetime | None = None
        self._outbox: list[AcdEvent] = []
        # None until changes are first asked for: an ACD nobody stores (a single server's)
        # keeps no record of them, which would grow with every leg.
        self._changed: _Changed | None = None

    # -- set-up and views ----------------------------------------------------------------

    def add_queue(self, config: QueueConfig) -> None:
        self._queues[config.name] = config

    def add_agent(self, agent: str, skills: Iterable[str], now: datetime) -> None:
        """Register an agent, offline until they choose a state."""
        if agent in self._agents:
            raise AcdError(f"agent {agent} is already registered")
        self._agents[agent] = _Agent(frozenset(skills), AgentPresence.offline(now))
        self._agent_changed(agent)

    def restore_agent(self, agent: str, skills: Iterable[str], presence: AgentPresence) -> None:
        """Register an agent in a presence kept from before a restart (offline, ready or not
        ready: the caller turns a call state, whose call is gone, into one of these). A
        ready agent is idle since ``presence.since``. Nothing is routed until the next move."""
        if agent in self._agents:
            raise AcdError(f"agent {agent} is already registered")
        if presence.state in BUSY_STATES:
            raise AcdError(f"agent {agent} cannot be restored in a call state ({presence.state})")
        idle = presence.since if presence.state is AgentState.READY else None
        self._agents[agent] = _Agent(frozenset(skills), presence, idle_since=idle)
        self._agent_changed(agent)

    def set_skills(self, agent: str, skills: Iterable[str], now: datetime) -> list[AcdEvent]:
        self._advance(now)
        self._agent(agent).skills = frozenset(skills)
        self._agent_changed(agent)
        self._route(now)
        return self._drain()

    def queue(self, name: str) -> QueueConfig:
        try:
            return self._queues[name]
        except KeyError:
            raise AcdError(f"no queue {name}") from None

    def agent(self, agent: str) -> AgentSnapshot:
        slot = self._agent(agent)
        return AgentSnapshot(agent, slot.skills, slot.presence, slot.idle_since, slot.call)

    def agents(self) -> list[AgentSnapshot]:
        return [self.agent(a) for a in sorted(self._agents)]

    def knows(self, agent: str) -> bool:
        """Whether ``agent`` was added (asked at every move: no snapshot of every agent)."""
        return agent in self._agents

    def agent_names(self) -> list[str]:
        return sorted(self._agents)

    def calls(self) -> list[Call]:
        """Live legs: waiting, ringing, on the line, or in their agent's wrap-up."""
        return [live.call for live in self._calls.values()]

    def waiting(self, queue: str | None = None) -> list[Call]:
        """Waiting calls in the order they will be served."""
        return [c for c in self._waiting_in_order() if queue is None or c.queue == queue]

    # -- state as data (the shared ACD's snapshot: a new leader carries on from it) --------

    def snapshot(self) -> dict[str, Any]:
        """The ACD's state as JSON-ready data: agents, live legs with their arrival order and
        patience, and the instant it last moved to. Timers are not state: they follow from
        these (see the module's docstring), so a restored ACD fires them as this one would."""
        return {
            "clock": _iso(self._clock),
            "seq": self._seq,
            "agents": {name: _agent_entry(slot) for name, slot in sorted(self._agents.items())},
            "calls": [_leg_entry(live) for live in self._calls.values()],
        }

    def snapshot_agent(self, agent: str) -> dict[str, Any]:
        """One agent's entry of :meth:`snapshot`."""
        return _agent_entry(self._agent(agent))

    def snapshot_changes(self, *, whole: bool = False) -> AcdChanges:
        """What changed in :meth:`snapshot` since this was last asked, or since :meth:`restore`:
        the shared ACD's leader writes only these. The first time (and when asked ``whole``),
        every agent and leg, ``complete``.

        Each method marks the agents and legs it changes, next to the change, so a move costs
        its own entries, not the floor's. Telling the changes from the entries instead would
        build every entry for every batch and tick: at 1,000 agents and 280 live legs, 3 ms,
        and as long again to compare them, where a move changes one to three entries (0.05 ms
        to hand them out). A change left unmarked would be a stale row, restored by the next
        leader: ``tests/core/test_acd_snapshot.py`` adds the changes handed out after every
        move of a random walk through every kind of move and timer up to the snapshot.

        The clock alone is no change. Stored as of the last change rather than the last tick,
        it restores an ACD that fires the same timers at the same instants: a deadline before
        a later tick would have fired at that tick, which would then have been a change."""
        changed, self._changed = self._changed, _Changed()
        if changed is None or whole:
            return AcdChanges(
                _iso(self._clock),
                self._seq,
                {name: _agent_entry(slot) for name, slot in sorted(self._agents.items())},
                {key: _leg_entry(live) for key, live in self._calls.items()},
                complete=True,
            )
        return AcdChanges(
            _iso(self._clock),
            self._seq,
            {name: _agent_entry(self._agents[name]) for name in sorted(changed.agents)},
            {
                key: _leg_entry(self._calls[key]) if key in self._calls else None
                for key in sorted(changed.legs)
            },
        )

    def restore(self, data: dict[str, Any]) -> None:
        """Take the state of :meth:`snapshot` (the queues are configuration: added first).
        Events not yet handed out are dropped: the snapshot was taken after they were.
        Changes count from here (:meth:`snapshot_changes`): this is the state stored."""
        agents: dict[str, _Agent] = {}
        for name, slot in data["agents"].items():
            call = slot["call"]
            agents[name] = _Agent(
                frozenset(slot["skills"]),
                AgentPresence.from_dict(slot["presence"]),
                idle_since=_from_iso(slot["idle_since"]),
                call=(call[0], int(call[1])) if call is not None else None,
            )
        calls: dict[tuple[str, int], _Live] = {}
        for entry in data["calls"]:
            live = _Live(Call.from_dict(entry["call"]), entry["seq"], entry["patience_s"])
            calls[live.call.key] = live
        self._agents, self._calls = agents, calls
        self._seq = data["seq"]
        self._clock = _from_iso(data["clock"])
        self._outbox = []
        self._changed = _Changed()  # as stored

    # -- calls ---------------------------------------------------------------------------

    def offer(
        self, call: Call, now: datetime, *, patience_s: float | None = None
    ) -> list[AcdEvent]:
        """A call reaches its queue; it rings the longest-idle skilled ready agent or waits."""
        self._advance(now)
        queue = self.queue(call.queue)
        if call.state is not CallState.QUEUED or call.queued_at > now:
            raise AcdError(f"call {call.id} is not a call waiting to be queued at {now}")
        if call.key in self._calls:
            raise AcdError(f"call {call.id} leg {call.leg} is already in the ACD")
        self._enqueue(call, patience_s if patience_s is not None else queue.patience_s, now)
        self._route(now)
        return self._drain()

    def answer(
        self, agent: str, now: datetime, *, by: Initiator = Initiator.AGENT
    ) -> list[AcdEvent]:
        self._advance(now)
        self._call_move(agent, now, Action.ANSWER, by, Call.answer, CallAnswered)
        return self._drain()

    def hold(self, agent: str, now: datetime) -> list[AcdEvent]:
        self._advance(now)
        self._call_move(agent, now, Action.HOLD, Initiator.AGENT, Call.hold, CallHeld)
        return self._drain()

    def resume(self, agent: str, now: datetime) -> list[AcdEvent]:
        self._advance(now)
        self._call_move(agent, now, Action.RESUME, Initiator.AGENT, Call.resume, CallResumed)
        return self._drain()

    def hang_up(self, agent: str, now: datetime) -> list[AcdEvent]:
        """The agent hangs up; wrap-up begins."""
        self._advance(now)
        self._call_move(agent, now, Action.HANG_UP, Initiator.AGENT, Call.hang_up, CallEnded)
        return self._drain()

    def caller_hang_up(self, call_id: str, now: datetime) -> list[AcdEvent]:
        """The caller hangs up (telephony reports it): abandoned before an answer, else ended."""
        self._advance(now)
        live = next(
            (v for v in self._calls.values() if v.call.id == call_id and v.call.active), None
        )
        if live is None:
            raise AcdError(f"no call {call_id} on the line")
        if live.call.state in {CallState.QUEUED, CallState.RINGING}:
            self._abandon(live, now)
        else:
            assert live.call.agent is not None
            self._call_move(
                live.call.agent, now, Action.HANG_UP, Initiator.ACD, Call.hang_up, CallEnded
            )
        self._route(now)
        return self._drain()

    def transfer(
        self,
        agent: str,
        now: datetime,
        *,
        to_queue: str | None = None,
        to_agent: str | None = None,
    ) -> list[AcdEvent]:
        """Blind transfer: this leg ends (the agent goes to wrap-up) and a new leg starts."""
        self._advance(now)
        slot = self._agent(agent)
        presence = transition(slot.presence, PresenceEvent(Action.TRANSFER), now)
        live, target = self._live_of(agent), None
        if to_queue is not None:
            self.queue(to_queue)
        if to_agent is not None:
            target = self._transfer_target(agent, to_agent)
        done, new_leg = live.call.transfer(now, to_queue=to_queue, to_agent=to_agent)
        live.call = done
        self._leg_changed(done.key)
        self._emit(CallTransferred(now, done))
        self._set_presence(agent, slot, presence, now)
        patience = self.queue(new_leg.queue).patience_s
        if to_agent is None:
            self._enqueue(new_leg, patience, now)
        else:
            assert target is not None
            self._seq += 1
            self._calls[new_leg.key] = _Live(new_leg, self._seq, patience)
            self._leg_changed(new_leg.key)
            self._ring(self._calls[new_leg.key], to_agent, now)
        self._route(now)
        return self._drain()

    def check(
        self, agent: str, action: Action, now: datetime, *, to_agent: str | None = None
    ) -> None:
        """Raise what ``agent``'s ``action`` on their call (answer, hold, resume, hang up,
        transfer, to ``to_agent`` if given) would be refused with at ``now``, changing nothing:
        what is asked before the move is sent to the PBX. Timers due by ``now`` are not run
        first, so the move itself may still be refused (a ring that just timed out)."""
        transition(self._agent(agent).presence, PresenceEvent(action), now)
        self._live_of(agent)
        if to_agent is not None:
            self._transfer_target(agent, to_agent)

    def move(self, call_id: str, to_queue: str, now: datetime) -> list[AcdEvent]:
        """A supervisor moves a waiting call to another queue: the leg keeps its
        ``queued_at`` (its place by arrival time) and its priority, and is routed there."""
        self._advance(now)
        live = self._movable(call_id, to_queue)
        from_queue = live.call.queue
        live.call = replace(live.call, queue=to_queue)
        self._leg_changed(live.call.key)
        self._emit(CallMoved(now, live.call, from_queue=from_queue))
        self._route(now)
        return self._drain()

    def check_move(self, call_id: str, to_queue: str) -> None:
        """Raise what moving ``call_id`` to ``to_queue`` would be refused with, changing
        nothing: what is asked before the move is sent to the PBX (timers not run first, as
        :meth:`check`)."""
        self._movable(call_id, to_queue)

    def dial(self, agent: str, call: Call, now: datetime) -> list[AcdEvent]:
        """An outbound call the agent places (a care call from a task): the leg rings the agent
        at once, as a direct leg that never waits in a queue; the agent answers it when the
        customer picks up. Unanswered by the ring timeout, it ends (abandoned) rather than
        going to the queue, where another agent would be rung with someone else's call."""
        self._advance(now)
        self.check_dial(agent, call.queue)
        if call.state is not CallState.QUEUED or not call.direct:
            raise AcdError(f"call {call.id} is not a new outbound call")
        if call.key in self._calls:
            raise AcdError(f"call {call.id} leg {call.leg} is already in the ACD")
        self._seq += 1
        self._calls[call.key] = _Live(call, self._seq, self.ring_timeout_s)
        self._leg_changed(call.key)
        self._ring(self._calls[call.key], agent, now)
        return self._drain()

    def check_dial(self, agent: str, queue: str) -> None:
        """Raise what ``agent`` placing a call on ``queue`` would be refused with, changing
        nothing: what is asked before the PBX dials (timers not run first, as :meth:`check`)."""
        slot = self._agent(agent)
        self.queue(queue)
        if slot.presence.state is not AgentState.READY:
            raise AcdError(f"agent {agent} is not ready to place a call")

    def finish_wrap_up(
        self, agent: str, now: datetime, *, by: Initiator = Initiator.AGENT
    ) -> list[AcdEvent]:
        self._advance(now)
        self._finish_wrap_up(agent, now, by)
        self._route(now)
        return self._drain()

    # -- presence ------------------------------------------------------------------------

    def set_presence(
        self,
        agent: str,
        state: AgentState,
        now: datetime,
        *,
        reason: NotReadyReason | None = None,
        by: Initiator = Initiator.AGENT,
    ) -> list[AcdEvent]:
        """Ready, not ready (with a reason) or offline; during a call, "after this call"."""
        actions = {
            AgentState.READY: Action.GO_READY,
            AgentState.NOT_READY: Action.GO_NOT_READY,
            AgentState.OFFLINE: Action.LOG_OUT,
        }
        if state not in actions:
            raise AcdError(f"an agent cannot choose {state}; the ACD and the call set it")
        self._advance(now)
        slot = self._agent(agent)
        presence = transition(slot.presence, PresenceEvent(actions[state], by, reason), now)
        self._set_presence(agent, slot, presence, now)
        self._route(now)
        return self._drain()

    def tick(self, now: datetime) -> list[AcdEvent]:
        """Apply the timers due by ``now``: abandons, ring timeouts, wrap-up limits."""
        self._advance(now)
        return self._drain()

    # -- internals -----------------------------------------------------------------------

    def _agent(self, agent: str) -> _Agent:
        try:
            return self._agents[agent]
        except KeyError:
            raise AcdError(f"no agent {agent}") from None

    def _live_of(self, agent: str) -> _Live:
        key = self._agent(agent).call
        if key is None:
            raise AcdError(f"agent {agent} has no call")
        return self._calls[key]

    def _transfer_target(self, agent: str, to_agent: str) -> _Agent:
        target = self._agent(to_agent)
        if target.presence.state is not AgentState.READY or to_agent == agent:
            raise AcdError(f"agent {to_agent} is not ready to take a transfer")
        return target

    def _emit(self, event: AcdEvent) -> None:
        self._outbox.append(event)

    def _drain(self) -> list[AcdEvent]:
        events, self._outbox = self._outbox, []
        return events

    # Every change of an agent's slot or of a live leg (added, moved on, gone) is marked by one
    # of these two, next to it: what the shared ACD's leader writes (:meth:`snapshot_changes`).

    def _agent_changed(self, agent: str) -> None:
        if self._changed is not None:
            self._changed.agents.add(agent)

    def _leg_changed(self, key: tuple[str, int]) -> None:
        if self._changed is not None:
            self._changed.legs.add(key)

    def _enqueue(self, call: Call, patience_s: float | None, at: datetime) -> None:
        self._seq += 1
        self._calls[call.key] = _Live(call, self._seq, patience_s)
        self._leg_changed(call.key)
        self._emit(CallQueued(at, call))

    def _set_presence(
        self, agent: str, slot: _Agent, presence: AgentPresence, at: datetime
    ) -> None:
        previous = slot.presence.state
        if presence.state is AgentState.READY and previous is not AgentState.RINGING:
            slot.idle_since = at  # a cancelled ring does not reset the agent's idle time
        elif presence.state not in {AgentState.READY, AgentState.RINGING}:
            slot.idle_since = None
        slot.presence = presence
        self._agent_changed(agent)
        self._emit(PresenceChanged(at, agent, presence, previous))

    def _call_move(
        self,
        agent: str,
        at: datetime,
        action: Action,
        by: Initiator,
        step: Callable[[Call, datetime], Call],
        event: type[CallEvent],
    ) -> None:
        # Both new values are computed before either is stored: a refused move changes nothing.
        # The presence check comes first: its refusal names the agent's state (ready → wrap_up).
        slot = self._agent(agent)
        presence = transition(slot.presence, PresenceEvent(action, by), at)
        live = self._live_of(agent)
        live.call = step(live.call, at)
        self._leg_changed(live.call.key)
        self._emit(event(at, live.call))
        self._set_presence(agent, slot, presence, at)

    def _ring(self, live: _Live, agent: str, at: datetime) -> None:
        slot = self._agents[agent]
        presence = transition(slot.presence, PresenceEvent(Action.RING, Initiator.ACD), at)
        live.call = live.call.ring(agent, at)
        slot.call = live.call.key
        self._leg_changed(live.call.key)
        self._agent_changed(agent)
        self._emit(CallOffered(at, live.call))
        self._set_presence(agent, slot, presence, at)

    def _movable(self, call_id: str, to_queue: str) -> _Live:
        """The waiting leg of ``call_id``, if a supervisor may move it to ``to_queue``."""
        self.queue(to_queue)
        live = next(
            (v for v in self._calls.values() if v.call.id == call_id and v.call.active), None
        )
        if live is None:
            raise AcdError(f"no call {call_id} on the line")
        if live.call.state is not CallState.QUEUED:
            raise AcdError(f"call {call_id} is no longer waiting ({live.call.state})")
        if live.call.queue == to_queue:
            raise AcdError(f"call {call_id} already waits in {to_queue}")
        return live

    def _abandon(self, live: _Live, at: datetime, *, timed_out: bool = False) -> None:
        ringing_agent = live.call.agent if live.call.state is CallState.RINGING else None
        live.call = live.call.abandon(at)
        del self._calls[live.call.key]
        self._leg_changed(live.call.key)
        self._emit(CallAbandoned(at, live.call, timed_out=timed_out))
        if ringing_agent is not None:
            slot = self._agents[ringing_agent]
            slot.call = None
            self._agent_changed(ringing_agent)
            presence = transition(
                slot.presence, PresenceEvent(Action.RING_CANCELLED, Initiator.ACD), at
            )
            self._set_presence(ringing_agent, slot, presence, at)

    def _miss(self, live: _Live, at: datetime) -> None:
        agent = live.call.agent
        assert agent is not None
        slot = self._agents[agent]
        live.call = live.call.miss(at)
        slot.call = None
        self._leg_changed(live.call.key)
        self._agent_changed(agent)
        self._emit(CallMissed(at, live.call, missed_agent=agent))
        presence = transition(slot.presence, PresenceEvent(Action.RING_TIMEOUT, Initiator.ACD), at)
        self._set_presence(agent, slot, presence, at)

    def _finish_wrap_up(self, agent: str, at: datetime, by: Initiator) -> None:
        slot = self._agent(agent)
        presence = transition(slot.presence, PresenceEvent(Action.FINISH_WRAP_UP, by), at)
        live = self._live_of(agent)
        done = live.call.finish_wrap_up(at)
        del self._calls[done.key]
        slot.call = None
        self._leg_changed(done.key)
        self._agent_changed(agent)
        self._emit(WrapUpFinished(at, done))
        self._set_presence(agent, slot, presence, at)

    def _waiting_in_order(self) -> list[Call]:
        waiting = [v for v in self._calls.values() if v.call.state is CallState.QUEUED]
        waiting.sort(key=lambda v: (-v.call.priority, v.call.queued_at, v.seq))
        return [v.call for v in waiting]

    def _route(self, at: datetime) -> None:
        for call in self._waiting_in_order():
            skill = self._queues[call.queue].required_skill
            ready = [
                (slot.idle_since or at, name)  # always set while ready
                for name, slot in self._agents.items()
                if slot.presence.state is AgentState.READY and skill in slot.skills
            ]
            if ready:
                _, longest_idle = min(ready)
                self._ring(self._calls[call.key], longest_idle, at)

    def _next_deadline(self) -> tuple[datetime, int, int, tuple[str, int] | str] | None:
        due: list[tuple[datetime, int, int, tuple[str, int] | str]] = []
        for key, live in self._calls.items():
            call = live.call
            if call.state in {CallState.QUEUED, CallState.RINGING} and live.patience_s is not None:
                due.append((_plus(call.queued_at, live.patience_s), _ABANDON, live.seq, key))
            if call.state is CallState.RINGING and call.rang_at is not None:
                due.append((_plus(call.rang_at, self.ring_timeout_s), _RING_TIMEOUT, live.seq, key))
        if self.wrap_up_limit_s is not None:
            for n, (name, slot) in enumerate(sorted(self._agents.items())):
                if slot.presence.state is AgentState.WRAP_UP:
                    deadline = _plus(slot.presence.since, self.wrap_up_limit_s)
                    due.append((deadline, _WRAP_UP_LIMIT, n, name))
        return min(due, default=None)

    def _advance(self, now: datetime) -> None:
        if now.tzinfo is None or now.utcoffset() is None:
            raise AcdError("ACD times must be timezone-aware datetimes")
        if self._clock is not None and now < self._clock:
            raise AcdError(f"time went backwards: {now} is before {self._clock}")
        while (due := self._next_deadline()) is not None and due[0] < now:
            deadline, kind, _, target = due
            # A leg queued with a past queued_at may be due before the last change: not earlier.
            at = max(deadline, self._clock) if self._clock is not None else deadline
            self._clock = at
            if kind == _ABANDON:
                assert isinstance(target, tuple)
                self._abandon(self._calls[target], at, timed_out=True)
            elif kind == _RING_TIMEOUT:
                assert isinstance(target, tuple)
                self._miss(self._calls[target], at)
            else:
                assert isinstance(target, str)
                self._finish_wrap_up(target, at, Initiator.ACD)
            self._route(at)
        self._clock = now


def _agent_entry(slot: _Agent) -> dict[str, Any]:
    return {
        "skills": sorted(slot.skills),
        "presence": slot.presence.to_dict(),
        "idle_since": _iso(slot.idle_since),
        "call": list(slot.call) if slot.call is not None else None,
    }


def _leg_entry(live: _Live) -> dict[str, Any]:
    return {"call": live.call.to_dict(), "seq": live.seq, "patience_s": live.patience_s}


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def _from_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None


def _plus(at: datetime, seconds: float) -> datetime:
    return at + timedelta(seconds=seconds)
