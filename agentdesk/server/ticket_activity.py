"""A complaint ticket's activity log: who did what, when (``ticket_activity``).

Every change of a ticket writes a line in the transaction that makes it: created, edited,
assigned, status, reopened, clock_event, notice, escalated. ``detail`` holds codes, ids,
dates and what staff wrote about the move, never a customer's data (names, numbers).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.tickets import TicketActivity
from agentdesk.server import models

__all__ = ["activity_of", "record"]


def record(
    session: Session,
    ticket_id: int,
    *,
    actor: str,
    action: str,
    at: datetime,
    detail: dict[str, str] | None = None,
) -> models.TicketActivity:
    row = models.TicketActivity(
        ticket_id=ticket_id, at=at, actor=actor, action=action, detail=dict(detail or {})
    )
    session.add(row)
    return row


def activity_of(session: Session, ticket_id: int) -> list[TicketActivity]:
    """The ticket's log, oldest first."""
    rows = session.scalars(
        select(models.TicketActivity)
        .where(models.TicketActivity.ticket_id == ticket_id)
        .order_by(models.TicketActivity.at, models.TicketActivity.id)
    )
    return [
        TicketActivity(at=r.at, actor=r.actor, action=r.action, detail=dict(r.detail)) for r in rows
    ]
