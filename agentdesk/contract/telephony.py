"""Telephony payloads: presence and call control, live queue figures, the PBX webhook.

Times are aware UTC datetimes. A :class:`CallSnapshot` has exactly the shape of
:meth:`agentdesk.domain.calls.Call.to_dict`, so a client turns it back into the domain value
with ``Call.from_dict(snapshot.model_dump(mode="json"))`` and computes the same durations the
server does.

Live events (``GET /events``) of the telephony:

* ``call.offered`` (to the ringing agent only): ``call_id``, ``phone`` and ``caller`` (the
  caller's E.164 number), ``queue``, ``agent``, ``at`` and ``call`` (a CallSnapshot). It is sent
  when the call starts ringing, before any answer: the desktop pops the caller then.
* ``call.changed`` (to the agent of the leg): ``change`` (``call.answered``, ``call.held``,
  ``call.resumed``, ``call.ended``, ``call.transferred``, ``call.abandoned``, ``call.missed``,
  ``call.wrap_up_finished``), ``call_id``, ``agent``, ``at``, ``call``; ``missed_agent`` for
  ``call.missed`` (the call went back to its queue).
* ``caller.verified`` (to the agent the call rings at or is on the line with): ``call_id``,
  ``customer_id``, ``method`` (``ivr``), ``agent`` and ``at``. The telephony's IVR identified
  the caller (they keyed their PIN): the desk reads the caller's verification again, naming the
  call, which takes the IVR verification up. Nobody's event while the call still waits.
* ``presence.changed``: in full (``username``, ``team``, ``state``, ``reason``,
  ``pending_reason``, ``since``, ``previous``, ``at``) to the agent themself and to the
  supervisors of their team; nobody else gets it (a transfer's choices are on the queue wall).
  Events logged before this rule, still in the log, reach others as ready or not only.
* ``queue.stats``: a :class:`QueueBoard` with the queues' figures and no ``agents`` (its size
  does not grow with the floor): to every supervisor after each change, to everyone at most
  every ``agent_stats_seconds`` (the latest board). ``GET /telephony/queues`` has the
  agents: for anyone but a supervisor, themself (in full) and the agents who are ready (a
  transfer's choices); a supervisor sees their team's agents in full too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from agentdesk.contract.values import FreeText, Identifier, RecordId
from agentdesk.domain.presence import Action, AgentState, NotReadyReason

__all__ = [
    "AgentCallState",
    "AgentPresenceInfo",
    "CallSnapshot",
    "FigureInfo",
    "HoldInfo",
    "MissedRingInfo",
    "OutboundCallRequest",
    "OfferedCall",
    "PresenceRequest",
    "QueueBoard",
    "QueueStats",
    "TelephonyEvent",
    "TelephonyEventAck",
    "TransferInfo",
    "TransferRequest",
]


# -- calls ---------------------------------------------------------------------------------


class HoldInfo(BaseModel):
    start: datetime
    end: datetime | None = None


class TransferInfo(BaseModel):
    at: datetime
    from_queue: str
    from_agent: str
    to_queue: str | None = None
    to_agent: str | None = None


class MissedRingInfo(BaseModel):
    agent: str
    rang_at: datetime
    missed_at: datetime


class CallSnapshot(BaseModel):
    """One leg of a call as the ACD sees it (the shape of ``Call.to_dict``)."""

    id: str
    queue: str
    caller: str = Field(description="the caller's number, E.164")
    offered_at: datetime
    queued_at: datetime
    leg: int = 0
    priority: int = 0
    direct: bool = False
    state: Literal["queued", "ringing", "answered", "held", "transferred", "ended", "abandoned"]
    agent: str | None = None
    rang_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    wrap_up_ends_at: datetime | None = None
    holds: list[HoldInfo] = []
    transfers: list[TransferInfo] = []
    missed: list[MissedRingInfo] = []


class OfferedCall(BaseModel):
    """A call the demo simulator offered: ``phone`` as the telephony wrote it."""

    call_id: str
    phone: str
    queue: str
    call: CallSnapshot | None = None


# -- presence and call control ---------------------------------------------------------------


class PresenceRequest(BaseModel):
    """What the agent chooses: ready, not ready (with a reason) or offline. Chosen during a
    call, "not ready" applies when the call's wrap-up is over ("break after this call")."""

    state: Literal[AgentState.READY, AgentState.NOT_READY, AgentState.OFFLINE]
    reason: NotReadyReason | None = None

    @model_validator(mode="after")
    def _reason_goes_with_not_ready(self) -> PresenceRequest:
        if (self.state is AgentState.NOT_READY) != (self.reason is not None):
            raise ValueError("a reason is given exactly when going not ready")
        if self.reason is NotReadyReason.MISSED_CALL:
            raise ValueError("missed_call is set by the ACD on a ring timeout, not chosen")
        return self


