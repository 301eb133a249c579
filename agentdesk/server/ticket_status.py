"""A complaint ticket's status moves, whichever way they come (``POST /tickets/{id}/
transitions``, a ``PATCH`` of ``status``, a pushed update): the lifecycle's table
(``domain.complaints.lifecycle``), the activity line, and the follow-up care task of a
resolved complaint (the bank calls the customer to confirm it is resolved).

The care task is made once per ticket, however often it is resolved again after a reopen:
its client id is the ticket's (``complaint-<id>-care``), looked up before one is made. It is
owned by the assignee, or whoever opened the ticket when nobody holds it. It is the care
rules' complaint-confirmation task (rule, subject: the reference, reason and figures), so the
care rules (``care.py``) see it and make no second one for the same complaint.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.domain.care_rules import CareReason, CareRule
from agentdesk.domain.complaints.lifecycle import TicketStatus, is_reopen, transition
from agentdesk.server import models, ticket_activity

__all__ = ["CARE_TASK_DAYS", "care_task_key", "move"]

CARE_TASK_DAYS = 3


def care_task_key(ticket_id: int) -> str:
    return f"complaint-{ticket_id}-care"


def move(
    session: Session,
    ticket: models.Ticket,
    target: TicketStatus,
    *,
    actor: str,
    now: datetime,
    care_days: int = CARE_TASK_DAYS,
    note: str = "",
) -> None:
    """Move ``ticket`` to ``target`` (TransitionRefused naming the allowed statuses, or
    InvalidValue naming what closing lacks); the caller bumps the version and commits."""
    current = TicketStatus(ticket.status)
    transition(current, target, root_cause=ticket.root_cause, resolution=ticket.resolution)
    ticket.status = target.value
    detail = {"from": current.value, "to": target.value}
    if note:
        detail["note"] = note
    action = "reopened" if is_reopen(current, target) else "status"
    ticket_activity.record(session, ticket.id, actor=actor, action=action, at=now, detail=detail)
    if target is TicketStatus.RESOLVED:
        _care_task(session, ticket, actor=actor, now=now, days=care_days)


def _care_task(
    session: Session, ticket: models.Ticket, *, actor: str, now: datetime, days: int
) -> None:
    key = care_task_key(ticket.id)
    if session.scalar(select(models.Task.id).where(models.Task.client_id == key)) is not None:
        return
    session.add(
        models.Task(
            customer_id=ticket.customer_id,
            kind="care",
            due_at=now + timedelta(days=days),
            owner=ticket.assignee or ticket.opened_by or actor,
            note=f"Confirm with the customer that complaint {ticket.reference} is resolved",
            rule=CareRule.COMPLAINT_CONFIRMATION.value,
            subject=ticket.reference,
            reason=CareReason.COMPLAINT_RESOLVED.value,
            figures={
                "reference": ticket.reference,
                "resolved_on": now.date().isoformat(),
                "days": str(days),
            },
            done=False,
            client_id=key,
            version=1,
        )
    )
