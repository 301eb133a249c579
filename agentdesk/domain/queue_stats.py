"""Queue and agent figures for the queue wall, the agent grid and the softphone bar.

Every figure is a :class:`Figure`: its ``value`` and a ``formula`` in English with its actual
numbers, which the UI shows on hover (DESIGN §6), plus ``code`` and ``terms`` so a translated UI
can build the same sentence itself. The agent's and the supervisor's views feed the same call
snapshots (the ACD's events carry them) into these functions, so they never disagree.

Counting rules, so that every figure means one thing:

* A window ``[start, end)`` selects the queue legs that entered their queue inside it
  (``queued_at``). Legs that rang an agent directly after a transfer (``direct``) never waited in
  the queue: they count for AHT but not for offered, service level, ASA or abandonment.
* "Offered" counts the legs with an outcome: answered or abandoned. A call still waiting has no
  outcome yet; it shows in "waiting now" and "longest wait now".
* Service level = answered within the threshold ÷ offered. :class:`ServiceLevelRule` says whether
  abandoned calls count in the denominator (``abandons_count``; if not, the denominator is the
  answered calls only) and excludes *short abandons* (callers gone within ``short_abandon_s``,
  usually a wrong number) from every figure. "Within" includes the bound: a wait of exactly 20 s
  meets a 20 s threshold.
* ASA = total queue wait of answered calls ÷ answered calls.
* AHT = (talk + hold + wrap-up) ÷ handled calls, over legs whose wrap-up is finished.
* Abandonment rate = abandoned (not short) ÷ offered (without short abandons).
* Occupancy (per agent) = time on calls, on hold and in wrap-up ÷ logged-in time outside not
  ready. Ringing counts as available time, not busy time.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from agentdesk.domain.calls import Call, CallState
from agentdesk.domain.presence import AgentPresence, AgentState
from agentdesk.domain.presence_time import seconds_by_state

__all__ = [
    "Figure",
    "FiguresCache",
    "QueueFigures",
    "ServiceLevelRule",
    "Unit",
    "Window",
    "figures_by_queue",
    "fmt_or_dash",
    "group_occupancy",
    "latest_legs",
    "occupancy",
    "occupancy_of",
    "queue_figures",
]


class Unit(StrEnum):
    COUNT = "count"
    SECONDS = "seconds"
    RATIO = "ratio"  # 0..1; shown as a percentage


@dataclass(frozen=True)
class Figure:
    """One number with the formula that made it; ``value`` is None when undefined (0 ÷ 0)."""

    code: str
    value: float | None
    unit: Unit
    formula: str
    terms: tuple[tuple[str, float], ...] = ()

    @property
    def text(self) -> str:
        return "–" if self.value is None else _fmt(self.value, self.unit)


@dataclass(frozen=True)
class ServiceLevelRule:
    """A queue's service-level target, e.g. 80% answered within 20 s."""

    threshold_s: float = 20.0
    target: float = 0.8
    abandons_count: bool = True  # abandoned calls are in the denominator (they missed the goal)
    short_abandon_s: float = 5.0  # abandons within this many seconds are left out; 0: none

    def __post_init__(self) -> None:
        if self.threshold_s <= 0 or not 0 < self.target <= 1 or self.short_abandon_s < 0:
            raise ValueError("service level: threshold > 0, 0 < target ≤ 1, short abandon ≥ 0")


@dataclass(frozen=True)
class Window:
    """A half-open reporting window ``[start, end)``."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a window ends after it starts")

    @classmethod
    def last(cls, now: datetime, *, minutes: float = 30) -> Window:
        return cls(now - timedelta(minutes=minutes), now)

    @classmethod
    def since_midnight(cls, now: datetime) -> Window:
        """From local midnight of ``now``'s own timezone to ``now``."""
        return cls(now.replace(hour=0, minute=0, second=0, microsecond=0), now)

    def __contains__(self, at: datetime) -> bool:
        return self.start <= at < self.end


@dataclass(frozen=True)
class QueueFigures:
    queue: str
    window: Window
    offered: int
    answered: int
    abandoned: int  # short abandons included; see short_abandoned
    short_abandoned: int
    waiting: Figure
    longest_wait: Figure
    service_level: Figure
    service_level_of_answered: Figure  # the other definition: within ÷ answered
    asa: Figure
    aht: Figure
    abandonment_rate: Figure


def latest_legs(calls: Iterable[Call]) -> list[Call]:
    """The last snapshot of each leg, from snapshots in the order they were published."""
    legs: dict[tuple[str, int], Call] = {}
    for call in calls:
        legs[call.key] = call
    return list(legs.values())


