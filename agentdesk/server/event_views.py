"""What each subscriber of ``GET /events`` (and of the queue wall) may see of an event: the
per-subscriber filter applied at fan-out, to replayed and live events alike.

Presence is personal (a not-ready reason says "lunch" or "coaching"): in full it goes to the
agent themself and to the supervisors of their team (``domain.access.may_see_presence``);
nobody else is sent it (``telephony/publishing.py``). A ``presence.changed`` logged for
everyone before that rule, and still in the log, becomes ``username``, ``team``, ``state``
(``ready`` or ``not_ready``) and ``at`` for them; the queue wall (``GET
/telephony/queues``, and ``queue.stats`` events logged when they still carried the agents) keeps
the figures and, of the agents, those one may see in full and the others who are ready. Every
other event passes as it is (its audience already chose who gets it).
"""

from __future__ import annotations

from typing import Any

from agentdesk.contract.sync import EventKind, ServerEvent
from agentdesk.contract.telephony import QueueBoard
from agentdesk.domain.access import Person, may_see_presence
from agentdesk.domain.presence import AgentState

__all__ = ["board_view", "event_view"]


def _presence_view(data: dict[str, Any], person: Person) -> dict[str, Any]:
    username, team = str(data.get("username", "")), str(data.get("team", ""))
    if may_see_presence(person, username, team):
        return data
    ready = data.get("state") == AgentState.READY.value
    return {
        "username": username,
        "team": team,
        "state": (AgentState.READY if ready else AgentState.NOT_READY).value,
        "at": data.get("at"),
    }


def board_view(board: QueueBoard, person: Person) -> QueueBoard:
    """The queue wall as ``person`` may see it."""
    agents = [
        agent
        for agent in board.agents
        if may_see_presence(person, agent.username, agent.team) or agent.state is AgentState.READY
    ]
    return board.model_copy(update={"agents": agents})


def event_view(event: ServerEvent, person: Person) -> ServerEvent:
    """``event`` as ``person`` may see it."""
    if event.kind is EventKind.PRESENCE_CHANGED:
        data = _presence_view(event.data, person)
    elif event.kind is EventKind.QUEUE_STATS and event.data.get("agents"):
        # Published with the agents' lines before they left the event: filtered as then.
        board = board_view(QueueBoard.model_validate(event.data), person)
        data = board.model_dump(mode="json")
    else:
        return event
    return event.model_copy(update={"data": data})
