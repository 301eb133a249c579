"""The Tasks tab: the customer's follow-up callbacks and care calls, with their due time.

``refresh`` reads them again (a callback was scheduled or synced) and keeps the rows shown until
the new ones arrive."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from agentdesk.services import CachedTask, CustomerService, Task
from ui.kit.colors import ValueColors
from ui.kit.error_text import error_sentence
from ui.kit.formatting import format_datetime
from ui.kit.naming import named
from ui.kit.record_table import Column, RecordTableModel
from ui.kit.record_table_view import RecordTableView
from ui.kit.workers import BackgroundOp

__all__ = ["TasksPanel", "TasksTableModel"]


def _kind_name(kind: str) -> str:
    names = {
        "callback": QCoreApplication.translate("TasksModel", "Callback"),
        "care": QCoreApplication.translate("TasksModel", "Care call"),
    }
    return names.get(kind, kind)


def _status(task: Task) -> str:
    if task.done:
        return QCoreApplication.translate("TasksModel", "Done")
    if isinstance(task, CachedTask) and task.pending:
        return QCoreApplication.translate("TasksModel", "Open (waiting to sync)")
    return QCoreApplication.translate("TasksModel", "Open")


class TasksTableModel(RecordTableModel[Task]):
    def __init__(
        self,
        parent: QObject | None = None,
        *,
        colors: ValueColors | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self._colors = colors or ValueColors()
        self._now = now
        super().__init__(
            [
                Column(
                    QCoreApplication.translate("TasksModel", "Due"),
                    lambda t: format_datetime(t.due_at),
                    foreground=self._due_color,
                ),
                Column(
                    QCoreApplication.translate("TasksModel", "Type"), lambda t: _kind_name(t.kind)
                ),
                Column(QCoreApplication.translate("TasksModel", "Owner"), lambda t: t.owner),
                Column(QCoreApplication.translate("TasksModel", "Status"), _status),
                Column(
                    QCoreApplication.translate("TasksModel", "Note"),
                    lambda t: " ".join(t.note.split()),
                    tooltip=lambda t: t.note,
                ),
            ],
            (),
            parent,
        )

    def _due_color(self, task: Task) -> QColor | None:
        overdue = not task.done and task.due_at < self._now()
        return self._colors.loss if overdue else None


class TasksPanel(QWidget):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        customers: CustomerService,
        colors: ValueColors | None = None,
    ) -> None:
        super().__init__(parent)
        self._customers = customers
        self._customer_id: int | None = None
        self._generation = 0
        self.model = TasksTableModel(self, colors=colors)
        self.message = named(QLabel(), "mutedLabel")
        self.message.hide()
        self.view = RecordTableView(
            self.model,
            self.tr("Follow-up tasks"),
            column_widths=(140, 100, 100, 140),
            empty_text=self.tr("No follow-up tasks"),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)

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
        customers = self._customers
        BackgroundOp(self, lambda: list(customers.tasks(customer_id))).success(
            lambda rows: self._on_tasks_loaded(generation, rows)
        ).failure(lambda exc: self._on_tasks_failed(generation, exc)).run()

    def _on_tasks_loaded(self, generation: int, rows: list[Task]) -> None:
        if generation == self._generation:
            self.message.hide()
            self.model.set_rows(sorted(rows, key=lambda t: (t.done, t.due_at)))

    def _on_tasks_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.message.setText(error_sentence(exc))
            self.message.show()
