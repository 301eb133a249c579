"""Sign-in: server address, user name and password; the sign-in runs off the GUI thread.

While it runs the dialog shows a busy line and disables its inputs; a failure appears inline as
a sentence (``ui.kit.error_text``), never as a traceback. The dialog can also first try to resume
the previous session from the keyring (``try_resume``), showing the same busy state.

When the backend cannot be reached, the dialog offers "Unlock offline": the password of a
recent online sign-in on this workstation starts an offline session (changes wait in the
outbox; the sync runner signs in again once the backend answers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk.errors import AuthenticationFailed, BackendUnavailable
from agentdesk.services import AppServices, OfflineUnlockRefused, UserInfo
from ui.kit.error_text import error_sentence, offline_unlock_sentence
from ui.kit.naming import named
from ui.kit.workers import BackgroundOp

__all__ = ["LoginDialog"]

T = TypeVar("T")


class LoginDialog(QDialog):
    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.user: UserInfo | None = None
        self.busy = False
        # Bumped when the person cancels: an answer to an abandoned attempt is ignored.
        self._attempt = 0
        self.setWindowTitle(self.tr("Sign in to AgentDesk"))
        self.setObjectName("loginDialog")
        self.setMinimumWidth(440)

        last = services.session.last_login()
        brand = named(QLabel(self.tr("AgentDesk")), "brandTitle")
        subtitle = named(QLabel(self.tr("Contact center agent workstation")), "mutedLabel")

        self.server_edit = QLineEdit(last.server_url or services.settings.backend_url)
        self.server_edit.setPlaceholderText("https://agentdesk.example.bank")
        self.server_edit.setAccessibleName(self.tr("Server address"))
        self.user_edit = QLineEdit(last.username)
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))

        form = QFormLayout()
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Server address:"), self.server_edit)
        form.addRow(self.tr("&User name:"), self.user_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)

        self.error_label = named(QLabel(), "errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(self.tr("Sign-in problem"))
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.notice_label = named(QLabel(), "loginNotice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setAccessibleName(self.tr("Sign-in notice"))
        self.notice_label.hide()

        self.offline_row = self._build_offline_row()

        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(self.tr("Signing in"))
        self.busy_label = named(QLabel(self.tr("Signing in…")), "busyLabel")
        self.busy_row = QWidget()
        busy_layout = QHBoxLayout(self.busy_row)
        busy_layout.setContentsMargins(0, 0, 0, 0)
        busy_layout.addWidget(self.busy_label)
        busy_layout.addWidget(self.busy_bar, 1)
        self.busy_row.hide()

        buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton(self.tr("Sign in"))
        self.sign_in_button.setProperty("primary", True)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setAccessibleName(self.tr("Sign in"))
        self.sign_in_button.setToolTip(self.tr("Sign in (Enter)"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Close without signing in (Esc)"))
        buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_in_button.clicked.connect(self._on_sign_in_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        for edit in (self.server_edit, self.user_edit, self.password_edit):
            edit.returnPressed.connect(self._on_sign_in_button_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(brand)
        layout.addWidget(subtitle)
        layout.addSpacing(6)
        layout.addWidget(self.notice_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.offline_row)
        layout.addWidget(self.busy_row)
        layout.addWidget(buttons)

        self._focus_first_empty()

    def _build_offline_row(self) -> QWidget:
        hours = f"{self._services.settings.offline_unlock_hours:g}"
        row = named(QWidget(), "offlineUnlockRow")
        self.offline_hint = named(
            QLabel(
                self.tr(
                    "You can still work: unlock offline with the password of your last online "
                    "sign-in on this computer (within %1 hours). Your changes wait here and are "
                    "sent when the server answers."
                ).replace("%1", hours)
            ),
            "mutedLabel",
        )
        self.offline_hint.setWordWrap(True)
        self.unlock_offline_button = QPushButton(self.tr("Unlock &offline"))
        self.unlock_offline_button.setObjectName("unlockOfflineButton")
        self.unlock_offline_button.setAccessibleName(self.tr("Unlock offline"))
        self.unlock_offline_button.setToolTip(
            self.tr("Work offline with the password of your last online sign-in (Alt+O)")
        )
        self.unlock_offline_button.clicked.connect(self._on_unlock_offline_button_clicked)
        # Hint above the button: beside it, the sentence wraps into a narrow column.
        row_layout = QVBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.setSpacing(6)
        row_layout.addWidget(self.offline_hint)
        row_layout.addWidget(self.unlock_offline_button, 0, Qt.AlignmentFlag.AlignRight)
        row.hide()
        return row

    # -- public --------------------------------------------------------------------------

    def show_notice(self, sentence: str) -> None:
        """A sentence above the form (e.g. why the agent must sign in again)."""
        self.notice_label.setText(sentence)
        self.notice_label.setVisible(bool(sentence))
        self._fit()

    def try_resume(self) -> None:
        """Sign in again from the keyring, if the last session left a refresh token."""
        session = self._services.session
        self._set_busy(True, self.tr("Resuming your session…"))
        attempt = self._attempt
        BackgroundOp(self, session.resume).success(
            self._guard(attempt, self._on_resume_succeeded)
        ).failure(self._guard(attempt, self._on_resume_failed)).run()

    def reject(self) -> None:
        self._attempt += 1
        self._set_busy(False)
        super().reject()

    # -- slots ---------------------------------------------------------------------------

    def _on_sign_in_button_clicked(self) -> None:
        if self.busy:
            return
        server = self.server_edit.text().strip()
        username = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not server or not username or not password:
            self._show_error(self.tr("Enter the server address, your user name and password."))
            self._focus_first_empty()
            return
        if "://" not in server:
            server = "https://" + server  # TLS unless the address says otherwise
            self.server_edit.setText(server)
        session = self._services.session
        self._set_busy(True, self.tr("Signing in…"))
        attempt = self._attempt
        BackgroundOp(self, lambda: session.login(server, username, password)).success(
            self._guard(attempt, self._on_login_succeeded)
        ).failure(self._guard(attempt, self._on_login_failed)).run()

    def _on_login_succeeded(self, user: UserInfo) -> None:
        self._set_busy(False)
        self.user = user
        self.password_edit.clear()
        self.accept()

    def _on_login_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_error(error_sentence(exc))
        self._offer_offline(exc)
        if isinstance(exc, AuthenticationFailed):
            self.password_edit.selectAll()
            self.password_edit.setFocus()
        else:
            self.server_edit.setFocus()

    def _on_resume_succeeded(self, user: UserInfo | None) -> None:
        self._set_busy(False)
        if user is None:
            self._focus_first_empty()
            return
        self.user = user
        self.accept()

    def _on_resume_failed(self, exc: BaseException) -> None:
        # The saved session could not be used (server down, …): the form is still there.
        self._set_busy(False)
        self._show_error(error_sentence(exc))
        self._offer_offline(exc)
        self._focus_first_empty()

    def _on_unlock_offline_button_clicked(self) -> None:
        if self.busy:
            return
        username = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self._show_error(self.tr("Enter your user name and password to unlock offline."))
            self._focus_first_empty()
            return
        session = self._services.session
        self._set_busy(True, self.tr("Unlocking offline…"))
        attempt = self._attempt
        BackgroundOp(self, lambda: session.unlock_offline(username, password)).success(
            self._guard(attempt, self._on_login_succeeded)
        ).failure(self._guard(attempt, self._on_unlock_offline_failed)).run()

    def _on_unlock_offline_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, OfflineUnlockRefused):
            hours = self._services.settings.offline_unlock_hours
            self._show_error(offline_unlock_sentence(exc.reason, hours))
        else:
            self._show_error(error_sentence(exc))
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    # -- internals -----------------------------------------------------------------------

    def _guard(self, attempt: int, callback: Callable[[T], None]) -> Callable[[T], None]:
        """``callback`` unless the person cancelled that attempt meanwhile."""

        def guarded(value: T) -> None:
            if attempt == self._attempt:
                callback(value)

        return guarded

    def _offer_offline(self, exc: BaseException) -> None:
        # Only an unreachable backend makes offline work sensible; a wrong password does not.
        self.offline_row.setVisible(isinstance(exc, BackendUnavailable))
        self._fit()

    def _fit(self) -> None:
        # Rows appear and disappear (error, offline unlock, busy): grow to show them whole
        # instead of squeezing the form.
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.adjustSize()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        widgets = (
            self.server_edit,
            self.user_edit,
            self.password_edit,
            self.sign_in_button,
            self.unlock_offline_button,
        )
        for widget in widgets:
            widget.setEnabled(not busy)
        if busy:
            self.error_label.hide()
            self.busy_label.setText(text)
        self.busy_row.setVisible(busy)
        self._fit()

    def _show_error(self, sentence: str) -> None:
        self.error_label.setText(sentence)
        self.error_label.show()
        self._fit()

    def _focus_first_empty(self) -> None:
        for edit in (self.server_edit, self.user_edit, self.password_edit):
            if not edit.text():
                edit.setFocus()
                return
        self.password_edit.setFocus()
