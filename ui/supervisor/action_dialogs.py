"""The console's small dialogs: choose a not-ready reason, choose from a list (an assignee, a
queue), write a text (a broadcast, a refusal's note), confirm.

Each is opened with ``open()`` (window-modal, never a nested event loop) and reports through
``accepted`` and its own properties. Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from agentdesk.domain.presence import NotReadyReason
from ui.kit.naming import named
from ui.kit.vocabulary import not_ready_reason_name

__all__ = ["ChooserDialog", "ConfirmDialog", "NotReadyDialog", "TextDialog"]

# A supervisor may set any reason an agent may choose (missed_call is the ACD's alone).
SUPERVISOR_REASONS = tuple(r for r in NotReadyReason if r is not NotReadyReason.MISSED_CALL)


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setObjectName("okButton")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class NotReadyDialog(QDialog):
    """ "Set 王芳 not ready?" with the reason (coaching first: why a supervisor does it)."""

    def __init__(self, agent_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notReadyDialog")
        self.setWindowTitle(self.tr("Set not ready"))
        layout = QVBoxLayout(self)
        question = QLabel(
            self.tr("Set %1 not ready? During a call it applies after the wrap-up.").replace(
                "%1", agent_name
            )
        )
        question.setWordWrap(True)
        layout.addWidget(question)
        label = QLabel(self.tr("&Reason:"))
        self.reason_combo = named(QComboBox(), "reasonCombo")
        self.reason_combo.setAccessibleName(self.tr("Not-ready reason"))
        ordered = sorted(SUPERVISOR_REASONS, key=lambda r: r is not NotReadyReason.COACHING)
        for reason in ordered:
            self.reason_combo.addItem(not_ready_reason_name(reason), reason.value)
        label.setBuddy(self.reason_combo)
        layout.addWidget(label)
        layout.addWidget(self.reason_combo)
        layout.addWidget(_buttons(self, self.tr("Set not ready")))

    @property
    def reason(self) -> NotReadyReason:
        return NotReadyReason(self.reason_combo.currentData())


class ChooserDialog(QDialog):
    """Pick one of a list: ``choices`` are (value, label); Enter or double-click chooses."""

    def __init__(
        self,
        title: str,
        prompt: str,
        choices: Sequence[tuple[str, str]],
        ok_text: str,
        parent: QWidget | None = None,
        *,
        empty_text: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chooserDialog")
        self.setWindowTitle(title)
        self.resize(380, 320)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = named(QListWidget(), "choiceList")
        self.list.setAccessibleName(title)
        for value, text in choices:
            item = QListWidgetItem(text)
            item.setData(256, value)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        label.setBuddy(self.list)
        layout.addWidget(self.list)
        self.empty_label = QLabel(empty_text)
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(not choices and bool(empty_text))
        layout.addWidget(self.empty_label)
        box = _buttons(self, ok_text)
        box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(choices))
        layout.addWidget(box)
        self.list.itemActivated.connect(lambda _item: self.accept())

    @property
    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(256))


class TextDialog(QDialog):
    """A text to send: a broadcast, a refusal's note; OK is enabled once there is text (unless
    ``optional``)."""

    def __init__(
        self,
        title: str,
        prompt: str,
        ok_text: str,
        parent: QWidget | None = None,
        *,
        max_length: int = 500,
        optional: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("textDialog")
        self.setWindowTitle(title)
        self.resize(440, 240)
        self._max = max_length
        self._optional = optional
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.edit = named(QPlainTextEdit(), "textEdit")
        self.edit.setAccessibleName(title)
        self.edit.setTabChangesFocus(True)
        label.setBuddy(self.edit)
        layout.addWidget(self.edit)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.buttons = _buttons(self, ok_text)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self._on_edit_text_changed()

    @property
    def text(self) -> str:
        return self.edit.toPlainText().strip()

    def _on_edit_text_changed(self) -> None:
        length = len(self.edit.toPlainText())
        self.count_label.setText(
            self.tr("%1 of %2 characters").replace("%1", str(length)).replace("%2", str(self._max))
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled((self._optional or bool(self.text)) and length <= self._max)


class ConfirmDialog(QDialog):
    """A question with the action's own word on its button (never a bare "OK")."""

    def __init__(
        self, title: str, question: str, ok_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(question)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(_buttons(self, ok_text))
