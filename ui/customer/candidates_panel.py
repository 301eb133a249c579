"""Several customers share the caller's number (a family): the agent asks and picks one.

Never a guess (DESIGN.md §3): nothing opens until the agent chooses.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from agentdesk.services import CustomerSummary
from ui.customer.candidates_model import CandidatesTableModel
from ui.kit.naming import named
from ui.kit.record_table_view import RecordTableView

__all__ = ["CandidatesPanel"]


class CandidatesPanel(QWidget):
    candidate_chosen = Signal(int)  # customer id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CandidatesTableModel(parent=self)
        title = named(QLabel(self.tr("Several customers share this number")), "pageTitle")
        self.number = named(QLabel(), "incomingNumber")
        self.number.setAccessibleName(self.tr("Caller's number (masked)"))
        hint = named(
            QLabel(self.tr("Ask the caller's name and choose them from the list; do not guess.")),
            "mutedLabel",
        )
        hint.setWordWrap(True)
        self.view = RecordTableView(
            self.model, self.tr("Customers with this number"), column_widths=(160, 150, 120, 90)
        )
        self.view.activated.connect(self._on_view_activated)
        self.open_button = QPushButton(self.tr("&Open profile"))
        self.open_button.setProperty("primary", True)
        self.open_button.setToolTip(self.tr("Open the chosen customer's profile (Enter)"))
        self.open_button.clicked.connect(self._on_open_button_clicked)
        # Enter on the list opens the selection even on styles where it does not "activate".
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._on_open_button_clicked)

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.number)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def show_candidates(self, masked_number: str, candidates: Sequence[CustomerSummary]) -> None:
        self.number.setText(masked_number)
        self.model.set_rows(candidates)
        if self.model.rowCount():
            self.view.selectRow(0)
        self.view.setFocus()

    def _on_view_activated(self, index: QModelIndex) -> None:
        self.candidate_chosen.emit(self.model.record(index.row()).id)

    def _on_open_button_clicked(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self.candidate_chosen.emit(self.model.record(rows[0].row()).id)
