"""The worklist corner of the main window: My tasks in its dock and its action (View → My
tasks, Ctrl+T). Opening a customer from a task shows their 360 on the customer page.

Threading: GUI thread; the page runs its service calls in background operations.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from agentdesk.services import AppServices
from ui.kit.actions import make_action
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.worklist.my_tasks_page import MyTasksPage

__all__ = ["MY_TASKS_SHORTCUT", "WorklistController"]

MY_TASKS_SHORTCUT = "Ctrl+T"


class WorklistController(QObject):
    def __init__(
        self,
        window: QMainWindow,
        services: AppServices,
        bridge: EventBridge,
        *,
        colors: ValueColors | None = None,
    ) -> None:
        super().__init__(window)
        self.page = MyTasksPage(services.tasks, services.calls, bridge, colors=colors)
        self.dock = QDockWidget(self.tr("My tasks"), window)
        self.dock.setObjectName("myTasksDock")
        self.dock.setWidget(self.page)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.show_action = make_action(
            window,
            self.tr("My &tasks"),
            MY_TASKS_SHORTCUT,
            self.tr("Your callbacks and care calls by due time"),
            self.show_page,
            object_name="myTasksAction",
        )

    def show_page(self) -> MyTasksPage:
        self.dock.show()
        self.dock.raise_()
        self.page.load()
        self.page.view.setFocus()
        return self.page