class AgentPresenceInfo(BaseModel):
    username: str
    state: AgentState
    since: datetime
    reason: NotReadyReason | None = None
    pending_reason: NotReadyReason | None = Field(
        default=None, description="not ready chosen during a call: applies after wrap-up"
    )
    skills: list[str] = []
    team: str = ""


class AgentCallState(BaseModel):
    """The agent's softphone: presence, the current leg (ringing, on the line or in wrap-up)
    and the actions the agent may take now."""

    at: datetime = Field(description="the ACD's time of this state")
    presence: AgentPresenceInfo
    call: CallSnapshot | None = None
    allowed_actions: list[Action] = []


class TransferRequest(BaseModel):
    """Blind transfer to a queue or to a ready agent (exactly one)."""

    queue: Annotated[Identifier, Field(max_length=32)] | None = None
    agent: Annotated[Identifier, Field(max_length=64)] | None = None

    @model_validator(mode="after")
    def _exactly_one_target(self) -> TransferRequest:
        if (self.queue is None) == (self.agent is None):
            raise ValueError("transfer to exactly one of a queue or an agent")
        return self


class OutboundCallRequest(BaseModel):
    """``POST /telephony/calls/outbound``: the agent calls a customer back (from a task); the
    server dials the customer's phone (the desk never holds it in clear) and the call pops on
    the desk as an inbound one does."""

    customer_id: RecordId
    task_id: RecordId | None = None


# -- queue figures ---------------------------------------------------------------------------


class FigureInfo(BaseModel):
    """A figure with the formula that made it, with its actual numbers (shown on hover)."""

    code: str
    value: float | None = Field(description="None when undefined (nothing to count yet)")
    unit: Literal["count", "seconds", "ratio"]
    formula: str
    terms: dict[str, float] = {}


class QueueStats(BaseModel):
    queue: str
    service_level_threshold_s: float
    service_level_target: float
    offered: int
    answered: int
    abandoned: int
    short_abandoned: int
    agents_ready: int = Field(description="ready agents with this queue's skill")
    agents_logged_in: int = Field(description="logged-in agents with this queue's skill")
    waiting: FigureInfo
    longest_wait: FigureInfo
    service_level: FigureInfo
    asa: FigureInfo
    aht: FigureInfo
    abandonment_rate: FigureInfo
    service_level_of_answered: FigureInfo | None = Field(
        default=None, description="the other definition: within ÷ answered (abandons left out)"
    )
    occupancy: FigureInfo | None = Field(
        default=None, description="the queue's skilled agents: busy ÷ available time"
    )
    agents_by_state: dict[str, int] = Field(
        default={}, description="the queue's skilled agents by presence state"
    )

    @property
    def name(self) -> str:
        """The queue's name (what a transfer names)."""
        return self.queue


class QueueBoard(BaseModel):
    """The queue wall: figures of every queue over ``[window_start, window_end)``, and the
    agents' presence (``GET /telephony/queues``). Without the agents, the data of the
    ``queue.stats`` event."""

    at: datetime
    window_start: datetime
    window_end: datetime
    queues: list[QueueStats]
    agents: list[AgentPresenceInfo] = []


# -- the PBX / cloud contact-center webhook ---------------------------------------------------


class TelephonyEvent(BaseModel):
    """One event from the telephony in front of the ACD (``POST /telephony/events``).

    * ``call.offered``: a caller reached ``queue`` (``caller`` in any common spelling; it is
      normalised to E.164). The ACD rings the longest-idle ready agent with the skill.
    * ``call.answered``: the ringing agent picked up on their phone set.
    * ``call.hung_up``: the caller hung up: abandoned before an answer, ended after it.
    * ``caller.verified``: the IVR identified the caller of this live call as ``customer_id``
      (they keyed their PIN): an IVR verification tied to the call, which the agent who holds
      it takes up. A call the ACD does not know is a 404 ``call_not_found``, one that is over
      a 409 ``call_ended``; the same identification again changes nothing.

    The ACD keeps its own clock: the event applies when it arrives.
    """

    type: Literal["call.offered", "call.answered", "call.hung_up", "caller.verified"]
    call_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")
    caller: Annotated[FreeText, Field(max_length=32)] | None = None
    queue: Annotated[Identifier, Field(max_length=32)] | None = None
    priority: int = Field(default=0, ge=0, le=9, description="higher is served first")
    customer_id: RecordId | None = Field(
        default=None, description="caller.verified: the customer the IVR identified"
    )

    @model_validator(mode="after")
    def _offer_has_caller_and_queue(self) -> TelephonyEvent:
        if self.type == "call.offered" and (not self.caller or not self.queue):
            raise ValueError("call.offered needs caller and queue")
        return self

    @model_validator(mode="after")
    def _verified_names_the_customer(self) -> TelephonyEvent:
        if self.type == "caller.verified" and self.customer_id is None:
            raise ValueError("caller.verified needs customer_id")
        return self


class TelephonyEventAck(BaseModel):
    """The call's leg after the event (None when the event ended it before any agent)."""

    call_id: str
    state: str
    call: CallSnapshot | None = None
