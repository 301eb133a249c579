"""The administrator finds an agent's unmask in the audit viewer: the agent answers a call,
verifies the caller and unmasks the phone on their desk; the admin signs in, lands on the admin
console, filters the audit trail by that agent and the action, reads which field was unmasked,
pages through and exports what matches — all against the real backend."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentdesk.services import AppServices
from tests.e2e.call_backend import (
    TIMEOUT_MS,
    CallBackend,
    call_backend,  # noqa: F401 - the fixture
    ringing_call,
    signed_in_window,
)
from ui.admin.audit_page import AuditPage
from ui.kit.bridge import EventBridge
from ui.shell.admin_window import AdminWindow
from ui.shell.app_controller import AppController
from ui.shell.main_window import MainWindow


def _an_agent_unmasks_a_phone(
    qtbot: Any,
    backend: CallBackend,
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> tuple[str, int]:
    customer_id, _name, phone = backend.single_customer()
    services, window = signed_in_window(qtbot, backend, make_services, make_main_window)
    ringing_call(qtbot, backend, window, phone)
    services.calls.answer()
    challenge = services.verification.send_otp(customer_id)
    assert challenge.code is not None, "the demo server reads the code back"
    services.verification.verify_otp(customer_id, challenge.code)
    services.verification.unmask(customer_id, "phone")
    services.calls.hang_up()
    return backend.backend.username, customer_id


def _signed_in_admin_window(
    qtbot: Any, backend: CallBackend, make_services: Callable[..., AppServices]
) -> tuple[AdminWindow, AppServices, EventBridge]:
    services = make_services(backend_url=backend.url, demo_mode=False)
    services.session.login(backend.url, "admin", backend.backend.password)
    bridge = EventBridge(services.bus)
    controller = AppController(services, bridge, quit_app=lambda _code: None)
    window = controller.show_window_for_role()
    qtbot.addWidget(window)
    assert isinstance(window, AdminWindow), "an administrator lands on the admin console"
    return window, services, bridge


def _search(qtbot: Any, page: AuditPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.search_button.click()


def test_the_admin_finds_the_agents_unmask_and_what_was_unmasked(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
    tmp_path: Path,
) -> None:
    agent, customer_id = _an_agent_unmasks_a_phone(
        qtbot, call_backend, make_services, make_main_window
    )
    window, _services, bridge = _signed_in_admin_window(qtbot, call_backend, make_services)
    page = window.audit_page

    # Ctrl+5 opens the audit trail, which reads the newest events the first time it shows.
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        window.tab_actions[4].trigger()
    assert window.tabs.currentWidget() is page
    assert page.model.rowCount() > 0

    page.user_edit.setText(agent)
    page.action_combo.setCurrentIndex(page.action_combo.findData("unmask"))
    _search(qtbot, page)
    events = [page.model.record(row) for row in range(page.model.rowCount())]
    assert events and {(e.username, e.action) for e in events} == {(agent, "unmask")}
    assert events[0].customer_id == customer_id
    # The first row is chosen and the pane says what exactly was unmasked (never the value).
    assert "Unmasked (unmask)" in page.detail_edit.toPlainText()
    assert "Field: phone" in page.detail_edit.toPlainText()
    assert page.model.data(page.model.index(0, 2)) == "Unmasked"

    # The customer's own filter finds it too; another customer's does not.
    page.user_edit.clear()
    page.customer_edit.setText(str(customer_id))
    _search(qtbot, page)
    assert any(page.model.record(r).action == "unmask" for r in range(page.model.rowCount()))
    page.customer_edit.setText(str(customer_id + 100_000))
    _search(qtbot, page)
    assert page.model.rowCount() == 0 and "Page 1" in page.page_label.text()

    # The export holds every matching row, not only the page shown.
    page.customer_edit.setText(str(customer_id))
    _search(qtbot, page)
    target = tmp_path / "audit.csv"
    with qtbot.waitSignal(page.message_posted, timeout=TIMEOUT_MS) as saved:
        page.export_to(target)
    assert str(target) in saved.args[0]
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert any(agent in row and "unmask" in row for row in rows[1:])
    bridge.close()


def test_the_audit_viewer_pages_older_and_newer_without_missing_a_row(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
) -> None:
    _window, services, bridge = _signed_in_admin_window(qtbot, call_backend, make_services)
    for _ in range(7):  # each sign-in is an audited event: more than two pages of three
        services.session.login(call_backend.url, "admin", call_backend.backend.password)
    page = AuditPage(services.admin, page_size=3)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.load()
    assert page.model.rowCount() == 3 and page.older_button.isEnabled()
    assert not page.newer_button.isEnabled()
    first = [page.model.record(r).id for r in range(3)]

    seen = list(first)
    while page.older_button.isEnabled() and len(seen) < 12:
        with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
            page.older_button.click()
        seen += [page.model.record(r).id for r in range(page.model.rowCount())]
    assert len(seen) >= 8, "the sign-ins alone make more than two pages"
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == len(seen)

    # Newer goes back to exactly the page before, however many pages deep.
    while page.newer_button.isEnabled():
        with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
            page.newer_button.click()
    assert [page.model.record(r).id for r in range(3)] == first
    assert page.page_label.text().startswith("Page 1")
    bridge.close()
