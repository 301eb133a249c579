"""An agent's seconds in each presence state over the queue wall's sliding window, as the
server keeps them from one board to the next (``PresenceTime``: past values summed once),
equal the seconds worked out from scratch over the same history, as the agent moves (values
appended, old ones dropped from the front as the switchboard does) and the window slides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.domain.presence import AgentPresence, AgentState, NotReadyReason
from agentdesk.domain.presence_time import PresenceTime, seconds_by_state
from agentdesk.domain.queue_stats import Window, group_occupancy, occupancy_of

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
_STATES = st.sampled_from(list(AgentState))
# A move: the seconds since the last one, the state moved to, and the board ticks after it.
_MOVES = st.tuples(st.floats(0, 900).map(lambda s: round(s, 3)), _STATES, st.integers(0, 3))


def _presence(state: AgentState, since: datetime) -> AgentPresence:
    reason = NotReadyReason.BREAK if state is AgentState.NOT_READY else None
    return AgentPresence(state, since, reason=reason)


@settings(max_examples=200, deadline=None)
@given(_STATES, st.lists(_MOVES, max_size=40), st.floats(1, 120))
def test_the_seconds_kept_from_board_to_board_equal_the_seconds_from_scratch(
    first: AgentState, moves: list[tuple[float, AgentState, int]], tick_s: float
) -> None:
    kept = PresenceTime()
    now = T0
    history = [_presence(first, now)]
    for gap, state, ticks in moves:
        now += timedelta(seconds=gap)
        history.append(_presence(state, now))
        while len(history) > 1 and history[1].since <= now - HOUR:  # Switchboard._remember
            del history[0]
        for _ in range(ticks + 1):
            start = now - HOUR
            fresh = seconds_by_state(history, start, now)
            got = kept.seconds("a1", history, start, now)
            assert set(got) <= set(AgentState)
            for one in AgentState:
                assert got.get(one, 0.0) == pytest.approx(fresh[one], abs=1e-6)
            now += timedelta(seconds=tick_s)


def test_a_window_in_the_past_counts_the_values_inside_it_only() -> None:
    """An interval that ended before the agent's latest move (a report, not the live wall)."""
    history = [
        _presence(AgentState.READY, T0),
        _presence(AgentState.ON_CALL, T0 + timedelta(minutes=10)),
        _presence(AgentState.WRAP_UP, T0 + timedelta(minutes=40)),
    ]
    got = PresenceTime().seconds("a1", history, T0, T0 + timedelta(minutes=30))
    assert got[AgentState.READY] == 600
    assert got[AgentState.ON_CALL] == 1200
    assert got.get(AgentState.WRAP_UP, 0.0) == 0


def test_a_queues_occupancy_from_its_agents_seconds_is_the_groups() -> None:
    a1 = [_presence(AgentState.READY, T0), _presence(AgentState.ON_CALL, T0 + HOUR / 2)]
    a2 = [_presence(AgentState.ON_CALL, T0), _presence(AgentState.NOT_READY, T0 + HOUR / 4)]
    window = Window(T0, T0 + HOUR)
    kept = PresenceTime()
    spent = [kept.seconds(name, h, T0, T0 + HOUR) for name, h in (("a1", a1), ("a2", a2))]
    assert occupancy_of(spent) == group_occupancy([a1, a2], window=window, now=T0 + HOUR)
    assert occupancy_of(spent).value == pytest.approx((1800 + 900) / (3600 + 900))
