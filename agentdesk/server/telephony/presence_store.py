"""The agents' presence across a restart: each agent's last presence (``agent_presence``),
written with every change, and what the switchboard restores from it at start.

An agent who was in a call state (ringing, on a call, on hold, in wrap-up) lost that call with
the restart: they come back **not ready** from the restart's time, with the not-ready reason
they had chosen for after the call, or ``system_issue``. No call is then sent to a desk whose
agent has not chosen ready again (the domain allows restoring only offline, ready or not
ready). Everyone else comes back as they were, since when they were.

The presence values over the figures' window (occupancy) are read back from the event log's
``presence.changed`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.sync import EventKind
from agentdesk.domain.presence import BUSY_STATES, AgentPresence, AgentState, NotReadyReason
from agentdesk.server import models

__all__ = ["KeptPresence", "kept_presences", "presence_histories", "save_presence"]


@dataclass(frozen=True)
class KeptPresence:
    username: str
    team: str
    presence: AgentPresence
    set_by: str


def save_presence(
    session: Session, username: str, team: str, presence: AgentPresence, set_by: str
) -> None:
    """Insert or update the agent's row, in the caller's transaction."""
    row = session.get(models.AgentPresenceRow, username)
    if row is None:
        row = models.AgentPresenceRow(username=username)
        session.add(row)
    row.team = team
    row.state = presence.state.value
    row.reason = presence.reason.value if presence.reason else None
    row.pending_reason = presence.pending_reason.value if presence.pending_reason else None
    row.since = presence.since
    row.set_by = set_by


def kept_presences(session: Session, now: datetime) -> list[KeptPresence]:
    """The presence to restore of every agent with a row (see the module's docstring)."""
    kept = []
    for row in session.scalars(
        select(models.AgentPresenceRow).order_by(models.AgentPresenceRow.username)
    ):
        state = AgentState(row.state)
        if state in BUSY_STATES:
            pending = NotReadyReason(row.pending_reason or NotReadyReason.SYSTEM_ISSUE)
            presence = AgentPresence(AgentState.NOT_READY, now, reason=pending)
        else:
            reason = NotReadyReason(row.reason) if row.reason else None
            presence = AgentPresence(state, min(row.since, now), reason=reason)
        kept.append(KeptPresence(row.username, row.team, presence, row.set_by))
    return kept


def presence_histories(session: Session, since: datetime) -> dict[str, list[AgentPresence]]:
    """Each agent's presence values since ``since`` from the event log; the state an agent was
    in at ``since`` starts there (before it, nothing counts)."""
    rows = session.scalars(
        select(models.EventLog.data)
        .where(
            models.EventLog.kind == EventKind.PRESENCE_CHANGED.value,
            models.EventLog.at >= since,
            # Each change is logged for the agent and again for their team's supervisors.
            models.EventLog.audience.not_like("supervisors:%"),
        )
        .order_by(models.EventLog.id)
    ).all()
    histories: dict[str, list[AgentPresence]] = {}
    for data in rows:
        try:
            presence = AgentPresence(
                AgentState(data["state"]),
                datetime.fromisoformat(data["since"]),
                reason=NotReadyReason(data["reason"]) if data.get("reason") else None,
                pending_reason=(
                    NotReadyReason(data["pending_reason"]) if data.get("pending_reason") else None
                ),
            )
            previous = AgentState(data["previous"])
        except (KeyError, ValueError):
            continue
        history = histories.setdefault(str(data["username"]), [])
        if not history:
            reason = NotReadyReason.SYSTEM_ISSUE if previous is AgentState.NOT_READY else None
            history.append(AgentPresence(previous, since, reason=reason))
        history.append(presence)
    return histories