def queue_figures(
    calls: Iterable[Call],
    queue: str,
    *,
    window: Window,
    now: datetime,
    rule: ServiceLevelRule | None = None,
) -> QueueFigures:
    """The queue wall's figures for ``queue`` (``calls`` holds one snapshot per leg)."""
    rule = rule or ServiceLevelRule()
    return _queue_figures([c for c in calls if c.queue == queue], queue, window, now, rule)


@dataclass(frozen=True, slots=True)
class _Share:
    """One leg's part in its queue's figures (for a leg queued inside the window)."""

    answered: bool  # queued (not direct) and answered
    abandoned: bool  # queued and abandoned
    short: bool  # abandoned within the rule's short abandon
    within: bool  # answered within the rule's threshold
    wait: float  # the queue wait of an answered or abandoned leg, else 0
    handled: bool  # answered and wrapped up (direct legs too): in AHT
    talk: float
    hold: float
    wrap: float


def _share(call: Call, rule: ServiceLevelRule) -> _Share:
    queued = not call.direct
    answered = queued and call.answered_at is not None
    abandoned = queued and call.state is CallState.ABANDONED
    wait = call.wait_s() if answered or abandoned else 0.0
    handled = call.answered_at is not None and call.wrap_up_ends_at is not None
    return _Share(
        answered=answered,
        abandoned=abandoned,
        short=abandoned and bool(rule.short_abandon_s) and wait <= rule.short_abandon_s,
        within=answered and wait <= rule.threshold_s,
        wait=wait,
        handled=handled,
        talk=call.talk_s() if handled else 0.0,
        hold=call.hold_s() if handled else 0.0,
        wrap=call.wrap_up_s() if handled else 0.0,
    )


class FiguresCache:
    """Each finished leg's share of its queue's figures, worked out once: a leg whose outcome
    and wrap-up are final never changes, so a tick over an hour of legs (the queue wall's
    window) works out only the live ones again. A leg's new snapshot is worked out anew; the
    figures are exactly those of :func:`queue_figures` (the same numbers, added in the same
    order). The caller forgets the legs it no longer passes. It keeps each queue's figures
    too, for a tick that moved nothing of that queue (:meth:`kept_figures`)."""

    def __init__(self) -> None:
        self._shares: dict[tuple[str, int], tuple[Call, ServiceLevelRule, _Share]] = {}
        self._figures: dict[str, _KeptFigures] = {}

    def __len__(self) -> int:
        return len(self._shares)

    def share(self, call: Call, rule: ServiceLevelRule) -> _Share:
        hit = self._shares.get(call.key)
        if hit is not None and hit[0] is call and (hit[1] is rule or hit[1] == rule):
            return hit[2]  # this very snapshot, finished when it was kept
        share = _share(call, rule)
        if call.active or call.wrap_up_pending:
            return share  # still moving
        self._shares[call.key] = (call, rule, share)
        return share

    def forget(self, key: tuple[str, int]) -> None:
        self._shares.pop(key, None)

    def kept_figures(
        self, mine: list[Call], rule: ServiceLevelRule, window: Window, now: datetime
    ) -> QueueFigures | None:
        """The figures last worked out for the queue of ``mine`` when they hold still: the
        same snapshots (a leg that moved is a new one), the same rule, and a window that
        moved on without a leg leaving or entering it (only the longest wait follows the
        clock). A tick changes one queue or two of twenty: the others cost a comparison."""
        if not mine:
            return None
        kept = self._figures.get(mine[0].queue)
        if kept is None or not kept.holds(mine, rule, window):
            return None
        return replace(kept.figures, window=window, longest_wait=_longest_wait(kept.waiting, now))

    def keep_figures(
        self, mine: list[Call], rule: ServiceLevelRule, window: Window, figures: QueueFigures
    ) -> None:
        if mine:
            self._figures[figures.queue] = _KeptFigures.of(mine, rule, window, figures)


@dataclass(frozen=True)
class _KeptFigures:
    """A queue's figures with what they were worked out from."""

    legs: list[Call]
    rule: ServiceLevelRule
    start: datetime  # the window's
    first_inside: datetime | None  # the earliest leg queued inside the window
    all_before_end: bool  # no leg queued at or after the window's end
    waiting: list[Call]  # in the order queued
    figures: QueueFigures

    @classmethod
    def of(
        cls, legs: list[Call], rule: ServiceLevelRule, window: Window, figures: QueueFigures
    ) -> _KeptFigures:
        inside = [c.queued_at for c in legs if window.start <= c.queued_at < window.end]
        waiting = sorted(
            (c for c in legs if c.state is CallState.QUEUED), key=lambda c: c.queued_at
        )
        return cls(
            list(legs),
            rule,
            window.start,
            min(inside, default=None),
            all(c.queued_at < window.end for c in legs),
            waiting,
            figures,
        )

    def holds(self, legs: list[Call], rule: ServiceLevelRule, window: Window) -> bool:
        return (
            self.all_before_end
            and self.start <= window.start
            and (self.first_inside is None or window.start <= self.first_inside)
            and (rule is self.rule or rule == self.rule)
            and len(legs) == len(self.legs)
            and all(map(operator.is_, legs, self.legs))
        )


