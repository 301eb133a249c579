"""My tasks (View → My tasks, Ctrl+T): the agent's open callbacks and care calls by due time
(overdue, due today, upcoming) and the care queue's open tasks to take, with the task actions.

The lists are read from the cache in a background operation and read again when a committed
write touches a task (an action here, a pull, a push answered). Enter on a row opens the
customer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabBar, QToolButton, QVBoxLayout, QWidget

from agentdesk.events import RecordKind, RecordsChanged
from agentdesk.services import CallService, TaskService, WorkItem, Worklist
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.error_text import error_sentence
from ui.kit.formatting import utc_now
from ui.kit.live_view import COALESCE_MS
from ui.kit.naming import named
from ui.kit.record_table_view import RecordTableView
from ui.kit.vocabulary import ui_language
from ui.kit.workers import BackgroundOp
from ui.worklist.task_actions import TaskActions
from ui.worklist.worklist_model import SECTIONS, WorkItemsTableModel, by_section

__all__ = ["MyTasksPage"]


class MyTasksPage(QWidget):
    # Enter on a row or "Open customer": carries the customer id.
    customer_opened = Signal(int)
    # The lists were read and shown (tests wait on it).
    loaded = Signal()

    def __init__(
        self,
        tasks: TaskService,
        calls: CallService,
        bridge: EventBridge,
        parent: QWidget | None = None,
        *,
        colors: ValueColors | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("myTasksPage")
        self._tasks = tasks
        self._now = now
        self._sections: dict[str, list[WorkItem]] = {name: [] for name in SECTIONS}
        self.tabs = named(QTabBar(), "worklistSections")
        self.tabs.setAccessibleName(self.tr("Task lists"))
        for _ in SECTIONS:
            self.tabs.addTab("")
        self._name_tabs()
        self.model = WorkItemsTableModel(self, colors=colors, now=now)
        self.view = RecordTableView(
            self.model,
            self.tr("My tasks"),
            column_widths=(130, 110, 90, 190),
            empty_text=self.tr("No tasks in this list"),
        )
        self.view.activated.connect(self._on_view_activated)
        self.task_actions = TaskActions(self, tasks, calls, self.current_item, now=now)
        self.task_actions.customer_opened.connect(self.customer_opened)
        self.task_actions.changed.connect(self.load)
        self.task_actions.failed.connect(self._show_message)
        buttons = QHBoxLayout()
        for action in self.task_actions.all:
            button = QToolButton()
            button.setDefaultAction(action)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = named(QLabel(), "errorLabel")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(COALESCE_MS)
        self._reload_timer.timeout.connect(self.load)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.view.selectionModel().currentChanged.connect(self._on_selection_current_changed)
        self.model.modelReset.connect(self.task_actions.update_enabled)
        bridge.records_changed.connect(self._on_bridge_records_changed)

    @property
    def current_section(self) -> str:
        return SECTIONS[self.tabs.currentIndex()]

    def current_item(self) -> WorkItem | None:
        index = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def show_section(self, name: str) -> None:
        self.tabs.setCurrentIndex(SECTIONS.index(name))

    def select_task(self, task_id: int) -> bool:
        row = self.model.index_of(task_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        return row >= 0

    def load(self) -> None:
        tasks, language = self._tasks, ui_language()
        read = BackgroundOp(self, lambda: tasks.worklist(language))
        read.success(self._on_load_finished).failure(self._on_load_failed).run()

    def _name_tabs(self) -> None:
        names = {
            "overdue": self.tr("&Overdue (%1)"),
            "today": self.tr("Due &today (%1)"),
            "upcoming": self.tr("&Upcoming (%1)"),
            "to_take": self.tr("To ta&ke (%1)"),
        }
        for position, name in enumerate(SECTIONS):
            count = str(len(self._sections[name]))
            self.tabs.setTabText(position, names[name].replace("%1", count))

    def _show_section(self) -> None:
        selected = self.current_item()
        self.model.set_rows(self._sections[self.current_section])
        if selected is None or not self.select_task(selected.task.id):
            if self.model.total_count():
                self.view.setCurrentIndex(self.model.index(0, 0))
        self.task_actions.update_enabled()

    def _on_load_finished(self, worklist: Worklist) -> None:
        self.message.hide()
        self._sections = {**by_section(worklist.mine, self._now()), "to_take": worklist.to_take}
        self._name_tabs()
        self._show_section()
        self.loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        self._show_message(
            self.tr("Your tasks could not be read: %1").replace("%1", error_sentence(exc))
        )

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._show_section()

    def _on_selection_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self.task_actions.update_enabled()

    def _on_bridge_records_changed(self, event: RecordsChanged) -> None:
        if event.ids(RecordKind.TASK) and self.isVisible() and not self._reload_timer.isActive():
            self._reload_timer.start()

    def _on_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.customer_opened.emit(self.model.record(index.row()).task.customer_id)
