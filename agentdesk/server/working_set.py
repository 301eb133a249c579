"""A desk's working set: the customers an agent needs in their cache, computed from the
server's own records (a desk says which scope IT chose; it never says who is in it).

For a user and a window of ``days``, the working set is every customer who
* called or was contacted by an agent of the user's team (the user alone when they have no
  team) in the window: the team's recent callers, whom a colleague may hand over;
* has an open complaint ticket assigned to the user or waiting in their team's queue;
* has an open task the user owns;
* the user touched in the window: a view, an unmask or a change in the audit trail (their own
  interactions are the team's already).

:func:`members` is a SQL ``SELECT`` of their ids, for the feed to filter by inside its own query
(no list of thousands of ids bound per page); :func:`member_ids` runs it, and :func:`digest`
``contract.sync.scope_digest`` names a set of them, which the desk sends with its pull so
that the list is only sent again when it changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select, union

from agentdesk.server import models
from agentdesk.server.customers import CLOSED_STATUSES

__all__ = ["Scope", "member_ids", "members"]

_INTERACTIONS = models.table_of(models.Interaction)
_TICKETS = models.table_of(models.Ticket)
_TASKS = models.table_of(models.Task)
_USERS = models.table_of(models.User)
_AUDIT = models.table_of(models.AuditEvent)


@dataclass(frozen=True)
class Scope:
    """Whose working set, and how far back it reaches."""

    username: str
    team: str
    now: datetime
    days: int

    @property
    def since(self) -> datetime:
        return self.now - timedelta(days=self.days)


def members(scope: Scope) -> Select[int]:
    """The ids of the customers in ``scope``'s working set (duplicates removed), as SQL."""
    if scope.team:
        agents = select(_USERS.c.username).where(_USERS.c.team == scope.team)
        mine = _TICKETS.c.assignee == scope.username
        queue = (_TICKETS.c.team == scope.team) & (_TICKETS.c.assignee == "")
        tickets = select(_TICKETS.c.customer_id).where(
            mine | queue, _TICKETS.c.status.not_in(CLOSED_STATUSES)
        )
        callers = select(_INTERACTIONS.c.customer_id).where(
            _INTERACTIONS.c.agent.in_(agents), _INTERACTIONS.c.started_at >= scope.since
        )
    else:
        tickets = select(_TICKETS.c.customer_id).where(
            _TICKETS.c.assignee == scope.username, _TICKETS.c.status.not_in(CLOSED_STATUSES)
        )
        callers = select(_INTERACTIONS.c.customer_id).where(
            _INTERACTIONS.c.agent == scope.username, _INTERACTIONS.c.started_at >= scope.since
        )
    tasks = select(_TASKS.c.customer_id).where(
        _TASKS.c.owner == scope.username, _TASKS.c.done.is_(False)
    )
    touched = select(_AUDIT.c.customer_id).where(
        _AUDIT.c.username == scope.username,
        _AUDIT.c.at >= scope.since,
        _AUDIT.c.customer_id.is_not(None),
    )
    every = union(
        callers.where(_INTERACTIONS.c.customer_id.is_not(None)), tickets, tasks, touched
    ).subquery()
    return select(every.c[0])


def member_ids(bind: models.Bind, scope: Scope) -> list[int]:
    """The working set's ids, ascending."""
    return sorted(int(row[0]) for row in bind.execute(members(scope)))
