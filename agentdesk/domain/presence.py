"""Agent presence: the agent-state machine of the softphone bar and the supervisor's agent grid.

An agent is ``offline``, ``ready`` (waiting for a call), ``not_ready`` (with a reason code),
``ringing`` (a call is presented), ``on_call``, ``hold`` or ``wrap_up`` (after-call work).
Who may make which move is an explicit table, :data:`TRANSITIONS`:

* the agent chooses ready / not ready / offline (a supervisor may also send an agent to not
  ready, after the call if they are on one, or offline when no call is going on; never to
  ready: a supervisor cannot know the agent is at the desk);
* the ACD rings a ready agent, times out an unanswered ring (the agent goes not ready with
  reason ``missed_call``, as most ACDs do, so the next call is not sent to an empty chair) and
  cancels a ring when the caller hangs up first;
* answering puts the agent on the call, hold and resume toggle, hanging up or transferring
  starts wrap-up, and finishing wrap-up makes the agent ready again.

Choosing "not ready" while busy (ringing, on a call, on hold, in wrap-up) does not interrupt the
call: it is remembered as ``pending_reason`` and applied when the agent would otherwise become
ready, which is what the agent means by "break after this call". Choosing "ready" while busy
cancels that pending reason.

Time is passed in (aware datetimes); nothing here reads a clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

__all__ = [
    "BUSY_STATES",
    "LOGGED_IN_STATES",
    "TRANSITIONS",
    "Action",
    "AgentPresence",
    "AgentState",
    "IllegalTransition",
    "Initiator",
    "Move",
    "NotReadyReason",
    "PresenceEvent",
    "allowed_actions",
    "transition",
]


class AgentState(StrEnum):
    OFFLINE = "offline"
    READY = "ready"
    NOT_READY = "not_ready"
    RINGING = "ringing"
    ON_CALL = "on_call"
    HOLD = "hold"
    WRAP_UP = "wrap_up"


class NotReadyReason(StrEnum):
    BREAK = "break"
    LUNCH = "lunch"
    TRAINING = "training"
    MEETING = "meeting"
    COACHING = "coaching"
    OUTBOUND_WORK = "outbound_work"  # callbacks and care calls placed by the agent
    AFTER_CALL_WORK_EXTENDED = "after_call_work_extended"
    SYSTEM_ISSUE = "system_issue"
    MISSED_CALL = "missed_call"  # set by the ACD on a ring timeout, never chosen


class Initiator(StrEnum):
    """Who starts a presence move: the table allows each move to some of them. (Not who a
    person is: the server's ``Actor`` is that.)"""

    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ACD = "acd"  # the ACD or the telephony behind it (a caller hanging up is reported by it)


class Action(StrEnum):
    GO_READY = "go_ready"
    GO_NOT_READY = "go_not_ready"
    LOG_OUT = "log_out"
    RING = "ring"
    ANSWER = "answer"
    RING_TIMEOUT = "ring_timeout"
    RING_CANCELLED = "ring_cancelled"
    HOLD = "hold"
    RESUME = "resume"
    HANG_UP = "hang_up"
    TRANSFER = "transfer"
    FINISH_WRAP_UP = "finish_wrap_up"


# States in which an agent is handling a call: "not ready" and "ready" are deferred, not applied.
BUSY_STATES = frozenset(
    {AgentState.RINGING, AgentState.ON_CALL, AgentState.HOLD, AgentState.WRAP_UP}
)
# States in which the agent is logged in (occupancy and the agent grid use this).
LOGGED_IN_STATES = frozenset(AgentState) - {AgentState.OFFLINE}


@dataclass(frozen=True)
class Move:
    """One row of the transition table: ``action`` by one of ``by`` moves ``source`` to
    ``target``. A row whose target equals its busy source only records or clears a pending
    not-ready reason."""

    source: AgentState
    action: Action
    target: AgentState
    by: frozenset[Initiator]


_S = AgentState
_A = Action
_AGENT = frozenset({Initiator.AGENT})
_AGENT_OR_SUPERVISOR = frozenset({Initiator.AGENT, Initiator.SUPERVISOR})
_ACD = frozenset({Initiator.ACD})
_AGENT_OR_ACD = frozenset(
    {Initiator.AGENT, Initiator.ACD}
)  # ACD: auto-answer, caller hang-up, timers

TRANSITIONS: tuple[Move, ...] = (
    Move(_S.OFFLINE, _A.GO_READY, _S.READY, _AGENT),
    Move(_S.OFFLINE, _A.GO_NOT_READY, _S.NOT_READY, _AGENT),
    Move(_S.READY, _A.GO_NOT_READY, _S.NOT_READY, _AGENT_OR_SUPERVISOR),
    Move(_S.READY, _A.LOG_OUT, _S.OFFLINE, _AGENT_OR_SUPERVISOR),
    Move(_S.NOT_READY, _A.GO_READY, _S.READY, _AGENT),
    Move(_S.NOT_READY, _A.GO_NOT_READY, _S.NOT_READY, _AGENT_OR_SUPERVISOR),  # another reason
    Move(_S.NOT_READY, _A.LOG_OUT, _S.OFFLINE, _AGENT_OR_SUPERVISOR),
    Move(_S.READY, _A.RING, _S.RINGING, _ACD),
    Move(_S.RINGING, _A.ANSWER, _S.ON_CALL, _AGENT_OR_ACD),
    Move(_S.RINGING, _A.RING_TIMEOUT, _S.NOT_READY, _ACD),
    Move(_S.RINGING, _A.RING_CANCELLED, _S.READY, _ACD),
    Move(_S.ON_CALL, _A.HOLD, _S.HOLD, _AGENT),
    Move(_S.HOLD, _A.RESUME, _S.ON_CALL, _AGENT),
    Move(_S.ON_CALL, _A.HANG_UP, _S.WRAP_UP, _AGENT_OR_ACD),
    Move(_S.HOLD, _A.HANG_UP, _S.WRAP_UP, _AGENT_OR_ACD),
    Move(_S.ON_CALL, _A.TRANSFER, _S.WRAP_UP, _AGENT),
    Move(_S.HOLD, _A.TRANSFER, _S.WRAP_UP, _AGENT),
    Move(_S.WRAP_UP, _A.FINISH_WRAP_UP, _S.READY, _AGENT_OR_ACD),
    # A supervisor may also send a busy agent to not ready after the call (e.g. coaching).
    *(Move(busy, _A.GO_NOT_READY, busy, _AGENT_OR_SUPERVISOR) for busy in sorted(BUSY_STATES)),
    *(Move(busy, _A.GO_READY, busy, _AGENT) for busy in sorted(BUSY_STATES)),
)

_TABLE: dict[tuple[AgentState, Action], Move] = {(m.source, m.action): m for m in TRANSITIONS}
if len(_TABLE) != len(TRANSITIONS):  # pragma: no cover - a guard on the table itself
    raise AssertionError("the presence transition table has duplicate rows")

# Where an action leads, for error messages about moves that have no row at all.
_NOMINAL_TARGET: dict[Action, AgentState] = {
    _A.GO_READY: _S.READY,
    _A.GO_NOT_READY: _S.NOT_READY,
    _A.LOG_OUT: _S.OFFLINE,
    _A.RING: _S.RINGING,
    _A.ANSWER: _S.ON_CALL,
    _A.RING_TIMEOUT: _S.NOT_READY,
    _A.RING_CANCELLED: _S.READY,
    _A.HOLD: _S.HOLD,
    _A.RESUME: _S.ON_CALL,
    _A.HANG_UP: _S.WRAP_UP,
    _A.TRANSFER: _S.WRAP_UP,
    _A.FINISH_WRAP_UP: _S.READY,
}


class IllegalTransition(ValueError):
    """A presence move that the table does not allow (for this state or this initiator)."""

    def __init__(
        self, source: AgentState, target: AgentState, action: Action, by: Initiator, why: str
    ) -> None:
        self.source = source
        self.target = target
        self.action = action
        self.by = by
        super().__init__(
            f"illegal presence transition {source} → {target} ({action} by {by}): {why}"
        )


@dataclass(frozen=True)
class PresenceEvent:
    """What happened to an agent; ``reason`` goes with ``go_not_ready`` only."""

    action: Action
    by: Initiator = Initiator.AGENT
    reason: NotReadyReason | None = None


@dataclass(frozen=True)
class AgentPresence:
    """An agent's state since ``since``; ``reason`` is set exactly when not ready."""

    state: AgentState
    since: datetime
    reason: NotReadyReason | None = None
    pending_reason: NotReadyReason | None = None  # not ready chosen during a call

    def __post_init__(self) -> None:
        _require_aware(self.since)
        if (self.state is AgentState.NOT_READY) != (self.reason is not None):
            raise ValueError("a not-ready presence needs a reason, and only it has one")
        if self.pending_reason is not None and self.state not in BUSY_STATES:
            raise ValueError(
                f"a pending not-ready reason only applies while busy, not {self.state}"
            )

    @classmethod
    def offline(cls, at: datetime) -> AgentPresence:
        return cls(AgentState.OFFLINE, at)

    def to_dict(self) -> dict[str, str | None]:
        return {
            "state": self.state.value,
            "since": self.since.isoformat(),
            "reason": self.reason.value if self.reason is not None else None,
            "pending_reason": self.pending_reason.value if self.pending_reason else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, str | None]) -> AgentPresence:
        state, since = data["state"], data["since"]
        reason, pending = data.get("reason"), data.get("pending_reason")
        assert state is not None and since is not None  # always written by to_dict
        return cls(
            AgentState(state),
            datetime.fromisoformat(since),
            reason=NotReadyReason(reason) if reason is not None else None,
            pending_reason=NotReadyReason(pending) if pending is not None else None,
        )

    @property
    def logged_in(self) -> bool:
        return self.state in LOGGED_IN_STATES

    def seconds_in_state(self, now: datetime) -> float:
        """Time in the current state, for the softphone timer and the agent grid."""
        _require_aware(now)
        return max(0.0, (now - self.since).total_seconds())


