"""What every role's window has around its own work: File (settings, sign out, quit), the dark
theme, Help (save diagnostics, about).

The agent's desk, the supervisor's console and the administrator's console each build one
``WindowFrame`` and put its actions in their menus, so the three behave alike and there is one
place to change them. Signing out only asks the session to end: ``SessionEnded`` comes back
through the bridge and the application controller shows the sign-in again.
Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from agentdesk.services import AppServices
from ui.kit.actions import make_action
from ui.kit.workers import BackgroundOp
from ui.shell.about_dialog import AboutDialog
from ui.shell.diagnostics_saver import DiagnosticsSaver
from ui.shell.settings_dialog import SettingsDialog

__all__ = ["WindowFrame"]


class WindowFrame(QObject):
    dialog_opened = Signal(object)  # the dialog just opened (the desk tracks what is open)

    def __init__(
        self,
        window: QMainWindow,
        services: AppServices,
        *,
        theme: str = "light",
        on_theme_chosen: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._theme = theme
        self._on_theme_chosen = on_theme_chosen
        self.diagnostics = DiagnosticsSaver(window, services.diagnostics)
        self._build_actions()

    def _build_actions(self) -> None:
        window = self._window
        self.sign_out_action = make_action(
            window,
            self.tr("Sign &out"),
            "Ctrl+Shift+L",
            self.tr("Sign out of AgentDesk"),
            self._on_sign_out_action_triggered,
            object_name="signOutAction",
        )
        self.quit_action = make_action(
            window,
            self.tr("&Quit"),
            QKeySequence("Ctrl+Q"),
            self.tr("Quit AgentDesk"),
            window.close,
        )
        self.settings_action = make_action(
            window,
            self.tr("Se&ttings…"),
            QKeySequence("Ctrl+,"),
            self.tr("Language and theme"),
            self.open_settings,
            object_name="settingsAction",
        )
        self.dark_theme_action = make_action(
            window,
            self.tr("&Dark theme"),
            "Ctrl+Shift+D",
            self.tr("Switch between light and dark"),
            self._on_dark_theme_action_triggered,
        )
        self.dark_theme_action.setCheckable(True)
        self.dark_theme_action.setChecked(self._theme == "dark")
        self.dark_theme_action.setEnabled(self._on_theme_chosen is not None)
        self.about_action = make_action(
            window,
            self.tr("&About AgentDesk"),
            "F1",
            self.tr("Version and support information"),
            self._on_about_action_triggered,
        )

    # -- menus ----------------------------------------------------------------------------------

    def add_file_menu(self, bar: QMenuBar, *first: QAction | None) -> QMenu:
        """File: the window's own entries first (None: a separator), then settings, sign out,
        quit."""
        menu = bar.addMenu(self.tr("&File"))
        for entry in first:
            if entry is None:
                menu.addSeparator()
            else:
                menu.addAction(entry)
        if first:
            menu.addSeparator()
        menu.addAction(self.settings_action)
        menu.addAction(self.sign_out_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        return menu

    def add_help_menu(self, bar: QMenuBar) -> QMenu:
        menu = bar.addMenu(self.tr("&Help"))
        menu.addAction(self.diagnostics.save_action)
        menu.addAction(self.about_action)
        return menu

    # -- slots ----------------------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(
            self._services.paths,
            language=str(self._services.settings.language),
            theme=self._theme,
            on_theme_chosen=self._choose_theme,
            parent=self._window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def _on_sign_out_action_triggered(self) -> None:
        session = self._services.session
        self.sign_out_action.setEnabled(False)
        BackgroundOp(self, session.logout).success(self._on_sign_out_finished).failure(
            self._on_sign_out_finished
        ).run()

    def _on_sign_out_finished(self, _result: object) -> None:
        self.sign_out_action.setEnabled(True)

    def _on_dark_theme_action_triggered(self) -> None:
        self._choose_theme("dark" if self.dark_theme_action.isChecked() else "light")

    def _choose_theme(self, theme: str) -> None:
        self._theme = theme
        self.dark_theme_action.setChecked(theme == "dark")
        if self._on_theme_chosen is not None:
            self._on_theme_chosen(theme)

    def _on_about_action_triggered(self) -> None:
        dialog = AboutDialog(self._services.paths.log_dir, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
