"""The complaint desk with real widgets, the real complaint service, the encrypted cache and the
outbox, over HTTP to an in-memory ticket backend (``tests/complaint_backend.py``): Ctrl+K from a
call, the deadline in words, a save with the backend stopped; the list's live countdown; the
editor's moves, assignees and conflict dialog; the Chinese list has no untranslated label.

With COMPLAINT_SCREENSHOTS=<folder> the tests also save the complaints page and an editor with
its clock panel in both languages: docs/screenshots/ holds the ones shipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from agentdesk.cache import outbox, sync_state
from agentdesk.cache.tickets import upsert_tickets
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.auth import Role
from agentdesk.contract.sync import ChangesPage, CustomerRecord, MutationKind, TicketRecord
from agentdesk.contract.tickets import Assignee, TicketParty, TicketStatus
from agentdesk.domain.calls import Call, CallState
from agentdesk.domain.presence import AgentPresence, AgentState, allowed_actions
from agentdesk.services import AgentCallState, AppServices
from agentdesk.services.wiring import build_app_services
from tests.complaint_backend import TicketBackend, ticket
from tests.ui.conftest import visible_text
from ui.complaints.complaints_model import COUNTDOWN_COLUMN, DUE_COLUMN
from ui.complaints.new_complaint_dialog import NewComplaintDialog
from ui.complaints.ticket_editor import TicketEditor
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.theme import apply_theme
from ui.kit.workers import BackgroundOp
from ui.shell.main_window import MainWindow

# 16 Sep 2026, 10:00 in Beijing: 15 days later is 1 Oct, National Day; the deadline moves.
NOW = datetime(2026, 9, 16, 2, 0, tzinfo=UTC)
CALL_ID = "call-k-1"
TIMEOUT_MS = 15_000


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _customer() -> CustomerRecord:
    return CustomerRecord.model_validate(
        {
            "id": 1,
            "cif": "CIF00000001",
            "name": "张伟",
            "birth_year": 1980,
            "id_number_masked": "110***********1234",
            "id_last4": "1234",
            "phones": ["+8613812345678"],
            "tier": "gold",
            "aum": "600000.00",
            "yearly_revenue": "3000.00",
            "risk_profile": "C3",
            "risk_assessed_on": "2026-01-10",
            "updated_at": NOW.isoformat(),
        }
    )


def _shoot(widget: QWidget, name: str, language: str) -> None:
    folder = os.environ.get("COMPLAINT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"complaints-{name}-{language}.png"))


class Desk:
    def __init__(
        self, services: AppServices, window: MainWindow, backend: TicketBackend, clock: Clock
    ) -> None:
        self.services, self.window, self.backend, self.clock = services, window, backend, clock

    def cache_tickets(self, *records: TicketRecord) -> None:
        self.services.sync._cache.open().write(  # noqa: SLF001
            lambda conn: upsert_tickets(conn, records)
        )

    def queued(self) -> list[Any]:
        """The agent's changes waiting (not the views of cached 360s queued for audit)."""
        self.services.customers.flush_views()
        with self.services.sync._cache.open().read() as conn:  # noqa: SLF001
            return [m for m in outbox.pending(conn) if m.kind is not MutationKind.CUSTOMER_VIEW]


@pytest.fixture(params=["en"])
def language(request: pytest.FixtureRequest) -> str:
    value = str(request.param)
    if value == "zh_CN":
        request.getfixturevalue("chinese")
    return value


