"""The supervisor's console: the team's snapshot, interval figures, and the supervisor's actions.

The console takes :meth:`SupervisorService.snapshot` once when it opens (and again when the event
stream reconnects, :class:`~agentdesk.events.EventStreamConnected`), then applies the live
events the listener puts on the bus (``queue.stats``, ``supervisor.agent``, ``supervisor.waiting``,
``supervisor.interval``, ``ticket.changed``): there is no polling. The figures are the server's,
each with its formula (``FigureInfo``), computed by the same code for the agent's softphone bar.

Every action is role-checked and audited by the server; a reassignment goes through the ticket's
ordinary update path with ``If-Match`` (:meth:`ComplaintService.assign`), so recusal and a
concurrent edit are handled as anywhere else.

Threading: blocking (HTTP); the UI calls it from background operations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agentdesk.contract.supervisor import (
    AgentLogout,
    AgentNotReady,
    Broadcast,
    BroadcastRequest,
    ExtensionDecision,
    IntervalStats,
    QueueMove,
    SupervisorSnapshot,
)
from agentdesk.contract.telephony import QueueBoard, QueueStats
from agentdesk.contract.tickets import Assignee
from agentdesk.domain.presence import NotReadyReason
from agentdesk.errors import ProtocolError
from agentdesk.events import QueueStatsChanged
from agentdesk.services.complaints import ComplaintService
from agentdesk.services.contract_input import checked
from agentdesk.services.session import SessionService

__all__ = ["SupervisorService", "queue_stats_of", "same_weekday_last_week"]


def same_weekday_last_week(day: date) -> date:
    """The day the trends compare today with: seven days before."""
    return day - timedelta(days=7)


def queue_stats_of(event: QueueStatsChanged | Mapping[str, Any]) -> list[QueueStats]:
    """The queue figures a ``queue.stats`` event carries (a QueueBoard), one per queue.
    ProtocolError when it is not one."""
    data = event.stats if isinstance(event, QueueStatsChanged) else event
    try:
        return QueueBoard.model_validate(dict(data)).queues
    except ValidationError as exc:
        raise ProtocolError(f"queue.stats: not a QueueBoard ({exc.error_count()} errors)") from exc


class SupervisorService:
    def __init__(
        self,
        session: SessionService,
        complaints: ComplaintService,
        *,
        clock: Callable[[], datetime],
    ) -> None:
        self._session = session
        self._complaints = complaints
        self._clock = clock

    # -- reading ------------------------------------------------------------------------------

    def snapshot(self) -> SupervisorSnapshot:
        """Everything the console shows for the supervisor's team, now."""
        return self._session.api.supervisor_snapshot()

    def intervals(self, start: date, end: date, queue: str | None = None) -> list[IntervalStats]:
        """The team's interval figures of the days ``start`` to ``end`` (both included)."""
        return self._session.api.supervisor_intervals(start, end, queue)

    def last_week_intervals(self, today: date) -> list[IntervalStats]:
        """The same weekday last week, every queue of the team (the trends' comparison)."""
        day = same_weekday_last_week(today)
        return self.intervals(day, day)

    def assignable(self, ticket_id: int) -> list[Assignee]:
        """Whom a complaint may go to (the server has left out every party to it: recusal)."""
        return self._complaints.assignable(ticket_id)

    # -- acting -------------------------------------------------------------------------------

    def set_not_ready(self, username: str, reason: NotReadyReason) -> None:
        """Set an agent not ready (e.g. for coaching); during a call, after its wrap-up."""
        self._session.api.supervisor_not_ready(username, checked(AgentNotReady, reason=reason))

    def log_out(self, username: str, note: str = "") -> None:
        """Log an agent out of the phone."""
        self._session.api.supervisor_logout(username, checked(AgentLogout, note=note))

    def move_call(self, call_id: str, queue: str) -> None:
        """Move a waiting call to another queue (keeping its place by arrival time)."""
        self._session.api.supervisor_move_call(call_id, checked(QueueMove, queue=queue))

    def broadcast(self, text: str) -> Broadcast:
        """A message to every desk of the team."""
        return self._session.api.supervisor_broadcast(checked(BroadcastRequest, text=text.strip()))

    def reassign(self, ticket_id: int, username: str) -> None:
        """Give a complaint to another person of the team, through the ticket's update path
        (If-Match: a change someone made meanwhile is TicketChanged, never overwritten)."""
        self._complaints.assign(ticket_id, username)

    def decide_extension(self, ticket_id: int, approve: bool, note: str = "") -> None:
        """Approve (the clock moves, the holding letter goes out) or refuse with a note."""
        decision = checked(ExtensionDecision, approve=approve, note=note.strip())
        self._session.api.supervisor_extension(ticket_id, decision)

    def export_csv(self, start: date, end: date, path: Path) -> int:
        """Write the interval figures of ``start`` to ``end`` as the server's CSV to ``path``;
        returns the bytes written. The file appears whole or not at all."""
        body = self._session.api.supervisor_intervals_csv(start, end)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(body)
        partial.replace(path)
        return len(body)

    def today(self) -> date:
        return self._clock().astimezone().date()
