"""The persisted event log behind ``GET /events``: publish in the writing transaction, read by id.

Events are rows of ``event_log`` written in the transaction whose change they announce, so an
event exists exactly when its change does, and any worker can serve it to any client. Ids are
handed out under the event lock (``sequence.lock_events``), so they commit in id order: a reader
that resumes "after N" never skips an event committed late with a smaller id. The broker
(``broker.py``) is rung after the commit; it rereads the log by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, func, select
from sqlalchemy.orm import Session

from agentdesk.contract.sync import EventKind, ServerEvent
from agentdesk.server import models, sequence

__all__ = [
    "AUDIENCE_ALL",
    "AUDIENCE_SUPERVISORS",
    "audiences_of",
    "latest_id",
    "publish",
    "purge",
    "read_after",
    "supervisors_audience",
    "team_audience",
]

AUDIENCE_ALL = "all"
AUDIENCE_SUPERVISORS = "supervisors"  # every supervisor (the queue wall's boards in between)
_LOG = cast(Table, models.EventLog.__table__)  # declared as a FromClause; it is a Table


def audiences_of(username: str, role: str | None = None, team: str = "") -> tuple[str, ...]:
    """The audiences whose events a signed-in user receives: everyone's, their own, and their
    team's: ``team:<team>`` for an agent (broadcasts), ``supervisors:<team>`` for a supervisor
    (the console's events, which no agent receives) and ``supervisors`` (every supervisor:
    the queue wall's boards)."""
    mine: tuple[str, ...] = (AUDIENCE_ALL, f"user:{username}")
    if role == "supervisor":
        mine += (AUDIENCE_SUPERVISORS,)
    if not team:
        return mine
    if role == "agent":
        return (*mine, team_audience(team))
    if role == "supervisor":
        return (*mine, supervisors_audience(team))
    return mine


def team_audience(team: str) -> str:
    """The agents of ``team`` (a supervisor's broadcast)."""
    return f"team:{team}"


def supervisors_audience(team: str) -> str:
    """The supervisors of ``team`` (the supervisor console's live events)."""
    return f"supervisors:{team}"


def publish(
    session: Session,
    kind: EventKind,
    data: dict[str, Any],
    *,
    at: datetime,
    audience: str = AUDIENCE_ALL,
) -> None:
    """Log an event that happened ``at`` (the server's clock) in the caller's transaction; it is
    delivered after the commit."""
    sequence.lock_events(session)
    row = models.EventLog(kind=kind.value, data=data, at=at, audience=audience)
    session.add(row)
    sequence.mark_events_published(session, row)


def read_after(
    bind: Session | Connection,
    after_id: int,
    *,
    limit: int = 500,
    audiences: Iterable[str] | None = None,
) -> list[tuple[ServerEvent, str]]:
    """Events with an id above ``after_id``, oldest first, with their audience."""
    query = select(_LOG).where(_LOG.c.id > after_id).order_by(_LOG.c.id).limit(limit)
    if audiences is not None:
        query = query.where(_LOG.c.audience.in_(list(audiences)))
    found: list[tuple[ServerEvent, str]] = []
    for row in bind.execute(query):
        try:
            kind = EventKind(row.kind)
        except ValueError:  # a kind a newer worker wrote: this one cannot describe it
            continue
        found.append((ServerEvent(id=row.id, kind=kind, at=row.at, data=row.data), row.audience))
    return found


def latest_id(bind: Session | Connection) -> int:
    return int(bind.execute(select(func.coalesce(func.max(_LOG.c.id), 0))).scalar_one())


def purge(session: Session, older_than: datetime) -> int:
    """Forget events older than ``older_than`` (a client that was away longer pulls anyway)."""
    result = session.execute(delete(_LOG).where(_LOG.c.at < older_than))
    return int(getattr(result, "rowcount", 0) or 0)
