"""The ACD's domain events: what the server publishes on its event stream.

Call events carry the leg's :class:`~agentdesk.domain.calls.Call` snapshot *after* the change,
so every consumer (agent desktop, supervisor console) can rebuild the same figures from the same
stream with :func:`agentdesk.domain.queue_stats.latest_legs`. ``kind`` is the stream's event
name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from agentdesk.domain.calls import Call
from agentdesk.domain.presence import AgentPresence, AgentState

__all__ = [
    "AcdEvent",
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
    "WrapUpFinished",
]


@dataclass(frozen=True)
class AcdEvent:
    at: datetime
    kind: ClassVar[str] = ""


@dataclass(frozen=True)
class CallEvent(AcdEvent):
    """A call event carries the leg's snapshot after the change: figures are computed from it."""

    call: Call

    @property
    def call_id(self) -> str:
        return self.call.id

    @property
    def agent(self) -> str | None:
        return self.call.agent


@dataclass(frozen=True)
class CallQueued(CallEvent):
    kind: ClassVar[str] = "call.queued"


@dataclass(frozen=True)
class CallOffered(CallEvent):
    """Presented to ``agent``: the phone rings and the screen pops, before any answer."""

    kind: ClassVar[str] = "call.offered"


@dataclass(frozen=True)
class CallMissed(CallEvent):
    """A ring timed out: ``missed_agent`` did not answer; the call is queued again."""

    missed_agent: str = ""
    kind: ClassVar[str] = "call.missed"


@dataclass(frozen=True)
class CallAnswered(CallEvent):
    kind: ClassVar[str] = "call.answered"


@dataclass(frozen=True)
class CallHeld(CallEvent):
    kind: ClassVar[str] = "call.held"


@dataclass(frozen=True)
class CallResumed(CallEvent):
    kind: ClassVar[str] = "call.resumed"


@dataclass(frozen=True)
class CallTransferred(CallEvent):
    """``call`` is the finished leg; the new leg follows as CallQueued or CallOffered."""

    kind: ClassVar[str] = "call.transferred"


@dataclass(frozen=True)
class CallEnded(CallEvent):
    kind: ClassVar[str] = "call.ended"


@dataclass(frozen=True)
class CallAbandoned(CallEvent):
    """The call ended before an answer. ``timed_out``: the ACD's own timer ended it (a
    simulated caller's patience, an outbound call nobody answered by the ring timeout), not the
    telephony: a PBX still holds such a call until told to drop it."""

    timed_out: bool = False
    kind: ClassVar[str] = "call.abandoned"


@dataclass(frozen=True)
class CallMoved(CallEvent):
    """A supervisor moved a waiting call from ``from_queue`` to ``call.queue``; it keeps its
    place by arrival time."""

    from_queue: str = ""
    kind: ClassVar[str] = "call.moved"


@dataclass(frozen=True)
class WrapUpFinished(CallEvent):
    kind: ClassVar[str] = "call.wrap_up_finished"


@dataclass(frozen=True)
class PresenceChanged(AcdEvent):
    agent: str
    presence: AgentPresence
    previous: AgentState
    kind: ClassVar[str] = "presence.changed"
