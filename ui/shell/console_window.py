"""The supervisor's window: the console (``ui.supervisor``) with its menus and status bar.

A supervisor gets this instead of the agent's desk (``ui.shell.app_controller`` decides by
role): no softphone bar, no call controls, no wrap-up. A customer may still be opened (Ctrl+F
searches; the 360 shows in the Customer tab). Like the main window it only lays out; the console
does its own work. Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from agentdesk.services import AppServices
from ui.customer.customer_page import CustomerPage
from ui.customer.search_dialog import SearchDialog
from ui.kit.actions import make_action
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.naming import named
from ui.kit.vocabulary import team_name
from ui.kit.workers import BackgroundOp
from ui.shell.about_dialog import AboutDialog
from ui.shell.settings_dialog import SettingsDialog
from ui.shell.sync_status_widget import SyncStatusWidget
from ui.supervisor.console import SupervisorConsole

__all__ = ["ConsoleWindow"]


class ConsoleWindow(QMainWindow):
    def __init__(
        self,
        services: AppServices,
        bridge: EventBridge,
        parent: QWidget | None = None,
        *,
        colors: ValueColors | None = None,
        theme: str = "light",
        on_theme_chosen: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._theme = theme
        self._on_theme_chosen = on_theme_chosen
        self.setObjectName("consoleWindow")
        self.setWindowTitle(self.tr("AgentDesk — Supervisor console"))
        self.resize(1360, 860)
        self.console = SupervisorConsole(services, bridge, colors=colors)
        self.customer_page = CustomerPage(services, bridge, colors=colors)
        self.console.tabs.addTab(self.customer_page, self.tr("C&ustomer"))
        self.setCentralWidget(self.console)
        self.search_dialog: SearchDialog | None = None
        self._build_actions()
        self.sync_status = SyncStatusWidget(services, bridge, self)
        self._build_menus()
        self.user_label = named(QLabel(), "supervisorLabel")
        self.user_label.setAccessibleName(self.tr("Signed-in supervisor"))
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.sync_status)
        self.console.message_posted.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.sync_status.notice_posted.connect(self.statusBar().showMessage)
        self.show_session()

    def _build_actions(self) -> None:
        self.find_customer_action = make_action(
            self,
            self.tr("&Find customer…"),
            QKeySequence("Ctrl+F"),
            self.tr("Search customers by name, CIF, phone or ID last 4"),
            self.open_search,
            object_name="findCustomerAction",
        )
        self.sign_out_action = make_action(
            self,
            self.tr("Sign &out"),
            "Ctrl+Shift+L",
            self.tr("Sign out of AgentDesk"),
            self._on_sign_out_action_triggered,
        )
        self.quit_action = make_action(
            self, self.tr("&Quit"), QKeySequence("Ctrl+Q"), self.tr("Quit AgentDesk"), self.close
        )
        self.settings_action = make_action(
            self,
            self.tr("Se&ttings…"),
            QKeySequence("Ctrl+,"),
            self.tr("Language and theme"),
            self.open_settings,
        )
        self.dark_theme_action = make_action(
            self,
            self.tr("&Dark theme"),
            "Ctrl+Shift+D",
            self.tr("Switch between light and dark"),
            self._on_dark_theme_action_triggered,
        )
        self.dark_theme_action.setCheckable(True)
        self.dark_theme_action.setChecked(self._theme == "dark")
        self.dark_theme_action.setEnabled(self._on_theme_chosen is not None)
        self.about_action = make_action(
            self,
            self.tr("&About AgentDesk"),
            "F1",
            self.tr("Version and support information"),
            self._on_about_action_triggered,
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        console = self.console
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(console.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        team_menu = bar.addMenu(self.tr("&Team"))
        team_menu.addActions([console.not_ready_action, console.log_out_agent_action])
        team_menu.addSeparator()
        team_menu.addAction(console.move_call_action)
        team_menu.addAction(console.broadcast_action)
        team_menu.addSeparator()
        team_menu.addActions(
            [console.reassign_action, console.approve_action, console.refuse_action]
        )
        customer_menu = bar.addMenu(self.tr("Cu&stomer"))
        customer_menu.addAction(self.find_customer_action)
        sync_menu = bar.addMenu(self.tr("S&ync"))
        sync_menu.addAction(self.sync_status.sync_now_action)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addActions(console.tab_actions)
        view_menu.addSeparator()
        view_menu.addAction(console.reload_action)
        view_menu.addAction(self.dark_theme_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    # -- state ----------------------------------------------------------------------------------

    def show_session(self) -> None:
        user = self._services.session.user
        if user is None:
            self.user_label.clear()
            return
        text = self.tr("Supervisor: %1 (%2)").replace("%1", user.display_name)
        if user.team:
            text += " · " + self.tr("Team %1").replace("%1", team_name(user.team))
        self.user_label.setText(text.replace("%2", user.username))

    def start(self) -> None:
        """The console opens: take the team's snapshot (the events keep it current after)."""
        self.show_session()
        self.console.load()

    def reset(self) -> None:
        self.customer_page.reset()

    # -- slots ----------------------------------------------------------------------------------

    def open_search(self) -> SearchDialog:
        if self.search_dialog is None:
            dialog = SearchDialog(self._services.customers, self)
            dialog.customer_chosen.connect(self._on_search_dialog_customer_chosen)
            self.search_dialog = dialog
        self.search_dialog.edit.selectAll()
        self.search_dialog.open()
        self.search_dialog.edit.setFocus()
        return self.search_dialog

    def _on_search_dialog_customer_chosen(self, customer_id: int) -> None:
        self.console.tabs.setCurrentWidget(self.customer_page)
        self.customer_page.open_customer(customer_id)

    def _on_sign_out_action_triggered(self) -> None:
        session = self._services.session
        self.sign_out_action.setEnabled(False)
        BackgroundOp(self, session.logout).success(self._on_sign_out_finished).failure(
            self._on_sign_out_finished
        ).run()

    def _on_sign_out_finished(self, _result: object) -> None:
        self.sign_out_action.setEnabled(True)

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(
            self._services.paths,
            language=str(self._services.settings.language),
            theme=self._theme,
            on_theme_chosen=self._choose_theme,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_dark_theme_action_triggered(self) -> None:
        self._choose_theme("dark" if self.dark_theme_action.isChecked() else "light")

    def _choose_theme(self, theme: str) -> None:
        self._theme = theme
        self.dark_theme_action.setChecked(theme == "dark")
        if self._on_theme_chosen is not None:
            self._on_theme_chosen(theme)

    def _on_about_action_triggered(self) -> None:
        dialog = AboutDialog(self._services.paths.log_dir, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
