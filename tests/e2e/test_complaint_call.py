"""A complaint from a call, by keyboard, against a real backend process: the caller complains
about agent02; Ctrl+K opens the complaint with the deadline in words; it reaches the server with
its regime, type, call and parties; agent02 is never offered as assignee; the team's supervisor
extends the clock from their own desk; the agent resolves it; the server holds the whole
activity log. The same complaint opened with the backend stopped reaches the server once when
it returns."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.domain.complaints.lifecycle import TicketStatus
from agentdesk.domain.presence import AgentState
from agentdesk.services import AppServices
from agentdesk.services.wiring import build_app_services
from tests.e2e.call_backend import (
    TIMEOUT_MS,
    CallBackend,
    activate,
    call_backend,  # noqa: F401 - the fixture
    hang_up_and_wrap_up,
    press,
    ringing_call,
    signed_in_window,
    type_text,
)
from ui.complaints.new_complaint_dialog import NewComplaintDialog
from ui.complaints.ticket_editor import TicketEditor
from ui.kit.workers import BackgroundOp
from ui.shell.main_window import MainWindow

SUMMARY = "Charged twice for the annual fee; agent02 was rude"
OFFLINE_SUMMARY = "Complaint opened while the server was down"


@pytest.fixture
def supervisor(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    tmp_path: Path,
) -> Iterator[AppServices]:
    """The retail team's supervisor (sup01) at a desk of their own (own cache, own keys)."""
    root = tmp_path / "sup01"
    paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
    services = build_app_services(
        DesktopSettings(backend_url=call_backend.url, cache_scope="all"), paths
    )
    services.session.login(call_backend.url, "sup01", call_backend.backend.password)
    yield services
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0, timeout=TIMEOUT_MS)
    services.close()


