"""CallService without a backend: how the live events become the agent's softphone state, the
listener's mapping of the telephony events, and the wrap-up's hand-over to the interactions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from agentdesk.contract.auth import Role, UserInfo
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import EventKind, ServerEvent
from agentdesk.contract.telephony import AgentCallState as AgentCallStateInfo
from agentdesk.contract.telephony import AgentPresenceInfo, CallSnapshot
from agentdesk.domain.calls import Call, CallState
from agentdesk.domain.presence import Action, AgentPresence, AgentState, NotReadyReason
from agentdesk.errors import BackendUnavailable, InputRejected, InvalidRequest
from agentdesk.events import (
    CallOffered,
    CallStateChanged,
    Connectivity,
    EventBus,
    PresenceChanged,
    QueueStatsChanged,
    SessionEnded,
)
from agentdesk.services.calls import Callback, CallService, WrapUp
from agentdesk.sync.connectivity import ConnectivityTracker
from agentdesk.sync.listener import core_event

T0 = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
CALLER = "+8613812345678"


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def ringing(agent: str = "agent01", call_id: str = "c-1") -> Call:
    return Call.new(call_id, "general", CALLER, at(0)).ring(agent, at(1))


def presence(state: AgentState, seconds: float, reason: NotReadyReason | None = None) -> Any:
    return AgentPresence(state, at(seconds), reason=reason)


class FakeApi:
    """Answers with the state it is told to, and records what was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[Any, ...]] = []
        self.reply: AgentCallStateInfo | None = None
        self.fail: Exception | None = None

    def _answer(self, *asked: Any) -> AgentCallStateInfo:
        self.asked.append(asked)
        if self.fail is not None:
            raise self.fail
        assert self.reply is not None
        return self.reply

    def telephony_me(self) -> AgentCallStateInfo:
        return self._answer("me")

    def set_presence(self, state: AgentState, reason: NotReadyReason | None = None) -> Any:
        return self._answer("presence", state, reason)

    def call_action(self, call_id: str, action: str) -> AgentCallStateInfo:
        return self._answer(action, call_id)

    def transfer_call(self, call_id: str, *, queue: str | None, agent: str | None) -> Any:
        return self._answer("transfer", call_id, queue, agent)

    def finish_wrap_up(self) -> AgentCallStateInfo:
        return self._answer("finish")


@dataclass
class FakeSession:
    api: FakeApi = field(default_factory=FakeApi)
    user: UserInfo | None = field(
        default_factory=lambda: UserInfo(
            id=1, username="agent01", display_name="A", role=Role.AGENT
        )
    )


@dataclass
class FakeInteractions:
    saved: list[dict[str, Any]] = field(default_factory=list)

    def record_wrap_up(self, **fields: Any) -> str:
        self.saved.append(fields)
        return "local-1"


def reply(state: AgentState, seconds: float, call: Call | None = None) -> AgentCallStateInfo:
    return AgentCallStateInfo(
        at=at(seconds),
        presence=AgentPresenceInfo(username="agent01", state=state, since=at(seconds)),
        call=CallSnapshot.model_validate(call.to_dict()) if call else None,
        allowed_actions=[],
    )


@pytest.fixture
def bus() -> EventBus:
    return EventBus()


@pytest.fixture
def session() -> FakeSession:
    return FakeSession()


@dataclass
class FakeTasks:
    callbacks: list[tuple[int, datetime, str]] = field(default_factory=list)

    def schedule_callback(self, customer_id: int, due_at: datetime, note: str = "") -> str:
        self.callbacks.append((customer_id, due_at, note))
        return "task-1"


@pytest.fixture
def interactions() -> FakeInteractions:
    return FakeInteractions()


@pytest.fixture
def tasks() -> FakeTasks:
    return FakeTasks()


@pytest.fixture
def calls(
    session: FakeSession, bus: EventBus, interactions: FakeInteractions, tasks: FakeTasks
) -> CallService:
    return CallService(
        session,  # type: ignore[arg-type]  # the ACD's answers, scripted
        bus,
        interactions=interactions,  # type: ignore[arg-type]  # records what is saved
        tasks=tasks,  # type: ignore[arg-type]
        clock=lambda: at(200),
    )


