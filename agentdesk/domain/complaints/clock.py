"""The one complaint clock: every step's due date from the receipt date and the case's events.

Pure: the rule pack, the dates and the events are passed in; nothing reads a clock or a file.
Counting follows the regimes' words: "within N days of receipt" leaves the day of receipt out
(the first day counted is the next one); business days skip weekends and the regime's
holidays and count the PRC's make-up working days (调休); a paused span (from ``paused`` up to
the day before ``resumed``) does not count; ``new-facts`` restarts the steps that start from new
facts, never making them shorter; a step's ``roll: forward`` moves a deadline that falls on a
non-working day to the next working day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from agentdesk.domain.complaints.calendars import CalendarName, WorkingCalendar, calendar
from agentdesk.domain.complaints.rules import RulePack, Step, Texts, Unit
from agentdesk.domain.errors import FieldIssue, InvalidValue

__all__ = ["Clock", "ClockEvent", "StepDue", "complaint_clock"]


@dataclass(frozen=True)
class ClockEvent:
    kind: str
    on: date


@dataclass(frozen=True)
class StepDue:
    step: str
    due_date: date
    rule: str  # the id of the rule that set the date
    text: Texts
    count: int
    unit: Unit
    start: date
    paused_days: int
    extensions: tuple[str, ...]


@dataclass(frozen=True)
class Clock:
    regime: str
    type: str
    received: date
    steps: tuple[StepDue, ...]
    provisional: bool  # a date lies in a year whose holiday schedule is not published yet
    calendar: CalendarName  # the regime's working days, for counting what is left


def _invalid(code: str, field: str, message: str) -> InvalidValue:
    return InvalidValue(f"complaint.{code}", message, fields=[FieldIssue(field, message)])


def complaint_clock(
    pack: RulePack, type_name: str, received: date, events: Sequence[ClockEvent] = ()
) -> Clock:
    """The clock of a complaint of ``type_name`` received on ``received`` under ``pack``."""
    rules = pack.types.get(type_name)
    if rules is None:
        known = ", ".join(sorted(pack.types))
        raise _invalid(
            "unknown_type",
            "type",
            f"no complaint type {type_name!r} in {pack.regime}; known: {known}",
        )
    allowed = pack.event_kinds(type_name)
    for event in events:
        if event.kind not in allowed:
            raise _invalid(
                "event_not_applicable",
                "event",
                f"event {event.kind!r} does not apply to {pack.regime} {type_name}; "
                f"known: {', '.join(sorted(allowed))}",
            )
        if event.on < received:
            raise _invalid(
                "event_before_receipt",
                "event",
                f"{event.kind} on {event.on} is before receipt on {received}",
            )
    ordered = sorted(events, key=lambda e: e.on)
    excluded = _paused_days(ordered)
    cal = calendar(pack.calendar)
    kinds = {e.kind for e in ordered}
    steps = tuple(
        _step_due(step, received, ordered, excluded, cal)
        for step in rules.steps
        if step.requires is None or step.requires in kinds
    )
    last = max([s.due_date for s in steps] + [received])
    provisional = any(not cal.is_published(y) for y in range(received.year, last.year + 1))
    return Clock(pack.regime, type_name, received, steps, provisional, pack.calendar)


def _paused_days(events: Sequence[ClockEvent]) -> frozenset[date]:
    days: set[date] = set()
    paused: date | None = None
    for event in events:
        if event.kind == "paused":
            if paused is not None:
                raise _invalid(
                    "pause_unbalanced", "event", f"paused on {event.on} while already paused"
                )
            paused = event.on
        elif event.kind == "resumed":
            if paused is None:
                raise _invalid(
                    "pause_unbalanced", "event", f"resumed on {event.on} without a pause before it"
                )
            days |= {paused + timedelta(days=n) for n in range((event.on - paused).days)}
            paused = None
    if paused is not None:
        raise _invalid(
            "pause_unbalanced",
            "event",
            f"paused on {paused} and never resumed: give the resume date",
        )
    return frozenset(days)


def _step_due(
    step: Step,
    received: date,
    events: Sequence[ClockEvent],
    excluded: frozenset[date],
    cal: WorkingCalendar,
) -> StepDue:
    count, unit, rule, text = step.count, step.unit, step.id, step.text
    extensions: list[str] = []
    for event in events:
        change = step.events.get(event.kind)  # type: ignore[call-overload]
        if change is None:
            continue
        if change.after is not None and change.after not in extensions:
            raise _invalid(
                "event_out_of_order",
                "event",
                f"{event.kind} on {event.on} needs {change.after} before it",
            )
        if change.add is not None:
            count += change.add
        else:
            assert change.count is not None and change.unit is not None  # by the model
            count, unit = change.count, change.unit
        limit = change.maximum or step.maximum
        if limit is not None and unit == step.unit and count > limit:
            raise _invalid(
                "extension_past_maximum",
                "event",
                f"{event.kind} on {event.on} would take {step.step} to {count} "
                f"{unit.replace('_', ' ')}, past the maximum of {limit}",
            )
        rule, text = change.id, change.text
        extensions.append(event.kind)
    due, paused = _count(received, count, unit, excluded, cal, step.roll == "forward")
    start = received
    if step.start == "new-facts":
        for event in events:
            if event.kind == "new-facts":
                restarted, paused = _count(
                    event.on, count, unit, excluded, cal, step.roll == "forward"
                )
                due, start = restarted, event.on
    return StepDue(step.step, due, rule, text, count, unit, start, paused, tuple(extensions))


def _count(
    start: date,
    count: int,
    unit: Unit,
    excluded: frozenset[date],
    cal: WorkingCalendar,
    roll: bool,
) -> tuple[date, int]:
    """The day ``count`` units after ``start`` (not counting it) and the paused days skipped."""
    business = unit == "business_days"
    remaining = count * 7 if unit == "weeks" else count
    day, paused = start, 0
    while remaining:
        day += timedelta(days=1)
        if business and not cal.is_working_day(day):
            continue
        if day in excluded:
            paused += 1
            continue
        remaining -= 1
    if roll:
        day = cal.next_working_day(day)
    return day, paused