@pytest.fixture
def desk(qtbot: Any, qapp: Any, language: str, request: pytest.FixtureRequest) -> Iterator[Desk]:
    if os.environ.get("COMPLAINT_SCREENSHOTS"):
        apply_theme(qapp, "light")
    role = getattr(request, "param", Role.AGENT)
    clock = Clock(NOW)
    backend = TicketBackend(
        role=role,
        people=[
            Assignee(username="agent02", display_name="Li Na", team="t1"),
            Assignee(username="agent03", display_name="Wang Fang", team="t1"),
        ],
        now=clock,
    )
    services = build_app_services(
        DesktopSettings(backend_url="https://backend.test", language=language),
        AppPaths.from_environment(),
        transport=backend.transport(),
        clock=clock,
        listen=False,
        sync_autostart=False,
    )
    services.session.login("https://backend.test", "agent01", "pw")
    page = ChangesPage(cursor=1, high_water=1, has_more=False, customers=[_customer()])
    services.sync._cache.open().write(lambda conn: sync_state.apply_changes(conn, page))  # noqa: SLF001
    bridge = EventBridge(services.bus)
    window = MainWindow(services, bridge, colors=ValueColors())
    qtbot.addWidget(window)
    window.show()
    yield Desk(services, window, backend, clock)
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0, timeout=TIMEOUT_MS)
    bridge.close()
    services.close()


def _on_call(qtbot: Any, desk: Desk) -> None:
    """The caller's 360 on screen and their call on the line, with the intake script run."""
    window = desk.window
    window.customer_page.open_customer(1)
    qtbot.waitUntil(lambda: window.customer_page.state == "profile", timeout=TIMEOUT_MS)
    profile = window.customer_page.profile.profile
    assert profile is not None
    desk.services.flows.start("complaint_intake", profile, call_id=CALL_ID, queue="complaints")
    call = Call(
        id=CALL_ID,
        queue="complaints",
        caller="+8613812345678",
        offered_at=NOW,
        queued_at=NOW,
        state=CallState.ANSWERED,
        agent="agent01",
        answered_at=NOW,
    )
    presence = AgentPresence(AgentState.ON_CALL, NOW)
    window.softphone.show_state(
        AgentCallState("agent01", presence, call, allowed_actions(presence), NOW)
    )
    qtbot.waitUntil(lambda: bool(window.flow_panel.runs), timeout=TIMEOUT_MS)


def _dialog(qtbot: Any, desk: Desk) -> NewComplaintDialog:
    desk.window.activateWindow()
    qtbot.waitUntil(desk.window.isActiveWindow, timeout=TIMEOUT_MS)
    qtbot.keyClick(desk.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = desk.window.call_desk.new_complaint_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.clock is not None, timeout=TIMEOUT_MS)
    return dialog


# -- intake ------------------------------------------------------------------------------------


def test_ctrl_k_opens_the_complaint_of_the_caller_with_the_deadline_and_saves_offline(
    qtbot: Any, desk: Desk
) -> None:
    _on_call(qtbot, desk)
    desk.backend.down = True
    dialog = _dialog(qtbot, desk)

    assert "张伟" in visible_text(dialog)
    assert dialog.deadline_label.text() == (
        "Decide by Thu 8 Oct 2026 — 15 days from receipt, moved past a public holiday"
    )
    assert dialog.regime_combo.currentData() == "cn"
    assert not dialog.reason_edit.isVisibleTo(dialog)  # the suggestion needs no reason

    qtbot.keyClicks(dialog.summary_edit, "Annual fee charged twice")
    qtbot.keyClicks(dialog.about_agent_edit, "agent09")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.window.call_desk.new_complaint_dialog is None, timeout=TIMEOUT_MS)

    (entry,) = desk.queued()
    assert entry.kind == MutationKind.TICKET_CREATE
    payload = entry.payload
    assert (payload["regime"], payload["complaint_type"]) == ("cn", "standard")
    assert payload["call_id"] == CALL_ID
    assert payload["flow_run_id"] == desk.window.flow_panel.runs[-1].run_id
    assert payload["parties"] == [{"kind": "agent", "id": "agent09"}]
    assert "saved on this computer" in desk.window.statusBar().currentMessage()

    # In the list at once, not sent yet; its editor says why nothing else can be done yet.
    page = desk.window.complaints.show_page()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=TIMEOUT_MS)
    assert page.model.index(0, 0).data() == "Not sent yet"
    assert page.model.record(0).ticket.due_at.date() == date(2026, 10, 8)
    page.view.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(desk.window.complaints.editors), timeout=TIMEOUT_MS)
    editor = desk.window.complaints.editors[-1]
    assert editor.pending_label.isVisibleTo(editor)
    assert not any(b.isEnabled() for b in editor.move_buttons.values())


