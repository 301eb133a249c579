"""The agent's softphone: presence, call control and the queue figures, over the ACD's REST API.

:class:`CallService` also *tracks* the agent's presence and current call from the live events
(``CallOffered``, ``CallStateChanged``, ``PresenceChanged``, which the event listener publishes)
and from each call-control reply, so the UI renders :attr:`CallService.current` without a round
trip. Each part (presence, call) keeps the ACD time of its last update, and an update older
than that is ignored: a reply and an event may arrive in either order. The service subscribes
to the bus when it is built, before the UI, so ``current`` is up to date when a UI handler of
the same event runs.

The wrap-up is one use case, :meth:`CallService.record_wrap_up`: it saves the interaction
offline-first (through ``InteractionService.record_wrap_up``, with the call's queue, caller and
times), schedules the follow-up callback the agent asked for, and then ends the wrap-up in the
ACD; without a backend the interaction and the callback are still saved and queued.

Threading: the action methods block (HTTP); the UI calls them from background operations.
Event handlers run on the listener's thread; the tracked state is guarded by a lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import TaskCreate
from agentdesk.contract.telephony import AgentCallState as AgentCallStateInfo
from agentdesk.contract.telephony import QueueBoard, QueueStats
from agentdesk.domain.calls import Call
from agentdesk.domain.presence import (
    Action,
    AgentPresence,
    AgentState,
    NotReadyReason,
    allowed_actions,
)
from agentdesk.errors import ApiError, InputRejected, InvalidRequest
from agentdesk.events import (
    CallOffered,
    CallStateChanged,
    Connectivity,
    EventBus,
    PresenceChanged,
    SessionEnded,
)
from agentdesk.services.contract_input import checked
from agentdesk.services.flows import FlowService
from agentdesk.services.interactions import InteractionService, wrap_up_payload
from agentdesk.services.offers import OfferService
from agentdesk.services.session import SessionService
from agentdesk.services.tasks import TaskService
from agentdesk.sync.connectivity import ConnectivityTracker

__all__ = [
    "AgentCallState",
    "Callback",
    "CallService",
    "TransferTargets",
    "WrapUp",
    "WrapUpContext",
    "WrapUpSaved",
]

log = logging.getLogger(__name__)

# A callback "now" typed a moment ago is not in the past.
CALLBACK_SLACK = timedelta(minutes=1)

# Changes after which the leg is no longer the agent's: it went back to the queue, the caller
# left before an answer, or the after-call work is done.
_GONE = frozenset({"call.missed", "call.abandoned", "call.wrap_up_finished"})


@dataclass(frozen=True)
class AgentCallState:
    """What the softphone renders: the agent's presence, their current leg (ringing, on the
    line or in wrap-up) and the actions they may take now."""

    username: str
    presence: AgentPresence
    call: Call | None
    allowed: frozenset[Action]
    at: datetime  # the ACD's time of the newest part

    @property
    def state(self) -> AgentState:
        return self.presence.state

    @classmethod
    def of(cls, info: AgentCallStateInfo) -> AgentCallState:
        p = info.presence
        presence = AgentPresence(p.state, p.since, p.reason, p.pending_reason)
        call = Call.from_dict(info.call.model_dump(mode="json")) if info.call else None
        return cls(p.username, presence, call, frozenset(info.allowed_actions), info.at)


@dataclass(frozen=True)
class WrapUpContext:
    """What the wrap-up of a call records: the call, its queue, the caller and the time the
    agent talked (answered → ended). Taken when the wrap-up starts, so a dialog left open
    still saves the call it was opened for."""

    call_id: str
    queue: str
    caller: str  # E.164
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class Callback:
    """A follow-up callback promised to the caller: when, and what to follow up."""

    due_at: datetime  # with its time zone
    note: str = ""


@dataclass(frozen=True)
class WrapUp:
    """What the agent records at the end of a call."""

    code: str
    notes: str = ""
    customer_id: int | None = None  # None: the caller was not identified
    reason: str = ""
    ticket_id: int | None = None
    callback: Callback | None = None


@dataclass(frozen=True)
class WrapUpSaved:
    """A saved wrap-up: the interaction's client id (pending until the backend has it), the
    callback's, and the agent's state once the ACD heard that wrap-up is over (None when it
    could not be told: the ACD's wrap-up limit, or the next attempt, ends it)."""

    interaction_id: str
    callback_id: str | None
    state: AgentCallState | None


@dataclass(frozen=True)
class TransferTargets:
    """Where the current call may go: the ACD's queues (codes, in its order, without the
    call's own) and the agents who are ready now (usernames, without this agent)."""

    queues: tuple[str, ...]
    agents: tuple[str, ...]


class CallService:
    def __init__(
        self,
        session: SessionService,
        bus: EventBus,
        *,
        interactions: InteractionService | None = None,
        tasks: TaskService | None = None,
        flows: FlowService | None = None,
        offers: OfferService | None = None,
        connectivity: ConnectivityTracker | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._session = session
        self._bus = bus
        self._interactions = interactions
        self._tasks = tasks
        self._flows = flows
        self._offers = offers
        # The task the agent last called a customer out for: its call's wrap-up names it.
        self._outbound_task: tuple[int, int] | None = None  # (customer id, task id)
        self._connectivity = connectivity
        self._clock = clock
        self._lock = threading.Lock()
        self._presence: AgentPresence | None = None
        self._presence_at: datetime | None = None
        self._call: Call | None = None
        self._call_at: datetime | None = None
        bus.subscribe(CallOffered, self._on_offered)
        bus.subscribe(CallStateChanged, self._on_call_changed)
        bus.subscribe(PresenceChanged, self._on_presence)
        bus.subscribe(SessionEnded, lambda _event: self._forget())

    # -- the tracked state ---------------------------------------------------------------------

    @property
    def current(self) -> AgentCallState | None:
        """The agent's state as the events and replies told it (None before the first)."""
        with self._lock:
            return self._snapshot()

    def me(self) -> AgentCallState:
        """Ask the ACD (and track the answer)."""
        return self._track(self._session.api.telephony_me())

    def call_customer(self, customer_id: int, task_id: int | None = None) -> AgentCallState:
        """Call a customer out, from a task: the ACD dials the customer's phone (the desk never
        holds it in clear) and the call pops here as an inbound one does."""
        state = self._track(self._session.api.call_customer(customer_id, task_id))
        with self._lock:
            self._outbound_task = (customer_id, task_id) if task_id is not None else None
        return state

    # -- presence ------------------------------------------------------------------------------

    def set_ready(self) -> AgentCallState:
        return self._track(self._session.api.set_presence(AgentState.READY))

    def set_not_ready(self, reason: NotReadyReason) -> AgentCallState:
        """Not ready now, or after the current call's wrap-up when on a call."""
        return self._track(self._session.api.set_presence(AgentState.NOT_READY, reason))

    def log_out(self) -> AgentCallState:
        return self._track(self._session.api.set_presence(AgentState.OFFLINE))

    # -- call control (on the agent's current call) ---------------------------------------------

    def answer(self) -> AgentCallState:
        return self._track(self._session.api.call_action(self._call_id(), "answer"))

    def hold(self) -> AgentCallState:
        return self._track(self._session.api.call_action(self._call_id(), "hold"))

    def resume(self) -> AgentCallState:
        return self._track(self._session.api.call_action(self._call_id(), "resume"))

    def hang_up(self) -> AgentCallState:
        return self._track(self._session.api.call_action(self._call_id(), "hangup"))

    def transfer(self, *, queue: str | None = None, agent: str | None = None) -> AgentCallState:
        """Blind transfer to a queue or a ready agent (exactly one); wrap-up follows."""
        reply = self._session.api.transfer_call(self._call_id(), queue=queue, agent=agent)
        return self._track(reply)

    def finish_wrap_up(self) -> AgentCallState:
        return self._track(self._session.api.finish_wrap_up())

    def wrap_up_context(self) -> WrapUpContext | None:
        """The current call's details for its wrap-up (None without a call)."""
        with self._lock:
            call = self._call
        if call is None:
            return None
        started = call.answered_at or call.offered_at
        return WrapUpContext(call.id, call.queue, call.caller, started, call.ended_at)

    def record_wrap_up(
        self, wrap_up: WrapUp, *, context: WrapUpContext | None = None
    ) -> WrapUpSaved:
        """The wrap-up of a call, whole: the interaction saved offline-first (with the call's
        queue, caller and times), the follow-up callback if one was asked for, then the end
        of wrap-up in the ACD. ``context`` is the call the wrap-up was started for (the
        current call when not given).

        A backend that cannot be reached loses nothing: both records wait in the outbox, and
        the ACD's wrap-up limit (or the next attempt) ends the wrap-up. InputRejected when the
        callback has no customer to call or is due in the past."""
        if self._interactions is None:
            raise RuntimeError("CallService was built without an InteractionService")
        context = context or self.wrap_up_context()
        if context is None:
            raise InvalidRequest("there is no call to wrap up", status=409)
        callback = wrap_up.callback
        if callback is not None:
            self._check_callback(callback, wrap_up.customer_id)
        transcripts = []
        if self._flows is not None:
            # A started flow standing on a disclosure holds the wrap-up until it is read.
            self._flows.check_wrap_up(context.call_id)
            transcripts = self._flows.transcripts(context.call_id)
        fields: dict[str, Any] = {
            "wrap_up_code": wrap_up.code,
            "started_at": context.started_at,
            "ended_at": context.ended_at,
            "customer_id": wrap_up.customer_id,
            "phone_e164": context.caller,
            "channel": Channel.PHONE_IN,
            "queue": context.queue,
            "reason": wrap_up.reason,
            "notes": wrap_up.notes,
            "ticket_id": wrap_up.ticket_id,
            "call_id": context.call_id,
            "flows": transcripts,
            "offers": self._offers.outcomes_of_call(context.call_id) if self._offers else [],
            "task_id": self._task_served(wrap_up.customer_id),
        }
        # Both records are checked against the contract before either is saved: a refused
        # callback note must not leave a saved wrap-up behind that a retry would duplicate.
        wrap_up_payload(**(fields | {"ended_at": context.ended_at or self._clock()}))
        note = (callback.note or wrap_up.notes) if callback is not None else ""
        if callback is not None:
            checked(
                TaskCreate,
                field_prefix="callback",
                customer_id=wrap_up.customer_id,
                due_at=callback.due_at,
                note=note,
            )
        interaction_id = self._interactions.record_wrap_up(**fields)
        callback_id = None
        if callback is not None and self._tasks is not None and wrap_up.customer_id is not None:
            callback_id = self._tasks.schedule_callback(wrap_up.customer_id, callback.due_at, note)
        return WrapUpSaved(interaction_id, callback_id, self._finish_wrap_up_of(context))

    def _task_served(self, customer_id: int | None) -> int | None:
        with self._lock:
            outbound, self._outbound_task = self._outbound_task, None
        if outbound is not None and outbound[0] == customer_id:
            return outbound[1]
        return None

    def _check_callback(self, callback: Callback, customer_id: int | None) -> None:
        if self._tasks is None or customer_id is None:
            raise InputRejected(
                "a callback needs the customer", field="callback", reason="no_customer"
            )
        if callback.due_at.tzinfo is None:
            raise ValueError("a callback's due time needs a time zone")
        if callback.due_at < self._clock() - CALLBACK_SLACK:
            raise InputRejected("the callback is due in the past", field="callback", reason="past")

    def _finish_wrap_up_of(self, context: WrapUpContext) -> AgentCallState | None:
        """End the wrap-up in the ACD if the agent is still wrapping up that call. Offline, the
        saved wrap-up does not wait on a network timeout to say so."""
        current = self.current
        if current is None or current.state is not AgentState.WRAP_UP:
            return current
        if current.call is not None and current.call.id != context.call_id:
            return current
        if self._connectivity is not None and self._connectivity.state is Connectivity.OFFLINE:
            return None
        try:
            return self.finish_wrap_up()
        except ApiError as exc:
            log.info("wrap-up saved; ending it in the ACD failed: %s", exc.code)
            return None

    def transfer_targets(self) -> TransferTargets:
        """Where the current call may be transferred now (one look at the queue board)."""
        board = self.queue_board()
        me = self._username()
        with self._lock:
            own_queue = self._call.queue if self._call is not None else ""
        agents = tuple(
            a.username for a in board.agents if a.state is AgentState.READY and a.username != me
        )
        queues = tuple(q.queue for q in board.queues if q.queue != own_queue)
        return TransferTargets(queues, agents)

    # -- figures and the demo -------------------------------------------------------------------

    def queue_board(self) -> QueueBoard:
        """The queue wall: every queue's figures (with formulas) and the agents' presence."""
        return self._session.api.queue_board()

    def queues(self) -> list[QueueStats]:
        """Every queue's live figures (``.name`` is what a transfer names)."""
        return self.queue_board().queues

    def simulate_incoming_call(self) -> CallOffered:
        """Demo: ask the backend to offer a call to this agent's queues now (it makes the
        agent ready first). The screen pop comes from the ``call.offered`` event on the live
        stream, as for a real call; the returned value only describes the offer."""
        offered = self._session.api.simulate_call()
        call = Call.from_dict(offered.call.model_dump(mode="json")) if offered.call else None
        agent = call.agent if call is not None and call.agent else ""
        return CallOffered(offered.call_id, offered.phone, offered.queue, agent=agent, call=call)

    # -- internals ------------------------------------------------------------------------------

    def _username(self) -> str | None:
        user = self._session.user
        return user.username if user is not None else None

    def _call_id(self) -> str:
        with self._lock:
            call = self._call
        if call is None:
            call = self.me().call
        if call is None:
            raise InvalidRequest("there is no call to act on", status=409)
        return call.id

    def _track(self, info: AgentCallStateInfo) -> AgentCallState:
        state = AgentCallState.of(info)
        with self._lock:
            if self._presence_at is None or state.at >= self._presence_at:
                self._presence, self._presence_at = state.presence, state.at
            if self._call_at is None or state.at >= self._call_at:
                self._call, self._call_at = state.call, state.at
            current = self._snapshot()
        # The reply is the ACD's word at its time; a newer event may already have moved on.
        return current or state

    def _snapshot(self) -> AgentCallState | None:
        username = self._username()
        if self._presence is None or username is None:
            return None
        at = max(t for t in (self._presence_at, self._call_at) if t is not None)
        allowed = allowed_actions(self._presence)
        return AgentCallState(username, self._presence, self._call, allowed, at)

    def _set_call(self, call: Call | None, at: datetime) -> None:
        with self._lock:
            if self._call_at is None or at >= self._call_at:
                self._call, self._call_at = call, at

    def _on_offered(self, event: CallOffered) -> None:
        me = self._username()
        call = event.call
        if call is None or me is None or call.agent != me:
            return
        self._set_call(call, call.rang_at or call.queued_at)

    def _on_call_changed(self, event: CallStateChanged) -> None:
        me = self._username()
        call = event.call
        if me is None or me not in {call.agent, event.missed_agent}:
            return
        at = event.at or call.last_change_at
        self._set_call(None if event.change in _GONE else call, at)

    def _on_presence(self, event: PresenceChanged) -> None:
        if event.presence is None or event.username != self._username():
            return
        with self._lock:
            at = event.presence.since
            if self._presence_at is None or at >= self._presence_at:
                self._presence, self._presence_at = event.presence, at

    def _forget(self) -> None:
        with self._lock:
            self._presence = self._presence_at = self._call = self._call_at = None
