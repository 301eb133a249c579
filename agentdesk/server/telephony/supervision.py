"""What the supervisor's console sees of the ACD: an agent's grid row, the waiting calls, a
queue's interval figures, and the teams whose supervisors are told of a change.

Pure functions of the ACD's snapshots; the switchboard calls them under its lock and publishes
the results (``supervisor.agent``, ``supervisor.waiting``, ``supervisor.interval``) to the
audience ``supervisors:<team>``.
"""

from __future__ import annotations

from collections.abc import Iterable

from agentdesk.contract.supervisor import AgentRow, IntervalStats, WaitingCall
from agentdesk.contract.telephony import FigureInfo
from agentdesk.domain.acd import AgentSnapshot
from agentdesk.domain.calls import Call, CallState
from agentdesk.domain.intervals import IntervalCounts, interval_figures
from agentdesk.domain.queue_stats import Figure, ServiceLevelRule

__all__ = ["agent_row", "figure_info", "interval_stats", "waiting_calls"]

_ANSWERED = frozenset({CallState.ANSWERED, CallState.HELD})


def figure_info(figure: Figure) -> FigureInfo:
    return FigureInfo(
        code=figure.code,
        value=figure.value,
        unit=figure.unit.value,
        formula=figure.formula,
        terms=dict(figure.terms),
    )


def agent_row(
    agent: AgentSnapshot,
    *,
    team: str,
    display_name: str,
    call: Call | None,
    set_by: str = "",
) -> AgentRow:
    """The agent grid's row of ``agent``; ``call`` is the leg they ring, hold or wrap up."""
    presence = agent.presence
    call_since = None
    if call is not None:
        call_since = call.answered_at if call.state in _ANSWERED else call.rang_at
        call_since = call_since or call.answered_at or call.rang_at
    return AgentRow(
        username=agent.agent,
        display_name=display_name or agent.agent,
        team=team,
        state=presence.state,
        since=presence.since,
        reason=presence.reason,
        pending_reason=presence.pending_reason,
        set_by=set_by,
        call_id=call.id if call is not None else None,
        call_queue=call.queue if call is not None else None,
        call_since=call_since,
    )


def waiting_calls(calls: Iterable[Call], queues: Iterable[str]) -> list[WaitingCall]:
    """The calls waiting in ``queues``, oldest first (no caller number)."""
    wanted = set(queues)
    waiting = [c for c in calls if c.state is CallState.QUEUED and c.queue in wanted]
    waiting.sort(key=lambda c: (c.queued_at, c.id, c.leg))
    return [
        WaitingCall(call_id=c.id, queue=c.queue, queued_at=c.queued_at, priority=c.priority)
        for c in waiting
    ]


def interval_stats(
    counts: IntervalCounts, rule: ServiceLevelRule, *, closed: bool
) -> IntervalStats:
    """One stored interval with its figures."""
    figures = interval_figures(counts, rule)
    return IntervalStats(
        queue=counts.queue,
        start=counts.start,
        end=counts.end,
        closed=closed,
        offered=counts.offered,
        answered=counts.answered,
        abandoned=counts.abandoned,
        short_abandoned=counts.short_abandoned,
        answered_within=counts.answered_within,
        total_wait_s=counts.total_wait_s,
        talk_s=counts.talk_s,
        hold_s=counts.hold_s,
        wrap_up_s=counts.wrap_up_s,
        handled=counts.handled,
        service_level=figure_info(figures.service_level),
        service_level_of_answered=figure_info(figures.service_level_of_answered),
        asa=figure_info(figures.asa),
        aht=figure_info(figures.aht),
        abandonment_rate=figure_info(figures.abandonment_rate),
    )