def test_the_new_complaint_form_as_the_agent_sees_it(qtbot: Any, desk: Desk) -> None:
    _on_call(qtbot, desk)
    dialog = _dialog(qtbot, desk)
    qtbot.keyClicks(dialog.summary_edit, "Annual fee charged twice")
    qtbot.keyClicks(dialog.outcome_edit, "Refund the second fee")
    assert dialog.source_label.text() == (
        "from the call, with the complaint-intake script's record"
    )
    assert dialog.suggestion_label.text().startswith("Suggested for this customer and category")
    _shoot(dialog, "new", "en")


def test_another_regime_asks_for_the_reason_and_moves_the_deadline(qtbot: Any, desk: Desk) -> None:
    _on_call(qtbot, desk)
    dialog = _dialog(qtbot, desk)
    dialog.regime_combo.setCurrentIndex(dialog.regime_combo.findData("uk"))

    assert dialog.reason_edit.isVisibleTo(dialog)
    assert dialog.deadline_label.text().startswith("Summary resolution by")
    qtbot.keyClicks(dialog.summary_edit, "Card payment")
    dialog.save()
    assert "Say why" in dialog.message.text()
    assert desk.queued() == []


# -- the list ----------------------------------------------------------------------------------


def _lists(desk: Desk) -> None:
    opened = datetime(2026, 9, 1, 2, 0, tzinfo=UTC)  # due 16 Sep (Beijing)
    desk.cache_tickets(
        ticket(1, opened_at=opened, assignee="agent01", summary="Late refund"),
        ticket(2, opened_at=opened - timedelta(days=8), assignee="agent01", summary="Rude branch"),
        ticket(
            3,
            opened_at=datetime(2026, 9, 10, 2, tzinfo=UTC),
            opened_by="agent01",
            summary="App login",
            category="digital_channel",
            status=TicketStatus.INVESTIGATING,
        ),
    )


def test_the_countdown_moves_with_the_clock_without_resetting_the_model(
    qtbot: Any, desk: Desk
) -> None:
    _lists(desk)
    page = desk.window.complaints.show_page()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=TIMEOUT_MS)
    model = page.model
    resets: list[int] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b, _roles: changed.append((a.column(), b.column())))
    row = next(r for r in range(3) if model.record(r).ticket.id == 1)
    before = model.index(row, COUNTDOWN_COLUMN).data()

    desk.clock.now += timedelta(minutes=1)
    page.timer.timeout.emit()

    after = model.index(row, COUNTDOWN_COLUMN).data()
    assert before != after and after.endswith("left")
    assert resets == [] and changed == [(DUE_COLUMN, COUNTDOWN_COLUMN)]


def test_breached_rows_read_in_the_error_colour_and_warnings_in_the_warning_colour(
    qtbot: Any, desk: Desk
) -> None:
    _lists(desk)
    desk.clock.now = datetime(2026, 9, 13, 2, 0, tzinfo=UTC)
    page = desk.window.complaints.show_page()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=TIMEOUT_MS)
    model, colors = page.model, ValueColors()
    by_id = {model.record(r).ticket.id: r for r in range(3)}

    def colour(ticket_id: int) -> Any:
        return model.index(by_id[ticket_id], COUNTDOWN_COLUMN).data(Qt.ItemDataRole.ForegroundRole)

    assert colour(2) == colors.error and model.state(by_id[2]) == "breached"
    assert colour(1) == colors.warning and model.state(by_id[1]) == "warning"
    assert colour(3) is None
    assert model.index(by_id[2], COUNTDOWN_COLUMN).data().startswith("overdue by")
    _shoot(desk.window.complaints.dock, "page", "en")

    page.show_list("breached")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=TIMEOUT_MS)
    assert page.model.record(0).ticket.id == 2


