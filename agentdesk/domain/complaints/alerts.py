"""How close each step of a complaint's clock is to its deadline on a given day.

The server's breach escalation and the desk's countdown both read this, so a supervisor is
warned on the day the agent's countdown turns amber. A step is ``warning`` once the share of
its time used reaches ``warn_at`` (80 % unless configured), ``breached`` from the day after its
due date. Time is counted as the step counts it: working days for a business-day step, days
otherwise, from the step's start (the receipt, or the new facts that restarted it) to its due
date; a pause lengthens that span rather than stopping the count. Pure: ``today`` is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from agentdesk.domain.complaints.calendars import WorkingCalendar, calendar
from agentdesk.domain.complaints.clock import Clock, StepDue

__all__ = ["WARN_AT", "AlertState", "StepAlert", "step_alerts"]

WARN_AT = 0.8

AlertState = Literal["ok", "warning", "breached"]


@dataclass(frozen=True)
class StepAlert:
    step: str
    due_date: date
    state: AlertState
    fraction_used: float  # past 1.0 once the due date has gone by
    working_days_left: int  # after today, up to and including the due date; 0 once breached
    days_overdue: int  # calendar days past the due date; 0 until breached


def _working_days(after: date, up_to: date, cal: WorkingCalendar) -> int:
    """Working days in (after, up_to]."""
    return sum(
        cal.is_working_day(after + timedelta(days=n)) for n in range(1, (up_to - after).days + 1)
    )


def _units(after: date, up_to: date, step: StepDue, cal: WorkingCalendar) -> int:
    if up_to <= after:
        return 0
    if step.unit == "business_days":
        return _working_days(after, up_to, cal)
    return (up_to - after).days


def _alert(step: StepDue, today: date, warn_at: float, cal: WorkingCalendar) -> StepAlert:
    span = _units(step.start, step.due_date, step, cal)
    used = _units(step.start, today, step, cal)
    fraction = used / span if span else 1.0
    if today > step.due_date:
        state: AlertState = "breached"
    elif fraction >= warn_at:
        state = "warning"
    else:
        state = "ok"
    return StepAlert(
        step.step,
        step.due_date,
        state,
        fraction,
        _working_days(today, step.due_date, cal) if today < step.due_date else 0,
        max((today - step.due_date).days, 0),
    )


def step_alerts(clock: Clock, today: date, *, warn_at: float = WARN_AT) -> tuple[StepAlert, ...]:
    """Each step of ``clock`` as it stands on ``today`` (the receipt is the clock's own)."""
    if not 0 < warn_at <= 1:
        raise ValueError(f"warn_at is a share of the step's time, in (0, 1]: {warn_at}")
    cal = calendar(clock.calendar)
    return tuple(_alert(step, today, warn_at, cal) for step in clock.steps)
