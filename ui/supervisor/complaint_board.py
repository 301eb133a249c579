"""The complaint board: the team's open complaints by where their clock stands.

Filter by due today / at 80 % / breached / awaiting an extension decision (or all); each row
shows the current step of the regulatory clock and its countdown (``ui.complaints.clock_text``,
the same words as the ticket editor), the assignee and a pending extension. Actions on the
selected complaint: reassign (a chooser of whom the server allows: recusal applied), approve or
refuse a pending extension. The board renders the rows it is given (the snapshot's, then one
row again after a ticket.changed); the countdown ticks locally once a minute.

Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QColor

from agentdesk.services import BoardComplaint
from ui.complaints.clock_text import countdown_text, step_name
from ui.kit.colors import ValueColors
from ui.kit.formatting import format_datetime, utc_now
from ui.kit.record_table import RIGHT, Column, RecordTableModel
from ui.kit.vocabulary import complaint_category_name, severity_name

__all__ = ["BOARD_FILTERS", "ComplaintBoardModel", "filter_name", "sort_key", "standing_name"]

# Filter code → which rows it keeps.
BOARD_FILTERS: dict[str, Callable[[BoardComplaint], bool]] = {
    "all": lambda r: True,
    "due_today": lambda r: r.standing == "due_today",
    "at_80": lambda r: r.standing == "at_80",
    "breached": lambda r: r.standing == "breached",
    "extension": lambda r: r.pending_extension is not None,
}
_URGENCY = {"breached": 0, "at_80": 1, "due_today": 2, "on_time": 3, "paused": 4}


def _t(text: str) -> str:
    return QCoreApplication.translate("ComplaintBoard", text)


def standing_name(standing: str) -> str:
    names = {
        "on_time": _t("On time"),
        "due_today": _t("Due today"),
        "at_80": _t("At 80 %"),
        "breached": _t("Breached"),
        "paused": _t("Paused"),
    }
    return names.get(standing, standing)


def sort_key(row: BoardComplaint) -> tuple[int, float, int]:
    """Most urgent first: breached, at 80 %, due today, on time, paused; then by due time."""
    due = row.due_at.timestamp() if row.due_at else float("inf")
    return (_URGENCY.get(row.standing, 5), due, row.id)


def filter_name(code: str) -> str:
    names = {
        "all": _t("All open complaints"),
        "due_today": _t("Due today"),
        "at_80": _t("At 80 % of their time"),
        "breached": _t("Breached"),
        "extension": _t("Extension to decide"),
    }
    return names.get(code, code)


class ComplaintBoardModel(RecordTableModel[BoardComplaint]):
    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        colors: ValueColors | None = None,
    ) -> None:
        self._clock = clock
        self._colors = colors or ValueColors()
        self._all: list[BoardComplaint] = []
        self.filter = "all"
        super().__init__(
            [
                Column(_t("Reference"), lambda r: r.reference),
                Column(_t("Category"), lambda r: complaint_category_name(r.category)),
                Column(_t("Severity"), lambda r: severity_name(r.severity)),
                Column(_t("Assignee"), lambda r: r.assignee or _t("Unassigned")),
                Column(_t("Step"), lambda r: step_name(r.step)),
                Column(
                    _t("Due"),
                    lambda r: format_datetime(r.due_at) if r.due_at else "",
                ),
                Column(_t("Countdown"), self._countdown, RIGHT, self._colour),
                Column(
                    _t("Standing"), lambda r: standing_name(r.standing), foreground=self._colour
                ),
                Column(_t("Extension"), self._extension, tooltip=self._extension_tip),
            ],
            parent=parent,
        )
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def set_complaints(self, rows: Sequence[BoardComplaint]) -> None:
        self._all = sorted(rows, key=sort_key)
        self._refilter()

    def apply(self, ticket_id: int, row: BoardComplaint | None) -> None:
        """One complaint again (after ticket.changed); None: it left the team's board."""
        kept = [r for r in self._all if r.id != ticket_id]
        if row is not None:
            kept.append(row)
        self.set_complaints(kept)

    def set_filter(self, code: str) -> None:
        self.filter = code if code in BOARD_FILTERS else "all"
        self._refilter()

    def count(self, code: str) -> int:
        return sum(1 for r in self._all if BOARD_FILTERS[code](r))

    @property
    def complaints(self) -> list[BoardComplaint]:
        return list(self._all)

    def tick(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 6), self.index(self.rowCount() - 1, 6))

    def _refilter(self) -> None:
        keep = BOARD_FILTERS[self.filter]
        self.set_rows([r for r in self._all if keep(r)])

    def _countdown(self, row: BoardComplaint) -> str:
        if row.standing == "paused":
            return standing_name("paused")
        if row.due_at is None:
            return ""
        return countdown_text((row.due_at - self._clock()).total_seconds())

    def _colour(self, row: BoardComplaint) -> QColor | None:
        if row.standing == "breached":
            return QColor(self._colors.error)
        if row.standing in ("at_80", "due_today"):
            return QColor(self._colors.warning)
        return None

    def _extension(self, row: BoardComplaint) -> str:
        if row.pending_extension is None:
            return ""
        return _t("Asked by %1").replace("%1", row.pending_extension.requested_by)

    def _extension_tip(self, row: BoardComplaint) -> str:
        pending = row.pending_extension
        if pending is None:
            return ""
        return (
            _t("%1 asked on %2: %3")
            .replace("%1", pending.requested_by)
            .replace("%2", format_datetime(pending.requested_at))
            .replace("%3", pending.reason)
        )