def test_events_build_the_softphone_state_without_a_round_trip(
    calls: CallService, bus: EventBus, session: FakeSession
) -> None:
    before = calls.current
    assert before is None
    bus.publish(PresenceChanged("agent01", "ready", presence=presence(AgentState.READY, 0)))
    ready = calls.current
    assert ready is not None and ready.state is AgentState.READY and ready.call is None
    assert Action.GO_NOT_READY in ready.allowed

    call = ringing()
    bus.publish(CallOffered(call.id, CALLER, "general", agent="agent01", call=call))
    bus.publish(PresenceChanged("agent01", "ringing", presence=presence(AgentState.RINGING, 1)))
    state = calls.current
    assert state is not None and state.call == call and Action.ANSWER in state.allowed

    answered = call.answer(at(5))
    bus.publish(CallStateChanged(answered, change="call.answered", at=at(5)))
    bus.publish(PresenceChanged("agent01", "on_call", presence=presence(AgentState.ON_CALL, 5)))
    state = calls.current
    assert state is not None and state.call is not None
    assert state.call.state is CallState.ANSWERED and state.state is AgentState.ON_CALL
    assert session.api.asked == []  # all of it from the events


def test_other_agents_events_are_not_mine(calls: CallService, bus: EventBus) -> None:
    bus.publish(PresenceChanged("agent01", "ready", presence=presence(AgentState.READY, 0)))
    theirs = ringing("agent02")
    bus.publish(CallOffered(theirs.id, CALLER, "general", agent="agent02", call=theirs))
    bus.publish(PresenceChanged("agent02", "ringing", presence=presence(AgentState.RINGING, 1)))
    state = calls.current
    assert state is not None and state.call is None and state.state is AgentState.READY


@pytest.mark.parametrize("change", ["call.missed", "call.abandoned", "call.wrap_up_finished"])
def test_a_leg_that_is_no_longer_mine_is_dropped(
    calls: CallService, bus: EventBus, change: str
) -> None:
    bus.publish(PresenceChanged("agent01", "ringing", presence=presence(AgentState.RINGING, 1)))
    call = ringing()
    bus.publish(CallOffered(call.id, CALLER, "general", agent="agent01", call=call))
    after = call.miss(at(16)) if change == "call.missed" else call.abandon(at(16))
    missed_agent = "agent01" if change == "call.missed" else ""
    bus.publish(CallStateChanged(after, change=change, at=at(16), missed_agent=missed_agent))
    state = calls.current
    assert state is not None and state.call is None


def test_a_stale_reply_does_not_undo_a_newer_event(
    calls: CallService, bus: EventBus, session: FakeSession
) -> None:
    call = ringing()
    answered = call.answer(at(5))
    bus.publish(PresenceChanged("agent01", "wrap_up", presence=presence(AgentState.WRAP_UP, 9)))
    bus.publish(CallStateChanged(answered.hang_up(at(9)), change="call.ended", at=at(9)))
    session.api.reply = reply(AgentState.ON_CALL, 5, answered)  # the answer's reply, late
    state = calls.answer()
    assert state.state is AgentState.WRAP_UP
    assert state.call is not None and state.call.state is CallState.ENDED
    assert session.api.asked == [("answer", "c-1")]


def test_actions_use_the_tracked_call_or_ask_for_it(
    calls: CallService, session: FakeSession
) -> None:
    session.api.reply = reply(AgentState.READY, 0)
    with pytest.raises(InvalidRequest):
        calls.hold()  # no call here, nor at the ACD
    assert session.api.asked == [("me",)]
    call = ringing().answer(at(3))
    session.api.reply = reply(AgentState.ON_CALL, 3, call)
    calls.me()
    calls.transfer(queue="cards")
    transferred = session.api.asked[-1]
    assert transferred == ("transfer", "c-1", "cards", None)
    calls.set_not_ready(NotReadyReason.LUNCH)
    not_ready = session.api.asked[-1]
    assert not_ready == ("presence", AgentState.NOT_READY, NotReadyReason.LUNCH)


