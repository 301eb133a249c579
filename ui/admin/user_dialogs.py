"""The staff page's dialogs: a new user, a user's changes, a new first password; and the
checkable list of queues they (and the teams page) use.

Each dialog is opened with ``open()``. OK first checks what it can here (a short or repeated
password, an empty name) and says so inline; then it emits ``submitted`` and waits, busy, while
the page asks the server. The page ends it with :meth:`FormDialog.succeed` (``accepted``
follows) or says the refusal inline with :meth:`FormDialog.show_refusal`, the dialog staying
open with what was typed. Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from agentdesk.errors import InputRejected
from agentdesk.services import Role, StaffUser
from ui.admin.people_text import ROLES, role_name
from ui.kit.actions import plain_label
from ui.kit.error_text import error_sentence, input_refused_sentence
from ui.kit.naming import named
from ui.kit.vocabulary import team_name

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "DeactivateUserDialog",
    "EditUserDialog",
    "FormDialog",
    "NewUserDialog",
    "QueueChecklist",
    "ResetPasswordDialog",
]

# The contract's rule for a first password (agentdesk.contract.admin.Password).
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
CODE_ROLE = Qt.ItemDataRole.UserRole


class QueueChecklist(QListWidget):
    """Queues to tick, each shown by its label (Space ticks the current one)."""

    def __init__(
        self,
        queues: Sequence[tuple[str, str]],
        checked: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("queueChecklist")
        known = {code for code, _label in queues}
        # A queue already chosen that no list knows stays visible (as its code), not dropped.
        choices = list(queues) + [(code, code) for code in checked if code not in known]
        for code, label in choices:
            item = QListWidgetItem(label)
            item.setData(CODE_ROLE, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if code in checked else Qt.CheckState.Unchecked
            )
            self.addItem(item)
        if self.count():
            self.setCurrentRow(0)
        # About eight queues in sight; a long list scrolls instead of stretching the form.
        self.setMaximumHeight(self.fontMetrics().height() * 10)

    def codes(self) -> list[str]:
        """Every queue offered, in order."""
        return [str(self.item(row).data(CODE_ROLE)) for row in range(self.count())]

    def checked_codes(self) -> list[str]:
        return [
            str(self.item(row).data(CODE_ROLE))
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, codes: Sequence[str]) -> None:
        for row in range(self.count()):
            item = self.item(row)
            wanted = str(item.data(CODE_ROLE)) in codes
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)


class FormDialog(QDialog):
    """A form whose OK asks the server: the base of this page's dialogs (see the module)."""

    # OK was pressed and what is typed passed the checks made here.
    submitted = Signal()

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self._labels: dict[str, str] = {}
        self.busy = False
        self.error_label = named(QLabel(), "errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setObjectName("okButton")
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _add_field(self, field: str, text: str, widget: QWidget) -> None:
        """A row: its label (with its mnemonic) is the field's buddy and accessible name, and
        names the field when the contract refuses its value."""
        label = QLabel(text)
        label.setBuddy(widget)
        plain = plain_label(text)
        widget.setAccessibleName(plain)
        self._labels[field] = plain
        self.form.addRow(label, widget)

    def _finish_layout(self) -> None:
        self.form.addRow(self.error_label)
        self.form.addRow(self.buttons)

    # -- what the page calls -----------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self._set_busy(False)
        self.error_label.setText(text)
        self.error_label.show()

    def show_refusal(self, exc: BaseException) -> None:
        """The server's or the contract's refusal, said inline; the dialog stays open."""
        if isinstance(exc, InputRejected):
            field = exc.field.split(".", 1)[0]
            self.show_error(input_refused_sentence(self._labels.get(field, field), exc.reason))
        else:
            self.show_error(error_sentence(exc))

    def succeed(self) -> None:
        """The server took it: close, and ``accepted`` follows."""
        self._set_busy(False)
        self.accept()

    # -- inside --------------------------------------------------------------------------------

    def _problem(self) -> str:
        """What is wrong with the form as typed (empty: nothing found here)."""
        return ""

    def _password_problem(self, rows: _PasswordRows) -> str:
        password = rows.password_edit.text()
        if len(password) < MIN_PASSWORD_LENGTH:
            rows.password_edit.setFocus()
            return self.tr("The password needs at least %1 characters.").replace(
                "%1", str(MIN_PASSWORD_LENGTH)
            )
        if rows.repeat_edit.text() != password:
            rows.repeat_edit.setFocus()
            return self.tr("The two passwords differ. Type the same password twice.")
        return ""

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.buttons.setEnabled(not busy)

    def reject(self) -> None:
        # While the server is asked, Esc does not drop the answer on the floor.
        if not self.busy:
            super().reject()

    def _on_buttons_accepted(self) -> None:
        problem = self._problem()
        if problem:
            self.show_error(problem)
            return
        self.error_label.hide()
        self._set_busy(True)
        self.submitted.emit()


def _password_edit(name: str) -> QLineEdit:
    edit = named(QLineEdit(), name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(MAX_PASSWORD_LENGTH)
    return edit


def _team_combo(teams: Sequence[str], none_text: str, current: str = "") -> QComboBox:
    combo = named(QComboBox(), "teamCombo")
    combo.addItem(none_text, "")
    for team in teams:
        combo.addItem(team_name(team), team)
    if current and current not in teams:
        combo.addItem(team_name(current), current)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def _role_combo(current: str = Role.AGENT.value) -> QComboBox:
    combo = named(QComboBox(), "roleCombo")
    for role in ROLES:
        combo.addItem(role_name(role), role.value)
    combo.setCurrentIndex(max(combo.findData(str(current)), 0))
    return combo


class _PasswordRows:
    """The password typed twice (the dialog says what is wrong with it)."""

    def __init__(self) -> None:
        self.password_edit = _password_edit("passwordEdit")
        self.repeat_edit = _password_edit("repeatPasswordEdit")


class NewUserDialog(FormDialog):
    """A new member of staff with a first password (they change it themselves)."""

    def __init__(
        self,
        teams: Sequence[str],
        queues: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("New user"), self.tr("Create user"), parent)
        self.setObjectName("newUserDialog")
        self.username_edit = named(QLineEdit(), "usernameEdit")
        self.username_edit.setMaxLength(64)
        self.display_name_edit = named(QLineEdit(), "displayNameEdit")
        self.display_name_edit.setMaxLength(128)
        self.role_combo = _role_combo()
        self.team_combo = _team_combo(teams, self.tr("(none)"))
        self.skills_list = QueueChecklist(queues)
        self.skills_list.setToolTip(
            self.tr("Queues this person serves; none ticked: their team's queues")
        )
        self.passwords = _PasswordRows()
        self._add_field("username", self.tr("&User name:"), self.username_edit)
        self._add_field("display_name", self.tr("&Display name:"), self.display_name_edit)
        self._add_field("role", self.tr("&Role:"), self.role_combo)
        self._add_field("team", self.tr("&Team:"), self.team_combo)
        self._add_field("skills", self.tr("&Skills (optional):"), self.skills_list)
        self._add_field("password", self.tr("First &password:"), self.passwords.password_edit)
        self._add_field("password_repeat", self.tr("Re&peat it:"), self.passwords.repeat_edit)
        self._finish_layout()
        self.username_edit.setFocus()

    @property
    def username(self) -> str:
        return self.username_edit.text().strip()

    @property
    def display_name(self) -> str:
        return self.display_name_edit.text().strip()

    @property
    def role(self) -> str:
        return str(self.role_combo.currentData())

    @property
    def team(self) -> str:
        return str(self.team_combo.currentData())

    @property
    def skills(self) -> list[str]:
        return self.skills_list.checked_codes()

    @property
    def password(self) -> str:
        return self.passwords.password_edit.text()

    def _problem(self) -> str:
        if not self.username:
            self.username_edit.setFocus()
            return self.tr("Enter a user name (what they sign in with).")
        if not self.display_name:
            self.display_name_edit.setFocus()
            return self.tr("Enter the name colleagues see.")
        if self.role != Role.ADMIN.value and not self.team:
            self.team_combo.setFocus()
            return self.tr("An agent or a supervisor belongs to a team: choose one.")
        return self._password_problem(self.passwords)


class EditUserDialog(FormDialog):
    """A user's display name, role, team and skills; :meth:`changes` has what differs."""

    def __init__(
        self,
        user: StaffUser,
        teams: Sequence[str],
        queues: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        own_account: bool = False,
    ) -> None:
        super().__init__(
            self.tr("Edit %1").replace("%1", user.display_name or user.username),
            self.tr("Save"),
            parent,
        )
        self.setObjectName("editUserDialog")
        self.user = user
        self.display_name_edit = named(QLineEdit(user.display_name), "displayNameEdit")
        self.display_name_edit.setMaxLength(128)
        self.role_combo = _role_combo(user.role)
        if own_account:
            self.role_combo.setEnabled(False)
            self.role_combo.setToolTip(self.tr("You cannot change your own role."))
        self.team_combo = _team_combo(teams, self.tr("(none)"), user.team)
        self.skills_list = QueueChecklist(queues, list(user.skills))
        self.skills_list.setToolTip(
            self.tr("Queues this person serves; none ticked: their team's queues")
        )
        self.form.addRow(self.tr("User name:"), QLabel(user.username))
        self._add_field("display_name", self.tr("&Display name:"), self.display_name_edit)
        self._add_field("role", self.tr("&Role:"), self.role_combo)
        self._add_field("team", self.tr("&Team:"), self.team_combo)
        self._add_field("skills", self.tr("&Skills:"), self.skills_list)
        self._finish_layout()
        self.display_name_edit.setFocus()

    def changes(self) -> dict[str, object]:
        """Only what differs from the user as listed (empty: nothing to save)."""
        found: dict[str, object] = {}
        display_name = self.display_name_edit.text().strip()
        if display_name != self.user.display_name:
            found["display_name"] = display_name
        role = str(self.role_combo.currentData())
        if role != str(self.user.role):
            found["role"] = role
        team = str(self.team_combo.currentData())
        if team != self.user.team:
            found["team"] = team
        skills = self.skills_list.checked_codes()
        if sorted(skills) != sorted(self.user.skills):
            found["skills"] = skills
        return found

    def _problem(self) -> str:
        if not self.display_name_edit.text().strip():
            self.display_name_edit.setFocus()
            return self.tr("Enter the name colleagues see.")
        if str(self.role_combo.currentData()) != Role.ADMIN.value and not str(
            self.team_combo.currentData()
        ):
            self.team_combo.setFocus()
            return self.tr("An agent or a supervisor belongs to a team: choose one.")
        return ""


class ResetPasswordDialog(FormDialog):
    """A new first password for a user; their sessions end."""

    def __init__(self, user: StaffUser, parent: QWidget | None = None) -> None:
        name = user.display_name or user.username
        super().__init__(
            self.tr("Reset the password of %1").replace("%1", name),
            self.tr("Reset password"),
            parent,
        )
        self.setObjectName("resetPasswordDialog")
        self.user = user
        note = QLabel(
            self.tr(
                "%1 is signed out everywhere and signs in next with this password. "
                "Give it to them in person."
            ).replace("%1", name)
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.passwords = _PasswordRows()
        self._add_field("password", self.tr("New &password:"), self.passwords.password_edit)
        self._add_field("password_repeat", self.tr("Re&peat it:"), self.passwords.repeat_edit)
        self._finish_layout()
        self.passwords.password_edit.setFocus()

    @property
    def password(self) -> str:
        return self.passwords.password_edit.text()

    def _problem(self) -> str:
        return self._password_problem(self.passwords)


class DeactivateUserDialog(FormDialog):
    """ "Deactivate 王芳?": they are signed out at once and cannot sign in until reactivated."""

    def __init__(self, user: StaffUser, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Deactivate user"), self.tr("Deactivate"), parent)
        self.setObjectName("deactivateUserDialog")
        self.user = user
        question = QLabel(
            self.tr(
                "Deactivate %1 (%2)? They are signed out at once and cannot sign in until "
                "reactivated."
            )
            .replace("%1", user.display_name or user.username)
            .replace("%2", user.username)
        )
        question.setWordWrap(True)
        self.form.addRow(question)
        self._finish_layout()
        self.ok_button.setFocus()
