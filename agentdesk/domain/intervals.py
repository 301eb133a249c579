"""Interval statistics: each queue's figures over fixed reporting intervals (15 minutes unless
configured), what the supervisor's trends and the reports of past days read.

The counting rules are ``queue_stats``'s (read its docstring), applied to one interval:

* A leg counts in the interval in which it was **queued** (``queued_at``), whenever its outcome
  came: a call queued at 09:14:50 and answered at 09:15:20 is offered and answered in 09:00.
* A leg counts once it has its outcome: offered = answered + abandoned after the short-abandon
  threshold. Direct legs (a transfer that rang an agent) never waited: they count only for the
  handling times (AHT).
* Handling (talk, hold, wrap-up, handled) counts the legs whose wrap-up is finished.

The counts and totals are what is stored (``IntervalCounts``); every figure is derived from
them by :func:`interval_figures`, each with its formula, so a stored row of a past day shows
the same figures it showed live. The two service levels:

* ``service_level``, *abandons count*: answered within the threshold ÷ offered (answered +
  abandoned, short abandons left out): a caller who gave up missed the goal;
* ``service_level_of_answered``, *answered only*: answered within ÷ answered.

Pure: times are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from agentdesk.domain.calls import Call, CallState
from agentdesk.domain.queue_stats import Figure, ServiceLevelRule, Unit, fmt_or_dash

__all__ = [
    "IntervalCounts",
    "IntervalFigures",
    "interval_counts",
    "interval_figures",
    "interval_start",
    "intervals_between",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def interval_start(at: datetime, minutes: int) -> datetime:
    """The start of the ``minutes``-long interval holding ``at`` (intervals are aligned on the
    hour in UTC, so on the hour of every zone whose offset is whole quarter hours)."""
    if minutes <= 0 or 60 % minutes and minutes % 60:
        raise ValueError("an interval divides an hour or is whole hours")
    width = timedelta(minutes=minutes)
    return _EPOCH + ((at - _EPOCH) // width) * width


def intervals_between(start: datetime, end: datetime, minutes: int) -> list[datetime]:
    """The starts of the intervals meeting ``[start, end)``."""
    width = timedelta(minutes=minutes)
    found, at = [], interval_start(start, minutes)
    while at < end:
        found.append(at)
        at += width
    return found


@dataclass(frozen=True)
class IntervalCounts:
    """What one queue's interval holds: counts and totals (seconds); what is stored."""

    queue: str
    start: datetime
    end: datetime
    offered: int = 0  # answered + abandoned after the short-abandon threshold
    answered: int = 0
    abandoned: int = 0  # short abandons included; see short_abandoned
    short_abandoned: int = 0
    answered_within: int = 0
    total_wait_s: float = 0.0  # of the answered legs
    talk_s: float = 0.0
    hold_s: float = 0.0
    wrap_up_s: float = 0.0
    handled: int = 0  # legs whose wrap-up is finished


@dataclass(frozen=True)
class IntervalFigures:
    counts: IntervalCounts
    service_level: Figure
    service_level_of_answered: Figure
    asa: Figure
    aht: Figure
    abandonment_rate: Figure


def interval_counts(
    legs: Iterable[Call],
    queue: str,
    start: datetime,
    *,
    minutes: int,
    rule: ServiceLevelRule,
) -> IntervalCounts:
    """The counts of ``queue`` over the interval starting at ``start`` (``legs``: the latest
    snapshot of each leg)."""
    end = start + timedelta(minutes=minutes)
    mine = [c for c in legs if c.queue == queue and start <= c.queued_at < end]
    queued = [c for c in mine if not c.direct]
    answered = [c for c in queued if c.answered_at is not None]
    abandoned = [c for c in queued if c.state is CallState.ABANDONED]
    short = (
        [c for c in abandoned if c.wait_s() <= rule.short_abandon_s] if rule.short_abandon_s else []
    )
    handled = [c for c in mine if c.answered_at is not None and c.wrap_up_ends_at is not None]
    return IntervalCounts(
        queue=queue,
        start=start,
        end=end,
        offered=len(answered) + len(abandoned) - len(short),
        answered=len(answered),
        abandoned=len(abandoned),
        short_abandoned=len(short),
        answered_within=sum(1 for c in answered if c.wait_s() <= rule.threshold_s),
        total_wait_s=sum(c.wait_s() for c in answered),
        talk_s=sum(c.talk_s() for c in handled),
        hold_s=sum(c.hold_s() for c in handled),
        wrap_up_s=sum(c.wrap_up_s() for c in handled),
        handled=len(handled),
    )


def interval_figures(counts: IntervalCounts, rule: ServiceLevelRule) -> IntervalFigures:
    """The figures of one interval, each with its formula and numbers."""
    c = counts
    threshold = f"{rule.threshold_s:g} s"
    offered_label = (
        f"offered excluding short abandons ≤ {rule.short_abandon_s:g} s"
        if rule.short_abandon_s
        else "offered"
    )
    target = f"(target {rule.target:.0%})"

    sl = _ratio(c.answered_within, c.offered)
    service_level = Figure(
        "service_level",
        sl,
        Unit.RATIO,
        f"service level, abandons count: answered within {threshold} ({c.answered_within}) "
        f"÷ {offered_label} ({c.offered}) = {fmt_or_dash(sl, Unit.RATIO)} {target}",
        (("answered_within", c.answered_within), ("denominator", c.offered)),
    )
    sla = _ratio(c.answered_within, c.answered)
    of_answered = Figure(
        "service_level_of_answered",
        sla,
        Unit.RATIO,
        f"service level of answered calls: answered within {threshold} ({c.answered_within}) "
        f"÷ answered ({c.answered}) = {fmt_or_dash(sla, Unit.RATIO)} {target}",
        (("answered_within", c.answered_within), ("denominator", c.answered)),
    )
    asa_value = c.total_wait_s / c.answered if c.answered else None
    asa = Figure(
        "asa",
        asa_value,
        Unit.SECONDS,
        f"total wait of answered calls ({c.total_wait_s:.1f} s) ÷ answered ({c.answered}) = "
        f"{fmt_or_dash(asa_value, Unit.SECONDS)}",
        (("total_wait_s", c.total_wait_s), ("answered", c.answered)),
    )
    handle = c.talk_s + c.hold_s + c.wrap_up_s
    aht_value = handle / c.handled if c.handled else None
    aht = Figure(
        "aht",
        aht_value,
        Unit.SECONDS,
        f"(talk {c.talk_s:.1f} s + hold {c.hold_s:.1f} s + wrap-up {c.wrap_up_s:.1f} s) ÷ "
        f"handled calls ({c.handled}) = {fmt_or_dash(aht_value, Unit.SECONDS)}",
        (
            ("talk_s", c.talk_s),
            ("hold_s", c.hold_s),
            ("wrap_up_s", c.wrap_up_s),
            ("handled", c.handled),
        ),
    )
    long_abandons = c.abandoned - c.short_abandoned
    rate = _ratio(long_abandons, c.offered)
    what = (
        f"abandoned after {rule.short_abandon_s:g} s ({long_abandons})"
        if rule.short_abandon_s
        else f"abandoned ({long_abandons})"
    )
    abandonment = Figure(
        "abandonment_rate",
        rate,
        Unit.RATIO,
        f"{what} ÷ {offered_label} ({c.offered}) = {fmt_or_dash(rate, Unit.RATIO)}",
        (("abandoned", long_abandons), ("offered", c.offered)),
    )
    return IntervalFigures(c, service_level, of_answered, asa, aht, abandonment)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None