def transition(
    presence: AgentPresence, event: PresenceEvent | Action, at: datetime
) -> AgentPresence:
    """Apply ``event`` at ``at``; raise :class:`IllegalTransition` if the table forbids it."""
    if isinstance(event, Action):
        event = PresenceEvent(event)
    _require_aware(at)
    if at < presence.since:
        raise ValueError(f"presence change at {at} is before the current state began")
    source, action, by = presence.state, event.action, event.by
    move = _TABLE.get((source, action))
    if move is None:
        target = _NOMINAL_TARGET[action]
        raise IllegalTransition(source, target, action, by, f"not allowed from {source}")
    if by not in move.by:
        allowed = " or ".join(sorted(move.by))
        raise IllegalTransition(source, move.target, action, by, f"only {allowed} may do this")
    if action is Action.GO_NOT_READY:
        if event.reason is None:
            raise ValueError("going not ready needs a reason code")
        if event.reason is NotReadyReason.MISSED_CALL:
            raise ValueError("missed_call is set by the ACD on a ring timeout, not chosen")
    elif event.reason is not None:
        raise ValueError(f"a reason code goes with go_not_ready, not {action}")

    if source in BUSY_STATES and move.target is source:
        # Deferred choice: the call goes on, the choice applies when it is over.
        if action is Action.GO_READY and presence.pending_reason is None:
            raise IllegalTransition(source, _S.READY, action, by, "no pending not-ready to cancel")
        return replace(presence, pending_reason=event.reason)
    if action is Action.RING_TIMEOUT:
        return AgentPresence(_S.NOT_READY, at, reason=NotReadyReason.MISSED_CALL)
    if move.target is _S.READY and presence.pending_reason is not None:
        return AgentPresence(_S.NOT_READY, at, reason=presence.pending_reason)
    if move.target is _S.NOT_READY:
        return AgentPresence(_S.NOT_READY, at, reason=event.reason)
    # Pending reasons live through ringing, the call and wrap-up until they are applied.
    pending = presence.pending_reason if move.target in BUSY_STATES else None
    return AgentPresence(move.target, at, pending_reason=pending)


def allowed_actions(presence: AgentPresence, by: Initiator = Initiator.AGENT) -> frozenset[Action]:
    """The actions ``by`` may take now: the softphone bar renders only these buttons."""
    allowed = set()
    for move in TRANSITIONS:
        if move.source is not presence.state or by not in move.by:
            continue
        if (
            move.action is Action.GO_READY
            and move.target is move.source
            and presence.pending_reason is None
        ):
            continue  # nothing to cancel
        allowed.add(move.action)
    return frozenset(allowed)


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("presence times must be timezone-aware datetimes")
