"""The changes the server did not take, with what the agent can do about each.

One card per change: what it was ("Ticket CMP-2026-0020 update"), why (a sentence; for a
conflict a small table of each field as it was, as the agent saved it and as it is on the
server now), and the choices the sync service offers: "Keep mine" / "Take theirs" for a
conflict, "Discard" for a rejected change. Reading the list and carrying out a choice run in
background operations; the list is read again after each choice.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from agentdesk.events import MutationNeedsAttention
from agentdesk.services import AppServices, Resolution, SyncProblem
from ui.kit.bridge import EventBridge
from ui.kit.error_text import error_code, error_sentence, sentence_for_code
from ui.kit.formatting import format_datetime
from ui.kit.naming import named
from ui.kit.vocabulary import complaint_category_name, severity_name, ticket_status_name
from ui.kit.workers import BackgroundOp

__all__ = ["SyncProblemsPanel", "field_label", "problem_title"]


def field_label(name: str) -> str:
    """A ticket field as the agent knows it."""
    labels = {
        "status": QCoreApplication.translate("SyncProblemsPanel", "Status"),
        "severity": QCoreApplication.translate("SyncProblemsPanel", "Severity"),
        "category": QCoreApplication.translate("SyncProblemsPanel", "Category"),
        "summary": QCoreApplication.translate("SyncProblemsPanel", "Summary"),
        "description": QCoreApplication.translate("SyncProblemsPanel", "Description"),
        "desired_outcome": QCoreApplication.translate("SyncProblemsPanel", "Desired outcome"),
        "assignee": QCoreApplication.translate("SyncProblemsPanel", "Assignee"),
        "team": QCoreApplication.translate("SyncProblemsPanel", "Team"),
        # A wrap-up's and a follow-up task's fields, as a rejection may name them.
        "notes": QCoreApplication.translate("SyncProblemsPanel", "Notes"),
        "note": QCoreApplication.translate("SyncProblemsPanel", "Note"),
        "reason": QCoreApplication.translate("SyncProblemsPanel", "Reason"),
        "started_at": QCoreApplication.translate("SyncProblemsPanel", "Start time"),
        "ended_at": QCoreApplication.translate("SyncProblemsPanel", "End time"),
        "due_at": QCoreApplication.translate("SyncProblemsPanel", "Due time"),
        "wrap_up_code": QCoreApplication.translate("SyncProblemsPanel", "Wrap-up code"),
        "customer_id": QCoreApplication.translate("SyncProblemsPanel", "Customer"),
        "ticket_id": QCoreApplication.translate("SyncProblemsPanel", "Ticket"),
    }
    name = name.removeprefix("changes.")
    return labels.get(name, name)


def _field_value(name: str, value: object) -> str:
    if value is None or value == "":
        return QCoreApplication.translate("SyncProblemsPanel", "(empty)")
    readers = {
        "status": ticket_status_name,
        "severity": severity_name,
        "category": complaint_category_name,
    }
    reader = readers.get(name)
    return reader(str(value)) if reader is not None else str(value)


def _when(value: object) -> str:
    if isinstance(value, datetime):
        return format_datetime(value)
    try:
        return format_datetime(datetime.fromisoformat(str(value)))
    except ValueError:
        return str(value or "")


def problem_title(problem: SyncProblem) -> str:
    """What the change was, in a few words."""
    mine, current = problem.mine, problem.current or {}
    kind = str(problem.kind)
    if kind == "ticket.update":
        reference = current.get("reference") or f"#{problem.entity_id}"
        return QCoreApplication.translate("SyncProblemsPanel", "Ticket %1 update").replace(
            "%1", str(reference)
        )
    if kind == "ticket.create":
        return QCoreApplication.translate("SyncProblemsPanel", "New complaint ticket: %1").replace(
            "%1", str(mine.get("summary", ""))
        )
    if kind == "interaction.create":
        return QCoreApplication.translate(
            "SyncProblemsPanel", "Wrap-up of the contact at %1"
        ).replace("%1", _when(mine.get("started_at")))
    if kind == "task.create":
        return QCoreApplication.translate("SyncProblemsPanel", "Follow-up task due %1").replace(
            "%1", _when(mine.get("due_at"))
        )
    return QCoreApplication.translate("SyncProblemsPanel", "Change %1").replace(
        "%1", problem.entity_id
    )


def problem_reason(problem: SyncProblem) -> str:
    """Why the change needs the agent, as a sentence in their language."""
    if str(problem.status) == "conflict":
        return QCoreApplication.translate(
            "SyncProblemsPanel",
            "Someone else changed the same fields after you started editing. Choose which "
            "values to keep; the other fields were merged already.",
        )
    if problem.fields:
        return QCoreApplication.translate(
            "SyncProblemsPanel",
            "The server refused the value of %1: it cannot be stored. Discard this change and "
            "enter it again; your other changes were sent.",
        ).replace("%1", ", ".join(field_label(f) for f in problem.fields))
    return (
        sentence_for_code(problem.code)
        if problem.code
        else QCoreApplication.translate(
            "SyncProblemsPanel", "The server did not accept this change."
        )
    )


class _ProblemCard(QFrame):
    """One change that waits for the agent."""

    chosen = Signal(str, str)  # key, resolution

    def __init__(self, problem: SyncProblem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncProblemCard")
        self.problem = problem
        title = problem_title(problem)
        self.setAccessibleName(title)

        self.title_label = named(QLabel(title), "syncProblemTitle")
        self.title_label.setWordWrap(True)
        made = named(
            QLabel(self.tr("Saved %1").replace("%1", format_datetime(problem.made_at))),
            "mutedLabel",
        )
        self.reason_label = named(QLabel(problem_reason(problem)), "syncProblemReason")
        self.reason_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.title_label)
        layout.addWidget(made)
        layout.addWidget(self.reason_label)
        if problem.detail and str(problem.status) != "conflict":
            server = named(
                QLabel(self.tr("The server said: %1").replace("%1", problem.detail)), "mutedLabel"
            )
            server.setWordWrap(True)
            server.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(server)

        # (field, yours, theirs) per conflicting field, as shown.
        self.rows: list[tuple[QLabel, QLabel, QLabel]] = []
        if problem.conflicts:
            layout.addWidget(self._conflict_grid(problem))

        self.error_label = named(QLabel(), "errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(self.tr("Problem with this choice"))
        self.error_label.hide()
        layout.addWidget(self.error_label)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        texts = {
            Resolution.KEEP_MINE.value: (
                self.tr("&Keep mine"),
                self.tr("Send your values again over the server's current version"),
            ),
            Resolution.TAKE_THEIRS.value: (
                self.tr("&Take theirs"),
                self.tr("Drop your values; the server's record stands"),
            ),
            Resolution.DISCARD.value: (
                self.tr("&Discard"),
                self.tr("Drop this change; it is not sent again"),
            ),
        }
        for choice in problem.choices:
            text, tip = texts.get(choice, (choice, choice))
            button = QPushButton(text)
            button.setAccessibleName(text.replace("&", ""))
            button.setToolTip(tip)
            if choice == Resolution.KEEP_MINE.value:
                button.setProperty("primary", True)
            button.clicked.connect(lambda _=False, c=choice: self.chosen.emit(problem.key, c))
            buttons.addWidget(button)
            self.buttons[choice] = button
        layout.addLayout(buttons)

    def _conflict_grid(self, problem: SyncProblem) -> QFrame:
        # Labels in a grid rather than a table view: a handful of rows whose long values must
        # wrap inside a narrow dock, never scroll or elide.
        grid_frame = named(QFrame(), "syncConflictTable")
        grid_frame.setAccessibleName(self.tr("Conflicting fields"))
        grid = QGridLayout(grid_frame)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        for column, text in enumerate((self.tr("Field"), self.tr("Yours"), self.tr("Theirs"))):
            grid.addWidget(named(QLabel(text), "fieldLabel"), 0, column)
        for row, conflict in enumerate(problem.conflicts, start=1):
            was = self.tr("Before either change: %1").replace(
                "%1", _field_value(conflict.field, conflict.base)
            )
            cells = (
                named(QLabel(field_label(conflict.field)), "fieldLabel"),
                named(QLabel(_field_value(conflict.field, conflict.mine)), "conflictMine"),
                named(QLabel(_field_value(conflict.field, conflict.theirs)), "conflictTheirs"),
            )
            for column, cell in enumerate(cells):
                cell.setWordWrap(column > 0)
                cell.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if column:
                    cell.setToolTip(was)
                    cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(cell, row, column)
            self.rows.append(cells)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        return grid_frame

    def set_busy(self, busy: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not busy)
        if busy:
            self.error_label.hide()

    def show_error(self, sentence: str) -> None:
        self.error_label.setText(sentence)
        self.error_label.show()


class SyncProblemsPanel(QWidget):
    # The list on screen was read again; carries the number of changes listed.
    problems_loaded = Signal(int)
    # A choice was carried out (key, resolution): the status bar counts change.
    problem_resolved = Signal(str, str)

    def __init__(
        self, services: AppServices, bridge: EventBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncProblemsPanel")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Changes needing attention"))
        self._services = services
        self._loading = False
        self._load_again = False
        self.cards: dict[str, _ProblemCard] = {}

        intro = named(
            QLabel(
                self.tr(
                    "These changes were saved on this computer but the server did not take them. "
                    "They stay here until you choose what happens to each."
                )
            ),
            "mutedLabel",
        )
        intro.setWordWrap(True)
        self.empty_label = named(
            QLabel(self.tr("No changes need your attention. Everything you saved was sent.")),
            "syncProblemsEmpty",
        )
        self.empty_label.setWordWrap(True)
        self.error_label = named(QLabel(), "errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self._list = named(QWidget(), "syncProblemsList")
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.setSpacing(10)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._list)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.error_label)
        layout.addWidget(scroll, 1)
        bridge.mutation_flagged.connect(self._on_bridge_mutation_flagged)

    # -- public --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the list again off the GUI thread (coalesced while a read runs)."""
        if self._loading:
            self._load_again = True
            return
        self._loading = True
        BackgroundOp(self, self._services.sync.problems).success(self._on_problems_read).failure(
            self._on_problems_read_failed
        ).run()

    def show_problems(self, problems: list[SyncProblem]) -> None:
        for card in self.cards.values():
            card.deleteLater()
        self.cards = {}
        for problem in problems:
            card = _ProblemCard(problem)
            card.chosen.connect(self._on_card_chosen)
            # Above the stretch that keeps cards at the top.
            self._list_layout.insertWidget(self._list_layout.count() - 1, card)
            self.cards[problem.key] = card
        self.empty_label.setVisible(not problems)
        self.error_label.hide()
        self.problems_loaded.emit(len(problems))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.refresh()  # the list may have changed while it was hidden

    # -- slots ---------------------------------------------------------------------------

    def _on_bridge_mutation_flagged(self, _event: MutationNeedsAttention) -> None:
        if self.isVisible():
            self.refresh()

    def _on_problems_read(self, problems: list[SyncProblem]) -> None:
        self._loading = False
        self.show_problems(problems)
        if self._load_again:
            self._load_again = False
            self.refresh()

    def _on_problems_read_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._load_again = False
        self.error_label.setText(error_sentence(exc))
        self.error_label.show()

    def _on_card_chosen(self, key: str, choice: str) -> None:
        card = self.cards.get(key)
        if card is None:
            return
        card.set_busy(True)
        sync = self._services.sync
        BackgroundOp(self, lambda: sync.resolve(key, choice)).success(
            lambda _none: self._on_resolve_finished(key, choice)
        ).failure(lambda exc: self._on_resolve_failed(key, exc)).run()

    def _on_resolve_finished(self, key: str, choice: str) -> None:
        self.problem_resolved.emit(key, choice)
        self.refresh()

    def _on_resolve_failed(self, key: str, exc: BaseException) -> None:
        card = self.cards.get(key)
        if card is not None:
            card.set_busy(False)
            card.show_error(error_sentence(exc))
        if error_code(exc) == "cache.outbox_not_found":
            self.refresh()  # resolved elsewhere meanwhile: show what is left
