"""Queue figures on a hand-computed example, each with the formula the UI shows on hover.

The "cards" queue, window 09:00–10:00, now 10:00, threshold 20 s, short abandons ≤ 5 s:

    call  wait   outcome                 talk  hold  wrap-up  handle
    c1    10 s   answered, done           100    20       30     150
    c2    20 s   answered, done (bound)   200     0       40     240
    c3    30 s   answered, done            60     0       10      70
    c4     3 s   abandoned (short)
    c5    40 s   abandoned
    c6    50 s   still waiting (queued 09:59:10)
    c7     5 s   answered, still talking (not in AHT)

Answered 4 (c1 c2 c3 c7), within 20 s: 3 (c1 c2 c7); abandoned 2, one short.
    service level, abandons count, short ≤ 5 s left out: 3 ÷ (4 + 1) = 60.0%
    service level, abandons count, no short threshold:  3 ÷ (4 + 2) = 50.0%
    service level, abandons left out:                   3 ÷ 4       = 75.0%
    ASA = (10 + 20 + 30 + 5) ÷ 4 = 16.25 s
    AHT = (360 talk + 20 hold + 80 wrap-up) ÷ 3 = 153.3 s
    abandonment rate = 1 ÷ 5 = 20.0% (or 2 ÷ 6 = 33.3% without the short threshold)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agentdesk.domain.calls import Call
from agentdesk.domain.presence import AgentPresence, AgentState, NotReadyReason
from agentdesk.domain.queue_stats import (
    ServiceLevelRule,
    Unit,
    Window,
    figures_by_queue,
    group_occupancy,
    latest_legs,
    occupancy,
    queue_figures,
)

T9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
NOW = T9 + timedelta(hours=1)
WINDOW = Window(T9, NOW)
CALLER = "+8613812345678"


def at(seconds: float) -> datetime:
    return T9 + timedelta(seconds=seconds)


def handled(
    call_id: str, start: float, wait: float, talk: float, hold: float, wrap: float, queue="cards"
) -> Call:
    call = Call.new(call_id, queue, CALLER, at(start)).ring("a1", at(start + wait))
    call = call.answer(at(start + wait))
    if hold:
        call = call.hold(at(start + wait + 1)).resume(at(start + wait + 1 + hold))
    call = call.hang_up(at(start + wait + talk + hold))
    return call.finish_wrap_up(at(start + wait + talk + hold + wrap))


def example() -> list[Call]:
    return [
        handled("c1", 60, 10, 100, 20, 30),
        handled("c2", 600, 20, 200, 0, 40),
        handled("c3", 1200, 30, 60, 0, 10),
        Call.new("c4", "cards", CALLER, at(1800)).abandon(at(1803)),
        Call.new("c5", "cards", CALLER, at(2400)).abandon(at(2440)),
        Call.new("c6", "cards", CALLER, NOW - timedelta(seconds=50)),
        Call.new("c7", "cards", CALLER, at(3000)).ring("a2", at(3005)).answer(at(3005)),
        # Not counted: another queue, and a call before the window.
        handled("x1", 100, 1, 50, 0, 5, queue="loans"),
        handled("x2", -600, 90, 50, 0, 5),
    ]


def test_waiting_now_and_longest_wait_now() -> None:
    figures = queue_figures(example(), "cards", window=WINDOW, now=NOW)
    assert figures.waiting.value == 1
    assert figures.longest_wait.value == 50.0
    assert figures.longest_wait.formula == (
        "now (10:00:00) − queued at of the oldest waiting call (09:59:10) = 50.0 s"
    )


def test_service_level_counts_abandons_but_leaves_out_short_ones() -> None:
    figures = queue_figures(example(), "cards", window=WINDOW, now=NOW, rule=ServiceLevelRule())
    assert (figures.offered, figures.answered, figures.abandoned, figures.short_abandoned) == (
        5,
        4,
        2,
        1,
    )
    assert figures.service_level.value == pytest.approx(0.6)
    assert figures.service_level.formula == (
        "answered within 20 s (3) ÷ offered excluding short abandons ≤ 5 s (5) = 60.0% (target 80%)"
    )
    assert dict(figures.service_level.terms) == {"answered_within": 3, "denominator": 5}
    assert figures.service_level.text == "60.0%"


def test_service_level_without_a_short_abandon_threshold() -> None:
    rule = ServiceLevelRule(short_abandon_s=0)
    figures = queue_figures(example(), "cards", window=WINDOW, now=NOW, rule=rule)
    assert figures.service_level.value == pytest.approx(0.5)
    assert figures.service_level.formula.startswith(
        "answered within 20 s (3) ÷ offered (6) = 50.0%"
    )
    assert figures.abandonment_rate.value == pytest.approx(2 / 6)
    assert figures.abandonment_rate.formula == "abandoned (2) ÷ offered (6) = 33.3%"


def test_service_level_with_abandons_left_out() -> None:
    rule = ServiceLevelRule(abandons_count=False)
    figures = queue_figures(example(), "cards", window=WINDOW, now=NOW, rule=rule)
    assert figures.service_level.value == pytest.approx(0.75)
    assert figures.service_level.formula.startswith(
        "answered within 20 s (3) ÷ answered (4) = 75.0%"
    )


def test_a_wait_of_exactly_the_threshold_meets_it() -> None:
    rule = ServiceLevelRule(threshold_s=19.9)
    figures = queue_figures(example(), "cards", window=WINDOW, now=NOW, rule=rule)
    assert figures.service_level.terms[0] == ("answered_within", 2)  # c2 (20 s) now misses


def test_asa_aht_and_abandonment_rate() -> None:
    figures = queue_figures(example(), "cards", window=WINDOW, now=NOW)
    assert figures.asa.value == pytest.approx(16.25)
    assert figures.asa.formula == "total wait of answered calls (65.0 s) ÷ answered (4) = 16.2 s"
    assert figures.aht.value == pytest.approx(460 / 3)
    assert figures.aht.formula == (
        "(talk 360.0 s + hold 20.0 s + wrap-up 80.0 s) ÷ handled calls (3) = 153.3 s"
    )
    assert figures.aht.unit is Unit.SECONDS
    assert figures.abandonment_rate.value == pytest.approx(0.2)
    assert figures.abandonment_rate.formula == (
        "abandoned after 5 s (1) ÷ offered excluding short abandons ≤ 5 s (5) = 20.0%"
    )


def test_an_empty_window_has_undefined_rates_not_zero() -> None:
    window = Window(NOW, NOW + timedelta(minutes=30))
    figures = queue_figures(example(), "cards", window=window, now=NOW)
    assert figures.service_level.value is None and figures.service_level.text == "–"
    assert figures.asa.value is None and figures.aht.value is None
    assert figures.waiting.value == 1  # waiting now does not depend on the window


def test_a_transferred_leg_counts_in_its_new_queue_and_direct_legs_only_in_aht() -> None:
    first = Call.new("t1", "cards", CALLER, at(0)).ring("a1", at(4)).answer(at(4))
    first, to_loans = first.transfer(at(64), to_queue="loans")
    first = first.finish_wrap_up(at(70))
    to_loans = to_loans.ring("a2", at(94)).answer(at(94)).hang_up(at(154)).finish_wrap_up(at(160))
    second = Call.new("t2", "cards", CALLER, at(0)).ring("a1", at(2)).answer(at(2))
    _, direct = second.transfer(at(30), to_agent="a3")
    direct = direct.ring("a3", at(30)).answer(at(33)).hang_up(at(93)).finish_wrap_up(at(100))
    rules = {"cards": ServiceLevelRule(), "loans": ServiceLevelRule()}
    figures = figures_by_queue([first, to_loans, direct], rules, window=WINDOW, now=NOW)
    assert figures["loans"].answered == 1
    assert figures["loans"].asa.value == 30.0  # 64 → 94 in loans, not 0 → 94
    assert figures["cards"].answered == 1  # the direct leg never waited in cards
    assert figures["cards"].aht.terms[-1] == ("handled", 2)


def test_latest_legs_keeps_the_last_snapshot_of_each_leg() -> None:
    queued = Call.new("c1", "cards", CALLER, at(0))
    ringing = queued.ring("a1", at(2))
    other = Call.new("c2", "cards", CALLER, at(1))
    assert latest_legs([queued, other, ringing]) == [ringing, other]


def test_rolling_windows() -> None:
    now = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
    assert Window.last(now, minutes=30) == Window(now - timedelta(minutes=30), now)
    midnight = Window.since_midnight(now)
    assert midnight.start == datetime(2026, 11, 23, tzinfo=UTC)
    assert now - timedelta(seconds=1) in midnight and now not in midnight


def test_occupancy_excludes_not_ready_time() -> None:
    """Ready 600 s, on call 600, hold 120, on call 180, wrap-up 180, break 900, ready 1020.

    Busy = 600 + 120 + 180 + 180 = 1080 s; logged in outside not ready = 3600 − 900 = 2700 s.
    """
    history = [
        AgentPresence(AgentState.READY, at(0)),
        AgentPresence(AgentState.ON_CALL, at(600)),
        AgentPresence(AgentState.HOLD, at(1200)),
        AgentPresence(AgentState.ON_CALL, at(1320)),
        AgentPresence(AgentState.WRAP_UP, at(1500)),
        AgentPresence(AgentState.NOT_READY, at(1680), reason=NotReadyReason.BREAK),
        AgentPresence(AgentState.READY, at(2580)),
    ]
    figure = occupancy(history, window=WINDOW, now=NOW)
    assert figure.value == pytest.approx(0.4)
    assert figure.formula == (
        "busy (hold 120 s + on_call 780 s + wrap_up 180 s = 1080 s) ÷ logged in excluding "
        "not ready (2700 s) = 40.0%"
    )
    half = occupancy(history, window=Window(T9, at(1800)), now=NOW)  # 1080 ÷ (600 + 1080)
    assert half.value == pytest.approx(1080 / 1680)


def test_the_wall_carries_both_service_levels_each_named() -> None:
    figures = queue_figures(example(), "cards", window=WINDOW, now=NOW)
    assert figures.service_level.value == pytest.approx(0.6)  # 3 ÷ 5
    assert figures.service_level_of_answered.code == "service_level_of_answered"
    assert figures.service_level_of_answered.value == pytest.approx(0.75)  # 3 ÷ 4
    assert "÷ answered (4)" in figures.service_level_of_answered.formula


def test_a_queues_occupancy_sums_its_agents_busy_and_available_time() -> None:
    """a1: ready 1800 s then on call 1800 s; a2: on call 900 s, wrap-up 900 s, break 1800 s.

    Busy = 1800 + 900 + 900 = 3600 s; available = 3600 + 1800 (a1 ready) = 5400 s: 66.7%."""
    a1 = [AgentPresence(AgentState.READY, at(0)), AgentPresence(AgentState.ON_CALL, at(1800))]
    a2 = [
        AgentPresence(AgentState.ON_CALL, at(0)),
        AgentPresence(AgentState.WRAP_UP, at(900)),
        AgentPresence(AgentState.NOT_READY, at(1800), reason=NotReadyReason.BREAK),
    ]
    figure = group_occupancy([a1, a2], window=WINDOW, now=NOW)
    assert figure.value == pytest.approx(3600 / 5400)
    assert dict(figure.terms) == {"busy_s": 3600, "available_s": 5400}
