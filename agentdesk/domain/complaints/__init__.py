"""Complaint clocks: rule packs (configuration), working-day calendars and the one clock."""

from agentdesk.domain.complaints.calendars import CALENDARS, WorkingCalendar, calendar
from agentdesk.domain.complaints.clock import Clock, ClockEvent, StepDue, complaint_clock
from agentdesk.domain.complaints.rules import EVENT_KINDS, RulePack

__all__ = [
    "CALENDARS",
    "EVENT_KINDS",
    "Clock",
    "ClockEvent",
    "RulePack",
    "StepDue",
    "WorkingCalendar",
    "calendar",
    "complaint_clock",
]
