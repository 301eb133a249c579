"""Create a provisional contact for an unknown caller: their name, the language to serve them
in and a note. Saved through the outbox (offline too); the server links it to a customer the
number or name matches, or merges it, and the desk follows the merge."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ui.kit.naming import named

__all__ = ["ProvisionalContact", "ProvisionalContactDialog"]


class ProvisionalContact:
    def __init__(self, name: str, language: Literal["zh", "en"], note: str) -> None:
        self.name, self.language, self.note = name, language, note


class ProvisionalContactDialog(QDialog):
    def __init__(self, masked_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("provisionalContactDialog")
        self.setWindowTitle(self.tr("Create a provisional contact"))
        self.name_edit = named(QLineEdit(), "provisionalName")
        self.name_edit.setMaxLength(128)
        self.name_edit.setAccessibleName(self.tr("Caller's name"))
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(self.tr("Language"))
        self.language_combo.addItem(self.tr("Chinese"), "zh")
        self.language_combo.addItem(self.tr("English"), "en")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setPlaceholderText(self.tr("What the caller wanted, how to reach them"))
        self.note_edit.setFixedHeight(80)
        self.error = named(QLabel(), "errorLabel")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Number"), QLabel(masked_number))
        form.addRow(self.tr("&Name"), self.name_edit)
        form.addRow(self.tr("&Language"), self.language_combo)
        form.addRow(self.tr("N&ote"), self.note_edit)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.name_edit.setFocus()

    def contact(self) -> ProvisionalContact:
        language: Literal["zh", "en"] = "en" if self.language_combo.currentData() == "en" else "zh"
        return ProvisionalContact(
            self.name_edit.text().strip(), language, self.note_edit.toPlainText().strip()
        )

    def _on_buttons_accepted(self) -> None:
        if not self.name_edit.text().strip():
            self.error.setText(self.tr("Enter the caller's name."))
            self.error.show()
            self.name_edit.setFocus()
            return
        self.accept()
