"""The staff page of the admin console: every account with its role, team, skills and status;
new users, their changes, a new first password, deactivation and reactivation.

Each change runs one background operation; then the page says so in ``message_posted`` and
reads the list again, keeping the selection on that user. Threading: GUI thread only; the admin
and reference services run in background operations.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QMenu, QVBoxLayout, QWidget

from agentdesk.errors import InputRejected
from agentdesk.services import AdminService, QueueInfo, ReferenceService, Role, StaffUser
from ui.admin.admin_page import AdminPage
from ui.admin.people_text import account_status_name, labelled_list, role_name
from ui.admin.queue_choices import queue_choices, reference_queues
from ui.admin.user_dialogs import (
    DeactivateUserDialog,
    EditUserDialog,
    FormDialog,
    NewUserDialog,
    ResetPasswordDialog,
)
from ui.kit.actions import action_button, make_action
from ui.kit.error_text import error_sentence
from ui.kit.record_table import Column, RecordTableModel
from ui.kit.record_table_view import RecordTableView
from ui.kit.vocabulary import team_name
from ui.kit.workers import BackgroundOp

__all__ = ["UsersPage"]


class UsersPage(AdminPage):
    def __init__(
        self,
        admin: AdminService,
        parent: QWidget | None = None,
        *,
        reference: ReferenceService | None = None,
        current_username: str = "",
    ) -> None:
        super().__init__(admin, parent, reference=reference, object_name="usersPage")
        self.current_username = current_username
        self._queue_names: dict[str, str] = {}
        self.teams: list[str] = []
        self.queues: list[tuple[str, str]] = []
        self._select_after: str | None = None

        # Deactivated accounts are greyed in every column.
        grey = partial(_grey, muted=self.palette().color(QPalette.ColorRole.PlaceholderText))
        self.model: RecordTableModel[StaffUser] = RecordTableModel(
            [
                Column(self.tr("User name"), lambda u: u.username, foreground=grey),
                Column(self.tr("Display name"), lambda u: u.display_name, foreground=grey),
                Column(self.tr("Role"), lambda u: role_name(u.role), foreground=grey),
                Column(
                    self.tr("Team"), lambda u: team_name(u.team) if u.team else "", foreground=grey
                ),
                Column(self.tr("Skills"), self._skills_text, foreground=grey),
                Column(self.tr("Status"), lambda u: account_status_name(u.active), foreground=grey),
            ],
            parent=self,
        )
        self.view = RecordTableView(
            self.model,
            self.tr("Staff"),
            column_widths=(120, 160, 110, 150, 220, 100),
            empty_text=self.tr("No staff accounts."),
        )
        self.view.setObjectName("usersView")
        self._build_actions()
        self._build_layout()
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.view.activated.connect(lambda _index: self.edit_action.trigger())
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()

    # -- layout ---------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        a = make_action
        self.new_action = a(
            self,
            self.tr("&New user…"),
            "Ctrl+N",
            self.tr("Create a staff account with a first password"),
            self.open_new_user,
            object_name="newUserAction",
        )
        self.edit_action = a(
            self,
            self.tr("&Edit…"),
            "Ctrl+E",
            self.tr("Change the selected user's display name, role, team or skills"),
            self.open_edit,
            object_name="editUserAction",
        )
        self.reset_password_action = a(
            self,
            self.tr("&Reset password…"),
            "Ctrl+Shift+P",
            self.tr("Give the selected user a new first password; their sessions end"),
            self.open_reset_password,
            object_name="resetPasswordAction",
        )
        self.deactivate_action = a(
            self,
            self.tr("&Deactivate…"),
            "Ctrl+Shift+D",
            self.tr("Stop the selected user from signing in; their sessions end"),
            self.open_deactivate,
            object_name="deactivateUserAction",
        )
        # "Re&activate" would share Alt+A with the window's Audit trail tab.
        self.reactivate_action = a(
            self,
            self.tr("Rea&ctivate"),
            "Ctrl+Shift+R",
            self.tr("Let the selected deactivated user sign in again"),
            self.reactivate,
            object_name="reactivateUserAction",
        )

    @property
    def user_actions(self) -> list[QAction]:
        return [
            self.new_action,
            self.edit_action,
            self.reset_password_action,
            self.deactivate_action,
            self.reactivate_action,
        ]

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        self.new_button = action_button(self.new_action, "newUserButton")
        self.edit_button = action_button(self.edit_action, "editUserButton")
        self.reset_password_button = action_button(
            self.reset_password_action, "resetPasswordButton"
        )
        self.deactivate_button = action_button(self.deactivate_action, "deactivateUserButton")
        self.reactivate_button = action_button(self.reactivate_action, "reactivateUserButton")
        for button in (
            self.new_button,
            self.edit_button,
            self.reset_password_button,
            self.deactivate_button,
            self.reactivate_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu_requested)

    def _on_view_context_menu_requested(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addActions(self.user_actions[1:])
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def _skills_text(self, user: StaffUser) -> str:
        if user.role == Role.ADMIN:
            return ""  # an administrator takes no calls
        if not user.skills:
            return self.tr("Team's queues")
        return labelled_list(user.skills, self._queue_names)

    # -- loading --------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the staff, the teams and the queues; show them and emit ``loaded``."""
        admin, reference = self._admin, self._reference

        def read() -> tuple[list[StaffUser], list[str], list[QueueInfo], list[str]]:
            users: list[StaffUser] = list(admin.users())
            teams = admin.teams()
            served = list(admin.settings().queue_targets)  # the phone system's queues
            return users, [team.name for team in teams], reference_queues(reference), served

        self._read(read, self._show_read, self.tr("The staff list could not be read: %1"))

    def _show_read(
        self, result: tuple[list[StaffUser], list[str], list[QueueInfo], list[str]]
    ) -> None:
        users, teams, queue_infos, served = result
        # Labels in the UI language, made here: the locale is the GUI thread's.
        queues = queue_choices(queue_infos, served)
        selected = self._select_after or self._selected_username()
        self._select_after = None
        self.teams, self.queues = teams, queues
        self._queue_names = dict(queues)
        self.model.set_rows(users)
        if not (selected and self.select_user(selected)) and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._update_actions()

    def _read_failed(self) -> None:
        self._select_after = None

    # -- selection ------------------------------------------------------------------------------

    def selected_user(self) -> StaffUser | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.record(index.row())

    def _selected_username(self) -> str:
        user = self.selected_user()
        return user.username if user is not None else ""

    def select_user(self, username: str) -> bool:
        row = self.row_of(username)
        if row < 0:
            return False
        while row >= self.model.rowCount():
            self.model.fetchMore(QModelIndex())
        self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def row_of(self, username: str) -> int:
        """The row showing ``username``, or -1."""
        for row in range(self.model.total_count()):
            if self.model.record(row).username == username:
                return row
        return -1

    def _update_actions(self) -> None:
        user = self.selected_user()
        self.edit_action.setEnabled(user is not None)
        self.reset_password_action.setEnabled(user is not None)
        self.deactivate_action.setEnabled(
            user is not None and user.active and user.username != self.current_username
        )
        self.reactivate_action.setEnabled(user is not None and not user.active)

    # -- actions --------------------------------------------------------------------------------

    def _open(self, dialog: FormDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _submit(
        self,
        dialog: FormDialog,
        fn: Callable[[], object],
        done: str,
        username: str,
    ) -> None:
        """Ask the server; on success close the dialog, say ``done`` and reload onto
        ``username``; on a refusal say it in the dialog (still open) and the status bar."""

        def succeeded(_result: object) -> None:
            dialog.succeed()
            self.message_posted.emit(done)
            self._reload_onto(username)

        def failed(exc: BaseException) -> None:
            dialog.show_refusal(exc)
            if isinstance(exc, InputRejected):
                return  # refused here, before the server: the dialog says it
            self.message_posted.emit(error_sentence(exc))
            self._reload_onto(username)

        BackgroundOp(self, fn).success(succeeded).failure(failed).run()

    def _run(self, fn: Callable[[], object], done: str, username: str) -> None:
        def succeeded(_result: object) -> None:
            self.message_posted.emit(done)
            self._reload_onto(username)

        def failed(exc: BaseException) -> None:
            self.message_posted.emit(error_sentence(exc))
            self._reload_onto(username)

        BackgroundOp(self, fn).success(succeeded).failure(failed).run()

    def _reload_onto(self, username: str) -> None:
        self._select_after = username
        self.load()

    def open_new_user(self) -> NewUserDialog:
        dialog = NewUserDialog(self.teams, self.queues, self)
        admin = self._admin

        def submitted() -> None:
            username, display_name, role = dialog.username, dialog.display_name, dialog.role
            team, skills, password = dialog.team, dialog.skills, dialog.password
            self._submit(
                dialog,
                lambda: admin.create_user(
                    username, display_name, role, password, team=team, skills=skills
                ),
                self.tr("User %1 created.").replace("%1", username),
                username,
            )

        dialog.submitted.connect(submitted)
        self._open(dialog)
        return dialog

    def open_edit(self) -> EditUserDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        dialog = EditUserDialog(
            user,
            self.teams,
            self.queues,
            self,
            own_account=user.username == self.current_username,
        )
        admin, username = self._admin, user.username

        def submitted() -> None:
            changes = dialog.changes()
            if not changes:
                dialog.succeed()
                return
            self._submit(
                dialog,
                lambda: admin.update_user(username, **changes),
                self.tr("User %1 saved.").replace("%1", username),
                username,
            )

        dialog.submitted.connect(submitted)
        self._open(dialog)
        return dialog

    def open_reset_password(self) -> ResetPasswordDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        dialog = ResetPasswordDialog(user, self)
        admin, username = self._admin, user.username

        def submitted() -> None:
            password = dialog.password
            self._submit(
                dialog,
                lambda: admin.reset_password(username, password),
                self.tr("Password of %1 reset; their sessions ended.").replace("%1", username),
                username,
            )

        dialog.submitted.connect(submitted)
        self._open(dialog)
        return dialog

    def open_deactivate(self) -> DeactivateUserDialog | None:
        user = self.selected_user()
        if user is None or not user.active or user.username == self.current_username:
            return None
        dialog = DeactivateUserDialog(user, self)
        admin, username = self._admin, user.username
        dialog.submitted.connect(
            lambda: self._submit(
                dialog,
                lambda: admin.deactivate(username),
                self.tr("User %1 deactivated.").replace("%1", username),
                username,
            )
        )
        self._open(dialog)
        return dialog

    def reactivate(self) -> None:
        user = self.selected_user()
        if user is None or user.active:
            return
        admin, username = self._admin, user.username
        self._run(
            lambda: admin.update_user(username, active=True),
            self.tr("User %1 reactivated.").replace("%1", username),
            username,
        )


def _grey(user: StaffUser, muted: QColor) -> QColor | None:
    return None if user.active else muted
