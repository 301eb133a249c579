"""The agent grid: the team's agents, their state, reason, time in state and current call.

The model holds the snapshot's :class:`AgentRow`s and replaces one whole on each
``supervisor.agent`` event. Time in state and the call's duration tick locally once a second from
``since`` / ``call_since`` (``tick`` repaints those two columns; no network). An agent long in
wrap-up (over :data:`LONG_WRAP_UP_S`) or long not ready (over :data:`LONG_NOT_READY_S`) stands
out: warning colour, bold, and a "long" mark in the state's tooltip and accessible text.

Sorting goes through a proxy on :data:`SORT_ROLE` (the numbers, not their text). Actions on the
selected agent (context menu and shortcuts): set not ready with a reason, log out; both ask for
confirmation first. Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont

from agentdesk.services import AgentRow
from ui.kit.colors import ValueColors
from ui.kit.formatting import utc_now
from ui.kit.vocabulary import agent_state_name, not_ready_reason_name

__all__ = [
    "LONG_NOT_READY_S",
    "LONG_ROLE",
    "LONG_WRAP_UP_S",
    "ROW_ROLE",
    "SORT_ROLE",
    "AgentGridModel",
    "AgentSortProxy",
    "elapsed_text",
]

# An agent in wrap-up longer than 2 minutes, or not ready longer than 15 minutes, stands out
# (the usual after-call work and break lengths of a bank's contact centre).
LONG_WRAP_UP_S = 120
LONG_NOT_READY_S = 15 * 60

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
LONG_ROLE = Qt.ItemDataRole.UserRole + 3  # True for an agent who stands out

NAME, STATE, REASON, IN_STATE, CALL_TIME, QUEUE = range(6)
AnyIndex = QModelIndex | QPersistentModelIndex


def elapsed_text(seconds: float) -> str:
    """ "0:42", "12:05", "1:02:09"."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _t(text: str) -> str:
    return QCoreApplication.translate("AgentGrid", text)


class AgentGridModel(QAbstractTableModel):
    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        colors: ValueColors | None = None,
        queue_name: Callable[[str], str] = lambda code: code,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._colors = colors or ValueColors()
        self._queue_name = queue_name
        self._rows: list[AgentRow] = []
        self._headers = [
            _t("Agent"),
            _t("State"),
            _t("Reason"),
            _t("Time in state"),
            _t("Call"),
            _t("Queue"),
        ]
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    # -- data in ------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[AgentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def apply(self, row: AgentRow) -> None:
        """One agent's row from a supervisor.agent event (a new agent is added)."""
        for index, old in enumerate(self._rows):
            if old.username == row.username:
                self._rows[index] = row
                self.dataChanged.emit(self.index(index, 0), self.index(index, QUEUE))
                return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(row)
        self.endInsertRows()

    def set_queue_name(self, queue_name: Callable[[str], str]) -> None:
        self._queue_name = queue_name
        if self._rows:
            self.dataChanged.emit(self.index(0, QUEUE), self.index(len(self._rows) - 1, QUEUE))

    def tick(self) -> None:
        """Time passed: repaint the two clocks (and who now stands out)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, QUEUE))

    def row_of(self, username: str) -> AgentRow | None:
        return next((r for r in self._rows if r.username == username), None)

    @property
    def rows(self) -> list[AgentRow]:
        return list(self._rows)

    # -- figures --------------------------------------------------------------------------------

    def in_state_s(self, row: AgentRow) -> float:
        return (self._clock() - row.since).total_seconds()

    def call_s(self, row: AgentRow) -> float | None:
        if row.call_since is None:
            return None
        return (self._clock() - row.call_since).total_seconds()

    def is_long(self, row: AgentRow) -> bool:
        """In wrap-up or not ready for longer than the thresholds above."""
        limit = {"wrap_up": LONG_WRAP_UP_S, "not_ready": LONG_NOT_READY_S}.get(str(row.state))
        return limit is not None and self.in_state_s(row) > limit

    # -- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == ROW_ROLE:
            return row
        if role == LONG_ROLE:
            return self.is_long(row)
        if role == Qt.ItemDataRole.ForegroundRole and self.is_long(row):
            return QColor(self._colors.warning)
        if role == Qt.ItemDataRole.FontRole and self.is_long(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (IN_STATE, CALL_TIME):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._tooltip(row, column)
        return None

    def _text(self, row: AgentRow, column: int) -> str:
        if column == NAME:
            return row.display_name or row.username
        if column == STATE:
            return agent_state_name(str(row.state))
        if column == REASON:
            reason = row.reason or row.pending_reason
            text = not_ready_reason_name(str(reason)) if reason else ""
            if row.pending_reason and not row.reason:
                text = _t("%1 (after this call)").replace("%1", text)
            return text
        if column == IN_STATE:
            return elapsed_text(self.in_state_s(row))
        if column == CALL_TIME:
            seconds = self.call_s(row)
            return elapsed_text(seconds) if seconds is not None else ""
        if column == QUEUE:
            return self._queue_name(row.call_queue) if row.call_queue else ""
        return ""

    def _sort_key(self, row: AgentRow, column: int) -> object:
        if column == IN_STATE:
            return self.in_state_s(row)
        if column == CALL_TIME:
            seconds = self.call_s(row)
            return -1.0 if seconds is None else seconds
        return self._text(row, column).casefold()

    def _tooltip(self, row: AgentRow, column: int) -> str:
        text = self._text(row, column)
        if column == STATE and row.set_by:
            text = _t("%1, set by %2").replace("%1", text).replace("%2", row.set_by)
        if column in (STATE, IN_STATE) and self.is_long(row):
            limit = LONG_WRAP_UP_S if str(row.state) == "wrap_up" else LONG_NOT_READY_S
            text = _t("%1: longer than %2 min").replace("%1", text).replace("%2", str(limit // 60))
        return text


class AgentSortProxy(QSortFilterProxyModel):
    """Sorts the grid on the numbers behind the cells (time in state by seconds)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return a < b
        return str(a) < str(b)
