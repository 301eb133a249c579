"""The supervisor's window: the console (``ui.supervisor``) with its menus and status bar.

A supervisor gets this instead of the agent's desk (``ui.shell.app_controller`` decides by
role): no softphone bar, no call controls, no wrap-up. A customer may still be opened (Ctrl+F
searches; the 360 shows in the Customer tab). Like the main window it only lays out; the console
does its own work. Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

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
from ui.shell.sync_status_widget import SyncStatusWidget
from ui.shell.window_frame import WindowFrame
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
        self.setObjectName("consoleWindow")
        self.setWindowTitle(self.tr("AgentDesk — Supervisor console"))
        self.resize(1360, 860)
        self.console = SupervisorConsole(services, bridge, colors=colors)
        self.customer_page = CustomerPage(services, bridge, colors=colors)
        self.console.tabs.addTab(self.customer_page, self.tr("C&ustomer"))
        self.setCentralWidget(self.console)
        self.search_dialog: SearchDialog | None = None
        self.frame = WindowFrame(self, services, theme=theme, on_theme_chosen=on_theme_chosen)
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

    def _build_menus(self) -> None:
        bar = self.menuBar()
        console = self.console
        self.frame.add_file_menu(bar, console.export_action)
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
        view_menu.addAction(self.frame.dark_theme_action)
        self.frame.add_help_menu(bar)

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
