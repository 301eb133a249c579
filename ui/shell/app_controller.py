"""Decides which top-level window is on screen: the sign-in dialog, the agent's desk (the main
window), the supervisor's console or the admin console.

Sign-in (or a resumed session) shows the window for the user's role: an agent gets the desk
(``MainWindow``), a supervisor the supervisor's console (``ConsoleWindow``), an administrator
the admin console (``AdminWindow``). A session that ends (sign-out, expired) hides it and asks
for the sign-in again; cancelling the sign-in quits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from agentdesk.events import SessionEnded
from agentdesk.services import AppServices, Role
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.icons import icon
from ui.shell.login_dialog import LoginDialog

# Each role's window is imported when it is first shown, not at start: the sign-in dialog then
# paints without loading the desk's pages, the supervisor's charts (pyqtgraph) or the admin pages.
if TYPE_CHECKING:
    from ui.shell.admin_window import AdminWindow
    from ui.shell.console_window import ConsoleWindow
    from ui.shell.main_window import MainWindow

__all__ = ["AppController"]


class AppController(QObject):
    def __init__(
        self,
        services: AppServices,
        bridge: EventBridge,
        *,
        quit_app: Callable[[int], None],
        theme: str = "light",
        colors: ValueColors | None = None,
        on_theme_chosen: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self._services = services
        self._bridge = bridge
        self._quit = quit_app
        self._theme = theme
        self._colors = colors
        self._on_theme_chosen = on_theme_chosen
        self.window: MainWindow | None = None
        self.console_window: ConsoleWindow | None = None
        self.admin_window: AdminWindow | None = None
        self.login_dialog: LoginDialog | None = None
        bridge.session_ended.connect(self._on_bridge_session_ended)

    def start(self) -> None:
        """Show the sign-in, first trying the session kept in the keyring."""
        self.show_login(resume=True)

    def show_login(self, *, resume: bool = False) -> LoginDialog:
        dialog = LoginDialog(self._services)
        dialog.setWindowIcon(icon("agentdesk"))
        dialog.accepted.connect(self._on_login_dialog_accepted)
        dialog.rejected.connect(self._on_login_dialog_rejected)
        self.login_dialog = dialog
        dialog.show()
        if resume:
            dialog.try_resume()
        return dialog

    def show_window_for_role(self) -> MainWindow | ConsoleWindow | AdminWindow:
        """Each role its own window: the desk, the supervisor's console, the admin console."""
        user = self._services.session.user
        if user is not None and user.role == Role.SUPERVISOR:
            return self.show_console_window()
        if user is not None and user.role == Role.ADMIN:
            return self.show_admin_window()
        return self.show_main_window()

    def show_admin_window(self) -> AdminWindow:
        if self.admin_window is None:
            from ui.shell.admin_window import AdminWindow

            self.admin_window = AdminWindow(
                self._services, theme=self._theme, on_theme_chosen=self._on_theme_chosen
            )
            self.admin_window.setWindowIcon(icon("agentdesk"))
        self.admin_window.start()
        self.admin_window.show()
        self.admin_window.raise_()
        self.admin_window.activateWindow()
        return self.admin_window

    def show_console_window(self) -> ConsoleWindow:
        if self.console_window is None:
            from ui.shell.console_window import ConsoleWindow

            self.console_window = ConsoleWindow(
                self._services,
                self._bridge,
                colors=self._colors,
                theme=self._theme,
                on_theme_chosen=self._on_theme_chosen,
            )
            self.console_window.setWindowIcon(icon("agentdesk"))
        self.console_window.start()
        self.console_window.show()
        self.console_window.raise_()
        self.console_window.activateWindow()
        return self.console_window

    def show_main_window(self) -> MainWindow:
        if self.window is None:
            from ui.shell.main_window import MainWindow

            self.window = MainWindow(
                self._services,
                self._bridge,
                colors=self._colors,
                theme=self._theme,
                on_theme_chosen=self._on_theme_chosen,
            )
            self.window.setWindowIcon(icon("agentdesk"))
        self.window.show_session()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window

    # -- slots ---------------------------------------------------------------------------

    def _on_login_dialog_accepted(self) -> None:
        self._drop_login_dialog()
        self.show_window_for_role()

    def _on_login_dialog_rejected(self) -> None:
        self._drop_login_dialog()
        self._quit(0)

    def _on_bridge_session_ended(self, event: SessionEnded) -> None:
        for window in (self.window, self.console_window, self.admin_window):
            if window is not None:
                window.reset()
                window.hide()
        if self.login_dialog is None:
            dialog = self.show_login(resume=False)
            if event.reason == "expired":
                # The server refused the refresh token; the outbox stays in the cache.
                dialog.show_notice(
                    self.tr(
                        "Your session has expired; sign in again. Your unsent changes are kept."
                    )
                )

    def _drop_login_dialog(self) -> None:
        if self.login_dialog is not None:
            self.login_dialog.deleteLater()
            self.login_dialog = None
