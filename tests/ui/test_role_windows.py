"""Each role lands on its own page: an agent the desk, a supervisor the console, an
administrator the admin console — signing in through the controller as the application does,
against the real backend."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from agentdesk.services import AppServices
from ui.kit.bridge import EventBridge
from ui.shell.admin_window import AdminWindow
from ui.shell.app_controller import AppController
from ui.shell.console_window import ConsoleWindow
from ui.shell.main_window import MainWindow

TIMEOUT_MS = 15_000


def _menu_titles(window: QMainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


@pytest.mark.parametrize(
    ("username", "expected", "menus"),
    [
        ("agent05", MainWindow, ["&File", "&Call", "Cu&stomer", "S&ync", "&View", "&Help"]),
        ("sup01", ConsoleWindow, ["&File", "&Team", "Cu&stomer", "S&ync", "&View", "&Help"]),
        ("admin", AdminWindow, ["&File", "&View", "&Help"]),
    ],
)
def test_each_role_lands_on_its_own_window(
    qtbot: Any,
    live_backend: Any,
    make_services: Callable[..., AppServices],
    username: str,
    expected: type[QMainWindow],
    menus: list[str],
) -> None:
    services = make_services(backend_url=live_backend.url)
    services.session.login(live_backend.url, username, live_backend.password)
    bridge = EventBridge(services.bus)
    controller = AppController(services, bridge, quit_app=lambda _code: None)

    window = controller.show_window_for_role()
    qtbot.addWidget(window)

    assert isinstance(window, expected) and window.isVisible()
    built = (controller.window, controller.console_window, controller.admin_window)
    shown = [w for w in built if w]
    assert shown == [window], "one window for the role, and no other built behind it"
    assert _menu_titles(window) == menus
    # Nobody sees a control they cannot use: only the agent's desk answers calls.
    answers = window.findChildren(QAction, "answerAction")
    assert bool(answers) == (expected is MainWindow)
    bridge.close()


def test_the_admin_console_reads_the_staff_and_says_nothing_is_wrong(
    qtbot: Any, live_backend: Any, make_services: Callable[..., AppServices]
) -> None:
    services = make_services(backend_url=live_backend.url)
    services.session.login(live_backend.url, "admin", live_backend.password)
    bridge = EventBridge(services.bus)
    controller = AppController(services, bridge, quit_app=lambda _code: None)

    window = controller.show_admin_window()
    qtbot.addWidget(window)

    users = window.users_page
    qtbot.waitUntil(lambda: users.model.rowCount() > 0, timeout=TIMEOUT_MS)
    listed = {users.model.record(row).username for row in range(users.model.rowCount())}
    assert {"admin", "sup01", "agent01"} <= listed
    assert "Administrator:" in window.user_label.text() and "(admin)" in window.user_label.text()
    # An administrator has no customer sync: nothing in the status bar says it failed.
    assert window.statusBar().currentMessage() == ""
    assert services.sync.runner is None

    # Every page reads the server when first shown, and says nothing went wrong.
    failures: list[str] = []
    for page in window.pages:
        page.message_posted.connect(failures.append)
    for index in range(1, window.tabs.count()):
        with qtbot.waitSignal(window.pages[index].loaded, timeout=TIMEOUT_MS):
            window.tabs.setCurrentIndex(index)
    assert failures == [] and window.statusBar().currentMessage() == ""
    bridge.close()
