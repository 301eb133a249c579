"""The stored interval statistics (``queue_intervals``): written by the switchboard, read by
the supervisor's snapshot, the intervals route and its CSV export."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.domain.intervals import IntervalCounts
from agentdesk.server import models

__all__ = ["day_start", "read_intervals", "save_interval", "start_of"]


def day_start(now: datetime, zone: str) -> datetime:
    """The start of ``now``'s day in ``zone``."""
    return start_of(now.astimezone(ZoneInfo(zone)).date(), zone)


def start_of(day: date, zone: str) -> datetime:
    """Midnight starting ``day`` in ``zone``."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone))


def save_interval(session: Session, counts: IntervalCounts, *, closed: bool) -> None:
    """Insert or update the row of ``counts``' queue and interval."""
    row = session.scalar(
        select(models.QueueInterval).where(
            models.QueueInterval.queue == counts.queue,
            models.QueueInterval.start == counts.start,
        )
    )
    if row is None:
        row = models.QueueInterval(queue=counts.queue, start=counts.start)
        session.add(row)
    row.end = counts.end
    row.closed = closed
    for name in (
        "offered",
        "answered",
        "abandoned",
        "short_abandoned",
        "answered_within",
        "total_wait_s",
        "talk_s",
        "hold_s",
        "wrap_up_s",
        "handled",
    ):
        setattr(row, name, getattr(counts, name))


def read_intervals(
    session: Session, queues: Collection[str], start: datetime, end: datetime
) -> list[tuple[IntervalCounts, bool]]:
    """The stored intervals of ``queues`` starting in ``[start, end)``, by start then queue,
    with whether each is closed."""
    rows = session.scalars(
        select(models.QueueInterval)
        .where(
            models.QueueInterval.queue.in_(list(queues)),
            models.QueueInterval.start >= start,
            models.QueueInterval.start < end,
        )
        .order_by(models.QueueInterval.start, models.QueueInterval.queue)
    ).all()
    return [
        (
            IntervalCounts(
                queue=r.queue,
                start=r.start,
                end=r.end,
                offered=r.offered,
                answered=r.answered,
                abandoned=r.abandoned,
                short_abandoned=r.short_abandoned,
                answered_within=r.answered_within,
                total_wait_s=r.total_wait_s,
                talk_s=r.talk_s,
                hold_s=r.hold_s,
                wrap_up_s=r.wrap_up_s,
                handled=r.handled,
            ),
            r.closed,
        )
        for r in rows
    ]
