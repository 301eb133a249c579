"""A read-only table view for record models: uniform row heights, no resize-to-contents.

Rows get a fixed height from the font (not measured per row), and columns get initial widths
from the caller with the last one stretching: laying out a big table costs nothing per row.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

__all__ = ["RecordTableView"]


class RecordTableView(QTableView):
    def __init__(
        self,
        model: QAbstractItemModel,
        accessible_name: str,
        *,
        column_widths: Sequence[int] = (),
        empty_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName(accessible_name)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)

        columns = self.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setStretchLastSection(True)
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Initial widths: the caller's hint, widened to fit the (translated) header; rows are
        # never measured.
        bold = QFont(columns.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        self._wanted: list[int] = []
        self._least: list[int] = []
        for column in range(model.columnCount()):
            header = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            hint = column_widths[column] if column < len(column_widths) else 100
            self._least.append(metrics.horizontalAdvance(header) + 16)
            self._wanted.append(max(hint, self._least[-1] + 8))
            self.setColumnWidth(column, self._wanted[-1])
        self.empty_text = empty_text

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Narrower than the columns want (the script panel beside the 360): give each column
        its share of the width, never less than its header, so the last one is not pushed out
        of sight behind a scroll bar."""
        available = self.viewport().width()
        wanted = sum(self._wanted)
        if not wanted or self.horizontalHeader().count() != len(self._wanted):
            return
        scale = min(1.0, available / wanted)
        for column, (want, least) in enumerate(zip(self._wanted, self._least, strict=True)):
            self.setColumnWidth(column, max(least, int(want * scale)))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self.empty_text and model is not None and model.rowCount() == 0:
            # An empty table says so, instead of looking like nothing loaded.
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(8, 8, -8, -8),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                self.empty_text,
            )
            painter.end()
