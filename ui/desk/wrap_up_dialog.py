"""The wrap-up dialog: wrap-up code (required), notes and an optional follow-up callback.

Saving is one use case of the call service (``CallService.record_wrap_up``), run in a background
operation: the interaction and the callback are written to the local cache with their outbox
entries (durable the moment the dialog says so, online or not), and the telephony hears that
wrap-up is over. The dialog then emits ``saved`` with the outcome.

Keyboard: the code list answers to typing (first letters), Tab walks the fields, Ctrl+Enter
saves, Esc leaves the dialog for later (Ctrl+Shift+W opens it again).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

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

from agentdesk.errors import InputRejected
from agentdesk.flows.runner import RunStatus
from agentdesk.services import (
    Callback,
    CallControl,
    CustomerSummary,
    FlowStep,
    WrapUp,
    WrapUpContext,
    WrapUpSaved,
)
from ui.kit.error_text import error_sentence, input_refused_sentence
from ui.kit.naming import named
from ui.kit.vocabulary import WRAP_UP_CODES, wrap_up_code_name
from ui.kit.workers import BackgroundOp

__all__ = ["WrapUpDialog", "default_codes"]


def default_codes() -> list[tuple[str, str]]:
    """(code, translated label) pairs when the services send no reference list."""
    return [(code, wrap_up_code_name(code)) for code in WRAP_UP_CODES]


class WrapUpDialog(QDialog):
    # The wrap-up is saved locally (it syncs from the outbox); carries the WrapUpSaved.
    saved = Signal(object)

    def __init__(
        self,
        calls: CallControl,
        context: WrapUpContext,
        customer: CustomerSummary | None,
        parent: QWidget | None = None,
        *,
        codes: Sequence[tuple[str, str]] | None = None,
        flows: Sequence[FlowStep] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wrapUpDialog")
        self.setWindowTitle(self.tr("Wrap-up"))
        self._calls = calls
        self._context = context
        self._customer = customer
        self._flows = list(flows)
        self.busy = False

        who = customer.name if customer is not None else self.tr("Caller not identified")
        heading = QLabel(self.tr("Wrap-up of the call with %1").replace("%1", who))
        heading.setObjectName("sectionTitle")
        self.code_combo = named(QComboBox(), "wrapUpCode")
        self.code_combo.setAccessibleName(self.tr("Wrap-up code"))
        self.code_combo.addItem(self.tr("Choose a wrap-up code…"), None)
        for code, label in codes or default_codes():
            self.code_combo.addItem(label, code)
        self.notes_edit = named(QPlainTextEdit(), "wrapUpNotes")
        self.notes_edit.setAccessibleName(self.tr("Notes"))
        self.notes_edit.setTabChangesFocus(True)  # Tab leaves the notes, as in a form
        self.notes_edit.setPlaceholderText(self.tr("What the customer wanted and what was done"))
        self.callback_check = QCheckBox(self.tr("Schedule a &follow-up callback"))
        self.callback_check.setAccessibleName(self.tr("Schedule a follow-up callback"))
        self.callback_edit = named(QDateTimeEdit(), "callbackDue")
        self.callback_edit.setAccessibleName(self.tr("Callback due"))
        self.callback_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.callback_edit.setCalendarPopup(True)
        tomorrow = QDateTime.currentDateTime().addDays(1)
        tomorrow.setTime(QTime(10, 0))
        self.callback_edit.setDateTime(tomorrow)
        self.callback_note = named(QLineEdit(), "callbackNote")
        self.callback_note.setAccessibleName(self.tr("Callback note"))
        self.callback_note.setPlaceholderText(self.tr("What to follow up"))
        self.callback_check.toggled.connect(self._on_callback_check_toggled)
        self._on_callback_check_toggled(False)
        if customer is None:
            self.callback_check.setEnabled(False)
            self.callback_check.setToolTip(
                self.tr("A callback needs the customer: identify the caller first")
            )

        self.flows_label = named(QLabel(self._flows_text()), "mutedLabel")
        self.flows_label.setWordWrap(True)
        self.flows_label.setVisible(bool(self._flows))
        proposed = next((f.wrap_up for f in reversed(self._flows) if f.wrap_up), None)
        if proposed is not None and self.code_combo.findData(proposed) > 0:
            self.code_combo.setCurrentIndex(self.code_combo.findData(proposed))

        self.message = named(QLabel(), "errorLabel")
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
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)

        form = QFormLayout()
        form.addRow(self.tr("Wrap-up &code"), self.code_combo)
        form.addRow(self.tr("&Notes"), self.notes_edit)
        form.addRow("", self.callback_check)
        form.addRow(self.tr("Callback &due"), self.callback_edit)
        form.addRow(self.tr("Callback n&ote"), self.callback_note)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.flows_label)
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
        callback = None
        if self.callback_check.isChecked():
            seconds = self.callback_edit.dateTime().toSecsSinceEpoch()
            due = datetime.fromtimestamp(seconds, UTC)
            callback = Callback(due, self.callback_note.text().strip())
        wrap_up = WrapUp(
            code=str(code),
            notes=self.notes_edit.toPlainText().strip(),
            customer_id=self._customer.id if self._customer is not None else None,
            callback=callback,
        )
        self._set_busy(True)
        calls, context = self._calls, self._context
        BackgroundOp(self, lambda: calls.record_wrap_up(wrap_up, context=context)).success(
            self._on_save_finished
        ).failure(self._on_save_failed).run()

    def _on_save_finished(self, saved: WrapUpSaved) -> None:
        self._set_busy(False)
        self.saved.emit(saved)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, InputRejected) and exc.field == "callback":
            self._say(self._callback_sentence(exc.reason))
            self.callback_edit.setFocus()
            return
        if isinstance(exc, InputRejected) and exc.field == "flows":
            self._say(self._pending_sentence())
            return
        if isinstance(exc, InputRejected) and exc.field in self._fields():
            label, widget = self._fields()[exc.field]
            self._say(input_refused_sentence(label, exc.reason))
            widget.setFocus()
            return
        self._say(self.tr("The wrap-up was not saved: %1").replace("%1", error_sentence(exc)))

    def _flows_text(self) -> str:
        lines = [self.tr("Scripts on this call:")]
        for flow in self._flows:
            if flow.pending_disclosure:
                state = self.tr("waiting for the disclosure “%1”").replace(
                    "%1", flow.pending_disclosure
                )
            elif flow.status is RunStatus.ENDED:
                state = self.tr("finished")
            elif flow.status is RunStatus.ABANDONED:
                state = self.tr("abandoned")
            else:
                state = self.tr("not finished")
            lines.append(f"• {flow.title}: {state}")
        return "\n".join(lines)

    def _pending_sentence(self) -> str:
        waiting = [
            f"{f.title} — {f.pending_disclosure}" for f in self._flows if f.pending_disclosure
        ]
        listed = "; ".join(waiting) or self.tr("a script of this call")
        return self.tr(
            "Not saved: a disclosure has not been read to the customer yet (%1). Read it and "
            "acknowledge it in the script, or abandon the script with a reason."
        ).replace("%1", listed)

    def _fields(self) -> dict[str, tuple[str, QWidget]]:
        """The contract's name of each field the agent fills in: its label and its widget."""
        return {
            "wrap_up_code": (self.tr("Wrap-up code"), self.code_combo),
            "notes": (self.tr("Notes"), self.notes_edit),
            "callback.note": (self.tr("Callback note"), self.callback_note),
            "callback.due_at": (self.tr("Callback time"), self.callback_edit),
        }

    def _callback_sentence(self, reason: str) -> str:
        if reason == "past":
            return self.tr("The callback time is in the past.")
        return self.tr("A callback needs the customer: identify the caller first.")

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
