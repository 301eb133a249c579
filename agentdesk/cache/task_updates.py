"""The worklist's writes and reads in the cache: ending, moving or handing back a task here
(the row the agent sees changed and its ``task.update`` entry, in one transaction), and the
care queue's open tasks that nobody owns yet.

A task is named by its id as the cache reads it back: the server id, or ``-local_id`` for one
made here that the server has not answered yet (the entry then names it by client id, which
the server resolves, as for a ticket made offline).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, update

from agentdesk.cache.changed import note_rows_where
from agentdesk.cache.errors import RecordNotFound
from agentdesk.cache.outbox import enqueue
from agentdesk.cache.records import CachedTask, cached_task
from agentdesk.cache.schema import tasks
from agentdesk.contract.sync import Mutation, MutationKind, Task, TaskUpdate

__all__ = ["CARE_QUEUE", "queue_tasks", "update_task"]

# Where a care task goes back to when its owner hands it back and it names no queue.
CARE_QUEUE = "care"


def _row(conn: Connection, task_id: int) -> Any:
    where = tasks.c.server_id == task_id if task_id > 0 else tasks.c.local_id == -task_id
    row = conn.execute(select(tasks).where(where)).one_or_none()
    if row is None:
        raise RecordNotFound("no such task in the cache", task=str(task_id))
    return row


def _changed(record: Task, data: TaskUpdate, agent: str) -> Task:
    if data.action == "take":
        return record.model_copy(update={"owner": agent})
    if data.action == "hand_back":
        return record.model_copy(update={"owner": "", "queue": record.queue or CARE_QUEUE})
    # Doing or moving a task from the queue takes it: it is the agent's from then on.
    changes: dict[str, Any] = {"owner": agent}
    if data.action == "done":
        changes |= {"done": True, "outcome": data.outcome}
    elif data.due_at is not None:
        changes["due_at"] = data.due_at
    return record.model_copy(update=changes)


def update_task(
    conn: Connection, task_id: int, data: TaskUpdate, *, agent: str, now: Any
) -> Mutation:
    """Apply ``data`` to the cached task and enqueue ``task.update``; raises RecordNotFound,
    or ValueError for a reschedule without a time, a done without its outcome or a task
    already done."""
    row = _row(conn, task_id)
    record = Task.model_validate_json(row.record)
    if record.done:
        raise ValueError("the task is already done")
    if data.action == "reschedule" and data.due_at is None:
        raise ValueError("a reschedule needs the new time")
    if data.action == "done" and not data.outcome.strip():
        raise ValueError("say how the task ended")  # the server refuses it too
    changed = _changed(record, data, agent)
    conn.execute(
        update(tasks)
        .where(tasks.c.local_id == row.local_id)
        .values(
            owner=changed.owner,
            due_at=changed.due_at,
            done=changed.done,
            record=changed.model_dump_json(),
        )
    )
    note_rows_where(conn, tasks, tasks.c.local_id == row.local_id)
    entity = str(row.server_id) if row.server_id is not None else str(row.client_id)
    version = row.version if row.server_id is not None else None
    return enqueue(conn, MutationKind.TASK_UPDATE, entity, data, version, now=now)


def queue_tasks(conn: Connection, *, limit: int = 200) -> list[CachedTask]:
    """Open tasks waiting in a queue for someone to take them, soonest due first."""
    query = (
        select(tasks)
        .where(tasks.c.owner == "", tasks.c.done.is_(False))
        .order_by(tasks.c.due_at, tasks.c.local_id)
        .limit(limit)
    )
    return [cached_task(row) for row in conn.execute(query)]
