"""Interval statistics on a hand-computed example, each figure with its formula.

Queue "cards", 15-minute intervals, threshold 20 s, short abandons ≤ 5 s:

    call  queued     wait   outcome                     talk  hold  wrap-up
    c1    09:01:00   10 s   answered, done               100    20       30
    c2    09:02:00   20 s   answered, done (the bound)   200     0       40
    c3    09:03:00   30 s   answered, done                60     0       10
    c4    09:04:00    3 s   abandoned (short)
    c5    09:05:00   40 s   abandoned
    c6    09:14:50   30 s   answered at 09:15:20: counts in 09:00 (queued there)  50  0  10
    c7    09:16:00    5 s   answered, done               40     0        0  (interval 09:15)

Interval 09:00–09:15:
    offered = 4 answered + 1 abandoned after 5 s = 5 (the short abandon left out)
    answered within 20 s = 2 (c1, c2)
    service level, abandons count = 2 ÷ 5 = 40.0%
    service level of answered      = 2 ÷ 4 = 50.0%
    ASA = (10 + 20 + 30 + 30) ÷ 4 = 22.5 s
    AHT = (talk 100 + 200 + 60 + 50 = 410, hold 20, wrap-up 30 + 40 + 10 + 10 = 90) ÷ 4 = 130 s
    abandonment rate = 1 ÷ 5 = 20.0%
Without a short-abandon threshold: offered 6, service level 2 ÷ 6 = 33.3%, abandonment 2 ÷ 6.
Interval 09:15–09:30: c7 only: 1 offered, 1 within, 100.0%, ASA 5 s, AHT 40 s.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agentdesk.domain.calls import Call
from agentdesk.domain.intervals import (
    interval_counts,
    interval_figures,
    interval_start,
    intervals_between,
)
from agentdesk.domain.queue_stats import ServiceLevelRule

T9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CALLER = "+8613812345678"
RULE = ServiceLevelRule(threshold_s=20, target=0.8, short_abandon_s=5)


def at(seconds: float) -> datetime:
    return T9 + timedelta(seconds=seconds)


def handled(call_id: str, start: float, wait: float, talk: float, hold: float, wrap: float) -> Call:
    call = Call.new(call_id, "cards", CALLER, at(start)).ring("a1", at(start + wait))
    call = call.answer(at(start + wait))
    if hold:
        call = call.hold(at(start + wait + 1)).resume(at(start + wait + 1 + hold))
    call = call.hang_up(at(start + wait + talk + hold))
    return call.finish_wrap_up(at(start + wait + talk + hold + wrap))


def abandoned(call_id: str, start: float, wait: float) -> Call:
    return Call.new(call_id, "cards", CALLER, at(start)).abandon(at(start + wait))


LEGS = [
    handled("c1", 60, 10, 100, 20, 30),
    handled("c2", 120, 20, 200, 0, 40),
    handled("c3", 180, 30, 60, 0, 10),
    abandoned("c4", 240, 3),
    abandoned("c5", 300, 40),
    handled("c6", 14 * 60 + 50, 30, 50, 0, 10),
    handled("c7", 16 * 60, 5, 40, 0, 0),
]


def test_the_counts_of_an_interval_are_those_of_the_legs_queued_in_it() -> None:
    counts = interval_counts(LEGS, "cards", T9, minutes=15, rule=RULE)
    assert (counts.offered, counts.answered, counts.abandoned, counts.short_abandoned) == (
        5,
        4,
        2,
        1,
    )
    assert counts.answered_within == 2
    assert counts.total_wait_s == pytest.approx(90)
    assert (counts.talk_s, counts.hold_s, counts.wrap_up_s, counts.handled) == (410, 20, 90, 4)
    assert counts.end == at(15 * 60)


def test_both_service_levels_asa_aht_and_abandonment_by_hand() -> None:
    figures = interval_figures(interval_counts(LEGS, "cards", T9, minutes=15, rule=RULE), RULE)
    assert figures.service_level.value == pytest.approx(0.4)
    assert figures.service_level.formula.startswith("service level, abandons count")
    assert "(2) ÷ offered excluding short abandons ≤ 5 s (5) = 40.0%" in (
        figures.service_level.formula
    )
    assert figures.service_level_of_answered.value == pytest.approx(0.5)
    assert "of answered calls" in figures.service_level_of_answered.formula
    assert "÷ answered (4) = 50.0%" in figures.service_level_of_answered.formula
    assert figures.asa.value == pytest.approx(22.5)
    assert figures.aht.value == pytest.approx(130)
    assert figures.aht.formula == (
        "(talk 410.0 s + hold 20.0 s + wrap-up 90.0 s) ÷ handled calls (4) = 130.0 s"
    )
    assert figures.abandonment_rate.value == pytest.approx(0.2)


def test_without_a_short_abandon_threshold_every_abandon_counts() -> None:
    rule = ServiceLevelRule(threshold_s=20, target=0.8, short_abandon_s=0)
    figures = interval_figures(interval_counts(LEGS, "cards", T9, minutes=15, rule=rule), rule)
    assert figures.counts.offered == 6
    assert figures.service_level.value == pytest.approx(2 / 6)
    assert figures.abandonment_rate.value == pytest.approx(2 / 6)
    assert figures.service_level_of_answered.value == pytest.approx(0.5)  # abandons left out


def test_a_call_crossing_the_boundary_counts_where_it_was_queued() -> None:
    later = interval_counts(LEGS, "cards", at(15 * 60), minutes=15, rule=RULE)
    assert (later.offered, later.answered, later.answered_within) == (1, 1, 1)
    figures = interval_figures(later, RULE)
    assert figures.service_level.value == pytest.approx(1.0)
    assert figures.asa.value == pytest.approx(5)
    assert figures.aht.value == pytest.approx(40)


def test_an_empty_interval_has_no_figures_rather_than_zero() -> None:
    figures = interval_figures(interval_counts([], "cards", T9, minutes=15, rule=RULE), RULE)
    assert figures.service_level.value is None and figures.asa.value is None
    assert figures.service_level.text == "–"


def test_interval_starts_are_aligned() -> None:
    assert interval_start(at(14 * 60 + 59), 15) == T9
    assert interval_start(at(15 * 60), 15) == at(15 * 60)
    assert intervals_between(at(10 * 60), at(31 * 60), 15) == [T9, at(900), at(1800)]
    with pytest.raises(ValueError, match="divides an hour"):
        interval_start(T9, 7)
