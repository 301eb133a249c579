"""The queue wall's figures computed for every queue at once (``figures_by_queue``, what the
server's tick runs over the window's legs) equal each queue's own ``queue_figures`` from
scratch, for random sequences of legs: waiting, ringing, answered, on hold, in wrap-up,
finished, abandoned (short or not), direct, inside or outside the window, in any order; and
so do the figures the server keeps from tick to tick (``FiguresCache``: each finished leg's
share worked out once, and a queue whose legs and window hold still not worked out again) as
legs move and the window slides, with several ticks between moves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.domain.calls import Call
from agentdesk.domain.queue_stats import (
    FiguresCache,
    ServiceLevelRule,
    Window,
    figures_by_queue,
    queue_figures,
)

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=1)
QUEUES = ("general", "cards", "loans")
RULES = {
    "general": ServiceLevelRule(),
    "cards": ServiceLevelRule(threshold_s=30, target=0.9, short_abandon_s=0),
    "loans": ServiceLevelRule(threshold_s=10, abandons_count=False),
}

# How far a leg gets: 0 waiting, 1 ringing, 2 abandoned, 3 talking, 4 on hold, 5 in wrap-up,
# 6 wrapped up, 7 held then wrapped up.
_STAGES = st.integers(min_value=0, max_value=7)
_SECONDS = st.floats(min_value=0, max_value=600, allow_nan=False).map(lambda s: round(s, 3))


@st.composite
def legs(draw: st.DrawFn) -> Call:
    return draw(snapshots())[-1]


@st.composite
def snapshots(draw: st.DrawFn) -> list[Call]:
    """A leg's snapshots as the ACD publishes them, up to a random stage."""
    seen: list[Call] = []
    final = draw(_leg(seen.append))
    assert seen[-1] is final
    return seen


@st.composite
def _leg(draw: st.DrawFn, keep: Callable[[Call], None]) -> Call:
    queue = draw(st.sampled_from((*QUEUES, "elsewhere")))
    start = draw(st.floats(min_value=-1200, max_value=3500).map(lambda s: round(s, 3)))
    stage, wait, talk, hold, wrap = (draw(_STAGES), *(draw(_SECONDS) for _ in range(4)))
    at = T0 + timedelta(seconds=start)
    call = Call.new(f"c{draw(st.integers(0, 10**9))}", queue, "+8613812345678", at)
    if draw(st.booleans()):
        call = replace(call, direct=True)
    keep(call)

    def step(moved: Call) -> Call:
        keep(moved)
        return moved

    if stage == 0:
        return call
    if stage == 2:
        return step(call.abandon(at + timedelta(seconds=wait)))
    call = step(call.ring("a1", at + timedelta(seconds=wait)))
    if stage == 1:
        return call
    answered = at + timedelta(seconds=wait + 1)
    call = step(call.answer(answered))
    if stage == 3:
        return call
    if stage in (4, 7):
        call = step(call.hold(answered + timedelta(seconds=1)))
        if stage == 4:
            return call
        call = step(call.resume(answered + timedelta(seconds=1 + hold)))
    ended = answered + timedelta(seconds=2 + hold + talk)
    call = step(call.hang_up(ended))
    if stage == 5:
        return call
    return step(call.finish_wrap_up(ended + timedelta(seconds=wrap)))


@settings(max_examples=200, deadline=None)
@given(st.lists(legs(), max_size=40))
def test_every_queue_at_once_equals_each_queue_from_scratch(calls: list[Call]) -> None:
    window = Window(T0, NOW)
    all_at_once = figures_by_queue(calls, RULES, window=window, now=NOW)
    assert list(all_at_once) == list(RULES)
    for queue, rule in RULES.items():
        assert all_at_once[queue] == queue_figures(calls, queue, window=window, now=NOW, rule=rule)


@settings(max_examples=150, deadline=None)
@given(st.lists(snapshots(), max_size=25), st.randoms(use_true_random=False), st.integers(0, 3))
def test_the_figures_kept_from_tick_to_tick_equal_the_figures_from_scratch(
    legs_snapshots: list[list[Call]], rng: Random, ticks_per_move: int
) -> None:
    """The server's way: each leg's latest snapshot, the finished legs' shares kept from one
    tick to the next (``FiguresCache``), the window sliding on; after every move the figures
    equal ``queue_figures`` over the same legs from scratch."""
    cache = FiguresCache()
    latest: dict[tuple[str, int], Call] = {}
    pending = [list(chain) for chain in legs_snapshots]
    now = T0
    while any(pending):
        chain = rng.choice([chain for chain in pending if chain])
        call = chain.pop(0)
        latest[call.key] = call
        for _ in range(ticks_per_move or 1):
            now += timedelta(seconds=rng.uniform(0, 300))
            window = Window(now - timedelta(minutes=60), now)
            for key, leg in list(latest.items()):  # the switchboard forgets left-behind legs
                if leg.queued_at < window.start and not leg.active and not leg.wrap_up_pending:
                    del latest[key]
                    cache.forget(key)
            kept = figures_by_queue(latest.values(), RULES, window=window, now=now, cache=cache)
            for queue, rule in RULES.items():
                assert kept[queue] == queue_figures(
                    latest.values(), queue, window=window, now=now, rule=rule
                )
