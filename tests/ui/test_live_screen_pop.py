"""Sign-in and screen-pop against the real demo backend (``live_backend``).

These drive the widgets as a person would (typing, clicking, the menu action) and wait for the
background operations; nothing here runs a service call on the GUI thread.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from agentdesk.events import CallOffered
from agentdesk.services import AppServices
from tests.ui.conftest import KnownCustomer, visible_text
from tests.ui.test_my_tasks import shoot
from ui.kit.theme import apply_theme
from ui.shell.login_dialog import LoginDialog
from ui.shell.main_window import MainWindow

POP_TIMEOUT_MS = 20_000
UNKNOWN_PHONE = "+8617000000001"

MakeServices = Callable[..., AppServices]
MakeWindow = Callable[[AppServices], MainWindow]


def _login_dialog(qtbot: Any, services: AppServices) -> LoginDialog:
    dialog = LoginDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type_credentials(qtbot: Any, dialog: LoginDialog, url: str, user: str, password: str) -> None:
    for edit, text in (
        (dialog.server_edit, url),
        (dialog.user_edit, user),
        (dialog.password_edit, password),
    ):
        edit.clear()
        qtbot.keyClicks(edit, text)


def _signed_in(services: AppServices, live_backend: Any) -> AppServices:
    services.session.login(live_backend.url, live_backend.username, live_backend.password)
    return services


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more


def _offer_from_another_thread(services: AppServices, phone: str) -> None:
    # As the SSE listener would: the event is published off the GUI thread.
    publisher = threading.Thread(
        target=services.bus.publish, args=(CallOffered("call-test", phone, "retail"),)
    )
    publisher.start()
    publisher.join()


def test_sign_in_then_simulated_call_pops_the_caller(
    qtbot: Any, live_backend: Any, make_services: MakeServices, make_main_window: MakeWindow
) -> None:
    services = make_services()
    dialog = _login_dialog(qtbot, services)
    _type_credentials(qtbot, dialog, live_backend.url, live_backend.username, "demo")
    with qtbot.waitSignal(dialog.accepted, timeout=POP_TIMEOUT_MS):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        # The sign-in runs in the background: the dialog shows it is busy, inputs locked.
        assert dialog.busy_row.isVisible()
        assert not dialog.password_edit.isEnabled()
        assert not dialog.sign_in_button.isEnabled()
    assert dialog.user is not None and dialog.user.username == live_backend.username

    window = make_main_window(services)
    action = window.simulate_call_action
    assert action.isVisible() and action.isEnabled()
    assert "Ctrl+Shift+I" in action.toolTip()
    assert action.shortcut().toString() == "Ctrl+Shift+I"
    assert live_backend.username in window.agent_label.text()

    page = window.customer_page
    with qtbot.waitSignal(page.pop_finished, timeout=POP_TIMEOUT_MS) as outcome:
        action.trigger()
    state = outcome.args[0]
    assert state in {"profile", "candidates", "unknown"}
    assert window.softphone.number_label.text()
    if state == "profile":
        assert page.profile.profile is not None
        assert page.profile.profile.name in visible_text(page)
    elif state == "candidates":
        assert page.candidates.model.rowCount() >= 2
    else:
        assert page.unknown.isVisible()


def test_known_callers_profile_pops_with_the_number_masked(
    qtbot: Any,
    live_backend: Any,
    known_customer: KnownCustomer,
    make_services: MakeServices,
    make_main_window: MakeWindow,
) -> None:
    services = _signed_in(make_services(), live_backend)
    window = make_main_window(services)
    page = window.customer_page
    with qtbot.waitSignal(page.pop_finished, timeout=POP_TIMEOUT_MS) as outcome:
        _offer_from_another_thread(services, known_customer.phone_e164)
        # The number shows at once, masked, while the lookup runs.
        qtbot.waitUntil(lambda: page.state in {"loading", "profile"}, timeout=5_000)
    assert outcome.args == ["profile"]
    text = visible_text(window)
    assert known_customer.name in text
    national = known_customer.phone_e164.removeprefix("+86")
    assert known_customer.phone_e164 not in text
    assert national not in text
    assert "****" in window.softphone.number_label.text()
    assert page.profile.holdings.accounts_model.total_count() >= 0
    assert page.profile.isVisible()


def test_a_caller_the_cache_does_not_hold_gets_offers_from_the_fetched_360(
    qtbot: Any,
    qapp: QApplication,
    live_backend: Any,
    known_customer: KnownCustomer,
    make_services: MakeServices,
    make_main_window: MakeWindow,
) -> None:
    # A working-set desk before its first sync holds nobody: the 360 comes from the backend,
    # and the offers tab ranks from it as it would from the cache's.
    if os.environ.get("CARE_SCREENSHOTS"):
        apply_theme(qapp, "light")  # as the app shows it
    services = make_services(cache_scope="working-set", sync_autostart=False)
    window = make_main_window(_signed_in(services, live_backend))
    page = window.customer_page
    offers = page.profile.offers
    with (
        qtbot.waitSignal(offers.loaded, timeout=POP_TIMEOUT_MS),
        qtbot.waitSignal(page.pop_finished, timeout=POP_TIMEOUT_MS) as outcome,
    ):
        _offer_from_another_thread(services, known_customer.phone_e164)
    assert outcome.args == ["profile"]
    assert services.customers.cached_profile(known_customer.id) is None
    said = offers.message.text()
    assert said.endswith("products suit this customer, best first.") or said.startswith(
        "No offers for this customer:"
    )
    assert "cache" not in said
    if os.environ.get("CARE_SCREENSHOTS"):
        page.profile.tabs.setCurrentWidget(offers)
        qtbot.wait(50)  # laid out on the next turn of the event loop
        shoot(window, "offers-fetched", "en")


def test_unknown_number_shows_the_unknown_caller_card(
    qtbot: Any, live_backend: Any, make_services: MakeServices, make_main_window: MakeWindow
) -> None:
    services = _signed_in(make_services(), live_backend)
    window = make_main_window(services)
    page = window.customer_page
    with qtbot.waitSignal(page.pop_finished, timeout=POP_TIMEOUT_MS) as outcome:
        _offer_from_another_thread(services, UNKNOWN_PHONE)
    assert outcome.args == ["unknown"]
    assert page.unknown.isVisible()
    text = visible_text(page)
    assert "Unknown caller" in text
    assert "+86 170****0001" in text
    assert UNKNOWN_PHONE not in text


def test_a_shared_number_lists_the_family_and_opens_the_chosen_one(
    qtbot: Any,
    live_backend: Any,
    family_phone: str | None,
    make_services: MakeServices,
    make_main_window: MakeWindow,
) -> None:
    if family_phone is None:
        pytest.skip("the demo data has no shared number")
    services = _signed_in(make_services(), live_backend)
    window = make_main_window(services)
    page = window.customer_page
    with qtbot.waitSignal(page.pop_finished, timeout=POP_TIMEOUT_MS) as outcome:
        page.pop(family_phone)
    assert outcome.args == ["candidates"]
    assert page.candidates.model.rowCount() >= 2
    chosen = page.candidates.model.record(1)
    page.candidates.view.selectRow(1)
    with qtbot.waitSignal(page.pop_finished, timeout=POP_TIMEOUT_MS) as opened:
        qtbot.mouseClick(page.candidates.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == ["profile"]
    assert page.profile.profile is not None and page.profile.profile.id == chosen.id
    assert family_phone not in visible_text(page)


def test_wrong_password_reads_as_a_sentence_in_the_dialog(
    qtbot: Any, live_backend: Any, make_services: MakeServices
) -> None:
    dialog = _login_dialog(qtbot, make_services())
    _type_credentials(qtbot, dialog, live_backend.url, live_backend.username, "not-the-password")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # Enter submits
    assert dialog.busy
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=POP_TIMEOUT_MS)
    assert dialog.error_label.text() == "Wrong user name or password."
    assert dialog.result() != LoginDialog.DialogCode.Accepted
    assert dialog.password_edit.isEnabled() and not dialog.busy_row.isVisible()


def test_a_server_that_is_down_reads_as_unavailable(
    qtbot: Any, make_services: MakeServices
) -> None:
    dialog = _login_dialog(qtbot, make_services())
    _type_credentials(qtbot, dialog, _closed_port_url(), "agent01", "demo")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=POP_TIMEOUT_MS)
    sentence = dialog.error_label.text()
    assert sentence.startswith("The AgentDesk server cannot be reached.")
    assert "Traceback" not in sentence and "httpx" not in sentence


def test_the_kept_session_resumes_without_typing(
    qtbot: Any, live_backend: Any, make_services: MakeServices
) -> None:
    _signed_in(make_services(), live_backend)
    dialog = _login_dialog(qtbot, make_services())  # a fresh start on the same workstation
    assert dialog.server_edit.text() == live_backend.url
    assert dialog.user_edit.text() == live_backend.username
    with qtbot.waitSignal(dialog.accepted, timeout=POP_TIMEOUT_MS):
        dialog.try_resume()
        assert dialog.busy_row.isVisible()


def test_a_locked_out_sign_in_says_when_to_try_again(
    qtbot: Any, live_backend: Any, make_services: MakeServices
) -> None:
    # A user of its own: the shared backend's agent01 must stay usable for the other tests.
    username = "agent19"
    dialog = _login_dialog(qtbot, make_services())
    for attempt in range(6):  # the backend's default: 5 failures lock the user name out
        _type_credentials(qtbot, dialog, live_backend.url, username, f"wrong-{attempt}")
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=POP_TIMEOUT_MS)
    sentence = dialog.error_label.text()
    assert sentence.startswith("Too many failed sign-ins. Try again in ")
    minutes = int(sentence.removeprefix("Too many failed sign-ins. Try again in ").split()[0])
    assert 1 <= minutes <= 15
    # The right password waits too: the lock-out is not a hint that the password is right.
    _type_credentials(qtbot, dialog, live_backend.url, username, live_backend.password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=POP_TIMEOUT_MS)
    assert dialog.error_label.text().startswith("Too many failed sign-ins.")
    assert dialog.result() != LoginDialog.DialogCode.Accepted
