"""Follow-up tasks (回访 / 回呼): callbacks the agent promises a caller, and care calls.

Offline-first like the wrap-up: ``schedule_callback`` writes the task and its outbox entry in
one durable cache transaction (it survives a crash or power loss the moment the call returns),
then wakes the sync runner, which sends it once — the idempotency key made with the row makes
a resend after a lost answer a duplicate, not a second task. The agent's tasks are read from
the cache, where a task made here shows as pending (negative id) until the server has it.

Threading: blocking (cache reads and writes); the UI calls it from background operations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection

from agentdesk.cache import local_writes, records, task_updates
from agentdesk.cache.customers import get_customer
from agentdesk.cache.records import CachedTask
from agentdesk.contract.sync import Task, TaskCreate, TaskUpdate
from agentdesk.customer_rules import CustomerRules, Language, load_customer_rules
from agentdesk.domain.care_rules import CareReason
from agentdesk.domain.clock import Clock
from agentdesk.errors import SessionExpired
from agentdesk.services.contract_input import checked
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.session import SessionService
from agentdesk.services.sync import SyncService

__all__ = ["TaskAction", "TaskService", "WorkItem", "Worklist", "customer_tasks"]

TaskAction = Literal["done", "reschedule", "hand_back", "take"]
_REASONS = frozenset(reason.value for reason in CareReason)


def customer_tasks(
    cache: LocalCache, owner: str, customer_id: int, *, include_done: bool = False
) -> list[Task]:
    """``owner``'s tasks for one customer, soonest due first (the server syncs each agent's
    own tasks; an agent has few open ones, so they are filtered here)."""
    mine = cache.read(lambda conn: records.tasks_for_owner(conn, owner, include_done=include_done))
    return [task for task in mine if task.customer_id == customer_id]


@dataclass(frozen=True)
class WorkItem:
    """A task as a worklist shows it: with the customer's name and, for a care task, what its
    rule found in words (``what``; a callback's note)."""

    task: CachedTask
    customer_name: str
    what: str


@dataclass(frozen=True)
class Worklist:
    mine: list[WorkItem]
    to_take: list[WorkItem]  # open tasks waiting in a queue (the care queue)


class _Figures(dict[str, str]):
    # A text naming a figure the server did not send shows "?" rather than failing the list.
    def __missing__(self, key: str) -> str:
        return "?"


class TaskService:
    def __init__(
        self,
        session: SessionService,
        cache: LocalCache,
        sync: SyncService,
        *,
        clock: Clock = lambda: datetime.now(UTC),
    ) -> None:
        self._session = session
        self._cache = cache
        self._sync = sync
        self._clock = clock
        self._customer_rules: CustomerRules | None = None

    def schedule_callback(
        self,
        customer_id: int,
        due_at: datetime,
        note: str = "",
        *,
        kind: Literal["callback", "care"] = "callback",
    ) -> str:
        """Save a callback (or care call) for this agent, durably with its outbox entry;
        returns its client id. ``due_at`` must carry its time zone."""
        owner = self._owner()
        if due_at.tzinfo is None:
            # A naive time would be read as UTC on the server: hours off for an agent in China.
            raise ValueError("due_at needs a time zone")
        data = checked(TaskCreate, customer_id=customer_id, kind=kind, due_at=due_at, note=note)
        now = self._clock()
        client_id = self._cache.open().write(
            lambda conn: local_writes.create_task(conn, data, owner=owner, now=now),
            durable=True,
        )
        self._sync.changes_saved()
        return client_id

    def my_tasks(self, *, include_done: bool = False) -> list[Task]:
        """This agent's tasks, soonest due first."""
        owner = self._owner()
        return list(
            self._cache.read(
                lambda conn: records.tasks_for_owner(conn, owner, include_done=include_done)
            )
        )

    def worklist(self, language: Language = "en") -> Worklist:
        """My tasks (open, soonest due first) and the queue's open tasks nobody owns yet."""
        owner = self._owner()

        def read(conn: Connection) -> Worklist:
            mine = records.tasks_for_owner(conn, owner)
            waiting = task_updates.queue_tasks(conn)
            return Worklist(
                mine=self._items(conn, mine, language),
                to_take=self._items(conn, waiting, language),
            )

        return self._cache.read(read)

    def customer_items(self, customer_id: int, language: Language = "en") -> list[WorkItem]:
        """The 360's Tasks tab: my tasks for the customer (done ones too, last) and the
        queue's open ones for them."""
        owner = self._owner()

        def read(conn: Connection) -> list[WorkItem]:
            mine = records.tasks_for_owner(conn, owner, include_done=True)
            rows = [
                t for t in [*mine, *task_updates.queue_tasks(conn)] if t.customer_id == customer_id
            ]
            rows.sort(key=lambda t: (t.done, t.due_at))
            return self._items(conn, rows, language)

        return self._cache.read(read)

    def describe(self, task: Task, language: Language = "en") -> str:
        """What a care task's rule found, its figures filled in (the rules file's text in
        ``language``); a callback's note. An unknown reason shows its code."""
        if not task.reason:
            return task.note
        text = self._rules().texts.get(CareReason(task.reason)) if task.reason in _REASONS else None
        if text is None:
            return task.reason
        template = text.zh_CN if language == "zh_CN" else text.en
        return template.format_map(_Figures(task.figures))

    def _items(
        self, conn: Connection, tasks: list[CachedTask], language: Language
    ) -> list[WorkItem]:
        names: dict[int, str] = {}
        for task in tasks:
            if task.customer_id not in names:
                record = get_customer(conn, task.customer_id)
                names[task.customer_id] = record.name if record is not None else ""
        return [WorkItem(t, names[t.customer_id], self.describe(t, language)) for t in tasks]

    def _rules(self) -> CustomerRules:
        # Read once, when the first care task is shown (the file is checked at start).
        if self._customer_rules is None:
            self._customer_rules = load_customer_rules()
        return self._customer_rules

    def update(
        self,
        task_id: int,
        action: TaskAction,
        *,
        outcome: str = "",
        due_at: datetime | None = None,
    ) -> None:
        """End a task with its outcome, move it, hand it back to its queue, or take it from
        the queue: saved here with
        its ``task.update`` entry in one durable write, so it works offline and reaches the
        server once. Raises ValueError for a reschedule without a time zone or a task already
        done, RecordNotFound for a task the cache does not hold."""
        agent = self._owner()
        if due_at is not None and due_at.tzinfo is None:
            raise ValueError("due_at needs a time zone")
        data = checked(TaskUpdate, action=action, outcome=outcome, due_at=due_at)
        now = self._clock()
        self._cache.open().write(
            lambda conn: task_updates.update_task(conn, task_id, data, agent=agent, now=now),
            durable=True,
        )
        self._sync.changes_saved()

    def for_customer(self, customer_id: int, *, include_done: bool = False) -> list[Task]:
        return customer_tasks(self._cache, self._owner(), customer_id, include_done=include_done)

    def _owner(self) -> str:
        user = self._session.user
        if user is None:
            raise SessionExpired("not signed in")
        return user.username
