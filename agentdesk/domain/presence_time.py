"""How long an agent spent in each presence state over a window, from their presence values in
order (each lasts until the next; the last one until the window's end): what occupancy is made
of (``queue_stats.group_occupancy``).

The queue wall works it out for every agent several times a second over the last hour, about
fifty values per agent mid-shift: 86 ms a board at 1,000 agents when every queue went over its
agents' histories. :class:`PresenceTime` keeps each agent's past values summed (they never
change) and adds only the value the window's start cuts and the one still running.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from agentdesk.domain.presence import AgentPresence, AgentState

__all__ = ["PresenceTime", "seconds_by_state"]


def seconds_by_state(
    history: Sequence[AgentPresence], start: datetime, stop: datetime
) -> dict[AgentState, float]:
    """Seconds in each state of ``history`` inside ``[start, stop)``."""
    seconds: dict[AgentState, float] = dict.fromkeys(AgentState, 0.0)
    for i, presence in enumerate(history):
        until = history[i + 1].since if i + 1 < len(history) else stop
        begin, end = max(presence.since, start), min(until, stop)
        if end > begin:
            seconds[presence.state] += (end - begin).total_seconds()
    return seconds


@dataclass(frozen=True)
class _Past:
    """An agent's values but the last (each ended when the next began), with the running
    seconds of each state after each of them."""

    first: AgentPresence
    last: AgentPresence
    count: int
    ends: list[datetime]
    totals: dict[AgentState, list[float]]  # totals[state][i]: seconds in values 0..i-1

    @classmethod
    def of(cls, history: Sequence[AgentPresence]) -> _Past:
        ends = [history[i + 1].since for i in range(len(history) - 1)]
        totals = {presence.state: [0.0] for presence in history[:-1]}  # the states it was in
        for presence, end in zip(history, ends, strict=False):
            spent = (end - presence.since).total_seconds()
            for state, running in totals.items():
                running.append(running[-1] + (spent if state is presence.state else 0.0))
        return cls(history[0], history[-1], len(history), ends, totals)

    def holds(self, history: Sequence[AgentPresence]) -> bool:
        """Still the history it was made of (values are appended at the end and dropped from
        the front, never changed)."""
        return len(history) == self.count and history[0] is self.first and history[-1] is self.last


class PresenceTime:
    """:func:`seconds_by_state` of each agent, their past values summed once: a window that
    moves on cuts at most one past value, found by bisection."""

    def __init__(self) -> None:
        self._past: dict[str, _Past] = {}

    def seconds(
        self, agent: str, history: Sequence[AgentPresence], start: datetime, stop: datetime
    ) -> Mapping[AgentState, float]:
        """As :func:`seconds_by_state`, without the states it was never in."""
        if not history or history[-1].since > stop:
            return seconds_by_state(history, start, stop)  # a window in the past: as it is
        past = self._past.get(agent)
        if past is None or not past.holds(history):
            past = self._past[agent] = _Past.of(history)
        seconds: dict[AgentState, float] = {}  # the states it was in only
        cut = bisect_right(past.ends, start)  # the first past value still running at start
        if cut < len(past.ends):
            value, end = history[cut], past.ends[cut]
            for state, running in past.totals.items():
                seconds[state] = running[-1] - running[cut + 1]
            seconds[value.state] += (end - max(value.since, start)).total_seconds()
        current = past.last
        begin = max(current.since, start)
        if stop > begin:
            spent = (stop - begin).total_seconds()
            seconds[current.state] = seconds.get(current.state, 0.0) + spent
        return seconds
