"""The ticket editor: the complaint, its clock panel, the moves allowed now, assignment, clock
events, letters and the activity log.

Only what the lifecycle allows from the ticket's status is offered (``allowed_targets``);
closing asks for the root cause and the resolution; the assignee list comes from the server,
which leaves out everyone the complaint is about (recusal); assignment and extensions are
offered to a supervisor only. Every action is one service call in a background operation; a
412 shows the server's ticket in the conflict dialog and the editor then shows it.

Keyboard: Alt+letter reaches each control; Esc closes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk.domain.complaints.lifecycle import TicketStatus, allowed_targets, is_reopen
from agentdesk.errors import InputRejected
from agentdesk.services import (
    Assignee,
    ComplaintRow,
    ComplaintService,
    NoticeKind,
    Severity,
    TicketActivity,
    TicketChanged,
    TicketRefused,
)
from ui.complaints.activity_text import activity_line
from ui.complaints.clock_panel import ClockPanel
from ui.complaints.clock_text import event_kind_name, notice_kind_name, rule_words
from ui.complaints.refusal_text import refusal_sentence
from ui.complaints.ticket_dialogs import ConflictDialog, OutcomeDialog
from ui.kit.colors import ValueColors
from ui.kit.error_text import error_sentence
from ui.kit.naming import named
from ui.kit.vocabulary import (
    channel_name,
    chinese_ui,
    complaint_category_name,
    severity_name,
    ticket_status_name,
)
from ui.kit.workers import BackgroundOp

__all__ = ["TicketEditor"]

_EXTENSIONS = ("extended", "further-extended")


class TicketEditor(QDialog):
    # The ticket changed here (the lists re-read the cache anyway); carries the ComplaintRow.
    ticket_changed = Signal(object)
    # A dialog of the editor opened (tests find it here).
    dialog_opened = Signal(object)

    def __init__(
        self,
        complaints: ComplaintService,
        row: ComplaintRow,
        parent: QWidget | None = None,
        *,
        supervisor: bool = False,
        colors: ValueColors | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ticketEditor")
        self._complaints = complaints
        self._supervisor = supervisor
        self.row = row
        self.busy = False
        self.loaded_once = False  # the server's ticket, people and activity were read
        self.conflict_dialog: ConflictDialog | None = None
        self.outcome_dialog: OutcomeDialog | None = None

        self.heading = named(QLabel(), "sectionTitle")
        self.fields_label = QLabel()
        self.fields_label.setWordWrap(True)
        self.fields_label.setObjectName("ticketFields")
        self.clock_panel = ClockPanel(colors=colors)
        self.pending_label = named(QLabel(), "mutedLabel")
        self.pending_label.setWordWrap(True)

        self.moves_box = QGroupBox(self.tr("Move to"))
        self.moves_layout = QHBoxLayout(self.moves_box)
        self.move_buttons: dict[TicketStatus, QPushButton] = {}

        self.severity_combo = named(QComboBox(), "ticketSeverity")
        self.severity_combo.setAccessibleName(self.tr("Severity"))
        for severity in Severity:
            self.severity_combo.addItem(severity_name(severity), severity)
        self.summary_edit = named(QLineEdit(), "ticketSummary")
        self.summary_edit.setAccessibleName(self.tr("Summary"))
        self.details_button = QPushButton(self.tr("Save &details"))
        self.details_button.clicked.connect(self._on_details_button_clicked)

        self.assign_combo = named(QComboBox(), "assigneeCombo")
        self.assign_combo.setAccessibleName(self.tr("Assign to"))
        self.assign_button = QPushButton(self.tr("&Assign"))
        self.assign_button.clicked.connect(self._on_assign_button_clicked)

        self.event_combo = named(QComboBox(), "clockEventKind")
        self.event_combo.setAccessibleName(self.tr("Clock event"))
        self.event_date = named(QDateEdit(), "clockEventDate")
        self.event_date.setAccessibleName(self.tr("On"))
        self.event_date.setDisplayFormat("yyyy-MM-dd")
        self.event_date.setCalendarPopup(True)
        today = complaints.today(row.ticket.regime)
        self.event_date.setDate(QDate(today.year, today.month, today.day))
        self.event_note = named(QLineEdit(), "clockEventNote")
        self.event_note.setAccessibleName(self.tr("Note"))
        self.event_note.setPlaceholderText(self.tr("Why (told to the customer for an extension)"))
        self.event_button = QPushButton(self.tr("Add &event"))
        self.event_button.clicked.connect(self._on_event_button_clicked)

        self.notice_combo = named(QComboBox(), "noticeKind")
        self.notice_combo.setAccessibleName(self.tr("Letter"))
        for kind in NoticeKind:
            self.notice_combo.addItem(notice_kind_name(kind), kind)
        self.notice_language = named(QComboBox(), "noticeLanguage")
        self.notice_language.setAccessibleName(self.tr("Letter language"))
        self.notice_language.addItem(self.tr("Chinese"), "zh_CN")
        self.notice_language.addItem(self.tr("English"), "en")
        self.notice_language.setCurrentIndex(
            self.notice_language.findData("zh_CN" if chinese_ui() else "en")
        )
        self.notice_button = QPushButton(self.tr("Send &letter"))
        self.notice_button.clicked.connect(self._on_notice_button_clicked)

        # The assignee asks a supervisor of the team for more time (the supervisor approves).
        self.extension_button = named(
            QPushButton(self.tr("Ask for an e&xtension…")), "askExtensionButton"
        )
        self.extension_button.setToolTip(
            self.tr("Ask your supervisor for more time, with the reason the customer will be told")
        )
        self.extension_button.clicked.connect(self.open_extension_request)
        self.extension_button.setVisible(not supervisor)
        self.extension_label = named(QLabel(), "mutedLabel")
        self.extension_label.setWordWrap(True)
        self.extension_label.hide()
        self.extension_dialog: QInputDialog | None = None
        self._asking_extension = False

        self.activity_list = named(QListWidget(), "activityList")
        self.activity_list.setAccessibleName(self.tr("Activity log"))
        self.activity_list.setMaximumHeight(160)
        self.message = named(QLabel(), "errorLabel")
        self.message.setWordWrap(True)
        self.message.hide()

        work = QFormLayout()
        details_row = QHBoxLayout()
        details_row.addWidget(self.severity_combo)
        details_row.addWidget(self.summary_edit, 1)
        details_row.addWidget(self.details_button)
        work.addRow(_buddy(self.tr("&Summary"), self.summary_edit), details_row)
        assign_row = QHBoxLayout()
        assign_row.addWidget(self.assign_combo, 1)
        assign_row.addWidget(self.assign_button)
        self.assign_label = _buddy(self.tr("Assign &to"), self.assign_combo)
        work.addRow(self.assign_label, assign_row)
        # Handing a ticket to someone is a supervisor's (the server refuses an agent).
        work.setRowVisible(self.assign_label, supervisor)
        event_row = QHBoxLayout()
        event_row.addWidget(self.event_combo, 1)
        event_row.addWidget(self.event_date)
        event_row.addWidget(self.event_note, 1)
        event_row.addWidget(self.event_button)
        work.addRow(_buddy(self.tr("Clock e&vent"), self.event_combo), event_row)
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice_combo, 1)
        notice_row.addWidget(self.notice_language)
        notice_row.addWidget(self.notice_button)
        work.addRow(_buddy(self.tr("Le&tter"), self.notice_combo), notice_row)
        extension_row = QHBoxLayout()
        extension_row.addWidget(self.extension_button)
        extension_row.addWidget(self.extension_label, 1)
        work.addRow(extension_row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.fields_label)
        layout.addWidget(self.clock_panel)
        layout.addWidget(self.pending_label)
        layout.addWidget(self.moves_box)
        layout.addLayout(work)
        layout.addWidget(named(QLabel(self.tr("Activity")), "fieldLabel"))
        layout.addWidget(self.activity_list)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.resize(860, 640)
        self.show_row(row)
        self.reload()

    # -- showing ------------------------------------------------------------------------------

    def show_row(self, row: ComplaintRow) -> None:
        self.row = row
        ticket = row.ticket
        reference = ticket.reference or self.tr("not sent yet")
        self.setWindowTitle(self.tr("Complaint %1").replace("%1", reference))
        self.heading.setText(
            self.tr("Complaint %1 — %2")
            .replace("%1", reference)
            .replace("%2", ticket_status_name(ticket.status))
        )
        packs = self._complaints.rule_packs()
        pack = packs.get(ticket.regime)
        regime = rule_words(pack.title) if pack else ticket.regime
        type_title = (
            rule_words(pack.types[ticket.complaint_type].title)
            if pack and ticket.complaint_type in pack.types
            else ticket.complaint_type
        )
        lines = [
            ticket.summary,
            self.tr("Category: %1 · Severity: %2 · Channel: %3")
            .replace("%1", complaint_category_name(ticket.category))
            .replace("%2", severity_name(ticket.severity))
            .replace("%3", channel_name(ticket.channel)),
            self.tr("Regime: %1 — %2").replace("%1", regime).replace("%2", type_title),
            self.tr("Assignee: %1").replace("%1", ticket.assignee or self.tr("Unassigned")),
        ]
        if ticket.regime_override_reason:
            lines.append(
                self.tr("Regime chosen because: %1").replace("%1", ticket.regime_override_reason)
            )
        if ticket.description:
            lines.append(self.tr("Description: %1").replace("%1", ticket.description))
        if ticket.desired_outcome:
            lines.append(self.tr("Desired outcome: %1").replace("%1", ticket.desired_outcome))
        if ticket.resolution:
            lines.append(self.tr("Resolution: %1").replace("%1", ticket.resolution))
        self.fields_label.setText("\n".join(lines))
        self.severity_combo.setCurrentIndex(self.severity_combo.findData(ticket.severity))
        self.summary_edit.setText(ticket.summary)
        events = [(e.kind, e.on) for e in ticket.clock_events]
        self.clock_panel.show_clock(row.clock, row.alerts, events, row.answered)
        self._show_moves(TicketStatus(ticket.status))
        self._fill_event_kinds()
        online = not ticket.pending
        self.pending_label.setText(
            ""
            if online
            else self.tr(
                "Saved on this computer and waiting to be sent: moves, assignment, clock events "
                "and letters are possible once the server has it."
            )
        )
        self.pending_label.setVisible(not online)
        for widget in self._online_controls():
            widget.setEnabled(online and not self.busy)

    def _show_moves(self, status: TicketStatus) -> None:
        for button in self.move_buttons.values():
            button.deleteLater()
        self.move_buttons = {}
        for target in allowed_targets(status):
            text = self.tr("Reopen") if is_reopen(status, target) else ticket_status_name(target)
            button = named(QPushButton(text), f"move_{target.value}")
            button.setAccessibleName(
                self.tr("Move to %1").replace("%1", ticket_status_name(target))
            )
            button.clicked.connect(lambda _checked=False, to=target: self.move_to(to))
            self.moves_layout.addWidget(button)
            self.move_buttons[target] = button

    def _fill_event_kinds(self) -> None:
        ticket = self.row.ticket
        pack = self._complaints.rule_packs().get(ticket.regime)
        kinds = (
            sorted(pack.event_kinds(ticket.complaint_type))
            if pack and ticket.complaint_type in pack.types
            else ["paused", "resumed"]
        )
        self.event_combo.clear()
        for kind in kinds:
            # Extensions need a supervisor's approval: the server refuses anyone else's.
            if kind in _EXTENSIONS and not self._supervisor:
                continue
            self.event_combo.addItem(event_kind_name(kind), kind)

    def offered_moves(self) -> list[TicketStatus]:
        return list(self.move_buttons)

    def offered_assignees(self) -> list[str]:
        return [str(self.assign_combo.itemData(i)) for i in range(self.assign_combo.count())]

    def offered_event_kinds(self) -> list[str]:
        return [str(self.event_combo.itemData(i)) for i in range(self.event_combo.count())]

    # -- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the server's ticket, whom it may be assigned to and its activity."""
        ticket_id = self.row.ticket.id
        if ticket_id <= 0:
            return
        complaints = self._complaints

        supervisor = self._supervisor

        def load() -> tuple[ComplaintRow, list[Assignee], list[TicketActivity]]:
            return (
                complaints.refresh(ticket_id),
                complaints.assignable(ticket_id) if supervisor else [],
                complaints.activity(ticket_id),
            )

        BackgroundOp(self, load).success(self._on_reload_finished).failure(
            self._on_action_failed
        ).run()

    def _on_reload_finished(
        self, loaded: tuple[ComplaintRow, list[Assignee], list[TicketActivity]]
    ) -> None:
        row, people, activity = loaded
        self.show_row(row)
        self.assign_combo.clear()
        for person in people:
            label = self.tr("%1 (%2, team %3)").replace("%1", person.display_name)
            label = label.replace("%2", person.username).replace("%3", person.team or "—")
            self.assign_combo.addItem(label, person.username)
        self.activity_list.clear()
        packs = self._complaints.rule_packs()
        for line in activity:
            self.activity_list.addItem(activity_line(line, packs))
        self._show_extension(activity)
        self.loaded_once = True

    # -- actions ------------------------------------------------------------------------------

    def move_to(self, to: TicketStatus) -> None:
        ticket = self.row.ticket
        complaints, ticket_id = self._complaints, ticket.id
        if to in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
            dialog = OutcomeDialog(to == TicketStatus.CLOSED, ticket.resolution, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._on_outcome_accepted(dialog, to))
            self.outcome_dialog = dialog
            dialog.finished.connect(lambda _result: setattr(self, "outcome_dialog", None))
            dialog.open()
            self.dialog_opened.emit(dialog)
            return
        self._run(lambda: complaints.transition(ticket_id, to))

    def _on_outcome_accepted(self, dialog: OutcomeDialog, to: TicketStatus) -> None:
        complaints, ticket_id = self._complaints, self.row.ticket.id
        root_cause, satisfaction = dialog.root_cause(), dialog.satisfaction()
        remediation = dialog.remediation_edit.text()
        resolution = dialog.resolution_edit.toPlainText()
        self._run(
            lambda: complaints.transition(
                ticket_id,
                to,
                root_cause=root_cause,
                remediation=remediation,
                resolution=resolution,
                satisfaction=satisfaction,
            )
        )

    def _on_details_button_clicked(self) -> None:
        severity = Severity(self.severity_combo.currentData())
        summary = self.summary_edit.text()
        complaints, ticket_id = self._complaints, self.row.ticket.id
        self._run(lambda: complaints.edit(ticket_id, severity=severity, summary=summary))

    def _on_assign_button_clicked(self) -> None:
        username = self.assign_combo.currentData()
        if not username:
            self._say(self.tr("Nobody may take this complaint yet: ask your supervisor."))
            return
        complaints, ticket_id = self._complaints, self.row.ticket.id
        self._run(lambda: complaints.assign(ticket_id, str(username)))

    def _on_event_button_clicked(self) -> None:
        kind = self.event_combo.currentData()
        if not kind:
            return
        qdate = self.event_date.date()
        on = date(qdate.year(), qdate.month(), qdate.day())
        note = self.event_note.text()
        complaints, ticket_id = self._complaints, self.row.ticket.id
        self._run(lambda: complaints.add_clock_event(ticket_id, kind, on, note))

    def _on_notice_button_clicked(self) -> None:
        kind = NoticeKind(self.notice_combo.currentData())
        language = str(self.notice_language.currentData())
        complaints, ticket_id = self._complaints, self.row.ticket.id
        self._run(lambda: complaints.send_notice(ticket_id, kind, language))

    def _show_extension(self, activity: list[TicketActivity]) -> None:
        """The last extension request's fate, from the activity log: waiting or refused (an
        approved one shows as the clock's extension)."""
        last = next(
            (
                line
                for line in reversed(activity)
                if line.action in ("extension_requested", "extension_refused", "clock_event")
                and (line.action != "clock_event" or "extended" in line.detail.get("kind", ""))
            ),
            None,
        )
        if last is None or last.action == "clock_event":
            self.extension_label.hide()
            return
        if last.action == "extension_requested":
            text = self.tr("Extension asked for: waiting for your supervisor's decision.")
        else:
            text = self.tr("Extension refused by %1").replace("%1", last.actor)
            note = last.detail.get("note", "")
            if note:
                text += self.tr(": %1").replace("%1", note)
        self.extension_label.setText(text)
        self.extension_label.show()

    def open_extension_request(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setObjectName("extensionRequestDialog")
        dialog.setWindowTitle(self.tr("Ask for an extension"))
        dialog.setLabelText(
            self.tr("Why more time is needed (the customer is told this if it is approved):")
        )
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setOkButtonText(self.tr("Ask"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self._on_extension_reason_chosen)
        self.extension_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "extension_dialog", None))
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def _on_extension_reason_chosen(self, reason: str) -> None:
        if not reason.strip():
            self._say(self.tr("Say why more time is needed: the customer will be told."))
            return
        complaints, ticket_id = self._complaints, self.row.ticket.id
        self._asking_extension = True
        self._run(lambda: complaints.request_extension(ticket_id, reason))

    def set_event_date(self, day: date) -> None:
        self.event_date.setDate(QDate(day.year, day.month, day.day))

    def _run(self, action: Callable[[], ComplaintRow]) -> None:
        if self.busy:
            return
        self._set_busy(True)
        self.message.hide()
        BackgroundOp(self, action).success(self._on_action_finished).failure(
            self._on_action_failed
        ).run()

    def _on_action_finished(self, row: ComplaintRow) -> None:
        self._set_busy(False)
        if self._asking_extension:
            self._asking_extension = False
            self.extension_label.setText(
                self.tr("Extension asked for: waiting for your supervisor's decision.")
            )
            self.extension_label.show()
        self.show_row(row)
        self.ticket_changed.emit(row)
        self.reload()

    def _on_action_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._asking_extension = False
        if isinstance(exc, TicketChanged):
            dialog = ConflictDialog(exc.current, self)
            self.conflict_dialog = dialog
            dialog.finished.connect(self._on_conflict_dialog_finished)
            dialog.open()
            self.dialog_opened.emit(dialog)
            return
        if isinstance(exc, InputRejected) and exc.field == "summary":
            self._say(self.tr("Summary: write what the complaint is about in a line."))
            self.summary_edit.setFocus()
            return
        if isinstance(exc, TicketRefused):
            self._say(refusal_sentence(exc.reason))
            return
        self._say(self.tr("Not done: %1").replace("%1", error_sentence(exc)))

    def _on_conflict_dialog_finished(self, _result: int) -> None:
        self.conflict_dialog = None
        self.reload()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        online = not self.row.ticket.pending
        for widget in self._online_controls():
            widget.setEnabled(online and not busy)

    def _online_controls(self) -> tuple[QWidget, ...]:
        """What needs the server (a ticket not sent yet can do none of it)."""
        return (
            self.moves_box,
            self.details_button,
            self.assign_button,
            self.event_button,
            self.notice_button,
            self.extension_button,
        )

    def _say(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.message.show()


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A row label whose Alt+letter reaches ``widget`` (a row of several widgets has no buddy
    of its own)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label
