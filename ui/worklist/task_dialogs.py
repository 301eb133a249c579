"""The two questions a task action asks: how the task ended (mark done) and when to do it
instead (reschedule). Each returns its answer or None when the agent cancels."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from agentdesk.services import WorkItem
from ui.kit.naming import named

__all__ = ["DoneDialog", "RescheduleDialog"]


class _TaskDialog(QDialog):
    def __init__(self, item: WorkItem, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        what = named(QLabel(item.what or item.customer_name), "mutedLabel")
        what.setWordWrap(True)
        # The base's own strings are in one context, whichever dialog shows them.
        self.form.addRow(
            QCoreApplication.translate("TaskDialog", "Customer"),
            QLabel(item.customer_name or "—"),
        )
        self.form.addRow(QCoreApplication.translate("TaskDialog", "Task"), what)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _finish_layout(self) -> None:
        self.form.addRow(self.buttons)


class DoneDialog(_TaskDialog):
    """Mark done: the outcome, picked from the usual ones or typed."""

    def __init__(self, item: WorkItem, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.setWindowTitle(self.tr("Mark the task done"))
        self.outcome = QComboBox()
        self.outcome.setEditable(True)
        self.outcome.setAccessibleName(self.tr("Outcome"))
        self.outcome.addItems(
            [
                self.tr("Reached the customer; nothing more to do"),
                self.tr("Reached the customer; follow-up agreed"),
                self.tr("Customer declined the call"),
                self.tr("Could not reach the customer"),
            ]
        )
        self.form.addRow(self.tr("&Outcome"), self.outcome)
        self._finish_layout()
        # The server refuses a task done without saying how it ended.
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.outcome.currentTextChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))

    def answer(self) -> str | None:
        return self.outcome.currentText().strip() if self.exec() else None


class RescheduleDialog(_TaskDialog):
    """Reschedule: the new due time, in the agent's local time (tomorrow at this hour by
    default)."""

    def __init__(self, item: WorkItem, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.setWindowTitle(self.tr("Reschedule the task"))
        start = QDateTime.fromSecsSinceEpoch(int(now.timestamp()))
        self.when = QDateTimeEdit(start.addDays(1))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setMinimumDateTime(start)
        self.when.setAccessibleName(self.tr("New due time"))
        self.form.addRow(self.tr("&Due"), self.when)
        self._finish_layout()

    def due_at(self) -> datetime:
        return datetime.fromtimestamp(self.when.dateTime().toSecsSinceEpoch(), UTC)

    def answer(self) -> datetime | None:
        return self.due_at() if self.exec() else None
