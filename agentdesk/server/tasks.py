"""Pushed follow-up tasks: ``task.create`` (callbacks and care calls an agent scheduled, owned
by that agent) and ``task.update`` (done with an outcome, rescheduled, handed back to the
queue, or taken from it).

Who may change a task: its owner; a task waiting in a queue (owner ``""``) is anyone's of the
desk (agents and supervisors) to take, and ending or moving it takes it too. Every change makes
a new version on the sync feed; a change made on an older version than the server's is a
``conflict`` returning the task as it is (the desk shows it and the agent decides again),
unless the task is already as the change would leave it (a replay from another outbox).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from agentdesk.contract.auth import Role
from agentdesk.contract.sync import Mutation, ResultStatus, Task, TaskCreate, TaskUpdate
from agentdesk.customer_rules import load_customer_rules
from agentdesk.domain.errors import FieldIssue, InvalidValue
from agentdesk.server import models
from agentdesk.server.actor import Actor
from agentdesk.server.effects import Effect, by_client_id, payload, require_customer
from agentdesk.server.records import task_fields

__all__ = ["create_task", "update_task"]

_DESK = (Role.AGENT, Role.SUPERVISOR)


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


def _find(session: Session, entity_id: str, actor: Actor) -> models.Task | None:
    if entity_id.isdigit():
        found = session.get(models.Task, int(entity_id))
        if found is not None:
            return found
    return by_client_id(session, models.Task, entity_id, actor.username)


def _refused(field: str, message: str, code: str = "task.not_permitted") -> InvalidValue:
    return InvalidValue(code, message, fields=[FieldIssue(field, message)])


def _already(task: models.Task, body: TaskUpdate, actor: Actor) -> bool:
    """The task is already as ``body`` would leave it."""
    if body.action == "done":
        return task.done and task.outcome == body.outcome.strip()
    if body.action == "reschedule":
        return not task.done and task.due_at == body.due_at
    if body.action == "take":
        return not task.done and task.owner == actor.username
    return not task.done and task.owner == ""


def update_task(session: Session, m: Mutation, actor: Actor, now: datetime) -> Effect:
    """``task.update``: see the module doc. Rejected (``InvalidValue``) when the task is not
    the actor's to change, is done already, or the change lacks what it needs (an outcome,
    the new time)."""
    body = payload(TaskUpdate, m.payload)
    task = _find(session, m.entity_id, actor)
    queued = task is not None and task.owner == ""
    if task is None or not (task.owner == actor.username or (queued and actor.role in _DESK)):
        raise InvalidValue("sync.task_not_found", f"no task {m.entity_id} of yours")
    if _already(task, body, actor):
        return Effect(ResultStatus.DUPLICATE, task.id, task.version, record=_record_of(task))
    if m.base_version is not None and m.base_version != task.version:
        return Effect(ResultStatus.CONFLICT, task.id, task.version, record=_record_of(task))
    if task.done:
        raise _refused("action", "the task is done already", "task.done")
    if body.action == "done":
        if not body.outcome.strip():
            raise _refused("outcome", "say how the task ended", "task.outcome_required")
        task.done = True
        task.outcome = body.outcome.strip()
        task.owner = actor.username
    elif body.action == "reschedule":
        if body.due_at is None:
            raise _refused("due_at", "give the new time", "task.due_at_required")
        task.due_at = body.due_at
        task.owner = actor.username
    elif body.action == "take":
        task.owner = actor.username
    else:
        if queued:
            raise _refused("action", "the task waits in its queue already", "task.queued")
        task.owner = ""
        task.queue = task.queue or load_customer_rules().care.care_queue
    task.version += 1
    session.flush()
    return Effect(ResultStatus.APPLIED, task.id, task.version, record=_record_of(task))


def _record_of(row: models.Task) -> dict[str, Any]:
    return Task.model_validate(task_fields(row)).model_dump(mode="json")
