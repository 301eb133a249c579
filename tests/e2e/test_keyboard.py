"""A whole call with the keyboard alone, against a real backend: ready, the call rings and
pops, answer, verify with a one-time code, unmask (audited on the server), hang up, wrap up;
then find another customer with Ctrl+F. Keys go to the focused widget or the window's
shortcuts, never to a button's click()."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from agentdesk.domain.presence import AgentState
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
from tests.ui.conftest import visible_text
from ui.kit.vocabulary import tier_name
from ui.shell.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_a_whole_call_with_the_keyboard_alone(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> None:
    customer_id, name, phone = call_backend.single_customer()
    services, window = signed_in_window(qtbot, call_backend, make_services, make_main_window)
    page, softphone, desk = window.customer_page, window.softphone, window.call_desk

    # The call rings and pops before the answer.
    ringing_call(qtbot, call_backend, window, phone)
    assert softphone.state_label.text() == "Incoming call"
    assert "****" in softphone.number_label.text()
    qtbot.waitUntil(lambda: page.state == "profile", timeout=TIMEOUT_MS)
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: softphone.presence_state is AgentState.ON_CALL, timeout=TIMEOUT_MS)
    profile = page.profile.profile
    assert profile is not None and profile.id == customer_id
    text = visible_text(page)
    assert name in text and tier_name(profile.tier) in text

    # Verify with a one-time code (the demo server reads the code back).
    press(qtbot, Qt.Key.Key_V, CTRL_SHIFT)
    qtbot.waitUntil(lambda: desk.verification_dialog is not None, timeout=5_000)
    dialog = desk.verification_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    press(qtbot, Qt.Key.Key_O, ALT)  # the "One-time code" tab
    press(qtbot, Qt.Key.Key_S, ALT)  # "Send code"
    qtbot.waitUntil(lambda: "Demo: the code is" in dialog.sent_label.text(), timeout=TIMEOUT_MS)
    code = re.search(r"the code is (\d{6})", dialog.sent_label.text()).group(1)  # type: ignore[union-attr]
    assert dialog.code_edit.hasFocus()
    type_text(qtbot, code)
    with qtbot.waitSignal(dialog.verified, timeout=TIMEOUT_MS):
        press(qtbot, Qt.Key.Key_Return)
    banner = page.profile.verification
    assert banner.status_label.text() == "Verified (one-time code)"

    # Unmask the phone: shown for a while, and the server audited the look.
    activate(qtbot, window)
    press(qtbot, Qt.Key.Key_U, CTRL_SHIFT)
    qtbot.waitUntil(banner.unmask_menu.isVisible, timeout=5_000)
    with qtbot.waitSignal(banner.value_revealed, timeout=TIMEOUT_MS) as revealed:
        qtbot.keyClick(banner.unmask_menu, Qt.Key.Key_Return)
    assert revealed.args[0] == "phone"
    assert phone[-4:] in banner.revealed_label.text().replace(" ", "")
    audit = call_backend.wait_for(
        "select detail from audit_events where action = 'unmask' and entity_id = ?",
        str(customer_id),
    )
    assert audit and '"phone"' in audit[0][0]

    # Hang up: wrap-up opens; a code by its first letters, notes, Ctrl+Enter.
    # Offscreen, a closed popup menu stays the "active window"; a desktop gives it back.
    # Offscreen, a closed popup menu stays QApplication's active window (the platform sends
    # no focus change back, as a desktop does): hand it back to the main window.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # no non-deprecated equivalent
        QApplication.setActiveWindow(window)
    press(qtbot, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: desk.wrap_up_dialog is not None, timeout=TIMEOUT_MS)
    wrap_up = desk.wrap_up_dialog
    assert wrap_up is not None
    qtbot.waitUntil(wrap_up.isActiveWindow, timeout=5_000)
    assert wrap_up.code_combo.hasFocus()
    type_text(qtbot, "Inf")
    assert wrap_up.code_combo.currentData() == "info_given"
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "keyboard-only wrap-up")
    with qtbot.waitSignal(wrap_up.saved, timeout=TIMEOUT_MS):
        press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: softphone.presence_state is not AgentState.WRAP_UP, timeout=TIMEOUT_MS)
    rows = call_backend.wait_for(
        "select customer_id, wrap_up_code, queue from interactions where notes = ?",
        "keyboard-only wrap-up",
    )
    assert rows == [(customer_id, "info_given", "general")]

    # Find another customer by CIF number and open their 360 with Enter.
    activate(qtbot, window)
    other_id, other_cif = call_backend.query(
        "select id, cif from customers where id != ? order by id limit 1", customer_id
    )[0]
    press(qtbot, Qt.Key.Key_F, CTRL)
    search = desk.search_dialog
    assert search is not None
    qtbot.waitUntil(search.edit.hasFocus, timeout=5_000)
    with qtbot.waitSignal(search.results_shown, timeout=TIMEOUT_MS):
        type_text(qtbot, other_cif)
    with qtbot.waitSignal(page.pop_finished, timeout=TIMEOUT_MS) as opened:
        press(qtbot, Qt.Key.Key_Return)
    assert opened.args == ["profile"]
    assert page.profile.profile is not None and page.profile.profile.id == other_id
