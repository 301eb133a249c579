"""The small dialogs of the ticket editor: the outcome asked when resolving or closing, and the
conflict shown when someone saved the ticket first (412)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from agentdesk.services import RootCause, Satisfaction, TicketRecord
from ui.complaints.clock_text import root_cause_name, satisfaction_name
from ui.kit.formatting import format_datetime
from ui.kit.naming import named
from ui.kit.vocabulary import complaint_category_name, severity_name, ticket_status_name

__all__ = ["ConflictDialog", "OutcomeDialog"]


class OutcomeDialog(QDialog):
    """Resolving asks for the resolution and the complainant's word on it; closing asks for
    the root cause (one taxonomy), the remediation and the resolution."""

    def __init__(self, closing: bool, resolution: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomeDialog")
        self.setWindowTitle(self.tr("Close the complaint") if closing else self.tr("Resolve"))
        self.closing = closing
        self.root_cause_combo = named(QComboBox(), "rootCause")
        self.root_cause_combo.setAccessibleName(self.tr("Root cause"))
        self.root_cause_combo.addItem(self.tr("Choose the root cause…"), None)
        for cause in RootCause:
            self.root_cause_combo.addItem(root_cause_name(cause), cause)
        self.remediation_edit = named(QLineEdit(), "remediation")
        self.remediation_edit.setAccessibleName(self.tr("Remediation"))
        self.remediation_edit.setPlaceholderText(self.tr("What changes so it does not recur"))
        self.resolution_edit = named(QPlainTextEdit(resolution), "resolution")
        self.resolution_edit.setAccessibleName(self.tr("Resolution"))
        self.resolution_edit.setTabChangesFocus(True)
        self.resolution_edit.setFixedHeight(80)
        self.satisfaction_combo = named(QComboBox(), "satisfaction")
        self.satisfaction_combo.setAccessibleName(self.tr("Customer satisfaction"))
        for value in Satisfaction:
            self.satisfaction_combo.addItem(satisfaction_name(value), value)
        self.message = named(QLabel(), "errorLabel")
        self.message.hide()
        form = QFormLayout()
        if closing:
            form.addRow(self.tr("Root &cause"), self.root_cause_combo)
            form.addRow(self.tr("Re&mediation"), self.remediation_edit)
        form.addRow(self.tr("&Resolution"), self.resolution_edit)
        if not closing:
            form.addRow(self.tr("Customer &satisfaction"), self.satisfaction_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def root_cause(self) -> RootCause | None:
        data = self.root_cause_combo.currentData()
        return RootCause(data) if data else None

    def satisfaction(self) -> Satisfaction | None:
        return None if self.closing else Satisfaction(self.satisfaction_combo.currentData())

    def _on_buttons_accepted(self) -> None:
        # The server refuses a close without these too; saying it here saves a round trip.
        if self.closing and self.root_cause() is None:
            self._say(self.tr("Choose the root cause to close the complaint."))
            self.root_cause_combo.setFocus()
            return
        if not self.resolution_edit.toPlainText().strip():
            self._say(self.tr("Write the resolution: what was decided and done."))
            self.resolution_edit.setFocus()
            return
        self.accept()

    def _say(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.message.show()


class ConflictDialog(QDialog):
    """Someone saved the ticket first: what the server holds now. The editor shows it once
    the agent has read it; their own change is not sent again by itself."""

    def __init__(self, current: TicketRecord | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketConflictDialog")
        self.setWindowTitle(self.tr("The ticket was changed"))
        intro = QLabel(
            self.tr(
                "Someone else saved this ticket while you were working on it, so your change "
                "was not made. This is the ticket as it is now; check it and do your change "
                "again if it still applies."
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.current = current
        if current is not None:
            form.addRow(self.tr("Status"), QLabel(ticket_status_name(current.status)))
            form.addRow(self.tr("Assignee"), QLabel(current.assignee or self.tr("Unassigned")))
            form.addRow(self.tr("Category"), QLabel(complaint_category_name(current.category)))
            form.addRow(self.tr("Severity"), QLabel(severity_name(current.severity)))
            summary = QLabel(current.summary)
            summary.setWordWrap(True)
            form.addRow(self.tr("Summary"), summary)
            form.addRow(
                self.tr("Changed at"),
                QLabel(format_datetime(current.updated_at)),
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Show the ticket"))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
