"""Help → Save diagnostics… on a signed-in desk: the zip is written without holding the window,
and the status bar says where it is."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentdesk.services import AppServices

MakeServices = Callable[..., AppServices]


def test_help_saves_diagnostics_and_the_status_bar_says_where(
    qtbot: Any,
    live_backend: Any,
    make_services: MakeServices,
    make_main_window: Any,
    tmp_path: Path,
) -> None:
    services = make_services()
    services.session.login(live_backend.url, live_backend.username, live_backend.password)
    window = make_main_window(services)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.frame.diagnostics.save_action in help_menu.actions()
    target = tmp_path / "ticket-4711" / "diagnostics.zip"

    window.frame.diagnostics.save(target)

    qtbot.waitUntil(
        lambda: "Diagnostics saved to" in window.statusBar().currentMessage(), timeout=60_000
    )
    assert str(target) in window.statusBar().currentMessage()
    with zipfile.ZipFile(target) as bundle:
        qt = bundle.read("qt.txt").decode()
    assert "platform plugin: offscreen" in qt and "screen " in qt