def _queue_figures(
    mine: list[Call],
    queue: str,
    window: Window,
    now: datetime,
    rule: ServiceLevelRule,
    cache: FiguresCache | None = None,
) -> QueueFigures:
    """:func:`queue_figures` over ``mine``, the legs of ``queue`` only.

    One pass over the legs and one over their shares: the server works out every queue's
    figures up to ten times a second over the hour's legs (about 11,000 at 1,000 agents)."""
    share = _share if cache is None else cache.share
    start, end = window.start, window.end
    waiting: list[Call] = []
    shares: list[_Share] = []
    for call in mine:
        if call.state is CallState.QUEUED:
            waiting.append(call)
        if start <= call.queued_at < end:  # queued inside the window
            shares.append(share(call, rule))
    waiting.sort(key=lambda c: c.queued_at)
    # The sums add the same numbers in the legs' order, whatever else is counted alongside.
    waits: list[float] = []  # of the answered legs
    handled: list[_Share] = []
    within = abandoned = short = 0
    for one in shares:
        if one.answered:
            waits.append(one.wait)
            within += one.within
        abandoned += one.abandoned
        short += one.short
        if one.handled:
            handled.append(one)
    answered = len(waits)
    long_abandons = abandoned - short
    offered = answered + long_abandons

    return QueueFigures(
        queue=queue,
        window=window,
        offered=offered,
        answered=answered,
        abandoned=abandoned,
        short_abandoned=short,
        waiting=Figure(
            "waiting",
            len(waiting),
            Unit.COUNT,
            f"calls waiting in {queue} now = {len(waiting)}",
            (("waiting", len(waiting)),),
        ),
        longest_wait=_longest_wait(waiting, now),
        service_level=_service_level(rule, within, answered, offered),
        service_level_of_answered=_service_level(
            replace(rule, abandons_count=False),
            within,
            answered,
            offered,
            code="service_level_of_answered",
        ),
        asa=_asa(waits),
        aht=_aht(handled),
        abandonment_rate=_abandonment_rate(rule, long_abandons, offered),
    )


def figures_by_queue(
    calls: Iterable[Call],
    rules: Mapping[str, ServiceLevelRule],
    *,
    window: Window,
    now: datetime,
    cache: FiguresCache | None = None,
) -> dict[str, QueueFigures]:
    """Figures for every queue in ``rules`` (the queue wall): the same as
    :func:`queue_figures` of each, with the legs grouped by queue in one pass (in their order,
    so every sum adds the same numbers in the same order); ``cache`` keeps the finished legs'
    shares from one call to the next."""
    by_queue: dict[str, list[Call]] = {queue: [] for queue in rules}
    for call in calls:
        mine = by_queue.get(call.queue)
        if mine is not None:
            mine.append(call)
    if cache is None:
        return {
            queue: _queue_figures(by_queue[queue], queue, window, now, rule)
            for queue, rule in rules.items()
        }
    figures: dict[str, QueueFigures] = {}
    for queue, rule in rules.items():
        mine = by_queue[queue]
        kept = cache.kept_figures(mine, rule, window, now)
        if kept is None:
            kept = _queue_figures(mine, queue, window, now, rule, cache)
            cache.keep_figures(mine, rule, window, kept)
        figures[queue] = kept
    return figures


def occupancy(history: Sequence[AgentPresence], *, window: Window, now: datetime) -> Figure:
    """One agent's occupancy from their presence values in order (each lasts until the next)."""
    return group_occupancy([history], window=window, now=now)


def group_occupancy(
    histories: Iterable[Sequence[AgentPresence]], *, window: Window, now: datetime
) -> Figure:
    """The occupancy of a group of agents (a queue's skilled agents): their busy seconds ÷
    their available seconds, summed over the agents (the same definition as one agent's)."""
    stop = min(now, window.end)
    return occupancy_of(seconds_by_state(history, window.start, stop) for history in histories)


_BUSY_STATES = (
    AgentState.HOLD,
    AgentState.ON_CALL,
    AgentState.WRAP_UP,
)  # as the formula names them


