"""The same call when the backend goes away after the pop: the wrap-up is saved on this
computer, queued, and reaches the server once it is back (exactly once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from agentdesk.domain.presence import AgentState
from agentdesk.services import AppServices
from tests.e2e.call_backend import (
    TIMEOUT_MS,
    CallBackend,
    call_backend,  # noqa: F401 - the fixture
    press,
    ringing_call,
    signed_in_window,
    type_text,
)
from ui.shell.main_window import MainWindow

NOTES = "wrap-up written while the server was down"


def test_wrap_up_queued_offline_reaches_server_once(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> None:
    customer_id, _name, phone = call_backend.single_customer()
    services, window = signed_in_window(qtbot, call_backend, make_services, make_main_window)
    page, softphone, desk = window.customer_page, window.softphone, window.call_desk

    ringing_call(qtbot, call_backend, window, phone)
    qtbot.waitUntil(lambda: page.state == "profile", timeout=TIMEOUT_MS)
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: softphone.presence_state is AgentState.ON_CALL, timeout=TIMEOUT_MS)
    press(qtbot, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: desk.wrap_up_dialog is not None, timeout=TIMEOUT_MS)
    wrap_up = desk.wrap_up_dialog
    assert wrap_up is not None
    qtbot.waitUntil(wrap_up.isActiveWindow, timeout=5_000)
    assert softphone.call is not None
    call_id = softphone.call.id

    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    call_backend.stop()
    try:
        type_text(qtbot, "Res")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, NOTES)
        with qtbot.waitSignal(wrap_up.saved, timeout=TIMEOUT_MS):
            press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        # Saved here, waiting: the agent reads that it will go when the server is back.
        assert any(m.startswith("Wrap-up saved on this computer.") for m in messages)
        qtbot.waitUntil(lambda: services.sync.status().changes_waiting >= 1, timeout=TIMEOUT_MS)
    finally:
        call_backend.start()
    rows = call_backend.wait_for(
        "select customer_id, wrap_up_code, call_id from interactions where notes = ?",
        NOTES,
        timeout=60,
    )
    assert rows == [(customer_id, "resolved", call_id)]  # tied to the call it wrapped up
    qtbot.waitUntil(lambda: services.sync.status().changes_waiting == 0, timeout=60_000)
    assert call_backend.query("select count(*) from interactions where notes = ?", NOTES) == [(1,)]