def test_the_wrap_up_carries_the_calls_details_and_ends_it(
    calls: CallService, session: FakeSession, interactions: FakeInteractions
) -> None:
    ended = ringing().answer(at(4)).hang_up(at(200))
    session.api.reply = reply(AgentState.WRAP_UP, 200, ended)
    calls.me()
    context = calls.wrap_up_context()
    assert context is not None and (context.call_id, context.queue) == ("c-1", "general")
    session.api.reply = reply(AgentState.READY, 230)
    saved = calls.record_wrap_up(WrapUp("resolved", "fee refunded", customer_id=7))
    assert saved.interaction_id == "local-1" and saved.callback_id is None
    assert interactions.saved == [
        {
            "wrap_up_code": "resolved",
            "started_at": at(4),
            "ended_at": at(200),
            "customer_id": 7,
            "phone_e164": CALLER,
            "channel": Channel.PHONE_IN,
            "queue": "general",
            "reason": "",
            "notes": "fee refunded",
            "ticket_id": None,
            "call_id": "c-1",  # the wrap-up names the call it wraps up
            "flows": [],  # no flow service here: no transcripts
            "offers": [],  # no offer was made on the call
            "task_id": None,  # an inbound call, not one made for a task
        }
    ]
    assert session.api.asked[-1] == ("finish",)
    state = calls.current
    assert state is not None and state.state is AgentState.READY and state.call is None


def test_an_unreachable_backend_does_not_lose_the_wrap_up(
    calls: CallService, session: FakeSession
) -> None:
    ended = ringing().answer(at(4)).hang_up(at(200))
    session.api.reply = reply(AgentState.WRAP_UP, 200, ended)
    calls.me()
    session.api.fail = BackendUnavailable("offline")
    saved = calls.record_wrap_up(WrapUp("resolved"))
    assert saved.interaction_id == "local-1" and saved.state is None  # the ACD was not told


def test_signing_out_forgets_the_state(calls: CallService, bus: EventBus) -> None:
    bus.publish(PresenceChanged("agent01", "ready", presence=presence(AgentState.READY, 0)))
    bus.publish(SessionEnded())
    assert calls.current is None


# -- the listener's mapping ---------------------------------------------------------------------


def _event(kind: EventKind, data: dict[str, Any]) -> ServerEvent:
    return ServerEvent(id=1, kind=kind, at=T0, data=data)


def test_call_offered_maps_with_its_call() -> None:
    call = ringing()
    data = {"call_id": "c-1", "phone": CALLER, "queue": "general", "agent": "agent01"}
    event = core_event(_event(EventKind.CALL_OFFERED, {**data, "call": call.to_dict()}))
    assert event == CallOffered("c-1", CALLER, "general", agent="agent01", call=call)
    bare = core_event(_event(EventKind.CALL_OFFERED, data))  # an older server's event
    assert bare == CallOffered("c-1", CALLER, "general", agent="agent01")


def test_call_changed_and_presence_map_to_domain_values() -> None:
    missed = ringing().miss(at(16))
    data = {
        "change": "call.missed",
        "call_id": "c-1",
        "agent": "agent01",
        "at": at(16).isoformat(),
        "call": missed.to_dict(),
        "missed_agent": "agent01",
    }
    assert core_event(_event(EventKind.CALL_CHANGED, data)) == CallStateChanged(
        missed, change="call.missed", at=at(16), missed_agent="agent01"
    )
    away = {
        "username": "agent01",
        "state": "not_ready",
        "reason": "missed_call",
        "pending_reason": None,
        "since": at(16).isoformat(),
        "previous": "ringing",
    }
    expected = AgentPresence(AgentState.NOT_READY, at(16), reason=NotReadyReason.MISSED_CALL)
    assert core_event(_event(EventKind.PRESENCE_CHANGED, away)) == PresenceChanged(
        "agent01", "not_ready", reason="missed_call", presence=expected
    )
    stats = {"at": T0.isoformat(), "queues": []}
    assert core_event(_event(EventKind.QUEUE_STATS, stats)) == QueueStatsChanged(stats)