def occupancy_of(agents: Iterable[Mapping[AgentState, float]]) -> Figure:
    """:func:`group_occupancy` from each agent's seconds per state over the window
    (``presence_time``)."""
    seconds: dict[AgentState, float] = dict.fromkeys(AgentState, 0.0)
    for spent in agents:
        for state, spent_in in spent.items():
            seconds[state] += spent_in
    busy = sum(seconds[s] for s in _BUSY_STATES)
    available = busy + seconds[AgentState.READY] + seconds[AgentState.RINGING]
    value = busy / available if available else None
    parts = " + ".join(f"{s} {seconds[s]:.0f} s" for s in _BUSY_STATES)
    formula = (
        f"busy ({parts} = {busy:.0f} s) ÷ logged in excluding not ready "
        f"({available:.0f} s) = {fmt_or_dash(value, Unit.RATIO)}"
    )
    terms = (("busy_s", busy), ("available_s", available))
    return Figure("occupancy", value, Unit.RATIO, formula, terms)


# -- the figures' formulas -------------------------------------------------------------------


def _longest_wait(waiting: list[Call], now: datetime) -> Figure:
    if not waiting:
        return Figure("longest_wait", 0.0, Unit.SECONDS, "no call waiting = 0 s")
    oldest = waiting[0]
    wait = oldest.wait_s(now)
    formula = (
        f"now ({now:%H:%M:%S}) − queued at of the oldest waiting call "
        f"({oldest.queued_at:%H:%M:%S}) = {_fmt(wait, Unit.SECONDS)}"
    )
    return Figure("longest_wait", wait, Unit.SECONDS, formula, (("longest_wait_s", wait),))


def _service_level(
    rule: ServiceLevelRule,
    within: int,
    answered: int,
    offered: int,
    *,
    code: str = "service_level",
) -> Figure:
    threshold = f"{rule.threshold_s:g} s"
    if rule.abandons_count:
        denominator = offered
        label = (
            f"offered excluding short abandons ≤ {rule.short_abandon_s:g} s"
            if rule.short_abandon_s
            else "offered"
        )
    else:
        denominator, label = answered, "answered"
    value = within / denominator if denominator else None
    formula = (
        f"answered within {threshold} ({within}) ÷ {label} ({denominator}) = "
        f"{fmt_or_dash(value, Unit.RATIO)} (target {rule.target:.0%})"
    )
    terms = (("answered_within", within), ("denominator", denominator))
    return Figure(code, value, Unit.RATIO, formula, terms)


def _asa(answered: list[float]) -> Figure:
    """ASA from the answered legs' waits (seconds, in the legs' order)."""
    total = sum(answered)
    value = total / len(answered) if answered else None
    formula = (
        f"total wait of answered calls ({total:.1f} s) ÷ answered ({len(answered)}) = "
        f"{fmt_or_dash(value, Unit.SECONDS)}"
    )
    terms = (("total_wait_s", total), ("answered", len(answered)))
    return Figure("asa", value, Unit.SECONDS, formula, terms)


def _aht(handled: list[_Share]) -> Figure:
    talk = sum(s.talk for s in handled)
    hold = sum(s.hold for s in handled)
    wrap = sum(s.wrap for s in handled)
    value = (talk + hold + wrap) / len(handled) if handled else None
    formula = (
        f"(talk {talk:.1f} s + hold {hold:.1f} s + wrap-up {wrap:.1f} s) ÷ handled calls "
        f"({len(handled)}) = {fmt_or_dash(value, Unit.SECONDS)}"
    )
    terms = (("talk_s", talk), ("hold_s", hold), ("wrap_up_s", wrap), ("handled", len(handled)))
    return Figure("aht", value, Unit.SECONDS, formula, terms)


def _abandonment_rate(rule: ServiceLevelRule, abandoned: int, offered: int) -> Figure:
    value = abandoned / offered if offered else None
    if rule.short_abandon_s:
        what = f"abandoned after {rule.short_abandon_s:g} s ({abandoned})"
        label = f"offered excluding short abandons ≤ {rule.short_abandon_s:g} s"
    else:
        what, label = f"abandoned ({abandoned})", "offered"
    formula = f"{what} ÷ {label} ({offered}) = {fmt_or_dash(value, Unit.RATIO)}"
    terms = (("abandoned", abandoned), ("offered", offered))
    return Figure("abandonment_rate", value, Unit.RATIO, formula, terms)


def _fmt(value: float, unit: Unit) -> str:
    if unit is Unit.RATIO:
        return f"{value:.1%}"
    if unit is Unit.SECONDS:
        return f"{value:.1f} s"
    return f"{value:g}"


def fmt_or_dash(value: float | None, unit: Unit) -> str:
    return "– (nothing to count yet)" if value is None else _fmt(value, unit)
