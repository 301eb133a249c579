"""The worklist's table: a task per row with its due time, customer, type, what it is about
(a care task's rule and figures in words) and status; and the sections My tasks splits the
agent's tasks into (overdue, due today, upcoming).

The model is fed ``WorkItem`` rows read in a background operation; it never reads anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QColor

from agentdesk.services import WorkItem
from ui.kit.colors import ValueColors
from ui.kit.formatting import format_datetime, utc_now
from ui.kit.record_table import Column, RecordTableModel

__all__ = ["SECTIONS", "WorkItemsTableModel", "by_section", "kind_name", "status_text"]

SECTIONS = ("overdue", "today", "upcoming", "to_take")


def _tr(text: str) -> str:
    return QCoreApplication.translate("WorklistModel", text)


def kind_name(kind: str) -> str:
    names = {"callback": _tr("Callback"), "care": _tr("Care call")}
    return names.get(kind, kind)


def status_text(item: WorkItem) -> str:
    task = item.task
    if task.done:
        return _fill(_tr("Done: %1"), task.outcome) if task.outcome else _tr("Done")
    if not task.owner:
        return _tr("Waiting in the care queue")
    if task.pending:
        return _tr("Open (waiting to sync)")
    return _tr("Open")


def _fill(template: str, value: str) -> str:
    return template.replace("%1", value)


def by_section(items: Sequence[WorkItem], now: datetime) -> dict[str, list[WorkItem]]:
    """My open tasks split by due time against the agent's local day: overdue (due before
    now), due today (the rest of today), upcoming (later)."""
    local = now.astimezone()
    end_of_day = datetime.combine(local.date() + timedelta(days=1), time(), local.tzinfo)
    sections: dict[str, list[WorkItem]] = {"overdue": [], "today": [], "upcoming": []}
    for item in items:
        due = item.task.due_at
        if due < now:
            sections["overdue"].append(item)
        elif due < end_of_day:
            sections["today"].append(item)
        else:
            sections["upcoming"].append(item)
    return sections


class WorkItemsTableModel(RecordTableModel[WorkItem]):
    def __init__(
        self,
        parent: QObject | None = None,
        *,
        colors: ValueColors | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._colors = colors or ValueColors()
        self._now = now
        super().__init__(
            [
                Column(_tr("Due"), lambda i: format_datetime(i.task.due_at), foreground=self._due),
                Column(_tr("Customer"), lambda i: i.customer_name or f"#{i.task.customer_id}"),
                Column(_tr("Type"), lambda i: kind_name(i.task.kind)),
                Column(_tr("Status"), status_text),
                # Last: the widest, and the view stretches the last column.
                Column(_tr("What"), lambda i: " ".join(i.what.split()), tooltip=self._details),
            ],
            (),
            parent,
        )

    def index_of(self, task_id: int) -> int:
        """The row of the task, or -1."""
        return next(
            (row for row in range(self.total_count()) if self.record(row).task.id == task_id), -1
        )

    def _due(self, item: WorkItem) -> QColor | None:
        overdue = not item.task.done and item.task.due_at < self._now()
        return self._colors.loss if overdue else None

    @staticmethod
    def _details(item: WorkItem) -> str:
        parts = [item.what]
        if item.task.note and item.task.note != item.what:
            parts.append(item.task.note)
        return "\n".join(p for p in parts if p)