@pytest.mark.parametrize("language", ["zh_CN"], indirect=True)
@pytest.mark.parametrize("desk", [Role.SUPERVISOR], indirect=True)
def test_the_chinese_list_and_editor_have_no_untranslated_label(
    qtbot: Any, desk: Desk, language: str
) -> None:
    _lists(desk)
    desk.clock.now = datetime(2026, 9, 13, 2, 0, tzinfo=UTC)
    page = desk.window.complaints.show_page()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=TIMEOUT_MS)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    cells = visible_text(page)
    for english in ("Reference", "Time left", "left", "Fees", "New", "overdue", "Due"):
        assert english not in " ".join(headers) + cells, english
    assert "剩余" in cells or "逾期" in cells
    _shoot(desk.window.complaints.dock, "page", language)

    desk.backend.put(
        ticket(
            1,
            assignee="agent01",
            summary="Late refund",
            opened_at=datetime(2026, 9, 1, 2, 0, tzinfo=UTC),
        )
    )
    editor = _open_editor(qtbot, desk, 1)
    editor.assign_combo.setCurrentIndex(editor.assign_combo.findData("agent03"))
    editor.assign_button.click()
    qtbot.waitUntil(lambda: editor.activity_list.count() == 1, timeout=TIMEOUT_MS)
    labels = [w.text() for w in editor.findChildren(QLabel) + editor.findChildren(QPushButton)]
    text = "\n".join([*labels, editor.activity_list.item(0).text()])
    for english in ("Deadlines", "Decision", "Assign", "Activity", "Category:", "assigned"):
        assert english not in text, english
    _shoot(editor, "editor", language)
    editor.close()

    _on_call(qtbot, desk)
    dialog = _dialog(qtbot, desk)
    assert dialog.deadline_label.text().startswith("须于 2026年9月28日 星期一 前作出处理决定")
    _shoot(dialog, "new", language)


# -- the editor --------------------------------------------------------------------------------


def _open_editor(qtbot: Any, desk: Desk, ticket_id: int) -> TicketEditor:
    page = desk.window.complaints.show_page()
    qtbot.waitUntil(lambda: page.model.index_of(ticket_id).isValid(), timeout=TIMEOUT_MS)
    page.view.setCurrentIndex(page.model.index_of(ticket_id))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(desk.window.complaints.editors), timeout=TIMEOUT_MS)
    editor = desk.window.complaints.editors[-1]
    qtbot.waitUntil(lambda: editor.loaded_once, timeout=TIMEOUT_MS)
    return editor


def _open_by_id(qtbot: Any, desk: Desk, ticket_id: int) -> TicketEditor:
    """As the 360's tickets tab opens one: by its id, from the cache."""
    desk.window.complaints.open_ticket(ticket_id)
    qtbot.waitUntil(lambda: bool(desk.window.complaints.editors), timeout=TIMEOUT_MS)
    editor = desk.window.complaints.editors[-1]
    qtbot.waitUntil(lambda: editor.loaded_once, timeout=TIMEOUT_MS)
    return editor


@pytest.mark.parametrize("desk", [Role.SUPERVISOR], indirect=True)
def test_the_editor_offers_only_the_allowed_moves_and_never_a_recused_assignee(
    qtbot: Any, desk: Desk
) -> None:
    record = ticket(
        5,
        assignee="agent01",
        status=TicketStatus.INVESTIGATING,
        parties=[TicketParty(kind="agent", id="agent02")],
        opened_at=datetime(2026, 9, 10, 2, tzinfo=UTC),
    )
    desk.backend.put(record)
    desk.cache_tickets(record)
    editor = _open_editor(qtbot, desk, 5)

    assert editor.offered_moves() == [TicketStatus.PENDING_CUSTOMER, TicketStatus.RESOLVED]
    assert editor.offered_assignees() == ["agent03"]
    assert "Decision" in visible_text(editor.clock_panel)

    editor.assign_combo.setCurrentIndex(0)
    editor.assign_button.click()
    qtbot.waitUntil(lambda: desk.backend.tickets[5].assignee == "agent03", timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: editor.activity_list.count() == 1, timeout=TIMEOUT_MS)
    assert "assigned it" in editor.activity_list.item(0).text()
    _shoot(editor, "editor", "en")


