"""The supervisor's console: what ``/supervisor/*`` returns and takes, and its live events.

A supervisor sees their own team: the queues the team serves (its skills), the team's agents
and the team's complaints. Every figure carries its formula with its actual numbers (a
:class:`~agentdesk.contract.telephony.FigureInfo`), computed by ``agentdesk.domain.queue_stats``
from the same call snapshots the agents' desks see, so the softphone bar and the queue tile
never disagree.

Live events (``GET /events``), to the supervisors of the team only (audience
``supervisors:<team>``); an agent never receives them:

* ``supervisor.agent``: an :class:`AgentRow` whenever an agent of the team changes state or
  call (the agent grid's row, replaced whole).
* ``supervisor.waiting``: the team's waiting calls (a :class:`WaitingCall` list, whole),
  whenever a call starts or stops waiting in one of the team's queues. Data:
  ``{"team": ..., "waiting": [WaitingCall, ...]}``.
* ``supervisor.interval``: an :class:`IntervalStats` list, the intervals of today that changed
  (the current one while it runs; a closed one once more when it closes). Data:
  ``{"team": ..., "intervals": [IntervalStats, ...]}`` (the team's queues only).
* ``queue.stats`` (after every change, to every supervisor; agents get it at their own pace)
  carries the queue figures the tiles show.
* ``ticket.changed`` (to every supervisor, audience ``supervisors``) and ``ticket.escalated``:
  the complaint board reloads the ticket.

To the agents of a team (audience ``team:<team>``):

* ``broadcast``: a :class:`Broadcast` from their supervisor, shown on every desk of the team.

To the agent concerned: ``presence.changed`` with ``by`` (the supervisor's username) when a
supervisor set their state.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from agentdesk.contract.telephony import FigureInfo, QueueStats
from agentdesk.contract.tickets import TicketStatus
from agentdesk.contract.values import FreeText, Identifier
from agentdesk.domain.presence import AgentState, NotReadyReason

__all__ = [
    "AgentLogout",
    "AgentNotReady",
    "AgentRow",
    "Broadcast",
    "BroadcastRequest",
    "ComplaintRow",
    "ExtensionDecision",
    "ExtensionRequest",
    "IntervalQuery",
    "IntervalStats",
    "PendingExtension",
    "QueueMove",
    "SupervisorSnapshot",
    "WaitingCall",
]


class AgentRow(BaseModel):
    """One line of the agent grid."""

    username: str
    display_name: str
    team: str
    state: AgentState
    since: datetime = Field(description="when the agent entered ``state`` (time in state)")
    reason: NotReadyReason | None = None
    pending_reason: NotReadyReason | None = None
    set_by: str = Field(default="", description="the supervisor who set this state, if one did")
    call_id: str | None = None
    call_queue: str | None = None
    call_since: datetime | None = Field(
        default=None, description="answered at (on a call or on hold) or rang at (ringing)"
    )


class WaitingCall(BaseModel):
    """A call waiting in one of the team's queues (what a move to another queue acts on). No
    caller number: the console needs none."""

    call_id: str
    queue: str
    queued_at: datetime
    priority: int = 0


class PendingExtension(BaseModel):
    """An agent asked for more time on a complaint; a supervisor of its team approves or
    refuses."""

    kind: Literal["extended", "further-extended"]
    reason: str
    requested_by: str
    requested_at: datetime


class ComplaintRow(BaseModel):
    """One complaint on the board: the current step of its regulatory clock."""

    id: int
    reference: str
    customer_id: int
    category: str
    severity: str
    status: TicketStatus
    team: str
    assignee: str | None = None
    step: str = Field(description="the clock's current step (e.g. decision, final_response)")
    due_at: datetime | None = Field(description="end of the due day in the regime's zone")
    elapsed_share: float | None = Field(
        default=None, description="share of the step's time gone (0..1+, ≥ 1 breached)"
    )
    standing: Literal["on_time", "due_today", "at_80", "breached", "paused"]
    pending_extension: PendingExtension | None = None
    version: int


class IntervalStats(BaseModel):
    """One queue's figures over one reporting interval ``[start, end)`` (15 minutes unless
    configured), from the call legs queued in it. The counts let both service levels be
    derived; each is also given with its formula."""

    queue: str
    start: datetime
    end: datetime
    closed: bool = Field(description="the interval is over and its figures final")
    offered: int
    answered: int
    abandoned: int
    short_abandoned: int
    answered_within: int
    total_wait_s: float
    talk_s: float
    hold_s: float
    wrap_up_s: float
    handled: int
    service_level: FigureInfo = Field(description="abandons count: within ÷ offered")
    service_level_of_answered: FigureInfo = Field(description="within ÷ answered")
    asa: FigureInfo
    aht: FigureInfo
    abandonment_rate: FigureInfo


class SupervisorSnapshot(BaseModel):
    """``GET /supervisor/snapshot``: everything the console shows, for the supervisor's team."""

    at: datetime
    team: str
    interval_minutes: int
    queues: list[QueueStats]
    agents: list[AgentRow]
    waiting: list[WaitingCall] = Field(
        description="calls waiting in the team's queues, oldest first"
    )
    complaints: list[ComplaintRow]
    intervals: list[IntervalStats] = Field(description="today's intervals so far, every queue")


class AgentNotReady(BaseModel):
    """``POST /supervisor/agents/{username}/not-ready``: e.g. for coaching. During a call it
    applies after the call's wrap-up."""

    reason: NotReadyReason


class AgentLogout(BaseModel):
    """``POST /supervisor/agents/{username}/logout``: the agent goes offline for calls."""

    note: Annotated[FreeText, Field(max_length=500)] = ""


class QueueMove(BaseModel):
    """``POST /supervisor/calls/{call_id}/move``: a waiting call goes to another queue,
    keeping its place by arrival time."""

    queue: Annotated[Identifier, Field(max_length=32)]


class BroadcastRequest(BaseModel):
    """``POST /supervisor/broadcast``: a message to every desk of the team."""

    text: Annotated[FreeText, Field(min_length=1, max_length=500)]


class Broadcast(BaseModel):
    """The ``broadcast`` event's data."""

    id: int
    team: str
    text: str
    sender: str
    sender_name: str
    at: datetime


class ExtensionRequest(BaseModel):
    """``POST /tickets/{id}/extension-request``: the assignee asks for more time; the reason is
    what the complainant will be told."""

    kind: Literal["extended", "further-extended"] = "extended"
    reason: Annotated[FreeText, Field(min_length=1, max_length=2000)]


class ExtensionDecision(BaseModel):
    """``POST /supervisor/tickets/{id}/extension``: approve (the clock moves, the holding
    letter goes out) or refuse (with a note the agent sees)."""

    approve: bool
    note: Annotated[FreeText, Field(max_length=2000)] = ""


class IntervalQuery(BaseModel):
    """The range of ``GET /supervisor/intervals`` and ``/supervisor/intervals.csv``."""

    start: date
    end: date
    queue: str | None = None
