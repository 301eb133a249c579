"""The wrap-up dialog: wrap-up code (required), notes and an optional follow-up callback.

Saving writes the interaction (and the callback task) to the local cache with its outbox entry
in a background operation (``ui.desk.wrap_up_operations``): it is durable the moment the dialog says
so, online or not, and the sync runner takes it to the server. The dialog then emits ``saved``;
the main window tells the telephony that wrap-up is over.

Keyboard: the code list answers to typing (first letters), Tab walks the fields, Ctrl+Enter
saves, Esc leaves the dialog for later (Ctrl+Shift+W opens it again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.desk import wrap_up_operations as wrap_up_ops
from ui.kit.error_text import error_sentence
from ui.kit.vocabulary import WRAP_UP_CODES, wrap_up_code_name

__all__ = ["WrapUpContext", "WrapUpDialog", "default_codes"]


@dataclass(frozen=True)
class WrapUpContext:
    """The call being wrapped up, as the interaction record needs it."""

    started_at: datetime
    ended_at: datetime | None = None
    customer_id: int | None = None
    customer_name: str = ""
    phone_e164: str | None = None
    queue: str = ""
    call_id: str = ""

    @classmethod
    def of_call(cls, call: Any, profile: Any, now: datetime) -> WrapUpContext:
        started = (getattr(call, "answered_at", None) or getattr(call, "offered_at", None)) or now
        return cls(
            started_at=started,
            ended_at=getattr(call, "ended_at", None),
            customer_id=getattr(profile, "id", None),
            customer_name=getattr(profile, "name", ""),
            phone_e164=getattr(call, "caller", None),
            queue=getattr(call, "queue", ""),
            call_id=getattr(call, "id", ""),
        )


def default_codes() -> list[tuple[str, str]]:
    """(code, translated label) pairs when the services send no reference list."""
    return [(code, wrap_up_code_name(code)) for code in WRAP_UP_CODES]


class WrapUpDialog(QDialog):
    # The wrap-up is saved locally (carries its client id); it syncs from the outbox.
    saved = Signal(str)

    def __init__(
        self,
        interactions: Any,
        context: WrapUpContext,
        parent: QWidget | None = None,
        *,
        tasks: Any = None,
        codes: Sequence[tuple[str, str]] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wrapUpDialog")
        self.setWindowTitle(self.tr("Wrap-up"))
        self._interactions = interactions
        self._tasks = tasks
        self._context = context
        self._clock = clock or (lambda: datetime.now(UTC))
        self.busy = False

        who = context.customer_name or self.tr("Caller not identified")
        heading = QLabel(self.tr("Wrap-up of the call with %1").replace("%1", who))
        heading.setObjectName("sectionTitle")
        self.code_combo = QComboBox(objectName="wrapUpCode")
        self.code_combo.setAccessibleName(self.tr("Wrap-up code"))
        self.code_combo.addItem(self.tr("Choose a wrap-up code…"), None)
        for code, label in codes or default_codes():
            self.code_combo.addItem(label, code)
        self.notes_edit = QPlainTextEdit(objectName="wrapUpNotes")
        self.notes_edit.setAccessibleName(self.tr("Notes"))
        self.notes_edit.setTabChangesFocus(True)  # Tab leaves the notes, as in a form
        self.notes_edit.setPlaceholderText(self.tr("What the customer wanted and what was done"))
        self.callback_check = QCheckBox(self.tr("Schedule a &follow-up callback"))
        self.callback_check.setAccessibleName(self.tr("Schedule a follow-up callback"))
        self.callback_edit = QDateTimeEdit(objectName="callbackDue")
        self.callback_edit.setAccessibleName(self.tr("Callback due"))
        self.callback_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.callback_edit.setCalendarPopup(True)
        tomorrow = QDateTime.currentDateTime().addDays(1)
        tomorrow.setTime(QTime(10, 0))
        self.callback_edit.setDateTime(tomorrow)
        self.callback_note = QLineEdit(objectName="callbackNote")
        self.callback_note.setAccessibleName(self.tr("Callback note"))
        self.callback_note.setPlaceholderText(self.tr("What to follow up"))
        self.callback_check.toggled.connect(self._on_callback_check_toggled)
        self._on_callback_check_toggled(False)
        if tasks is None:
            self.callback_check.setEnabled(False)
            self.callback_check.setToolTip(self.tr("Callbacks cannot be scheduled here"))

        self.message = QLabel(objectName="errorLabel")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setProperty("primary", True)
        self.save_button.setToolTip(self.tr("Save the wrap-up (Ctrl+Enter)"))
        self.later_button = buttons.addButton(
            self.tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.later_button.setToolTip(
            self.tr("Close and finish the wrap-up later (Esc; Ctrl+Shift+W reopens it)")
        )
        self.save_button.clicked.connect(self.save)
        self.later_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)

        form = QFormLayout()
        form.addRow(self.tr("Wrap-up &code"), self.code_combo)
        form.addRow(self.tr("&Notes"), self.notes_edit)
        form.addRow("", self.callback_check)
        form.addRow(self.tr("Callback &due"), self.callback_edit)
        form.addRow(self.tr("Callback n&ote"), self.callback_note)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.code_combo.setFocus()

    # -- saving --------------------------------------------------------------------------

    def save(self) -> None:
        if self.busy:
            return
        code = self.code_combo.currentData()
        if not code:
            self._say(self.tr("Choose a wrap-up code first."))
            self.code_combo.setFocus()
            return
        due: datetime | None = None
        if self.callback_check.isChecked():
            due = self.callback_edit.dateTime().toPython().astimezone(UTC)
            if due < self._clock() - timedelta(minutes=1):
                self._say(self.tr("The callback time is in the past."))
                self.callback_edit.setFocus()
                return
        self._set_busy(True)
        wrap_up_ops.save_wrap_up(
            self,
            self._interactions,
            self._tasks,
            self._context,
            code=str(code),
            notes=self.notes_edit.toPlainText().strip(),
            callback_due=due,
            callback_note=self.callback_note.text().strip(),
            done=self._on_save_finished,
            failed=self._on_save_failed,
        )

    def _on_save_finished(self, client_id: str) -> None:
        self._set_busy(False)
        self.saved.emit(str(client_id))
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._say(self.tr("The wrap-up was not saved: %1").replace("%1", error_sentence(exc)))

    # -- helpers -------------------------------------------------------------------------

    def _on_callback_check_toggled(self, checked: bool) -> None:
        self.callback_edit.setEnabled(checked)
        self.callback_note.setEnabled(checked)

    def _say(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.message.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.save_button.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
