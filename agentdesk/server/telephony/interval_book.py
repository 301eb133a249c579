"""The legs of the reporting intervals still open to change, by queue and interval.

A leg counts in the interval it was queued in (``domain.intervals``), so an interval's counts
are recomputed from all of its legs whenever one of them changes. :class:`IntervalBook` keeps
those legs (their latest snapshots) and which intervals changed since they were last written;
it forgets an interval once it is over and every leg of it is finished and written. Not
thread-safe: the switchboard holds its lock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from agentdesk.domain.calls import Call
from agentdesk.domain.intervals import interval_start

__all__ = ["IntervalBook"]

Slot = tuple[str, datetime]  # queue, interval start


class IntervalBook:
    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        self.width = timedelta(minutes=minutes)
        self._legs: dict[Slot, dict[tuple[str, int], Call]] = {}
        self._dirty: set[Slot] = set()
        self.open_start: datetime | None = None  # the interval running at the last write

    def slot_of(self, call: Call) -> Slot:
        return (call.queue, interval_start(call.queued_at, self.minutes))

    def add(self, call: Call) -> None:
        slot = self.slot_of(call)
        legs = self._legs.setdefault(slot, {})
        for other_slot, other in self._legs.items():  # a move changes the leg's queue
            if other_slot != slot and call.key in other:
                del other[call.key]
                self._dirty.add(other_slot)
                break
        legs[call.key] = call
        self._dirty.add(slot)

    def touch(self, slot: Slot) -> None:
        self._legs.setdefault(slot, {})
        self._dirty.add(slot)

    def legs(self, slot: Slot) -> list[Call]:
        return list(self._legs.get(slot, {}).values())

    def take_dirty(self) -> list[Slot]:
        dirty, self._dirty = sorted(self._dirty), set()
        return dirty

    def forget_finished(self, now: datetime) -> None:
        """Drop the intervals that are over, whose legs are all finished and written."""
        for slot, legs in list(self._legs.items()):
            over = slot[1] + self.width <= now
            finished = all(not c.active and not c.wrap_up_pending for c in legs.values())
            if over and finished and slot not in self._dirty:
                del self._legs[slot]
