"""Working-day calendars of the complaint regimes, from the maintained ``holidays`` package.

Never a hand-typed list: England and Wales bank holidays, the Federal Reserve's holidays
(``XFED``: a Saturday holiday is not moved to the Friday) and the PRC's public holidays with
the State Council's make-up working days (调休). A PRC year whose schedule the package does not
carry yet has only the statutory fixed holidays: deadlines in it are provisional.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Literal

import holidays

__all__ = ["CALENDARS", "CalendarName", "WorkingCalendar", "calendar"]

CalendarName = Literal["cn", "england", "us-fed"]
CALENDARS: tuple[CalendarName, ...] = ("cn", "england", "us-fed")


@dataclass(frozen=True)
class WorkingCalendar:
    name: CalendarName
    _years: dict[int, holidays.HolidayBase] = field(default_factory=dict, compare=False)

    def _year(self, year: int) -> holidays.HolidayBase:
        if year not in self._years:
            if self.name == "cn":
                self._years[year] = holidays.country_holidays("CN", years=year)
            elif self.name == "england":
                self._years[year] = holidays.country_holidays("GB", subdiv="ENG", years=year)
            else:
                self._years[year] = holidays.financial_holidays("XFED", years=year)
        return self._years[year]

    def is_working_day(self, day: date) -> bool:
        return bool(self._year(day.year).is_working_day(day))

    def is_published(self, year: int) -> bool:
        """Whether the year's schedule is known in full (the PRC's is published each winter)."""
        if self.name != "cn":
            return True
        cn = self._year(year)
        return year in getattr(cn, "special_public_holidays", {})

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


@cache
def calendar(name: CalendarName) -> WorkingCalendar:
    return WorkingCalendar(name)
