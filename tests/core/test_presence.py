"""Agent presence: the transition table, who may move, pending not-ready, time in state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agentdesk.domain.presence import (
    TRANSITIONS,
    Action,
    AgentPresence,
    AgentState,
    IllegalTransition,
    Initiator,
    NotReadyReason,
    PresenceEvent,
    allowed_actions,
    transition,
)

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
S = AgentState


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def run(*steps: PresenceEvent | Action) -> AgentPresence:
    presence = AgentPresence.offline(T0)
    for i, step in enumerate(steps, start=1):
        presence = transition(presence, step, at(i))
    return presence


READY = Action.GO_READY
RING = PresenceEvent(Action.RING, Initiator.ACD)


def not_ready(reason: NotReadyReason, by: Initiator = Initiator.AGENT) -> PresenceEvent:
    return PresenceEvent(Action.GO_NOT_READY, by, reason)


def test_a_whole_call_from_login_to_ready_again() -> None:
    states = []
    presence = AgentPresence.offline(T0)
    steps: list[PresenceEvent | Action] = [
        READY,
        RING,
        Action.ANSWER,
        Action.HOLD,
        Action.RESUME,
        Action.HANG_UP,
    ]
    for i, step in enumerate(steps, start=1):
        presence = transition(presence, step, at(i))
        states.append(presence.state)
    presence = transition(presence, Action.FINISH_WRAP_UP, at(10))
    assert states == [S.READY, S.RINGING, S.ON_CALL, S.HOLD, S.ON_CALL, S.WRAP_UP]
    assert presence == AgentPresence(S.READY, at(10))


def test_not_ready_carries_its_reason_and_can_change_it() -> None:
    presence = run(READY, not_ready(NotReadyReason.BREAK))
    assert (presence.state, presence.reason, presence.since) == (S.NOT_READY, "break", at(2))
    presence = transition(presence, not_ready(NotReadyReason.LUNCH), at(60))
    assert (presence.reason, presence.since) == (NotReadyReason.LUNCH, at(60))


@pytest.mark.parametrize(
    ("steps", "event", "message"),
    [
        ((), Action.HANG_UP, "offline → wrap_up (hang_up by agent): not allowed from offline"),
        ((READY,), READY, "ready → ready (go_ready by agent): not allowed from ready"),
        ((READY,), Action.ANSWER, "ready → on_call (answer by agent): not allowed from ready"),
        ((READY,), Action.RING, "ready → ringing (ring by agent): only acd may do this"),
        ((READY, RING), Action.LOG_OUT, "ringing → offline (log_out by agent)"),
        ((READY, RING, Action.ANSWER), Action.LOG_OUT, "on_call → offline"),
        ((READY, RING, Action.ANSWER), Action.FINISH_WRAP_UP, "on_call → ready"),
        ((READY, RING, Action.ANSWER, Action.HANG_UP), Action.HOLD, "wrap_up → hold"),
        (
            (READY, not_ready(NotReadyReason.BREAK)),
            PresenceEvent(Action.GO_READY, Initiator.SUPERVISOR),
            "not_ready → ready (go_ready by supervisor): only agent may do this",
        ),
    ],
)
def test_illegal_transitions_are_refused_naming_both_states(
    steps: tuple[PresenceEvent | Action, ...], event: PresenceEvent | Action, message: str
) -> None:
    before = run(*steps)
    with pytest.raises(IllegalTransition, match="illegal presence transition") as refused:
        transition(before, event, at(100))
    assert message in str(refused.value)
    assert refused.value.source is before.state


def test_only_the_acd_times_out_a_ring_and_the_agent_goes_not_ready_missed_call() -> None:
    ringing = run(READY, RING)
    with pytest.raises(IllegalTransition, match="only acd"):
        transition(ringing, Action.RING_TIMEOUT, at(20))
    missed = transition(ringing, PresenceEvent(Action.RING_TIMEOUT, Initiator.ACD), at(20))
    assert (missed.state, missed.reason) == (S.NOT_READY, NotReadyReason.MISSED_CALL)


def test_a_cancelled_ring_makes_the_agent_ready_again() -> None:
    ready = transition(run(READY, RING), PresenceEvent(Action.RING_CANCELLED, Initiator.ACD), at(5))
    assert ready.state is S.READY


def test_missed_call_is_not_a_reason_an_agent_chooses() -> None:
    with pytest.raises(ValueError, match="set by the ACD"):
        run(READY, not_ready(NotReadyReason.MISSED_CALL))


def test_not_ready_needs_a_reason_and_other_moves_take_none() -> None:
    with pytest.raises(ValueError, match="needs a reason"):
        run(READY, Action.GO_NOT_READY)
    with pytest.raises(ValueError, match="goes with go_not_ready"):
        run(PresenceEvent(Action.GO_READY, reason=NotReadyReason.BREAK))


def test_a_supervisor_may_send_an_agent_to_not_ready_or_offline() -> None:
    presence = run(READY, not_ready(NotReadyReason.MEETING, Initiator.SUPERVISOR))
    assert presence.reason is NotReadyReason.MEETING
    presence = transition(presence, PresenceEvent(Action.LOG_OUT, Initiator.SUPERVISOR), at(9))
    assert presence.state is S.OFFLINE


def test_a_supervisors_not_ready_during_a_call_waits_for_the_wrap_up_and_no_logout() -> None:
    on_call = run(READY, RING, Action.ANSWER)
    pending = transition(on_call, not_ready(NotReadyReason.COACHING, Initiator.SUPERVISOR), at(10))
    assert (pending.state, pending.pending_reason) == (S.ON_CALL, "coaching")
    wrap_up = transition(pending, Action.HANG_UP, at(20))
    done = transition(wrap_up, Action.FINISH_WRAP_UP, at(30))
    assert (done.state, done.reason) == (S.NOT_READY, NotReadyReason.COACHING)
    with pytest.raises(IllegalTransition, match="not allowed from on_call"):
        transition(on_call, PresenceEvent(Action.LOG_OUT, Initiator.SUPERVISOR), at(10))


def test_not_ready_during_a_call_applies_after_wrap_up() -> None:
    on_call = run(READY, RING, Action.ANSWER)
    pending = transition(on_call, not_ready(NotReadyReason.LUNCH), at(10))
    assert (pending.state, pending.since, pending.pending_reason) == (S.ON_CALL, at(3), "lunch")
    wrap_up = transition(pending, Action.HANG_UP, at(20))
    assert wrap_up.pending_reason is NotReadyReason.LUNCH
    after = transition(wrap_up, Action.FINISH_WRAP_UP, at(30))
    assert after == AgentPresence(S.NOT_READY, at(30), reason=NotReadyReason.LUNCH)


def test_ready_during_a_call_cancels_the_pending_not_ready() -> None:
    pending = run(READY, RING, Action.ANSWER, not_ready(NotReadyReason.BREAK))
    assert Action.GO_READY in allowed_actions(pending)
    cancelled = transition(pending, READY, at(10))
    assert cancelled.pending_reason is None
    after = transition(transition(cancelled, Action.HANG_UP, at(11)), Action.FINISH_WRAP_UP, at(12))
    assert after.state is S.READY


def test_ready_during_a_call_without_a_pending_choice_is_refused() -> None:
    on_call = run(READY, RING, Action.ANSWER)
    assert Action.GO_READY not in allowed_actions(on_call)
    with pytest.raises(IllegalTransition, match="no pending not-ready"):
        transition(on_call, READY, at(10))


def test_a_ring_timeout_overrides_a_pending_reason_and_a_cancel_applies_it() -> None:
    pending = run(READY, RING, not_ready(NotReadyReason.TRAINING))
    missed = transition(pending, PresenceEvent(Action.RING_TIMEOUT, Initiator.ACD), at(20))
    assert missed.reason is NotReadyReason.MISSED_CALL
    cancelled = transition(pending, PresenceEvent(Action.RING_CANCELLED, Initiator.ACD), at(20))
    assert cancelled.reason is NotReadyReason.TRAINING


@pytest.mark.parametrize(
    ("steps", "buttons"),
    [
        ((), {Action.GO_READY, Action.GO_NOT_READY}),
        ((READY,), {Action.GO_NOT_READY, Action.LOG_OUT}),
        ((READY, RING), {Action.ANSWER, Action.GO_NOT_READY}),
        (
            (READY, RING, Action.ANSWER),
            {Action.HOLD, Action.HANG_UP, Action.TRANSFER, Action.GO_NOT_READY},
        ),
        (
            (READY, RING, Action.ANSWER, Action.HOLD),
            {Action.RESUME, Action.HANG_UP, Action.TRANSFER, Action.GO_NOT_READY},
        ),
        (
            (READY, RING, Action.ANSWER, Action.HANG_UP),
            {Action.FINISH_WRAP_UP, Action.GO_NOT_READY},
        ),
    ],
)
def test_allowed_actions_are_the_buttons_to_render(
    steps: tuple[PresenceEvent | Action, ...], buttons: set[Action]
) -> None:
    assert allowed_actions(run(*steps)) == buttons


# One way to reach each state: every state of the machine must be listed here.
REACH: dict[AgentState, tuple[PresenceEvent | Action, ...]] = {
    S.OFFLINE: (),
    S.READY: (READY,),
    S.NOT_READY: (READY, not_ready(NotReadyReason.BREAK)),
    S.RINGING: (READY, RING),
    S.ON_CALL: (READY, RING, Action.ANSWER),
    S.HOLD: (READY, RING, Action.ANSWER, Action.HOLD),
    S.WRAP_UP: (READY, RING, Action.ANSWER, Action.HANG_UP),
}


@pytest.mark.parametrize("state", list(AgentState))
def test_every_allowed_action_is_accepted(state: AgentState) -> None:
    presence = run(*REACH[state])
    assert presence.state is state
    actions = allowed_actions(presence)
    assert actions, f"an agent in {state} would see no button at all"
    for action in actions:
        reason = NotReadyReason.BREAK if action is Action.GO_NOT_READY else None
        after = transition(presence, PresenceEvent(action, reason=reason), at(10))
        assert after != presence, f"{action} from {state} changed nothing"


def test_the_acd_has_its_own_actions() -> None:
    assert allowed_actions(run(READY), Initiator.ACD) == {Action.RING}
    assert allowed_actions(run(READY, RING), Initiator.ACD) == {
        Action.ANSWER,
        Action.RING_TIMEOUT,
        Action.RING_CANCELLED,
    }


def test_the_table_has_one_row_per_state_and_action() -> None:
    keys = [(m.source, m.action) for m in TRANSITIONS]
    assert len(keys) == len(set(keys))


def test_time_in_state_and_times_must_be_aware_and_forward() -> None:
    presence = run(READY)
    assert presence.seconds_in_state(at(91)) == 90.0
    with pytest.raises(ValueError, match="timezone-aware"):
        transition(presence, RING, datetime(2026, 11, 23, 9, 5))
    with pytest.raises(ValueError, match="before the current state began"):
        transition(presence, RING, at(0))


def test_a_presence_value_is_consistent() -> None:
    with pytest.raises(ValueError, match="needs a reason"):
        AgentPresence(S.NOT_READY, T0)
    with pytest.raises(ValueError, match="only applies while busy"):
        AgentPresence(S.READY, T0, pending_reason=NotReadyReason.BREAK)
