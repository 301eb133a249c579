"""Decides which top-level window is on screen: the sign-in dialog or the main window.

Sign-in (or a resumed session) shows the main window; a session that ends (sign-out, expired)
hides it and asks for the sign-in again; cancelling the sign-in quits.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from agentdesk.events import SessionEnded
from agentdesk.services import AppServices
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.icons import icon
from ui.shell.login_dialog import LoginDialog
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

    def show_main_window(self) -> MainWindow:
        if self.window is None:
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
        self.show_main_window()

    def _on_login_dialog_rejected(self) -> None:
        self._drop_login_dialog()
        self._quit(0)

    def _on_bridge_session_ended(self, event: SessionEnded) -> None:
        if self.window is not None:
            self.window.reset()
            self.window.hide()
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
