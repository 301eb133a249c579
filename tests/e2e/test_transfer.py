"""Transfer with the keyboard against a real backend: F7 lists the other queues by their
reference labels and, in a submenu, the agents who are ready; choosing a colleague hands the
caller to them and this agent goes to wrap-up."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from agentdesk.client import ApiClient
from agentdesk.domain.presence import AgentState
from agentdesk.services import AppServices
from tests.e2e.call_backend import (
    TIMEOUT_MS,
    CallBackend,
    call_backend,  # noqa: F401 - the fixture
    press,
    ringing_call,
    signed_in_window,
)
from ui.shell.main_window import MainWindow

COLLEAGUE = "agent02"


@pytest.fixture
def colleague(call_backend: CallBackend) -> Iterator[ApiClient]:  # noqa: F811
    """A second agent signed in at their own desktop (their client, not ours)."""
    api = ApiClient(httpx.Client(base_url=call_backend.url, timeout=10))
    api.login(COLLEAGUE, call_backend.backend.password, "ws-colleague")
    yield api
    me = api.telephony_me()
    if me.call is not None and str(me.call.state) == "ringing":
        api.call_action(me.call.id, "answer")
        me = api.telephony_me()
    if me.call is not None and str(me.call.state) in {"answered", "held"}:
        api.call_action(me.call.id, "hangup")
    if api.telephony_me().presence.state is AgentState.WRAP_UP:
        api.finish_wrap_up()
    api.set_presence(AgentState.OFFLINE)
    api.logout()


def _popup() -> QMenu:
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu), "no menu is open"
    return menu


def test_f7_transfers_the_caller_to_a_ready_colleague(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    colleague: ApiClient,
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> None:
    _id, _name, phone = call_backend.single_customer()
    services, window = signed_in_window(qtbot, call_backend, make_services, make_main_window)
    softphone = window.softphone

    ringing_call(qtbot, call_backend, window, phone)
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: softphone.presence_state is AgentState.ON_CALL, timeout=TIMEOUT_MS)
    assert softphone.queue_label.text() == "Queue: General service"
    colleague.set_presence(AgentState.READY)  # only now: the call must ring us, not them

    press(qtbot, Qt.Key.Key_F7)
    qtbot.waitUntil(
        lambda: [a.text() for a in softphone.transfer_agent_menu.actions()] == [COLLEAGUE],
        timeout=TIMEOUT_MS,
    )
    queues = [a.text() for a in softphone.transfer_menu.actions() if not a.isSeparator()]
    assert "Cards" in queues and "General service" not in queues  # not its own queue
    assert _popup() is softphone.transfer_menu
    qtbot.keyClick(_popup(), Qt.Key.Key_A)  # the submenu's mnemonic
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is softphone.transfer_agent_menu)
    with qtbot.waitSignal(softphone.wrap_up_started, timeout=TIMEOUT_MS):
        qtbot.keyClick(_popup(), Qt.Key.Key_Return)

    assert softphone.presence_state is AgentState.WRAP_UP
    theirs = colleague.telephony_me()
    assert theirs.call is not None and theirs.call.caller == phone
    assert theirs.presence.state is AgentState.RINGING

    desk = window.call_desk
    qtbot.waitUntil(lambda: desk.wrap_up_dialog is not None, timeout=TIMEOUT_MS)
    assert desk.wrap_up_dialog is not None
    desk.wrap_up_dialog.reject()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # as in test_keyboard
        QApplication.setActiveWindow(window)
    services.calls.finish_wrap_up()
    services.calls.log_out()
