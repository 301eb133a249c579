"""The task actions My tasks and the 360's Tasks tab share: open the customer, take a task
from the care queue, call the customer, mark done with an outcome, reschedule, hand back to
the care queue.

Take, done, reschedule and hand back are saved to the cache with their outbox entry (they work
offline); the call goes to the ACD, and the call then pops on this desk as an inbound one
does. Every service call runs in a background operation; the outcome is reported through
``changed`` (re-read the list) or ``failed`` (a sentence to show).

The actions' shortcuts work while focus is in the widget that holds them, so the page and the
tab each have their own set without clashing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from agentdesk.services import CallService, TaskAction, TaskService, WorkItem
from ui.kit.actions import make_action
from ui.kit.error_text import error_sentence
from ui.kit.formatting import utc_now
from ui.kit.workers import BackgroundOp
from ui.worklist.task_dialogs import DoneDialog, RescheduleDialog

__all__ = ["TaskActions"]

# The dialogs' answers, replaceable in tests (a modal exec() would wait for a person).
AskOutcome = Callable[[WorkItem, QWidget], str | None]
AskDueTime = Callable[[WorkItem, datetime, QWidget], datetime | None]


def _ask_outcome(item: WorkItem, parent: QWidget) -> str | None:
    return DoneDialog(item, parent).answer()


def _ask_due_time(item: WorkItem, now: datetime, parent: QWidget) -> datetime | None:
    return RescheduleDialog(item, now, parent).answer()


class TaskActions(QObject):
    # Open the customer's 360: carries the customer id.
    customer_opened = Signal(int)
    # A task changed here or a call was placed: the list re-reads.
    changed = Signal()
    # A sentence for the agent.
    failed = Signal(str)
    # The call to the customer is ringing out: carries the task's customer id.
    call_placed = Signal(int)

    def __init__(
        self,
        holder: QWidget,
        tasks: TaskService,
        calls: CallService,
        current: Callable[[], WorkItem | None],
        *,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(holder)
        self._holder = holder
        self._tasks = tasks
        self._calls = calls
        self._current = current
        self._now = now
        self.ask_outcome: AskOutcome = _ask_outcome
        self.ask_due_time: AskDueTime = _ask_due_time
        self.open_action = self._action(
            self.tr("&Open customer"), "Ctrl+O", self.tr("Open the customer's 360"), self.open
        )
        self.call_action = self._action(
            self.tr("&Call customer"),
            "Ctrl+Shift+C",
            self.tr("Call the customer for this task"),
            self.call,
        )
        self.done_action = self._action(
            self.tr("Mark &done…"),
            "Ctrl+Shift+E",
            self.tr("End the task with its outcome"),
            self.mark_done,
        )
        self.reschedule_action = self._action(
            self.tr("&Reschedule…"),
            "Ctrl+Shift+R",
            self.tr("Move the task to another time"),
            self.reschedule,
        )
        self.hand_back_action = self._action(
            self.tr("&Hand back"),
            "Ctrl+Shift+B",
            self.tr("Give the task back to the care queue"),
            self.hand_back,
        )
        self.take_action = self._action(
            self.tr("Take &it"),
            "Ctrl+Shift+T",
            self.tr("Take the task from the care queue as yours"),
            self.take,
        )
        self.all = [
            self.open_action,
            self.take_action,
            self.call_action,
            self.done_action,
            self.reschedule_action,
            self.hand_back_action,
        ]
        self.update_enabled()

    def _action(self, text: str, keys: str, tip: str, slot: Callable[[], object]) -> QAction:
        action = make_action(self._holder, text, keys, tip, slot)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return action

    def update_enabled(self) -> None:
        """Enable what the selected task allows (a done task can only be opened)."""
        item = self._current()
        open_task = item is not None and not item.task.done
        self.open_action.setEnabled(item is not None)
        for action in (self.call_action, self.done_action, self.reschedule_action):
            action.setEnabled(open_task)
        queued = open_task and item is not None and not item.task.owner
        self.hand_back_action.setEnabled(open_task and not queued)
        self.take_action.setEnabled(queued)

    # -- the actions ---------------------------------------------------------------------

    def open(self) -> None:
        item = self._current()
        if item is not None:
            self.customer_opened.emit(item.task.customer_id)

    def call(self) -> None:
        item = self._current()
        if item is None or item.task.done:
            return
        calls, customer_id = self._calls, item.task.customer_id
        # A task made here has no server id yet: the call goes out without it.
        task_id = item.task.id if item.task.id > 0 else None
        self.call_action.setEnabled(False)
        BackgroundOp(self, lambda: calls.call_customer(customer_id, task_id)).success(
            lambda _state: self._on_call_placed(customer_id)
        ).failure(self._on_call_failed).run()

    def mark_done(self) -> None:
        item = self._current()
        if item is None or item.task.done:
            return
        outcome = self.ask_outcome(item, self._holder)
        if outcome is not None:
            self._update(item, "done", outcome=outcome)

    def reschedule(self) -> None:
        item = self._current()
        if item is None or item.task.done:
            return
        due_at = self.ask_due_time(item, self._now(), self._holder)
        if due_at is not None:
            self._update(item, "reschedule", due_at=due_at)

    def take(self) -> None:
        item = self._current()
        if item is not None and not item.task.done and not item.task.owner:
            self._update(item, "take")

    def hand_back(self) -> None:
        item = self._current()
        if item is not None and not item.task.done and item.task.owner:
            self._update(item, "hand_back")

    # -- background ----------------------------------------------------------------------

    def _update(
        self,
        item: WorkItem,
        action: TaskAction,
        *,
        outcome: str = "",
        due_at: datetime | None = None,
    ) -> None:
        tasks, task_id = self._tasks, item.task.id
        BackgroundOp(
            self, lambda: tasks.update(task_id, action, outcome=outcome, due_at=due_at)
        ).success(lambda _none: self.changed.emit()).failure(self._on_update_failed).run()

    def _on_call_placed(self, customer_id: int) -> None:
        self.update_enabled()
        self.call_placed.emit(customer_id)

    def _on_call_failed(self, exc: BaseException) -> None:
        self.update_enabled()
        self.failed.emit(
            self.tr("The call could not be placed: %1").replace("%1", error_sentence(exc))
        )

    def _on_update_failed(self, exc: BaseException) -> None:
        self.failed.emit(
            self.tr("The task could not be changed: %1").replace("%1", error_sentence(exc))
        )
