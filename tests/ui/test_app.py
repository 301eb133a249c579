"""The application controller and the demo entry point (``agentdesk demo``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.services import AppServices
from ui.kit.bridge import EventBridge
from ui.shell.app import run_demo
from ui.shell.app_controller import AppController

MakeServices = Callable[..., AppServices]


def _controller(services: AppServices, quits: list[int]) -> tuple[AppController, EventBridge]:
    bridge = EventBridge(services.bus)
    return AppController(services, bridge, quit_app=quits.append), bridge


def test_sign_out_hides_the_window_and_asks_for_the_sign_in_again(
    qtbot: Any, live_backend: Any, make_services: MakeServices
) -> None:
    services = make_services()
    services.session.login(live_backend.url, live_backend.username, live_backend.password)
    quits: list[int] = []
    controller, bridge = _controller(services, quits)
    window = controller.show_main_window()
    qtbot.addWidget(window)
    assert window.isVisible()

    window.frame.sign_out_action.trigger()
    qtbot.waitUntil(lambda: controller.login_dialog is not None, timeout=15_000)
    dialog = controller.login_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and not window.isVisible()
    assert services.session.user is None
    assert window.customer_page.state == "idle"

    dialog.reject()  # cancelling the sign-in quits the application
    assert quits == [0]
    bridge.close()


def test_demo_signs_in_pops_a_call_and_saves_a_screenshot(
    qtbot: Any, live_backend: Any, tmp_path: Path
) -> None:
    shot = tmp_path / "shot.png"
    # An agent of its own: the call this demo rings stays with its agent on the shared server.
    code = run_demo(
        DesktopSettings(backend_url=live_backend.url, cache_scope="all"),
        AppPaths.from_environment(),
        username="agent07",
        password=live_backend.password,
        screenshot=str(shot),
    )
    assert code == 0
    image = QImage(str(shot))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1280, 800)


def test_demo_sign_in_failure_is_a_sentence_not_a_traceback(
    qtbot: Any, live_backend: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_demo(
        DesktopSettings(backend_url=live_backend.url, cache_scope="all"),
        AppPaths.from_environment(),
        username=live_backend.username,
        password="wrong",
        screenshot=str(tmp_path / "never.png"),
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "Wrong user name or password." in err
    assert "Traceback" not in err
    assert not (tmp_path / "never.png").exists()


def test_start_shows_the_sign_in_when_no_session_is_kept(
    qtbot: Any, live_backend: Any, make_services: MakeServices
) -> None:
    quits: list[int] = []
    controller, bridge = _controller(make_services(backend_url=live_backend.url), quits)
    controller.start()
    dialog = controller.login_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)  # nothing to resume
    assert dialog.server_edit.text() == live_backend.url
    assert dialog.server_edit.hasFocus() or dialog.user_edit.hasFocus()
    assert controller.window is None and quits == []
    bridge.close()
