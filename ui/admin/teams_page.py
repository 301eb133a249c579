"""The teams page of the admin console: each team with the queues its agents serve, how many
agents it has and its supervisors; and the team's queues changed.

Threading: GUI thread only; the admin and reference services run in background operations.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QVBoxLayout, QWidget

from agentdesk.errors import InputRejected
from agentdesk.services import AdminService, QueueInfo, ReferenceService, TeamInfo
from ui.admin.admin_page import AdminPage
from ui.admin.people_text import labelled_list
from ui.admin.queue_choices import queue_choices, reference_queues
from ui.admin.user_dialogs import FormDialog, QueueChecklist
from ui.kit.actions import action_button, make_action
from ui.kit.error_text import error_sentence
from ui.kit.record_table import RIGHT, Column, RecordTableModel
from ui.kit.record_table_view import RecordTableView
from ui.kit.vocabulary import team_name
from ui.kit.workers import BackgroundOp

__all__ = ["EditQueuesDialog", "TeamsPage"]


class EditQueuesDialog(FormDialog):
    """The queues a team's agents serve: every known queue to tick, at least one."""

    def __init__(
        self,
        team: TeamInfo,
        queues: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Queues of %1").replace("%1", team_name(team.name)),
            self.tr("Save queues"),
            parent,
        )
        self.setObjectName("editQueuesDialog")
        self.team = team
        note = QLabel(
            self.tr(
                "The team's agents serve the queues ticked here, unless they have skills of "
                "their own. Agents signed in to the phone serve them at once."
            )
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.queue_list = QueueChecklist(queues, list(team.queues))
        self._add_field("queues", self.tr("&Queues:"), self.queue_list)
        self._finish_layout()
        self.queue_list.setFocus()

    @property
    def queues(self) -> list[str]:
        return self.queue_list.checked_codes()

    def _problem(self) -> str:
        if not self.queues:
            self.queue_list.setFocus()
            return self.tr("Tick at least one queue: a team's agents must serve one.")
        return ""


class TeamsPage(AdminPage):
    def __init__(
        self,
        admin: AdminService,
        parent: QWidget | None = None,
        *,
        reference: ReferenceService | None = None,
    ) -> None:
        super().__init__(admin, parent, reference=reference, object_name="teamsPage")
        self._queue_names: dict[str, str] = {}
        self._people: dict[str, str] = {}
        self.queues: list[tuple[str, str]] = []
        self._select_after: str | None = None

        self.model: RecordTableModel[TeamInfo] = RecordTableModel(
            [
                Column(self.tr("Team"), lambda t: team_name(t.name)),
                Column(self.tr("Queues"), lambda t: labelled_list(t.queues, self._queue_names)),
                Column(self.tr("Agents"), lambda t: str(t.agents), align=RIGHT),
                Column(self.tr("Supervisors"), self._supervisors_text),
            ],
            parent=self,
        )
        self.view = RecordTableView(
            self.model,
            self.tr("Teams"),
            column_widths=(170, 300, 80, 240),
            empty_text=self.tr("No teams."),
        )
        self.view.setObjectName("teamsView")
        self.edit_queues_action = make_action(
            self,
            self.tr("&Edit queues…"),
            "Ctrl+E",
            self.tr("Choose the queues the selected team's agents serve"),
            self.open_edit_queues,
            object_name="editTeamQueuesAction",
        )
        self.edit_queues_button = action_button(self.edit_queues_action, "editTeamQueuesButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_queues_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu_requested)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.view.activated.connect(lambda _index: self.edit_queues_action.trigger())
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()

    def _supervisors_text(self, team: TeamInfo) -> str:
        return labelled_list(team.supervisors, self._people)

    def _on_view_context_menu_requested(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.edit_queues_action)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    # -- loading --------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the teams, the staff (to name supervisors) and the queues; show them."""
        admin, reference = self._admin, self._reference

        def read() -> tuple[list[TeamInfo], dict[str, str], list[QueueInfo], list[str]]:
            teams: list[TeamInfo] = list(admin.teams())
            people = {user.username: user.display_name for user in admin.users()}
            served = list(admin.settings().queue_targets)  # the phone system's queues
            return teams, people, reference_queues(reference), served

        self._read(read, self._show_read, self.tr("The teams could not be read: %1"))

    def _show_read(
        self, result: tuple[list[TeamInfo], dict[str, str], list[QueueInfo], list[str]]
    ) -> None:
        teams, people, queue_infos, served = result
        # Labels in the UI language, made here: the locale is the GUI thread's.
        queues = queue_choices(queue_infos, served)
        selected = self._select_after or self._selected_name()
        self._select_after = None
        self._people, self.queues = people, queues
        self._queue_names = dict(queues)
        self.model.set_rows(teams)
        if not (selected and self.select_team(selected)) and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._update_actions()

    def _read_failed(self) -> None:
        self._select_after = None

    # -- selection ------------------------------------------------------------------------------

    def selected_team(self) -> TeamInfo | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.record(index.row())

    def _selected_name(self) -> str:
        team = self.selected_team()
        return team.name if team is not None else ""

    def row_of(self, name: str) -> int:
        """The row showing the team ``name``, or -1."""
        for row in range(self.model.total_count()):
            if self.model.record(row).name == name:
                return row
        return -1

    def select_team(self, name: str) -> bool:
        row = self.row_of(name)
        if row < 0:
            return False
        while row >= self.model.rowCount():
            self.model.fetchMore(QModelIndex())
        self.view.setCurrentIndex(self.model.index(row, 0))
        return True

    def _update_actions(self) -> None:
        self.edit_queues_action.setEnabled(self.selected_team() is not None)

    # -- actions --------------------------------------------------------------------------------

    def open_edit_queues(self) -> EditQueuesDialog | None:
        team = self.selected_team()
        if team is None:
            return None
        dialog = EditQueuesDialog(team, self.queues, self)
        admin, name = self._admin, team.name

        def succeeded(_result: object) -> None:
            dialog.succeed()
            self.message_posted.emit(self.tr("Queues of %1 saved.").replace("%1", team_name(name)))
            self._reload_onto(name)

        def failed(exc: BaseException) -> None:
            dialog.show_refusal(exc)
            if isinstance(exc, InputRejected):
                return  # refused here, before the server: the dialog says it
            self.message_posted.emit(error_sentence(exc))
            self._reload_onto(name)

        def submitted() -> None:
            queues = dialog.queues
            BackgroundOp(self, lambda: admin.set_team_queues(name, queues)).success(
                succeeded
            ).failure(failed).run()

        dialog.submitted.connect(submitted)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def _reload_onto(self, name: str) -> None:
        self._select_after = name
        self.load()
