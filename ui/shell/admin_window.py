"""The administrator's window: staff accounts, teams and their queues, system settings, flow
publishing and the audit trail, one tab each (the pages live in ``ui.admin``).

An administrator gets this instead of the agent's desk (``ui.shell.app_controller`` decides by
role): no softphone, no customer sync, no call controls — nothing an administrator cannot use.
Each page reads the server the first time it is shown and on View → Reload (F5); nothing polls.
Threading: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from agentdesk.services import AppServices
from ui.admin.admin_page import AdminPage
from ui.admin.audit_page import AuditPage
from ui.admin.flows_page import FlowsPage
from ui.admin.settings_page import SettingsPage
from ui.admin.teams_page import TeamsPage
from ui.admin.users_page import UsersPage
from ui.kit.actions import make_action
from ui.kit.naming import named
from ui.shell.window_frame import WindowFrame

__all__ = ["AdminWindow"]

MESSAGE_MS = 15_000


class AdminWindow(QMainWindow):
    def __init__(
        self,
        services: AppServices,
        parent: QWidget | None = None,
        *,
        theme: str = "light",
        on_theme_chosen: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.setObjectName("adminWindow")
        self.setWindowTitle(self.tr("AgentDesk — Administration"))
        self.resize(1280, 800)
        admin, reference = services.admin, services.reference
        self.users_page = UsersPage(admin, reference=reference)
        self.teams_page = TeamsPage(admin, reference=reference)
        self.settings_page = SettingsPage(admin, reference=reference)
        self.flows_page = FlowsPage(admin, reference=reference)
        self.audit_page = AuditPage(admin, reference=reference)
        self.tabs = named(QTabWidget(), "adminTabs")
        self.tabs.setDocumentMode(True)
        pages: list[tuple[AdminPage, str]] = [
            (self.users_page, self.tr("Users")),
            (self.teams_page, self.tr("Teams && queues")),
            (self.settings_page, self.tr("Settings")),
            (self.flows_page, self.tr("Flows")),
            (self.audit_page, self.tr("Audit trail")),
        ]
        self.pages: list[AdminPage] = []
        for page, title in pages:
            self.tabs.addTab(page, title)
            page.message_posted.connect(self._show_message)
            self.pages.append(page)
        self._loaded: set[int] = set()
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.setCentralWidget(self.tabs)
        self.frame = WindowFrame(self, services, theme=theme, on_theme_chosen=on_theme_chosen)
        self._build_actions([title for _page, title in pages])
        self._build_menus()
        self.user_label = named(QLabel(), "adminLabel")
        self.user_label.setAccessibleName(self.tr("Signed-in administrator"))
        self.statusBar().addPermanentWidget(self.user_label)
        self.show_session()

    def _build_actions(self, titles: list[str]) -> None:
        self.tab_actions: list[QAction] = []
        for index, title in enumerate(titles):
            action = make_action(
                self,
                title,
                QKeySequence(f"Ctrl+{index + 1}"),
                self.tr("Show this page"),
                partial(self.tabs.setCurrentIndex, index),
            )
            self.tab_actions.append(action)
        self.reload_action = make_action(
            self,
            self.tr("&Reload"),
            QKeySequence("F5"),
            self.tr("Read this page again from the server"),
            self.reload_current,
            object_name="reloadAdminPageAction",
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.frame.add_file_menu(bar)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addActions(self.tab_actions)
        view_menu.addSeparator()
        view_menu.addAction(self.reload_action)
        view_menu.addAction(self.frame.dark_theme_action)
        self.frame.add_help_menu(bar)

    # -- state ----------------------------------------------------------------------------------

    def show_session(self) -> None:
        user = self._services.session.user
        # An administrator may not deactivate their own account (nobody would be left to undo it).
        self.users_page.current_username = "" if user is None else user.username
        if user is None:
            self.user_label.clear()
            return
        self.user_label.setText(
            self.tr("Administrator: %1 (%2)")
            .replace("%1", user.display_name)
            .replace("%2", user.username)
        )

    def start(self) -> None:
        """The console opens (again): every page is read afresh when next shown."""
        self.show_session()
        self._loaded.clear()
        self._load(self.tabs.currentIndex())

    def reset(self) -> None:
        """Signed out: the next administrator's pages are read for them, not shown from ours."""
        self._loaded.clear()
        self.statusBar().clearMessage()

    def reload_current(self) -> None:
        index = self.tabs.currentIndex()
        self._loaded.discard(index)
        self._load(index)

    # -- slots ----------------------------------------------------------------------------------

    def _on_tabs_current_changed(self, index: int) -> None:
        self._load(index)

    def _load(self, index: int) -> None:
        if index < 0 or index in self._loaded:
            return
        self._loaded.add(index)
        self.pages[index].load()

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)
