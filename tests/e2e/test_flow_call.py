"""A call with a script, by keyboard, against a real backend process: the call pops, the agent
runs the SMS-alert flow, tries to wrap up before the fee disclosure and is refused, the backend
goes away, the agent acknowledges the fee, takes the customer's consent and wraps up; when the
backend returns, the subscription request and the wrap-up's transcript (with the hash of the
fee text read) reach the server exactly once."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from agentdesk.domain.presence import AgentState
from agentdesk.flows.runner import RunStatus
from agentdesk.services import AppServices
from tests.e2e.call_backend import (
    TIMEOUT_MS,
    CallBackend,
    activate,
    call_backend,  # noqa: F401 - the fixture
    press,
    ringing_call,
    signed_in_window,
    type_text,
)
from ui.flows.flow_picker import FlowPicker
from ui.shell.main_window import MainWindow


def _step_is(window: MainWindow, node: str) -> bool:
    panel = window.flow_panel
    return not panel.busy and panel.current is not None and panel.current.step.node == node


def test_the_sms_flow_holds_the_wrap_up_until_the_fee_is_read_and_reaches_the_server_once(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> None:
    customer_id, _name, phone = call_backend.single_customer()
    services, window = signed_in_window(qtbot, call_backend, make_services, make_main_window)
    page, softphone, desk, panel = (
        window.customer_page,
        window.softphone,
        window.call_desk,
        window.flow_panel,
    )

    ringing_call(qtbot, call_backend, window, phone)
    qtbot.waitUntil(lambda: page.state == "profile", timeout=TIMEOUT_MS)
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: softphone.presence_state is AgentState.ON_CALL, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: panel.state == "choose", timeout=TIMEOUT_MS)

    # Ctrl+L: the picker; type to filter, Enter starts the flow.
    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(FlowPicker) is not None, timeout=5_000)
    picker = window.findChild(FlowPicker)
    assert picker is not None
    qtbot.waitUntil(lambda: picker.list.count() > 0 and picker.isActiveWindow(), timeout=5_000)
    type_text(qtbot, "SMS")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _step_is(window, "greet"), timeout=TIMEOUT_MS)
    activate(qtbot, window)  # the dialog closed: the window manager hands the window back
    assert panel.text_label.text()  # the introduction, with the customer's name filled in

    press(qtbot, Qt.Key.Key_Return)  # Enter: go on
    qtbot.waitUntil(lambda: _step_is(window, "same_number"), timeout=TIMEOUT_MS)
    press(qtbot, Qt.Key.Key_1)  # the registered number
    qtbot.waitUntil(lambda: _step_is(window, "fee"), timeout=TIMEOUT_MS)
    assert "3" in panel.text_label.text()
    qtbot.waitUntil(panel.acknowledge_button.isEnabled, timeout=5_000)
    press(qtbot, Qt.Key.Key_Return)  # Enter cannot pass a disclosure
    qtbot.waitUntil(lambda: panel.message.isVisible(), timeout=5_000)
    assert _step_is(window, "fee")

    # Hang up (F8): the wrap-up opens; saving is refused while the fee is unread.
    press(qtbot, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: desk.wrap_up_dialog is not None, timeout=TIMEOUT_MS)
    wrap_up = desk.wrap_up_dialog
    assert wrap_up is not None
    qtbot.waitUntil(wrap_up.isActiveWindow, timeout=5_000)
    assert "Fee announcement" in wrap_up.flows_label.text()
    type_text(qtbot, "Res")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: wrap_up.message.isVisible() and not wrap_up.busy, timeout=TIMEOUT_MS)
    assert "Fee announcement" in wrap_up.message.text()
    assert wrap_up.isVisible()
    call_id = softphone.call.id if softphone.call is not None else ""
    press(qtbot, Qt.Key.Key_Escape)  # later
    qtbot.waitUntil(lambda: desk.wrap_up_dialog is None, timeout=5_000)
    activate(qtbot, window)

    call_backend.stop()  # the rest happens with the backend down
    try:
        qtbot.waitUntil(panel.acknowledge_button.isEnabled, timeout=5_000)
        press(
            qtbot,
            Qt.Key.Key_A,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        qtbot.waitUntil(lambda: panel.acknowledged_label.isVisible(), timeout=TIMEOUT_MS)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: _step_is(window, "consent"), timeout=TIMEOUT_MS)
        press(qtbot, Qt.Key.Key_1)  # subscribe: the request goes to the outbox
        qtbot.waitUntil(lambda: _step_is(window, "confirm"), timeout=TIMEOUT_MS)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.state == "finished", timeout=TIMEOUT_MS)
        assert panel.runs[-1].status is RunStatus.ENDED

        press(
            qtbot,
            Qt.Key.Key_W,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        qtbot.waitUntil(lambda: desk.wrap_up_dialog is not None, timeout=TIMEOUT_MS)
        wrap_up = desk.wrap_up_dialog
        assert wrap_up is not None
        assert wrap_up.code_combo.currentData() == "resolved"  # the flow's end proposes it
        qtbot.waitUntil(wrap_up.isActiveWindow, timeout=5_000)
        with qtbot.waitSignal(wrap_up.saved, timeout=TIMEOUT_MS):
            press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: services.sync.status().changes_waiting >= 2, timeout=TIMEOUT_MS)
    finally:
        call_backend.start()

    rows = call_backend.wait_for(
        "select customer_id, flows from interactions where call_id = ?", call_id, timeout=60
    )
    [(stored_customer, flows)] = rows
    [transcript] = json.loads(flows)
    assert stored_customer == customer_id
    assert transcript["flow_id"] == "sms_alerts" and transcript["outcome"] == "ended"
    assert [d["node"] for d in transcript["disclosures"]] == ["fee"]
    assert len(transcript["disclosures"][0]["text_hash"]) == 64
    qtbot.waitUntil(lambda: services.sync.status().changes_waiting == 0, timeout=60_000)
    requests = call_backend.query(
        "select action, customer_id from service_requests where call_id = ?", call_id
    )
    assert requests == [("subscribe_service", customer_id)]
