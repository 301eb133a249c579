"""Calls: pure leg transitions, transfers as new legs, and the derived durations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from agentdesk.domain.calls import Call, CallState, IllegalCallTransition

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CALLER = "+8613812345678"


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def answered_call() -> Call:
    """Queued at 0, rings at 8, answered at 12 (a 12 s wait)."""
    return Call.new("c1", "cards", CALLER, at(0)).ring("a1", at(8)).answer(at(12))


def test_hold_and_resume_split_talk_from_hold() -> None:
    # answered 12; hold 40–70 (30 s); hold 100–110 (10 s); hung up 150; wrap-up until 180.
    call = answered_call().hold(at(40)).resume(at(70)).hold(at(100)).resume(at(110))
    ended = call.hang_up(at(150))
    done = ended.finish_wrap_up(at(180))
    assert done.wait_s() == 12.0
    assert done.hold_s() == 40.0
    assert done.talk_s() == 138.0 - 40.0  # 12 → 150 is 138 s, less 40 s on hold
    assert done.wrap_up_s() == 30.0
    assert done.handle_s() == 98.0 + 40.0 + 30.0
    assert done.state is CallState.ENDED and not done.wrap_up_pending


def test_durations_of_a_call_going_on_need_now() -> None:
    call = answered_call().hold(at(40))
    with pytest.raises(ValueError, match="pass now"):
        call.hold_s()
    assert call.hold_s(at(55)) == 15.0
    assert call.talk_s(at(55)) == 28.0  # 12 → 40
    assert Call.new("c2", "cards", CALLER, at(0)).wait_s(at(33)) == 33.0


def test_hanging_up_while_on_hold_closes_the_hold() -> None:
    ended = answered_call().hold(at(20)).hang_up(at(50))
    assert ended.holds[-1].end == at(50)
    assert ended.hold_s() == 30.0 and ended.talk_s() == 8.0


def test_a_missed_ring_goes_back_to_the_queue_keeping_its_place() -> None:
    call = Call.new("c1", "cards", CALLER, at(0)).ring("a1", at(3)).miss(at(18))
    assert call.state is CallState.QUEUED and call.agent is None
    assert call.queued_at == at(0)
    assert [(m.agent, m.rang_at, m.missed_at) for m in call.missed] == [("a1", at(3), at(18))]
    answered = call.ring("a2", at(18)).answer(at(21))
    assert answered.wait_s() == 21.0


def test_abandoned_while_waiting_or_ringing() -> None:
    waited = Call.new("c1", "cards", CALLER, at(0)).abandon(at(45))
    assert waited.state is CallState.ABANDONED and waited.wait_s() == 45.0
    rang = Call.new("c2", "cards", CALLER, at(0)).ring("a1", at(5)).abandon(at(9))
    assert rang.wait_s() == 9.0 and rang.handle_s() == 0.0


def test_transfer_to_a_queue_is_a_new_queue_entry_that_keeps_the_callers_offered_time() -> None:
    first, second = answered_call().transfer(at(60), to_queue="loans")
    assert first.state is CallState.TRANSFERRED and first.wrap_up_pending
    assert first.talk_s() == 48.0
    assert (second.id, second.leg, second.queue, second.state) == ("c1", 1, "loans", "queued")
    assert second.offered_at == at(0) and second.queued_at == at(60)
    assert not second.direct and second.agent is None and second.answered_at is None
    assert second.transfers == first.transfers
    assert (second.transfers[0].from_agent, second.transfers[0].to_queue) == ("a1", "loans")
    answered = second.ring("a7", at(70)).answer(at(75))
    assert answered.wait_s() == 15.0  # in the new queue
    assert answered.caller_wait_s() == 75.0  # since the caller first called


def test_transfer_to_an_agent_is_a_direct_leg_in_the_same_queue() -> None:
    _, second = answered_call().transfer(at(60), to_agent="a9")
    assert (second.queue, second.direct, second.transfers[0].to_agent) == ("cards", True, "a9")


def test_transfer_needs_exactly_one_target() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        answered_call().transfer(at(60))
    with pytest.raises(ValueError, match="exactly one"):
        answered_call().transfer(at(60), to_queue="loans", to_agent="a9")


@pytest.mark.parametrize(
    ("call", "move", "message"),
    [
        (
            Call.new("c1", "q", CALLER, T0),
            lambda c: c.answer(at(5)),
            "cannot answer when queued (only when ringing)",
        ),
        (
            answered_call(),
            lambda c: c.resume(at(50)),
            "cannot resume when answered (only when held)",
        ),
        (
            answered_call(),
            lambda c: c.abandon(at(50)),
            "cannot abandon when answered (only when queued or ringing)",
        ),
        (
            answered_call().hang_up(at(50)),
            lambda c: c.hold(at(60)),
            "cannot hold when ended (only when answered)",
        ),
        (
            Call.new("c1", "q", CALLER, T0).abandon(at(9)),
            lambda c: c.finish_wrap_up(at(10)),
            "cannot finish wrap-up when abandoned (only when ended or transferred)",
        ),
    ],
)
def test_illegal_call_moves_name_the_state(
    call: Call, move: Callable[[Call], Call], message: str
) -> None:
    with pytest.raises(IllegalCallTransition, match="call c1 leg 0") as refused:
        move(call)
    assert message in str(refused.value)


def test_wrap_up_finishes_once() -> None:
    done = answered_call().hang_up(at(20)).finish_wrap_up(at(30))
    with pytest.raises(IllegalCallTransition, match="wrap-up already finished"):
        done.finish_wrap_up(at(40))


def test_times_must_go_forward_and_be_aware() -> None:
    with pytest.raises(ValueError, match="before its last change"):
        answered_call().hang_up(at(5))
    with pytest.raises(ValueError, match="timezone-aware"):
        Call.new("c1", "q", CALLER, datetime(2026, 11, 23, 9, 0))


def test_the_caller_number_must_be_e164() -> None:
    with pytest.raises(ValueError, match="E.164"):
        Call.new("c1", "q", "138 1234 5678", T0)


def test_a_call_survives_a_round_trip_through_its_dict() -> None:
    first, second = answered_call().hold(at(20)).resume(at(30)).transfer(at(60), to_queue="loans")
    missed = second.ring("a2", at(61)).miss(at(76))
    for call in (first.finish_wrap_up(at(90)), missed):
        assert Call.from_dict(call.to_dict()) == call
