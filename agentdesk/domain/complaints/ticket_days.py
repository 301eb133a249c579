"""What the server and the desk must read alike on a complaint ticket, so an offline desk shows
the deadline the server enforces: the regime's own day, the customer's jurisdiction, the clock's
events as counted today, and which steps a ticket has answered.

* **Day of receipt**: the opening time's date in the regime's time zone (Beijing for the PRC,
  London for the UK, New York for the US): a complaint made at 01:00 UTC is received on the
  PRC's next day but on the UK's and US's same day.
* **Jurisdiction**: from the customer's first phone number (E.164) that names a region: the
  number's own region when a rule pack covers it, else the main country of its calling code (a
  Guernsey mobile, +44 7911, reads as GB; a +1 number the packs do not cover reads as US); a
  customer with no such number is the bank's home market's (CN).
* **An open pause** (paused, not resumed yet) counts up to today: the due date moves on by a
  day for each day it lasts, and the clock needs no resume date nobody knows yet.
* **Answered steps**: every step once the ticket is resolved or closed or a final letter went
  out; the steps before the last one once any letter went out (an acknowledgement, a holding
  reply). An answered step is never shown or escalated as overdue.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import NumberParseException

from agentdesk.domain.complaints.clock import Clock, ClockEvent, StepDue

__all__ = [
    "HOME_JURISDICTION",
    "TIME_ZONES",
    "answered_steps",
    "counted_events",
    "due_time",
    "jurisdiction_of",
    "next_step",
    "receipt_day",
    "today_in",
]

TIME_ZONES: dict[str, ZoneInfo] = {
    "cn": ZoneInfo("Asia/Shanghai"),
    "uk": ZoneInfo("Europe/London"),
    "us": ZoneInfo("America/New_York"),
}
HOME_JURISDICTION = "CN"
_DONE = frozenset({"resolved", "closed"})


def today_in(regime: str, now: datetime) -> date:
    """The date ``now`` is in the regime's time zone."""
    return now.astimezone(TIME_ZONES.get(regime, TIME_ZONES["cn"])).date()


def receipt_day(regime: str, opened_at: datetime) -> date:
    return today_in(regime, opened_at)


def jurisdiction_of(phones: Iterable[str], covered: Collection[str] = ()) -> str:
    """The jurisdiction (ISO 3166-1 alpha-2) of the first number that names one (``covered``:
    the regions the rule packs cover); the home market's when none does."""
    for e164 in phones:
        try:
            number = phonenumbers.parse(e164, None)
        except NumberParseException:
            continue
        region = phonenumbers.region_code_for_number(number)
        if region in covered:
            return str(region)
        main = phonenumbers.region_code_for_country_code(number.country_code or 0)
        if main and main != phonenumbers.UNKNOWN_REGION:
            return str(main)
    return HOME_JURISDICTION


def counted_events(events: Sequence[ClockEvent], today: date) -> list[ClockEvent]:
    """``events`` as the clock takes them on ``today``: an open pause ends today."""
    counted = list(events)
    open_pause: date | None = None
    for event in sorted(counted, key=lambda e: e.on):
        if event.kind == "paused":
            open_pause = event.on
        elif event.kind == "resumed":
            open_pause = None
    if open_pause is not None:
        counted.append(ClockEvent("resumed", max(today, open_pause)))
    return counted


def answered_steps(clock: Clock, status: str, letters: Collection[str]) -> frozenset[str]:
    """The steps of ``clock`` a ticket in ``status`` that sent ``letters`` (their kinds) has
    answered."""
    if status in _DONE or "final" in letters:
        return frozenset(s.step for s in clock.steps)
    if not letters:
        return frozenset()
    return frozenset(s.step for s in clock.steps[:-1])


def next_step(clock: Clock, answered: Collection[str]) -> StepDue:
    """The earliest step not yet answered, or the last one when all are."""
    waiting = [s for s in clock.steps if s.step not in answered]
    if not waiting:
        return max(clock.steps, key=lambda s: s.due_date)
    return min(waiting, key=lambda s: s.due_date)


def due_time(clock: Clock, answered: Collection[str], opened_at: datetime) -> datetime:
    """When the ticket is due: its next step's date at the time of day it was opened."""
    step = next_step(clock, answered)
    return opened_at + timedelta(days=(step.due_date - clock.received).days)
