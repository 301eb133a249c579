"""Pushed follow-up tasks (``task.create``): callbacks and care calls an agent scheduled,
owned by that agent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from agentdesk.contract.sync import Mutation, ResultStatus, Task, TaskCreate
from agentdesk.server import models
from agentdesk.server.actor import Actor
from agentdesk.server.effects import Effect, by_client_id, payload, require_customer
from agentdesk.server.records import task_fields

__all__ = ["create_task"]


def create_task(session: Session, m: Mutation, actor: Actor, now: datetime) -> Effect:
    """A new task for ``actor``; ``duplicate`` when its client id made one already."""
    body = payload(TaskCreate, m.payload)
    existing = by_client_id(session, models.Task, m.entity_id, actor.username)
    if existing is not None:
        return Effect(
            ResultStatus.DUPLICATE, existing.id, existing.version, record=_record_of(existing)
        )
    require_customer(session, body.customer_id)
    row = models.Task(
        customer_id=body.customer_id,
        kind=body.kind,
        due_at=body.due_at,
        owner=actor.username,
        note=body.note,
        done=False,
        client_id=m.entity_id,
        version=1,
    )
    session.add(row)
    session.flush()
    return Effect(ResultStatus.APPLIED, row.id, row.version, record=_record_of(row))


def _record_of(row: models.Task) -> dict[str, Any]:
    return Task.model_validate(task_fields(row)).model_dump(mode="json")
