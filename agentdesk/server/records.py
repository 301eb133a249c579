"""Tickets and tasks as the contract has them (``TicketRecord``, ``Task``): the fields of an ORM
object or a Core row, for the change feed, the push results and the routes alike.

Customers and interactions have theirs in ``customers.py`` (a customer's record is built from
its phones and holdings too). Nothing here reads the database.
"""

from __future__ import annotations

from typing import Any

from agentdesk.domain.access import TicketHolders

__all__ = ["task_fields", "ticket_holders", "ticket_record_fields"]


def ticket_holders(t: Any) -> TicketHolders:
    """What of a ticket (ORM object or Core row) the access rules look at."""
    return TicketHolders(
        customer_id=t.customer_id, opened_by=t.opened_by, assignee=t.assignee, team=t.team
    )


def ticket_record_fields(t: Any) -> dict[str, Any]:
    """A ticket (ORM object or Core row) as ``TicketRecord`` has it."""
    return {
        "id": t.id,
        "reference": t.reference,
        "customer_id": t.customer_id,
        "category": t.category,
        "severity": t.severity,
        "status": t.status,
        "summary": t.summary,
        "opened_at": t.opened_at,
        "due_at": t.due_at,
        "version": t.version,
        "channel": t.channel,
        "description": t.description,
        "desired_outcome": t.desired_outcome,
        "assignee": t.assignee,
        "team": t.team,
        "opened_by": t.opened_by,
        "regime": t.regime,
        "client_id": t.client_id,
        "updated_at": t.updated_at,
    }


def task_fields(t: Any) -> dict[str, Any]:
    """A task (ORM object or Core row) as ``Task`` has it."""
    return {
        "id": t.id,
        "customer_id": t.customer_id,
        "kind": t.kind,
        "due_at": t.due_at,
        "owner": t.owner,
        "note": t.note,
        "done": t.done,
        "client_id": t.client_id,
        "version": t.version,
    }