@pytest.mark.parametrize("desk", [Role.SUPERVISOR], indirect=True)
def test_closing_asks_for_the_root_cause_and_the_resolution(qtbot: Any, desk: Desk) -> None:
    record = ticket(
        11,
        assignee="agent01",
        status=TicketStatus.RESOLVED,
        opened_at=datetime(2026, 9, 10, 2, tzinfo=UTC),
    )
    desk.backend.put(record)
    desk.cache_tickets(record)
    editor = _open_by_id(qtbot, desk, 11)  # resolved: in no open list, but in the 360
    assert editor.offered_moves() == [TicketStatus.CLOSED, TicketStatus.INVESTIGATING]
    assert editor.move_buttons[TicketStatus.INVESTIGATING].text() == "Reopen"

    editor.move_buttons[TicketStatus.CLOSED].click()
    qtbot.waitUntil(lambda: editor.outcome_dialog is not None, timeout=TIMEOUT_MS)
    outcome = editor.outcome_dialog
    assert outcome is not None
    outcome.resolution_edit.setPlainText("Fee refunded")
    outcome.ok_button.click()
    assert outcome.isVisible() and "root cause" in outcome.message.text()  # nothing sent
    assert str(desk.backend.tickets[11].status) == "resolved"

    outcome.root_cause_combo.setCurrentIndex(outcome.root_cause_combo.findData("fee_disclosure"))
    outcome.ok_button.click()
    qtbot.waitUntil(
        lambda: desk.backend.tickets[11].status == TicketStatus.CLOSED, timeout=TIMEOUT_MS
    )
    assert desk.backend.tickets[11].root_cause == "fee_disclosure"
    assert desk.backend.tickets[11].resolution == "Fee refunded"
    qtbot.waitUntil(lambda: editor.activity_list.count() == 1, timeout=TIMEOUT_MS)
    assert editor.activity_list.item(0).text().endswith("moved it: Resolved → Closed")


@pytest.mark.parametrize("desk", [Role.SUPERVISOR], indirect=True)
def test_a_recused_assignee_refused_by_the_server_is_said_in_words(qtbot: Any, desk: Desk) -> None:
    record = ticket(12, parties=[TicketParty(kind="agent", id="agent02")])
    desk.backend.put(record)
    desk.cache_tickets(record)
    editor = _open_by_id(qtbot, desk, 12)
    editor.assign_combo.addItem("agent02", "agent02")  # as if an old list still had them
    editor.assign_combo.setCurrentIndex(editor.assign_combo.findData("agent02"))
    editor.assign_button.click()
    qtbot.waitUntil(lambda: editor.message.isVisibleTo(editor), timeout=TIMEOUT_MS)
    assert editor.message.text() == (
        "Not assigned: the complaint is about this person, so they may not handle it."
    )
    assert desk.backend.tickets[12].assignee == ""


@pytest.mark.parametrize("desk", [Role.SUPERVISOR], indirect=True)
def test_a_supervisor_is_offered_the_extension(qtbot: Any, desk: Desk) -> None:
    record = ticket(6, assignee="agent01", opened_at=datetime(2026, 9, 10, 2, tzinfo=UTC))
    desk.backend.put(record)
    desk.cache_tickets(record)
    editor = _open_editor(qtbot, desk, 6)
    assert "extended" in editor.offered_event_kinds()


