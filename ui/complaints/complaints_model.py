"""Table model of complaint tickets with a live countdown to each one's deadline.

The countdown runs to the end of the due day in the regime's own time zone (a step is breached
from the day after it is due, as ``domain.complaints.alerts`` says). :meth:`tick` re-reads the
clock and announces ``dataChanged`` for the countdown and due columns only: the rows, the
selection and the scroll position stay where they are. Breached rows read in the theme's error
colour, a step at warning (80 % of its time used) in its warning colour, computed by the same
``step_alerts`` the server's escalation runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from agentdesk.domain.complaints.alerts import step_alerts
from agentdesk.services import ComplaintRow
from ui.complaints.clock_text import countdown_text, due_end, long_date
from ui.kit.colors import ValueColors
from ui.kit.formatting import utc_now
from ui.kit.record_table import CENTER, RIGHT, Column, RecordTableModel
from ui.kit.vocabulary import complaint_category_name, severity_name, ticket_status_name

__all__ = ["COUNTDOWN_COLUMN", "DUE_COLUMN", "ComplaintsTableModel", "row_state"]

DUE_COLUMN = 6
COUNTDOWN_COLUMN = 7


def _t(text: str) -> str:
    return QCoreApplication.translate("ComplaintsModel", text)


def _deadline(row: ComplaintRow) -> datetime:
    """The end of the due day of the step the ticket waits on (the server's ``due_at`` names
    it), else the end of ``due_at``'s own day."""
    ticket = row.ticket
    if row.clock is not None:
        due_day = ticket.due_at.astimezone(due_end(row.clock.steps[0], ticket.regime).tzinfo)
        for step in row.clock.steps:
            if step.due_date == due_day.date():
                return due_end(step, ticket.regime)
        if row.clock.steps:
            return due_end(row.clock.steps[0], ticket.regime)
    return ticket.due_at


def row_state(row: ComplaintRow, now: datetime) -> str:
    """``breached``, ``warning`` or ``ok`` on the regime's day of ``now``."""
    if row.clock is None:
        return "breached" if now > row.ticket.due_at else "ok"
    zone = due_end(row.clock.steps[0], row.ticket.regime).tzinfo
    today = now.astimezone(zone).date()
    states = {a.state for a in step_alerts(row.clock, today) if a.step not in row.answered}
    return next((s for s in ("breached", "warning") if s in states), "ok")


class ComplaintsTableModel(RecordTableModel[ComplaintRow]):
    def __init__(
        self,
        rows: Sequence[ComplaintRow] = (),
        parent: QObject | None = None,
        *,
        colors: ValueColors | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._colors = colors or ValueColors()
        self._now = now
        # (ticket id, hour) → state: a step's state changes with the regime's day, so it is
        # worked out once an hour, not at every paint.
        self._states: dict[tuple[int, str], str] = {}
        self.ticks = 0
        super().__init__(
            [
                Column(_t("Reference"), self._reference),
                Column(_t("Category"), lambda r: complaint_category_name(r.ticket.category)),
                Column(_t("Severity"), lambda r: severity_name(r.ticket.severity), CENTER),
                Column(_t("Status"), lambda r: ticket_status_name(r.ticket.status)),
                Column(_t("Summary"), lambda r: r.ticket.summary),
                Column(_t("Assignee"), lambda r: r.ticket.assignee or _t("Unassigned")),
                Column(_t("Due"), self._due, foreground=self._color, tooltip=self._tooltip),
                Column(
                    _t("Time left"),
                    self._countdown,
                    RIGHT,
                    foreground=self._color,
                    tooltip=self._tooltip,
                ),
            ],
            rows,
            parent,
        )

    def set_rows(self, rows: Sequence[ComplaintRow]) -> None:
        self._states.clear()
        super().set_rows(rows)

    def tick(self) -> None:
        """The minute moved: refresh the countdown and due columns, nothing else."""
        self.ticks += 1
        shown = self.rowCount()
        if shown:
            top = self.index(0, DUE_COLUMN)
            bottom = self.index(shown - 1, COUNTDOWN_COLUMN)
            self.dataChanged.emit(
                top, bottom, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole]
            )

    def state(self, row: int) -> str:
        return self._state(self.record(row))

    def index_of(self, ticket_id: int) -> QModelIndex:
        for number in range(self.rowCount()):
            if self.record(number).ticket.id == ticket_id:
                return self.index(number, 0)
        return QModelIndex()

    # -- cells ----------------------------------------------------------------------------------

    @staticmethod
    def _reference(row: ComplaintRow) -> str:
        return row.ticket.reference or _t("Not sent yet")

    @staticmethod
    def _due(row: ComplaintRow) -> str:
        return long_date(_deadline(row).date())

    def _countdown(self, row: ComplaintRow) -> str:
        return countdown_text((_deadline(row) - self._now()).total_seconds())

    def _state(self, row: ComplaintRow) -> str:
        now = self._now()
        key = (row.ticket.id, now.strftime("%Y-%m-%dT%H"))
        if key not in self._states:
            self._states[key] = row_state(row, now)
        return self._states[key]

    def _color(self, row: ComplaintRow) -> QColor | None:
        state = self._state(row)
        if state == "breached":
            return self._colors.error
        if state == "warning":
            return self._colors.warning
        return None

    def _tooltip(self, row: ComplaintRow) -> str:
        state = self._state(row)
        if state == "breached":
            return _t("Deadline passed: escalate to your supervisor")
        if state == "warning":
            return _t("Most of the time for this step is used")
        return self._countdown(row)