def _complain(qtbot: Any, window: MainWindow, summary: str) -> NewComplaintDialog:
    """Ctrl+K on the call; summary and the agent complained about typed; the deadline shown."""
    desk = window.call_desk
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.new_complaint_dialog is not None, timeout=TIMEOUT_MS)
    dialog = desk.new_complaint_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    qtbot.waitUntil(lambda: dialog.clock is not None, timeout=TIMEOUT_MS)
    assert dialog.deadline_label.text().startswith("Decide by ")
    assert "15 days from receipt" in dialog.deadline_label.text()
    for _ in range(2):  # category → severity → summary
        press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, summary)
    for _ in range(3):  # → description → desired outcome → about agent
        press(qtbot, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.about_agent_edit
    type_text(qtbot, "agent02")
    return dialog


def _on_call(qtbot: Any, call_backend: CallBackend, window: MainWindow) -> str:  # noqa: F811
    _customer_id, _name, phone = call_backend.single_customer()
    ringing_call(qtbot, call_backend, window, phone)
    qtbot.waitUntil(lambda: window.customer_page.state == "profile", timeout=TIMEOUT_MS)
    press(qtbot, Qt.Key.Key_F5)
    softphone = window.softphone
    qtbot.waitUntil(lambda: softphone.presence_state is AgentState.ON_CALL, timeout=TIMEOUT_MS)
    assert softphone.call is not None
    return softphone.call.id


def _editor(qtbot: Any, window: MainWindow, ticket_id: int) -> TicketEditor:
    """Ctrl+Shift+K, the ticket chosen in the list, Enter."""
    complaints = window.complaints
    activate(qtbot, window)
    press(
        qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    page = complaints.page
    qtbot.waitUntil(lambda: page.model.index_of(ticket_id).isValid(), timeout=TIMEOUT_MS)
    page.view.setCurrentIndex(page.model.index_of(ticket_id))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(complaints.editors), timeout=TIMEOUT_MS)
    editor = complaints.editors[-1]
    qtbot.waitUntil(lambda: editor.loaded_once, timeout=TIMEOUT_MS)
    return editor


def test_a_complaint_from_a_call_is_assigned_extended_and_resolved_with_its_log_on_the_server(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
    supervisor: AppServices,
) -> None:
    services, window = signed_in_window(qtbot, call_backend, make_services, make_main_window)
    call_id = _on_call(qtbot, call_backend, window)

    dialog = _complain(qtbot, window, SUMMARY)
    with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT_MS):
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.call_desk.new_complaint_dialog is None, timeout=TIMEOUT_MS)
    rows = call_backend.wait_for(
        "select id, regime, complaint_type, call_id, parties, team from tickets where summary = ?",
        SUMMARY,
    )
    ((ticket_id, regime, complaint_type, on_call, parties, team),) = rows
    assert (regime, complaint_type, on_call) == ("cn", "standard", call_id)
    assert json.loads(parties) == [{"kind": "agent", "id": "agent02"}]
    qtbot.waitUntil(
        lambda: (row := services.complaints.ticket(ticket_id)) is not None and row.ticket.id > 0,
        timeout=TIMEOUT_MS,
    )

    # The team's supervisor, at their desk: agent02 is never offered; they give the
    # complaint to agent01 and extend its clock, giving the reason.
    sup_row = supervisor.complaints.refresh(ticket_id)
    sup_editor = TicketEditor(supervisor.complaints, sup_row, supervisor=True)
    qtbot.addWidget(sup_editor)
    qtbot.waitUntil(lambda: sup_editor.loaded_once, timeout=TIMEOUT_MS)
    offered = sup_editor.offered_assignees()
    assert "agent02" not in offered and "agent01" in offered
    sup_editor.assign_combo.setCurrentIndex(sup_editor.assign_combo.findData("agent01"))
    sup_editor.assign_button.click()
    call_backend.wait_for("select 1 from tickets where id = ? and assignee = 'agent01'", ticket_id)
    qtbot.waitUntil(lambda: not sup_editor.busy and sup_editor.loaded_once, timeout=TIMEOUT_MS)
    sup_editor.event_combo.setCurrentIndex(sup_editor.event_combo.findData("extended"))
    sup_editor.event_note.setText("complex case: statements from the card scheme needed")
    sup_editor.event_button.click()
    call_backend.wait_for(
        "select 1 from tickets where id = ? and clock_events like '%extended%'", ticket_id
    )

    # The agent opens it from the list (Ctrl+Shift+K, Enter): no extension offered to them.
    editor = _editor(qtbot, window, ticket_id)
    assert "extended" not in editor.offered_event_kinds()

    # The agent sees the extension, and resolves with the resolution and the customer's word.
    editor.reload()
    qtbot.waitUntil(
        lambda: any(s.extensions for s in (editor.row.clock.steps if editor.row.clock else ())),
        timeout=TIMEOUT_MS,
    )
    editor.move_buttons[TicketStatus.RESOLVED].click()
    qtbot.waitUntil(lambda: editor.outcome_dialog is not None, timeout=TIMEOUT_MS)
    outcome = editor.outcome_dialog
    assert outcome is not None
    outcome.resolution_edit.setPlainText("Second fee refunded; agent coached")
    outcome.accept()
    call_backend.wait_for("select 1 from tickets where id = ? and status = 'resolved'", ticket_id)

    actions = [
        a
        for (a,) in call_backend.query(
            "select action from ticket_activity where ticket_id = ? order by at, id", ticket_id
        )
    ]
    assert actions[0] == "created"
    for done in ("assigned", "clock_event", "status"):
        assert done in actions, (done, actions)
    editor.close()
    hang_up_and_wrap_up(qtbot, window)


def test_a_complaint_opened_with_the_backend_stopped_reaches_the_server_once(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> None:
    services, window = signed_in_window(qtbot, call_backend, make_services, make_main_window)
    _on_call(qtbot, call_backend, window)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)

    call_backend.stop()
    try:
        dialog = _complain(qtbot, window, OFFLINE_SUMMARY)
        with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT_MS):
            press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert any(m.startswith("Complaint saved on this computer.") for m in messages)
        qtbot.waitUntil(lambda: services.sync.status().changes_waiting >= 1, timeout=TIMEOUT_MS)
    finally:
        call_backend.start()
    rows = call_backend.wait_for(
        "select regime, complaint_type from tickets where summary = ?", OFFLINE_SUMMARY, timeout=60
    )
    assert rows == [("cn", "standard")]
    # The restarted backend's telephony starts afresh (no call, no presence): as after
    # test_call_offline, the next test's agent chooses ready again.
    qtbot.waitUntil(lambda: services.sync.status().changes_waiting == 0, timeout=60_000)
    assert call_backend.query(
        "select count(*) from tickets where summary = ?", OFFLINE_SUMMARY
    ) == [(1,)]
