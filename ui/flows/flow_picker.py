"""The script picker (Ctrl+L): every flow, the ones that fit the call first; type to filter,
Enter or a double click starts the one chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agentdesk.services import FlowChoice
from ui.kit.naming import named

__all__ = ["FlowPicker"]


class FlowPicker(QDialog):
    # The agent chose a flow; carries its id.
    flow_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flowPicker")
        self.setWindowTitle(self.tr("Start a script"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.filter_edit = named(QLineEdit(), "flowFilter")
        self.filter_edit.setPlaceholderText(self.tr("Type to filter"))
        self.filter_edit.setAccessibleName(self.tr("Filter scripts"))
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.filter_edit.returnPressed.connect(self.accept)
        self.list = named(QListWidget(), "flowList")
        self.list.setAccessibleName(self.tr("Scripts"))
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.loading = named(QLabel(self.tr("Loading the scripts…")), "mutedLabel")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.loading)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.setMinimumSize(420, 360)
        self.filter_edit.setFocus()

    def show_choices(self, choices: list[FlowChoice]) -> None:
        self.loading.hide()
        self.list.clear()
        for choice in choices:
            mark = "★ " if choice.suggested else ""
            item = QListWidgetItem(f"{mark}{choice.title}")
            item.setData(Qt.ItemDataRole.UserRole, choice.flow_id)
            if choice.suggested:
                item.setToolTip(self.tr("Fits this call"))
            self.list.addItem(item)
        self._select_first_visible()

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return
        self.flow_chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))
        super().accept()

    def _on_filter_edit_text_changed(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())
        self._select_first_visible()

    def _select_first_visible(self) -> None:
        for row in range(self.list.count()):
            if not self.list.item(row).isHidden():
                self.list.setCurrentRow(row)
                return