def test_an_unreadable_call_event_is_skipped() -> None:
    assert core_event(_event(EventKind.CALL_CHANGED, {"call": {"id": "x"}})) is None


def test_the_wrap_up_schedules_the_callback_the_agent_asked_for(
    calls: CallService, session: FakeSession, tasks: FakeTasks
) -> None:
    session.api.reply = reply(AgentState.WRAP_UP, 200, ringing().answer(at(4)).hang_up(at(200)))
    calls.me()
    due = at(200 + 86_400)
    saved = calls.record_wrap_up(
        WrapUp("follow_up", "refund pending", customer_id=7, callback=Callback(due))
    )
    assert saved.callback_id == "task-1"
    assert tasks.callbacks == [(7, due, "refund pending")]  # the notes, when no own note


@pytest.mark.parametrize(
    ("customer_id", "due_seconds", "reason"),
    [(7, 200 - 3_600, "past"), (None, 200 + 3_600, "no_customer")],
)
def test_a_callback_that_cannot_be_kept_is_refused_before_anything_is_saved(
    calls: CallService,
    session: FakeSession,
    interactions: FakeInteractions,
    tasks: FakeTasks,
    customer_id: int | None,
    due_seconds: float,
    reason: str,
) -> None:
    session.api.reply = reply(AgentState.WRAP_UP, 200, ringing().answer(at(4)).hang_up(at(200)))
    calls.me()
    callback = Callback(at(due_seconds), "call back")
    with pytest.raises(InputRejected) as refused:
        calls.record_wrap_up(WrapUp("follow_up", customer_id=customer_id, callback=callback))
    assert (refused.value.field, refused.value.reason) == ("callback", reason)
    assert interactions.saved == [] and tasks.callbacks == []
    assert ("finish",) not in session.api.asked


def test_offline_the_saved_wrap_up_does_not_wait_on_the_acd(
    session: FakeSession, bus: EventBus, interactions: FakeInteractions
) -> None:
    connectivity = ConnectivityTracker(bus, initial=Connectivity.OFFLINE)
    calls = CallService(
        session,  # type: ignore[arg-type]  # the ACD's answers, scripted
        bus,
        interactions=interactions,  # type: ignore[arg-type]  # records what is saved
        connectivity=connectivity,
    )
    session.api.reply = reply(AgentState.WRAP_UP, 200, ringing().answer(at(4)).hang_up(at(200)))
    calls.me()
    saved = calls.record_wrap_up(WrapUp("resolved"))
    assert saved.state is None and len(interactions.saved) == 1
    assert ("finish",) not in session.api.asked  # no request to wait on while offline


@pytest.mark.parametrize(
    ("notes", "callback_note", "field", "reason"),
    [
        ("NUL \x00 in the notes", "", "notes", "text"),
        ("a lone \ud800 surrogate", "", "notes", "text"),
        ("x" * 4001, "", "notes", "too_long"),
        ("fine", "NUL \x00 in the note", "callback.note", "text"),
    ],
)
def test_a_value_the_contract_refuses_is_said_before_anything_is_saved(
    calls: CallService,
    session: FakeSession,
    interactions: FakeInteractions,
    tasks: FakeTasks,
    notes: str,
    callback_note: str,
    field: str,
    reason: str,
) -> None:
    session.api.reply = reply(AgentState.WRAP_UP, 200, ringing().answer(at(4)).hang_up(at(200)))
    calls.me()
    callback = Callback(at(200 + 86_400), callback_note) if callback_note else None
    with pytest.raises(InputRejected) as refused:
        calls.record_wrap_up(WrapUp("follow_up", notes, customer_id=7, callback=callback))
    assert (refused.value.field, refused.value.reason) == (field, reason)
    assert "\x00" not in str(refused.value) and "x" * 100 not in str(refused.value)
    assert interactions.saved == [] and tasks.callbacks == []  # nothing queued
    assert ("finish",) not in session.api.asked
