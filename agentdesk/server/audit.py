"""The audit trail: who viewed, unmasked or changed what, when, and from which workstation.

A row is added in the caller's transaction, so it commits (or not) with what it records.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.admin import AuditEvent as AuditEventOut
from agentdesk.server.actor import Actor
from agentdesk.server.models import AuditEvent

__all__ = ["recent_events", "record"]


def record(
    session: Session,
    actor: Actor,
    *,
    at: datetime,
    action: str,
    entity: str,
    entity_id: str,
    detail: dict[str, str] | None = None,
) -> None:
    """``actor`` did ``action`` to ``entity`` ``entity_id`` at ``at``; ``detail`` never holds
    personal data (the field unmasked, not its value)."""
    session.add(
        AuditEvent(
            at=at,
            user_id=actor.user_id,
            username=actor.username,
            workstation_id=actor.workstation_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=detail or {},
        )
    )


def recent_events(session: Session, limit: int) -> list[AuditEventOut]:
    rows = session.scalars(
        select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    )
    return [
        AuditEventOut(
            id=row.id,
            at=row.at,
            username=row.username,
            workstation_id=row.workstation_id,
            action=row.action,
            entity=row.entity,
            entity_id=row.entity_id,
        )
        for row in rows
    ]
