"""The ACD: longest-idle routing by skill, FIFO queues, ring timeouts, abandons, transfers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from agentdesk.domain.acd import (
    Acd,
    AcdError,
    CallAbandoned,
    CallAnswered,
    CallEnded,
    CallMissed,
    CallMoved,
    CallOffered,
    CallQueued,
    CallTransferred,
    PresenceChanged,
    QueueConfig,
    WrapUpFinished,
)
from agentdesk.domain.calls import Call, CallState
from agentdesk.domain.presence import (
    AgentPresence,
    AgentState,
    IllegalTransition,
    Initiator,
    NotReadyReason,
)

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def call(call_id: str, queue: str = "cards", seconds: float = 0, priority: int = 0) -> Call:
    return Call.new(call_id, queue, "+8613812345678", at(seconds), priority=priority)


def make_acd(**kwargs: float | None) -> Acd:
    acd = Acd(**kwargs)  # type: ignore[arg-type]
    acd.add_queue(QueueConfig("cards"))
    acd.add_queue(QueueConfig("loans", skill="lending"))
    return acd


def ready(acd: Acd, agent: str, seconds: float, skills: tuple[str, ...] = ("cards",)) -> None:
    acd.add_agent(agent, skills, at(seconds))
    acd.set_presence(agent, AgentState.READY, at(seconds))


def offered_to(events: list) -> list[tuple[str, str | None]]:  # type: ignore[type-arg]
    return [(e.call_id, e.agent) for e in events if isinstance(e, CallOffered)]


def state(acd: Acd, agent: str) -> AgentState:
    return acd.agent(agent).presence.state


def test_the_longest_idle_skilled_ready_agent_gets_the_call() -> None:
    acd = make_acd()
    ready(acd, "dan", 0, skills=("lending",))  # idle longest, but has no cards skill
    ready(acd, "cat", 10)
    ready(acd, "bob", 20)
    ready(acd, "ann", 30)
    events = acd.offer(call("c1", seconds=60), at(60))
    assert offered_to(events) == [("c1", "cat")]
    assert [type(e) for e in events] == [CallQueued, CallOffered, PresenceChanged]
    assert offered_to(acd.offer(call("c2", seconds=61), at(61))) == [("c2", "bob")]
    assert offered_to(acd.offer(call("c3", "loans", 62), at(62))) == [("c3", "dan")]


def test_idle_time_restarts_after_wrap_up_not_after_a_cancelled_ring() -> None:
    acd = make_acd()
    ready(acd, "ann", 0)
    ready(acd, "bob", 10)
    acd.offer(call("c1"), at(20))  # ann rings, answers, ends, wraps up until 100
    acd.answer("ann", at(22))
    acd.hang_up("ann", at(80))
    acd.finish_wrap_up("ann", at(100))
    assert acd.agent("ann").idle_since == at(100)
    acd.offer(call("c2", seconds=110), at(110))  # bob (idle since 10) rings; caller hangs up
    acd.caller_hang_up("c2", at(112))
    assert acd.agent("bob").idle_since == at(10)
    assert offered_to(acd.offer(call("c3", seconds=120), at(120))) == [("c3", "bob")]


def test_without_a_ready_agent_calls_wait_and_are_served_fifo() -> None:
    acd = make_acd()
    acd.add_agent("ann", ["cards"], at(0))
    for i, call_id in enumerate(["c1", "c2", "c3"]):
        events = acd.offer(call(call_id, seconds=i), at(i))
        assert [type(e) for e in events] == [CallQueued]
    assert [c.id for c in acd.waiting("cards")] == ["c1", "c2", "c3"]
    events = acd.set_presence("ann", AgentState.READY, at(30))
    assert offered_to(events) == [("c1", "ann")]
    acd.answer("ann", at(31))
    acd.hang_up("ann", at(60))
    assert offered_to(acd.finish_wrap_up("ann", at(70))) == [("c2", "ann")]
    assert [c.id for c in acd.waiting()] == ["c3"]


def test_priority_goes_first_and_an_agent_takes_the_oldest_call_of_their_queues() -> None:
    acd = make_acd()
    acd.add_agent("ann", ["cards", "lending"], at(0))
    acd.offer(call("old-loan", "loans", 0), at(0))
    acd.offer(call("new-card", "cards", 5), at(5))
    acd.offer(call("vip-card", "cards", 9, priority=1), at(9))
    assert [c.id for c in acd.waiting()] == ["vip-card", "old-loan", "new-card"]
    assert offered_to(acd.set_presence("ann", AgentState.READY, at(10))) == [("vip-card", "ann")]


def test_an_unanswered_ring_goes_to_the_next_agent_and_the_missed_agent_is_not_ready() -> None:
    acd = make_acd(ring_timeout_s=15)
    ready(acd, "ann", 0)
    ready(acd, "bob", 5)
    acd.offer(call("c1", seconds=10), at(10))  # rings ann at 10
    assert acd.tick(at(25)) == []  # exactly at the timeout: not yet missed
    events = acd.tick(at(26))
    kinds = [type(e) for e in events]
    assert kinds == [CallMissed, PresenceChanged, CallOffered, PresenceChanged]
    missed = events[0]
    assert isinstance(missed, CallMissed) and (missed.missed_agent, missed.at) == ("ann", at(25))
    assert offered_to(events) == [("c1", "bob")]
    ann = acd.agent("ann").presence
    assert (ann.state, ann.reason, ann.since) == (AgentState.NOT_READY, "missed_call", at(25))
    ringing = acd.calls()[0]
    assert ringing.queued_at == at(10) and ringing.rang_at == at(25)  # keeps its place and wait
    acd.answer("bob", at(30))
    assert acd.calls()[0].wait_s() == 20.0


def test_an_answer_at_exactly_the_ring_timeout_still_counts() -> None:
    acd = make_acd(ring_timeout_s=15)
    ready(acd, "ann", 0)
    acd.offer(call("c1"), at(0))
    events = acd.answer("ann", at(15))
    assert [type(e) for e in events] == [CallAnswered, PresenceChanged]


def test_a_late_answer_is_refused_because_the_ring_already_timed_out() -> None:
    acd = make_acd(ring_timeout_s=15)
    ready(acd, "ann", 0)
    acd.offer(call("c1"), at(0))
    with pytest.raises(IllegalTransition, match="not_ready → on_call"):
        acd.answer("ann", at(40))
    # The timeout's events were not lost with the refusal: the next call returns them.
    events = acd.tick(at(41))
    assert [type(e) for e in events] == [CallMissed, PresenceChanged]


def test_a_caller_past_their_patience_abandons() -> None:
    acd = make_acd()
    acd.add_queue(QueueConfig("wealth", patience_s=60))
    acd.offer(call("c1", "wealth", 0), at(0))
    acd.offer(call("c2", "wealth", 10), at(10), patience_s=120)  # the simulator's own caller
    assert acd.tick(at(60)) == []
    events = acd.tick(at(100))
    assert [(type(e), e.at) for e in events] == [(CallAbandoned, at(60))]
    assert isinstance(events[0], CallAbandoned) and events[0].call.wait_s() == 60.0
    assert [c.id for c in acd.waiting()] == ["c2"]
    assert [type(e) for e in acd.tick(at(131))] == [CallAbandoned]
    assert acd.calls() == []


def test_a_caller_who_abandons_while_ringing_frees_the_agent() -> None:
    acd = make_acd(ring_timeout_s=60)
    acd.add_queue(QueueConfig("wealth", patience_s=30))
    ready(acd, "ann", 0, skills=("wealth",))
    acd.offer(call("c1", "wealth", 20), at(20))
    events = acd.tick(at(51))
    assert [type(e) for e in events] == [CallAbandoned, PresenceChanged]
    assert state(acd, "ann") is AgentState.READY


def test_hold_and_resume_times_reach_the_call() -> None:
    acd = make_acd()
    ready(acd, "ann", 0)
    acd.offer(call("c1"), at(0))
    acd.answer("ann", at(5))
    acd.hold("ann", at(20))
    assert state(acd, "ann") is AgentState.HOLD
    acd.resume("ann", at(50))
    events = acd.hang_up("ann", at(65))
    ended = events[0]
    assert isinstance(ended, CallEnded)
    assert (ended.call.talk_s(), ended.call.hold_s()) == (30.0, 30.0)
    assert state(acd, "ann") is AgentState.WRAP_UP
    done = acd.finish_wrap_up("ann", at(85))[0]
    assert isinstance(done, WrapUpFinished) and done.call.handle_s() == 80.0
    assert acd.calls() == []


def test_a_transfer_to_another_queue_is_a_new_entry_keeping_the_callers_offered_time() -> None:
    acd = make_acd()
    ready(acd, "ann", 0)
    acd.offer(call("c1", seconds=10), at(10))
    acd.answer("ann", at(12))
    events = acd.transfer("ann", at(60), to_queue="loans")
    assert [type(e) for e in events] == [CallTransferred, PresenceChanged, CallQueued]
    assert state(acd, "ann") is AgentState.WRAP_UP
    new_leg = acd.waiting("loans")[0]
    assert (new_leg.id, new_leg.leg, new_leg.offered_at, new_leg.queued_at) == (
        "c1",
        1,
        at(10),
        at(60),
    )
    ready(acd, "dan", 70, skills=("lending",))
    acd.answer("dan", at(75))
    answered = next(c for c in acd.calls() if c.leg == 1)
    assert (answered.wait_s(), answered.caller_wait_s()) == (15.0, 65.0)
    first_leg = next(c for c in acd.calls() if c.leg == 0)
    assert first_leg.state is CallState.TRANSFERRED and first_leg.agent == "ann"


def test_a_transfer_to_an_agent_rings_them_directly_if_ready() -> None:
    acd = make_acd()
    ready(acd, "ann", 0)
    acd.add_agent("bob", ["lending"], at(0))
    acd.offer(call("c1"), at(1))
    acd.answer("ann", at(2))
    with pytest.raises(AcdError, match="bob is not ready"):
        acd.transfer("ann", at(30), to_agent="bob")
    assert state(acd, "ann") is AgentState.ON_CALL  # a refused transfer changes nothing
    acd.set_presence("bob", AgentState.READY, at(31))
    events = acd.transfer("ann", at(32), to_agent="bob")
    assert offered_to(events) == [("c1", "bob")]
    assert next(c for c in acd.calls() if c.leg == 1).direct


def test_not_ready_during_a_call_applies_after_wrap_up_and_no_call_is_routed() -> None:
    acd = make_acd()
    ready(acd, "ann", 0)
    acd.offer(call("c1"), at(0))
    acd.answer("ann", at(1))
    acd.set_presence("ann", AgentState.NOT_READY, at(5), reason=NotReadyReason.LUNCH)
    acd.hang_up("ann", at(10))
    acd.offer(call("c2", seconds=11), at(11))
    acd.finish_wrap_up("ann", at(20))
    presence = acd.agent("ann").presence
    assert (presence.state, presence.reason) == (AgentState.NOT_READY, "lunch")
    assert [c.id for c in acd.waiting()] == ["c2"]


def test_the_acd_may_end_wrap_up_after_a_limit() -> None:
    acd = make_acd(wrap_up_limit_s=60)
    ready(acd, "ann", 0)
    acd.offer(call("c1"), at(0))
    acd.answer("ann", at(1))
    acd.hang_up("ann", at(10))
    acd.offer(call("c2", seconds=20), at(20))
    events = acd.tick(at(80))  # the wrap-up limit passed at 70
    assert [type(e) for e in events] == [
        WrapUpFinished,
        PresenceChanged,
        CallOffered,
        PresenceChanged,
    ]
    assert events[0].at == at(70)
    assert offered_to(events) == [("c2", "ann")]


def test_a_caller_hanging_up_during_the_talk_ends_the_call() -> None:
    acd = make_acd()
    ready(acd, "ann", 0)
    acd.offer(call("c1"), at(0))
    acd.answer("ann", at(3))
    events = acd.caller_hang_up("c1", at(40))
    assert [type(e) for e in events] == [CallEnded, PresenceChanged]
    assert state(acd, "ann") is AgentState.WRAP_UP


def test_presence_rules_hold_inside_the_acd() -> None:
    acd = make_acd()
    ready(acd, "ann", 0)
    with pytest.raises(AcdError, match="cannot choose ringing"):
        acd.set_presence("ann", AgentState.RINGING, at(1))
    with pytest.raises(IllegalTransition, match="ready → wrap_up"):
        acd.hang_up("ann", at(2))
    with pytest.raises(AcdError, match="no agent zoe"):
        acd.answer("zoe", at(3))
    events = acd.set_presence("ann", AgentState.OFFLINE, at(4), by=Initiator.SUPERVISOR)
    assert isinstance(events[0], PresenceChanged) and events[0].previous is AgentState.READY


def test_time_never_goes_backwards_and_ids_are_checked() -> None:
    acd = make_acd()
    acd.offer(call("c1", seconds=10), at(10))
    with pytest.raises(AcdError, match="time went backwards"):
        acd.tick(at(5))
    with pytest.raises(AcdError, match="already in the ACD"):
        acd.offer(call("c1", seconds=10), at(11))
    with pytest.raises(AcdError, match="no queue"):
        acd.offer(call("c9", "mortgages", 12), at(12))


def test_the_same_inputs_give_the_same_events_however_often_it_ticks() -> None:
    def run(ticks: list[float]) -> list[tuple[str, float]]:
        acd = make_acd(ring_timeout_s=10)
        acd.add_queue(QueueConfig("wealth", patience_s=45))
        ready(acd, "ann", 0, skills=("wealth",))
        ready(acd, "bob", 1, skills=("wealth",))
        log = acd.offer(call("c1", "wealth", 2), at(2))
        for t in ticks:
            log += acd.tick(at(t))
        return [(e.kind, (e.at - T0).total_seconds()) for e in log]

    assert run([100]) == run([5, 13, 20, 33, 47, 60, 100])


def test_a_supervisor_moves_a_waiting_call_keeping_its_arrival_and_it_is_routed_there() -> None:
    acd = make_acd()
    acd.offer(call("c1", "cards", 0), at(0))
    acd.offer(call("c2", "loans", 5), at(5))
    acd.add_agent("a1", ("lending",), at(6))
    acd.set_presence("a1", AgentState.NOT_READY, at(6), reason=NotReadyReason.BREAK)
    acd.check_move("c1", "loans")  # asked before the PBX is told: allowed, nothing moves
    assert [c.id for c in acd.waiting("cards")] == ["c1"]
    events = acd.move("c1", "loans", at(10))
    [moved] = [e for e in events if isinstance(e, CallMoved)]
    assert (moved.from_queue, moved.call.queue, moved.call.queued_at) == ("cards", "loans", at(0))
    assert [c.id for c in acd.waiting("loans")] == ["c1", "c2"]  # it kept its place by arrival
    routed = acd.set_presence("a1", AgentState.READY, at(12))
    assert offered_to(routed) == [("c1", "a1")]
    with pytest.raises(AcdError, match="no longer waiting"):
        acd.check_move("c1", "cards")
    with pytest.raises(AcdError, match="no longer waiting"):
        acd.move("c1", "cards", at(13))
    with pytest.raises(AcdError, match="no queue"):
        acd.move("c2", "nowhere", at(13))


def test_an_unanswered_call_out_is_ended_by_the_acds_timer_and_says_so() -> None:
    acd = make_acd(ring_timeout_s=15)
    ready(acd, "ann", 0)
    acd.check_dial("ann", "cards")  # asked before the PBX dials: allowed, nothing rings
    assert state(acd, "ann") is AgentState.READY
    acd.dial("ann", replace(call("o1", seconds=5), direct=True), at(5))
    with pytest.raises(AcdError, match="not ready to place a call"):
        acd.check_dial("ann", "cards")  # ringing with the first one
    [ended] = [e for e in acd.tick(at(21)) if isinstance(e, CallAbandoned)]
    assert (ended.call.id, ended.call.agent, ended.timed_out) == ("o1", "ann", True)
    assert state(acd, "ann") is AgentState.READY
    acd.offer(call("c1", seconds=22), at(22))  # rings ann; its caller hangs up: the PBX said so
    [hung_up] = [e for e in acd.caller_hang_up("c1", at(23)) if isinstance(e, CallAbandoned)]
    assert not hung_up.timed_out


def test_an_agent_restored_after_a_restart_keeps_their_presence_and_idle_time() -> None:
    acd = make_acd()
    acd.restore_agent("a1", ("cards",), AgentPresence(AgentState.READY, at(0)))
    acd.restore_agent(
        "a2", ("cards",), AgentPresence(AgentState.NOT_READY, at(0), NotReadyReason.LUNCH)
    )
    assert offered_to(acd.offer(call("c1", "cards", 30), at(30))) == [("c1", "a1")]
    assert acd.agent("a2").presence.reason is NotReadyReason.LUNCH
    with pytest.raises(AcdError, match="call state"):
        acd.restore_agent("a3", ("cards",), AgentPresence(AgentState.ON_CALL, at(0)))


def test_the_acd_knows_the_agents_added_to_it_by_name() -> None:
    acd = make_acd()
    assert not acd.knows("wang") and acd.agent_names() == []
    ready(acd, "wang", 0)
    acd.add_agent("li", ("cards",), at(1))
    assert acd.knows("wang") and acd.knows("li") and not acd.knows("zhao")
    assert acd.agent_names() == ["li", "wang"] == [a.agent for a in acd.agents()]
