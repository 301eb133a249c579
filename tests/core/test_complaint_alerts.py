"""Each step of a complaint's clock turns amber at 80 % of its time (working days for a
business-day step) and red the day after it is due; the share used only ever grows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.complaint_rules import load_pack, regimes
from agentdesk.domain.complaints.alerts import StepAlert, step_alerts
from agentdesk.domain.complaints.clock import ClockEvent, complaint_clock

D = date.fromisoformat


def alerts(regime: str, kind: str, received: str, today: str, *events: str) -> list[StepAlert]:
    evs = [ClockEvent(e.split("=")[0], D(e.split("=")[1])) for e in events]
    clock = complaint_clock(load_pack(regime), kind, D(received), evs)
    return list(step_alerts(clock, D(today)))


def test_a_calendar_day_step_warns_at_80_percent_and_breaches_the_day_after_it_is_due() -> None:
    # CFPB: received Mon 2 Mar 2026, response due Tue 17 Mar (15 days)
    (day_11,) = alerts("us", "cfpb", "2026-03-02", "2026-03-13")
    assert (day_11.state, round(day_11.fraction_used, 3)) == ("ok", 0.733)
    (day_12,) = alerts("us", "cfpb", "2026-03-02", "2026-03-14")  # a Saturday
    assert (day_12.state, day_12.fraction_used) == ("warning", 0.8)
    assert day_12.working_days_left == 2  # Mon 16 and Tue 17
    (due_day,) = alerts("us", "cfpb", "2026-03-02", "2026-03-17")
    assert (due_day.state, due_day.fraction_used, due_day.working_days_left) == ("warning", 1, 0)
    assert due_day.days_overdue == 0
    (late,) = alerts("us", "cfpb", "2026-03-02", "2026-03-19")
    assert (late.state, late.days_overdue, late.working_days_left) == ("breached", 2, 0)
    assert late.fraction_used > 1


def test_a_business_day_step_counts_working_days_used() -> None:
    # Reg E: received Mon 2 Mar 2026, 10 business days → Mon 16 Mar. By Thu 12 Mar, 8 of the
    # 10 working days are gone (in calendar days it would be 10 of 14, not yet 80 %).
    (wednesday,) = alerts("us", "reg-e", "2026-03-02", "2026-03-11")
    assert (wednesday.state, wednesday.fraction_used) == ("ok", 0.7)
    (thursday,) = alerts("us", "reg-e", "2026-03-02", "2026-03-12")
    assert (thursday.state, thursday.fraction_used) == ("warning", 0.8)
    assert thursday.working_days_left == 2  # Fri 13, Mon 16


def test_working_days_left_skip_the_regimes_holidays() -> None:
    # UK payment services received Mon 30 Mar 2026: 15 business days over Good Friday (3 Apr)
    # and Easter Monday (6 Apr) → Wed 22 Apr. On Thu 2 Apr: 7–10, 13–17 and 20–22 Apr are left.
    summary, final = alerts("uk", "payment-services", "2026-03-30", "2026-04-02")
    assert final.due_date == D("2026-04-22")
    assert final.working_days_left == 12
    assert (final.state, final.fraction_used) == ("ok", 0.2)
    assert (summary.due_date, summary.state) == (D("2026-04-02"), "warning")


def test_a_restarted_step_counts_from_the_new_facts() -> None:
    # PRC: received 2 Mar 2026, new facts 10 Mar → due 25 Mar. On 21 Mar 11 of the 15 days are
    # used (from receipt it would be 19 of 23, past 80 %).
    (decision,) = alerts("cn", "standard", "2026-03-02", "2026-03-21", "new-facts=2026-03-10")
    assert decision.due_date == D("2026-03-25")
    assert (decision.state, round(decision.fraction_used, 3)) == ("ok", 0.733)


def test_each_step_has_its_own_state() -> None:
    # UK standard received Mon 2 Mar 2026: summary resolution by Thu 5 Mar, final by 27 Apr
    summary, final = alerts("uk", "standard", "2026-03-02", "2026-03-06")
    assert (summary.step, summary.state, summary.days_overdue) == (
        "summary-resolution",
        "breached",
        1,
    )
    assert (final.step, final.state) == ("final-response", "ok")


def test_the_warning_share_is_configurable() -> None:
    clock = complaint_clock(load_pack("us"), "cfpb", D("2026-03-02"))
    (day_7,) = step_alerts(clock, D("2026-03-09"), warn_at=0.5)
    (day_8,) = step_alerts(clock, D("2026-03-10"), warn_at=0.5)
    assert (day_7.state, day_8.state) == ("ok", "warning")
    with pytest.raises(ValueError, match="warn_at"):
        step_alerts(clock, D("2026-03-10"), warn_at=80)


def test_before_anything_is_used_the_share_is_zero() -> None:
    for step in alerts("us", "reg-z", "2026-03-02", "2026-03-02"):
        assert (step.state, step.fraction_used, step.days_overdue) == ("ok", 0, 0)


CASES = [(regime, kind) for regime in regimes() for kind in load_pack(regime).types]
STATE_ORDER = {"ok": 0, "warning": 1, "breached": 2}


@settings(max_examples=150, deadline=None)
@given(
    case=st.sampled_from(CASES),
    received=st.dates(date(2025, 1, 1), date(2026, 12, 31)),
    first=st.integers(0, 150),
    later=st.integers(0, 150),
)
def test_the_share_used_and_the_state_never_go_back_as_days_pass(
    case: tuple[str, str], received: date, first: int, later: int
) -> None:
    regime, kind = case
    clock = complaint_clock(load_pack(regime), kind, received)
    earlier_day, later_day = sorted((received + timedelta(first), received + timedelta(later)))
    before = step_alerts(clock, earlier_day)
    after = step_alerts(clock, later_day)
    for a, b in zip(before, after, strict=True):
        assert a.fraction_used <= b.fraction_used
        assert STATE_ORDER[a.state] <= STATE_ORDER[b.state]
        assert a.working_days_left >= b.working_days_left


@settings(max_examples=100, deadline=None)
@given(case=st.sampled_from(CASES), received=st.dates(date(2025, 1, 1), date(2026, 12, 31)))
def test_a_step_is_wholly_used_on_its_due_date_and_breached_the_day_after(
    case: tuple[str, str], received: date
) -> None:
    regime, kind = case
    clock = complaint_clock(load_pack(regime), kind, received)
    for step in clock.steps:
        on_due = {a.step: a for a in step_alerts(clock, step.due_date)}[step.step]
        after = {a.step: a for a in step_alerts(clock, step.due_date + timedelta(1))}[step.step]
        assert (on_due.fraction_used, on_due.state) == (1, "warning")
        assert after.state == "breached"
