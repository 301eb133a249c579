"""The Tasks tab: the customer's callbacks and care calls (mine, and the care queue's open ones
for them), with their due time, what a care task's rule found, and the same actions as My
tasks (open, call, mark done, reschedule, hand back: ``ui.worklist.task_actions``).

``refresh`` reads them again (a task was scheduled, changed or synced) and keeps the rows shown
until the new ones arrive."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from agentdesk.services import CallService, TaskService, WorkItem
from ui.kit.colors import ValueColors
from ui.kit.error_text import error_sentence
from ui.kit.naming import named
from ui.kit.record_table_view import RecordTableView
from ui.kit.vocabulary import ui_language
from ui.kit.workers import BackgroundOp
from ui.worklist.task_actions import TaskActions
from ui.worklist.worklist_model import WorkItemsTableModel

__all__ = ["TasksPanel"]


class TasksPanel(QWidget):
    # The rows were read and shown (tests wait on it).
    loaded = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        tasks: TaskService,
        calls: CallService,
        colors: ValueColors | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._customer_id: int | None = None
        self._generation = 0
        self.model = WorkItemsTableModel(self, colors=colors)
        self.message = named(QLabel(), "mutedLabel")
        self.message.setWordWrap(True)
        self.message.hide()
        self.view = RecordTableView(
            self.model,
            self.tr("Follow-up tasks"),
            column_widths=(130, 110, 90, 190),
            empty_text=self.tr("No follow-up tasks"),
        )
        self.task_actions = TaskActions(self, tasks, calls, self.current_item)
        self.task_actions.changed.connect(self.refresh)
        self.task_actions.failed.connect(self._show_message)
        # The customer is on screen already: opening them again is not offered here.
        self.task_actions.open_action.setVisible(False)
        buttons = QHBoxLayout()
        for action in self.task_actions.all[1:]:
            button = QToolButton()
            button.setDefaultAction(action)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self.view.selectionModel().currentChanged.connect(self._on_selection_current_changed)
        self.model.modelReset.connect(self.task_actions.update_enabled)

    def current_item(self) -> WorkItem | None:
        index = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def load(self, customer_id: int | None) -> None:
        self._customer_id = customer_id
        self.model.set_rows([])
        self.refresh()

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        customer_id = self._customer_id
        if customer_id is None:
            return
        tasks, language = self._tasks, ui_language()
        BackgroundOp(self, lambda: tasks.customer_items(customer_id, language)).success(
            lambda rows: self._on_tasks_loaded(generation, rows)
        ).failure(lambda exc: self._on_tasks_failed(generation, exc)).run()

    def _on_tasks_loaded(self, generation: int, rows: list[WorkItem]) -> None:
        if generation != self._generation:
            return
        self.message.hide()
        selected = self.current_item()
        self.model.set_rows(rows)
        row = self.model.index_of(selected.task.id) if selected is not None else -1
        if row < 0 and rows and not rows[0].task.done:
            row = 0
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self.task_actions.update_enabled()
        self.loaded.emit()

    def _on_tasks_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._show_message(error_sentence(exc))

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _on_selection_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self.task_actions.update_enabled()