def test_a_stale_ticket_shows_the_conflict_dialog_with_the_servers_ticket(
    qtbot: Any, desk: Desk
) -> None:
    record = ticket(7, assignee="agent01", opened_at=datetime(2026, 9, 10, 2, tzinfo=UTC))
    desk.backend.put(record)
    desk.cache_tickets(record)
    editor = _open_editor(qtbot, desk, 7)
    # An agent neither hands tickets over nor extends their clock: not offered.
    assert not editor.assign_combo.isVisibleTo(editor)
    assert "extended" not in editor.offered_event_kinds()
    desk.backend.bump(7, summary="Changed by the supervisor", status=TicketStatus.ACKNOWLEDGED)

    editor.move_buttons[TicketStatus.ACKNOWLEDGED].click()
    qtbot.waitUntil(lambda: editor.conflict_dialog is not None, timeout=TIMEOUT_MS)
    dialog = editor.conflict_dialog
    assert dialog is not None
    assert "Changed by the supervisor" in visible_text(dialog)
    dialog.accept()
    qtbot.waitUntil(
        lambda: editor.offered_moves() == [TicketStatus.INVESTIGATING, TicketStatus.RESOLVED],
        timeout=TIMEOUT_MS,
    )


def test_enter_on_the_360s_ticket_opens_the_editor(qtbot: Any, desk: Desk) -> None:
    record = ticket(8, assignee="agent01", opened_at=datetime(2026, 9, 10, 2, tzinfo=UTC))
    desk.backend.put(record)
    desk.cache_tickets(record)
    desk.backend.down = True
    panel = desk.window.customer_page.profile
    desk.window.customer_page.open_customer(1)
    qtbot.waitUntil(lambda: panel.tickets_model.rowCount() == 1, timeout=TIMEOUT_MS)
    panel.tickets_view.activated.emit(panel.tickets_model.index(0, 0, QModelIndex()))
    qtbot.waitUntil(lambda: bool(desk.window.complaints.editors), timeout=TIMEOUT_MS)
    assert desk.window.complaints.editors[-1].row.ticket.id == 8


def test_signing_out_closes_the_editors_and_forgets_the_lists(qtbot: Any, desk: Desk) -> None:
    _lists(desk)
    record = ticket(9, assignee="agent01", opened_at=datetime(2026, 9, 10, 2, tzinfo=UTC))
    desk.backend.put(record)
    desk.cache_tickets(record)
    _open_editor(qtbot, desk, 9)
    page = desk.window.complaints.page

    desk.window.reset()

    qtbot.waitUntil(lambda: not desk.window.complaints.editors, timeout=TIMEOUT_MS)
    assert page.model.rowCount() == 0 and not desk.window.complaints.dock.isVisible()


def test_the_severity_and_summary_are_edited_on_the_server_and_a_blank_summary_is_refused_here(
    qtbot: Any, desk: Desk
) -> None:
    record = ticket(13, assignee="agent01", opened_at=datetime(2026, 9, 10, 2, tzinfo=UTC))
    desk.backend.put(record)
    desk.cache_tickets(record)
    editor = _open_editor(qtbot, desk, 13)

    editor.summary_edit.setText("   ")
    editor.details_button.click()
    qtbot.waitUntil(lambda: editor.message.isVisibleTo(editor), timeout=TIMEOUT_MS)
    assert editor.message.text() == "Summary: write what the complaint is about in a line."
    assert desk.backend.tickets[13].version == 1

    editor.severity_combo.setCurrentIndex(editor.severity_combo.findData("high"))
    editor.summary_edit.setText("Fee charged twice, second time after the complaint")
    editor.details_button.click()
    qtbot.waitUntil(lambda: desk.backend.tickets[13].version == 2, timeout=TIMEOUT_MS)
    server = desk.backend.tickets[13]
    assert (server.severity, server.summary) == (
        "high",
        "Fee charged twice, second time after the complaint",
    )
    qtbot.waitUntil(lambda: editor.activity_list.count() == 1, timeout=TIMEOUT_MS)
    assert "edited it" in editor.activity_list.item(0).text()
