"""The audit trail: who viewed, unmasked or changed what, when, and from which workstation.

A row is added in the caller's transaction, so it commits (or not) with what it records.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from agentdesk.server.actor import Actor
from agentdesk.server.models import AuditEvent

__all__ = ["record"]


def record(
    session: Session,
    actor: Actor,
    *,
    at: datetime,
    action: str,
    entity: str,
    entity_id: str,
    detail: dict[str, str] | None = None,
    customer_id: int | None = None,
) -> None:
    """``actor`` did ``action`` to ``entity`` ``entity_id`` at ``at``; ``detail`` never holds
    personal data (the field unmasked, not its value). ``customer_id``: the customer the event
    concerns (a ticket's customer…); an event about a customer concerns them without saying."""
    if customer_id is None and entity == "customer" and entity_id.isdigit():
        customer_id = int(entity_id)
    session.add(
        AuditEvent(
            at=at,
            user_id=actor.user_id,
            username=actor.username,
            workstation_id=actor.workstation_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            customer_id=customer_id,
            detail=detail or {},
        )
    )
