"""The queue wall as the API sends it: the domain's figures (with their formulas) per queue,
and the agents' presence, as a :class:`~agentdesk.contract.telephony.QueueBoard`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from agentdesk.contract.telephony import (
    AgentPresenceInfo,
    CallSnapshot,
    FigureInfo,
    QueueBoard,
    QueueStats,
)
from agentdesk.domain.acd import AgentSnapshot
from agentdesk.domain.calls import Call
from agentdesk.domain.presence import LOGGED_IN_STATES, AgentPresence, AgentState
from agentdesk.domain.presence_time import PresenceTime, seconds_by_state
from agentdesk.domain.queue_stats import (
    Figure,
    FiguresCache,
    ServiceLevelRule,
    Window,
    figures_by_queue,
    occupancy_of,
)

__all__ = ["call_snapshot", "presence_info", "queue_board"]


def call_snapshot(call: Call) -> CallSnapshot:
    return CallSnapshot.model_validate(call.to_dict())


def presence_info(agent: AgentSnapshot, team: str = "") -> AgentPresenceInfo:
    presence = agent.presence
    return AgentPresenceInfo(
        username=agent.agent,
        team=team,
        state=presence.state,
        since=presence.since,
        reason=presence.reason,
        pending_reason=presence.pending_reason,
        skills=sorted(agent.skills),
    )


def _figure(figure: Figure) -> FigureInfo:
    return FigureInfo(
        code=figure.code,
        value=figure.value,
        unit=figure.unit.value,
        formula=figure.formula,
        terms=dict(figure.terms),
    )


def queue_board(
    legs: Iterable[Call],
    rules: Mapping[str, ServiceLevelRule],
    skills: Mapping[str, str],
    agents: list[AgentSnapshot],
    *,
    window: Window,
    now: datetime,
    teams: Mapping[str, str] | None = None,
    histories: Mapping[str, Sequence[AgentPresence]] | None = None,
    cache: FiguresCache | None = None,
    presence_time: PresenceTime | None = None,
    with_agents: bool = True,
) -> QueueBoard:
    """Figures of every queue in ``rules`` over ``window`` (``legs``: one snapshot per leg;
    ``histories``: each agent's presence values over the window, for occupancy; ``cache``: the
    finished legs' shares and ``presence_time`` the agents' past presence values summed, both
    kept from one board to the next). ``with_agents`` False leaves
    the agents' lines out (``queue.stats`` does not carry them: at 1,000 agents making them
    was a quarter of each board's time)."""
    figures = figures_by_queue(legs, rules, window=window, now=now, cache=cache)
    spent = _seconds_by_state(agents, histories or {}, window, now, presence_time)
    queues = []
    for name, f in figures.items():
        skilled = [a for a in agents if skills[name] in a.skills]
        rule = rules[name]
        occupancy = occupancy_of(spent[a.agent] for a in skilled)
        by_state = Counter(a.presence.state.value for a in skilled)
        queues.append(
            QueueStats(
                queue=name,
                service_level_threshold_s=rule.threshold_s,
                service_level_target=rule.target,
                offered=f.offered,
                answered=f.answered,
                abandoned=f.abandoned,
                short_abandoned=f.short_abandoned,
                agents_ready=sum(a.presence.state is AgentState.READY for a in skilled),
                agents_logged_in=sum(a.presence.state in LOGGED_IN_STATES for a in skilled),
                waiting=_figure(f.waiting),
                longest_wait=_figure(f.longest_wait),
                service_level=_figure(f.service_level),
                asa=_figure(f.asa),
                aht=_figure(f.aht),
                abandonment_rate=_figure(f.abandonment_rate),
                service_level_of_answered=_figure(f.service_level_of_answered),
                occupancy=_figure(occupancy),
                agents_by_state={state.value: by_state[state.value] for state in AgentState},
            )
        )
    return QueueBoard(
        at=now,
        window_start=window.start,
        window_end=window.end,
        queues=queues,
        agents=[presence_info(a, (teams or {}).get(a.agent, "")) for a in agents]
        if with_agents
        else [],
    )


def _seconds_by_state(
    agents: list[AgentSnapshot],
    histories: Mapping[str, Sequence[AgentPresence]],
    window: Window,
    now: datetime,
    presence_time: PresenceTime | None,
) -> dict[str, Mapping[AgentState, float]]:
    """Each agent's seconds per state over the window, once per board (an agent serves
    several queues)."""
    stop = min(now, window.end)
    spent: dict[str, Mapping[AgentState, float]] = {}
    for a in agents:
        history = histories.get(a.agent, [a.presence])
        if presence_time is None:
            spent[a.agent] = seconds_by_state(history, window.start, stop)
        else:
            spent[a.agent] = presence_time.seconds(a.agent, history, window.start, stop)
    return spent
