"""The agent's softphone: presence, call control and the queue figures, over the ACD's REST API.

:class:`CallService` also *tracks* the agent's presence and current call from the live events
(``CallOffered``, ``CallStateChanged``, ``PresenceChanged``, which the event listener publishes)
and from each call-control reply, so the UI renders :attr:`CallService.current` without a round
trip. Each part (presence, call) keeps the ACD time of its last update, and an update older
than that is ignored: a reply and an event may arrive in either order. The service subscribes
to the bus when it is built, before the UI, so ``current`` is up to date when a UI handler of
the same event runs.

The wrap-up: :meth:`CallService.record_wrap_up` saves the interaction offline-first (through
``InteractionService.record_wrap_up``, with the call's queue, caller and times) and then ends
the wrap-up in the ACD; without a backend the interaction is still saved and queued.

Threading: the action methods block (HTTP); the UI calls them from background operations.
Event handlers run on the listener's thread; the tracked state is guarded by a lock.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime

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
from agentdesk.errors import ApiError, InvalidRequest
from agentdesk.events import (
    CallOffered,
    CallStateChanged,
    EventBus,
    PresenceChanged,
    SessionEnded,
)
from agentdesk.services.interactions import InteractionService
from agentdesk.services.session import SessionService

__all__ = ["AgentCallState", "CallService", "WrapUpContext"]

log = logging.getLogger(__name__)

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
    """What the wrap-up of the current call records: the call, its queue, the caller and
    the time the agent talked (answered → ended)."""

    call_id: str
    queue: str
    caller: str  # E.164
    started_at: datetime
    ended_at: datetime | None


class CallService:
    def __init__(
        self,
        session: SessionService,
        bus: EventBus,
        *,
        interactions: InteractionService | None = None,
    ) -> None:
        self._session = session
        self._bus = bus
        self._interactions = interactions
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
        self,
        *,
        wrap_up_code: str,
        notes: str = "",
        customer_id: int | None = None,
        reason: str = "",
        ticket_id: int | None = None,
        finish: bool = True,
    ) -> str:
        """Save the current call's interaction offline-first (with the call's queue, caller
        and times), then end the wrap-up in the ACD (``finish``). Returns the interaction's
        client id. A backend that cannot be reached does not lose the interaction: it waits in
        the outbox, and the ACD's wrap-up limit (or the next attempt) ends the wrap-up."""
        if self._interactions is None:
            raise RuntimeError("CallService was built without an InteractionService")
        context = self.wrap_up_context()
        if context is None:
            raise InvalidRequest("there is no call to wrap up", status=409)
        client_id = self._interactions.record_wrap_up(
            wrap_up_code=wrap_up_code,
            started_at=context.started_at,
            ended_at=context.ended_at,
            customer_id=customer_id,
            phone_e164=context.caller,
            queue=context.queue,
            reason=reason,
            notes=notes,
            ticket_id=ticket_id,
            call_id=context.call_id,
        )
        if finish:
            try:
                self.finish_wrap_up()
            except ApiError as exc:
                log.info("wrap-up saved; ending it in the ACD failed: %s", exc.code)
        return client_id

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
