"""The new-complaint dialog (Ctrl+K during a call): the complaint in a few keystrokes.

Prefilled with the caller, the call and the call's complaint-intake script run. The regime and
type are shown as suggested for the customer's country and the category; choosing others asks
for the reason. The deadline is shown under the form at once, in words, from the local rule pack
(the same clock the server runs), and saving works with the backend stopped: the ticket waits in
the outbox (``ComplaintService.open_complaint``).

Keyboard: Tab walks the fields, Ctrl+Enter saves, Esc cancels.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
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

from agentdesk.domain.complaints.clock import Clock
from agentdesk.domain.complaints.ticket_days import HOME_JURISDICTION
from agentdesk.errors import InputRejected
from agentdesk.services import (
    CachedTicket,
    ComplaintCategory,
    ComplaintService,
    NewComplaint,
    Severity,
    TicketParty,
)
from ui.complaints.clock_text import clock_note, deadline_sentence, rule_words
from ui.kit.error_text import error_sentence, input_refused_sentence
from ui.kit.naming import named
from ui.kit.vocabulary import complaint_category_name, severity_name
from ui.kit.workers import BackgroundOp

__all__ = ["NewComplaintDialog"]


class NewComplaintDialog(QDialog):
    # Saved here (it syncs from the outbox); carries the CachedTicket.
    saved = Signal(object)

    def __init__(
        self,
        complaints: ComplaintService,
        customer_id: int,
        customer_name: str,
        parent: QWidget | None = None,
        *,
        call_id: str | None = None,
        flow_run_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newComplaintDialog")
        self.setWindowTitle(self.tr("New complaint"))
        self._complaints = complaints
        self._customer_id = customer_id
        self._call_id = call_id
        self._flow_run_id = flow_run_id
        self._packs = complaints.rule_packs()
        self._jurisdiction: str | None = None
        self._suggested: tuple[str, str] | None = None
        self.clock: Clock | None = None
        self.busy = False

        heading = named(
            QLabel(self.tr("Complaint of %1").replace("%1", customer_name)), "sectionTitle"
        )
        source = [self.tr("from the call")] if call_id else []
        if flow_run_id:
            source.append(self.tr("with the complaint-intake script's record"))
        # The list separator is the language's own (Chinese uses a full-width comma).
        self.source_label = named(QLabel(self.tr(", ").join(source)), "mutedLabel")
        self.source_label.setVisible(bool(source))

        self.category_combo = self._combo("complaintCategory", self.tr("Category"))
        for category in ComplaintCategory:
            self.category_combo.addItem(complaint_category_name(category), category)
        self.severity_combo = self._combo("complaintSeverity", self.tr("Severity"))
        for severity in Severity:
            self.severity_combo.addItem(severity_name(severity), severity)
        self.severity_combo.setCurrentIndex(self.severity_combo.findData(Severity.MEDIUM))
        self.summary_edit = self._line("complaintSummary", self.tr("Summary"))
        self.summary_edit.setPlaceholderText(self.tr("What the complaint is about, in a line"))
        self.description_edit = named(QPlainTextEdit(), "complaintDescription")
        self.description_edit.setAccessibleName(self.tr("Description"))
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(self.tr("What happened, in the customer's words"))
        self.description_edit.setFixedHeight(90)
        self.outcome_edit = self._line("complaintOutcome", self.tr("Desired outcome"))
        self.outcome_edit.setPlaceholderText(self.tr("What the customer asks for"))
        self.about_agent_edit = self._line("complaintAboutAgent", self.tr("About agent"))
        self.about_agent_edit.setPlaceholderText(self.tr("User name of the agent complained about"))
        self.about_branch_edit = self._line("complaintAboutBranch", self.tr("About branch"))
        self.about_branch_edit.setPlaceholderText(self.tr("Branch complained about, if any"))
        self.regime_combo = self._combo("complaintRegime", self.tr("Regime"))
        for regime, pack in self._packs.items():
            self.regime_combo.addItem(rule_words(pack.title), regime)
        self.type_combo = self._combo("complaintType", self.tr("Complaint type"))
        self.reason_edit = self._line("complaintOverrideReason", self.tr("Reason for the change"))
        self.reason_edit.setPlaceholderText(
            self.tr("Why this complaint follows another regime or type than suggested")
        )
        self.suggestion_label = named(QLabel(), "mutedLabel")
        self.suggestion_label.setWordWrap(True)
        self.deadline_label = named(QLabel(self.tr("Working out the deadline…")), "deadlineLabel")
        self.deadline_label.setWordWrap(True)
        self.deadline_label.setAccessibleName(self.tr("Deadline"))
        self.message = named(QLabel(), "errorLabel")
        self.message.setWordWrap(True)
        self.message.hide()

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setProperty("primary", True)
        self.save_button.setToolTip(self.tr("Save the complaint, online or not (Ctrl+Enter)"))
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setToolTip(self.tr("Close without saving (Esc)"))
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)

        form = QFormLayout()
        form.addRow(self.tr("&Category"), self.category_combo)
        form.addRow(self.tr("Se&verity"), self.severity_combo)
        form.addRow(self.tr("S&ummary"), self.summary_edit)
        form.addRow(self.tr("&Description"), self.description_edit)
        form.addRow(self.tr("Desired &outcome"), self.outcome_edit)
        form.addRow(self.tr("About &agent"), self.about_agent_edit)
        form.addRow(self.tr("About &branch"), self.about_branch_edit)
        form.addRow(self.tr("&Regime"), self.regime_combo)
        form.addRow(self.tr("&Type"), self.type_combo)
        form.addRow("", self.suggestion_label)
        form.addRow(self.tr("Reason for the c&hange"), self.reason_edit)
        self._form = form
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.source_label)
        layout.addLayout(form)
        layout.addWidget(self.deadline_label)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

        self.category_combo.currentIndexChanged.connect(self._on_category_combo_changed)
        self.regime_combo.currentIndexChanged.connect(self._on_regime_combo_changed)
        self.type_combo.currentIndexChanged.connect(self._on_type_combo_changed)
        self._set_reason_visible(False)
        self.category_combo.setFocus()
        BackgroundOp(self, lambda: complaints.jurisdiction(customer_id)).success(
            self._on_jurisdiction_read
        ).failure(self._on_jurisdiction_failed).run()

    # -- suggestion and deadline -----------------------------------------------------------

    def _on_jurisdiction_read(self, jurisdiction: str) -> None:
        self._jurisdiction = jurisdiction
        self._suggest()

    def _on_jurisdiction_failed(self, exc: BaseException) -> None:
        self._jurisdiction = HOME_JURISDICTION  # as the service takes a customer without one
        self._suggest()

    def _suggest(self) -> None:
        """Suggest the regime and type for the country and the category; a choice the agent
        made stays (with its reason) unless it now matches the suggestion."""
        if self._jurisdiction is None:
            return
        category = self._category()
        try:
            preview = self._complaints.deadline_for(self._jurisdiction, category)
        except InputRejected:
            self._suggested = None
            self.suggestion_label.setText(
                self.tr("No regime covers this customer's country: choose one and say why.")
            )
            self._show_deadline()
            return
        overridden = self._suggested is not None and self._selected() != self._suggested
        self._suggested = (preview.choice.regime, preview.choice.type)
        if not overridden:
            self._select(*self._suggested)
        regime, type_name = self._suggested
        pack = self._packs[regime]
        self.suggestion_label.setText(
            self.tr("Suggested for this customer and category: %1 — %2")
            .replace("%1", rule_words(pack.title))
            .replace("%2", rule_words(pack.types[type_name].title))
        )
        self._show_deadline()

    def _select(self, regime: str, type_name: str) -> None:
        self.regime_combo.blockSignals(True)
        self.regime_combo.setCurrentIndex(self.regime_combo.findData(regime))
        self.regime_combo.blockSignals(False)
        self._fill_types(regime)
        self.type_combo.blockSignals(True)
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(type_name), 0))
        self.type_combo.blockSignals(False)

    def _fill_types(self, regime: str) -> None:
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        for name, rules in self._packs[regime].types.items():
            self.type_combo.addItem(rule_words(rules.title), name)
        self.type_combo.blockSignals(False)

    def _selected(self) -> tuple[str, str]:
        return str(self.regime_combo.currentData()), str(self.type_combo.currentData())

    def overriding(self) -> bool:
        return self._suggested is None or self._selected() != self._suggested

    def _show_deadline(self) -> None:
        self._set_reason_visible(self._jurisdiction is not None and self.overriding())
        regime, type_name = self._selected()
        clock = self._complaints.clock_now(regime, type_name)
        self.clock = clock
        lines = [deadline_sentence(step, clock.received) for step in clock.steps]
        note = clock_note(clock)
        if note:
            lines.append(note)
        self.deadline_label.setText("\n".join(lines))
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        # The suggestion and the deadline wrap: a longer text needs more height than the
        # dialog was first given (it never shrinks under the agent's hands).
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = max(layout.totalSizeHint().height(), self.heightForWidth(self.width()))
        if needed > self.height():
            self.resize(self.width(), needed)

    def _set_reason_visible(self, visible: bool) -> None:
        self._form.setRowVisible(self.reason_edit, visible)

    def _on_category_combo_changed(self, _index: int) -> None:
        self._suggest()

    def _on_regime_combo_changed(self, _index: int) -> None:
        regime = str(self.regime_combo.currentData())
        self._fill_types(regime)
        default = self._packs[regime].category_types.get(
            self._category().value, self._packs[regime].default_type
        )
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(default), 0))
        self._show_deadline()

    def _on_type_combo_changed(self, _index: int) -> None:
        self._show_deadline()

    # -- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        if self.busy:
            return
        if not self.summary_edit.text().strip():
            self._say(self.tr("Summary: write what the complaint is about in a line."))
            self.summary_edit.setFocus()
            return
        overriding = self.overriding()
        if overriding and not self.reason_edit.text().strip():
            self._say(self.tr("Say why this complaint follows another regime or type."))
            self.reason_edit.setFocus()
            return
        regime, type_name = self._selected()
        parties = []
        if self.about_agent_edit.text().strip():
            parties.append(TicketParty(kind="agent", id=self.about_agent_edit.text().strip()))
        if self.about_branch_edit.text().strip():
            parties.append(TicketParty(kind="branch", id=self.about_branch_edit.text().strip()))
        form = NewComplaint(
            customer_id=self._customer_id,
            category=self._category(),
            severity=Severity(self.severity_combo.currentData()),
            summary=self.summary_edit.text(),
            description=self.description_edit.toPlainText(),
            desired_outcome=self.outcome_edit.text(),
            call_id=self._call_id,
            flow_run_id=self._flow_run_id,
            parties=tuple(parties),
            regime=regime if overriding else None,
            complaint_type=type_name if overriding else None,
            override_reason=self.reason_edit.text() if overriding else "",
        )
        self.busy = True
        self.save_button.setEnabled(False)
        complaints = self._complaints
        BackgroundOp(self, lambda: complaints.open_complaint(form)).success(
            self._on_save_finished
        ).failure(self._on_save_failed).run()

    def _on_save_finished(self, ticket: CachedTicket) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        self.saved.emit(ticket)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        if isinstance(exc, InputRejected) and exc.field in self._fields():
            label, widget = self._fields()[exc.field]
            self._say(input_refused_sentence(label, exc.reason))
            widget.setFocus()
            return
        self._say(self.tr("The complaint was not saved: %1").replace("%1", error_sentence(exc)))

    def _fields(self) -> dict[str, tuple[str, QWidget]]:
        return {
            "summary": (self.tr("Summary"), self.summary_edit),
            "description": (self.tr("Description"), self.description_edit),
            "desired_outcome": (self.tr("Desired outcome"), self.outcome_edit),
            "override_reason": (self.tr("Reason for the change"), self.reason_edit),
            "regime_override_reason": (self.tr("Reason for the change"), self.reason_edit),
            "regime": (self.tr("Regime"), self.regime_combo),
            "complaint_type": (self.tr("Complaint type"), self.type_combo),
        }

    # -- helpers ------------------------------------------------------------------------------

    def _category(self) -> ComplaintCategory:
        return ComplaintCategory(self.category_combo.currentData())

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = named(QComboBox(), name)
        combo.setAccessibleName(accessible)
        return combo

    def _line(self, name: str, accessible: str) -> QLineEdit:
        edit = named(QLineEdit(), name)
        edit.setAccessibleName(accessible)
        return edit

    def _say(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.message.show()
