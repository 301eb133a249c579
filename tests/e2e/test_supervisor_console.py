"""The supervisor's console against a real backend: the role decides the window; a call offered
changes the queue tile and the agent grid; the supervisor sets an agent not ready and that
agent's desk says so; a reassigned complaint moves from one agent's list to another's; the
agent's softphone and the supervisor's tile show the same service level at the same moment.

Two desks in one test are two workstations (their own AGENTDESK_HOME), as in
tests/ui/test_live_views.py.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from agentdesk.domain.presence import AgentState
from agentdesk.services import AppServices, ComplaintCategory, NewComplaint, Severity
from tests.e2e.call_backend import (
    QUEUE,
    SECRET,
    TIMEOUT_MS,
    CallBackend,
    activate,
    call_backend,  # noqa: F401 - the fixture
)
from ui.complaints.ticket_editor import TicketEditor
from ui.kit.bridge import EventBridge
from ui.kit.workers import BackgroundOp
from ui.shell.app_controller import AppController
from ui.shell.console_window import ConsoleWindow
from ui.shell.main_window import MainWindow
from ui.supervisor.action_dialogs import ChooserDialog, NotReadyDialog, TextDialog
from ui.supervisor.complaint_board import ComplaintBoardModel

SUPERVISOR = "sup01"  # the retail team's supervisor (陈主管)
AGENT = "agent01"  # retail
OTHER_AGENT = "agent02"  # retail


@pytest.fixture
def make_controller(qtbot: Any) -> Iterator[Callable[[AppServices], AppController]]:
    made: list[tuple[AppController, EventBridge]] = []

    def make(services: AppServices) -> AppController:
        bridge = EventBridge(services.bus)
        controller = AppController(services, bridge, quit_app=lambda _code: None)
        made.append((controller, bridge))
        return controller

    yield make
    for controller, bridge in made:
        for window in (controller.window, controller.console_window):
            if window is not None:
                window.close()
                window.deleteLater()
        bridge.close()
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0, timeout=15_000)


def _desk(
    make_services: Callable[..., AppServices],
    backend: CallBackend,
    username: str,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AppServices:
    monkeypatch.setenv("AGENTDESK_HOME", str(home))  # a workstation of its own
    services = make_services(backend_url=backend.url, demo_mode=False)
    services.session.login(backend.url, username, backend.backend.password)
    return services


def _console(
    qtbot: Any,
    make_controller: Callable[[AppServices], AppController],
    services: AppServices,
) -> ConsoleWindow:
    window = make_controller(services).show_window_for_role()
    assert isinstance(window, ConsoleWindow)
    qtbot.waitUntil(lambda: window.console.snapshot is not None, timeout=TIMEOUT_MS)
    listener = services.sync.listener
    assert listener is not None
    qtbot.waitUntil(lambda: listener.connections >= 1, timeout=TIMEOUT_MS)
    return window


def _agent_state_text(window: ConsoleWindow, username: str) -> str:
    model = window.console.agent_model
    for row in range(model.rowCount()):
        if model.rows[row].username == username:
            return str(model.index(row, 1).data())
    return ""


def _complaint_of(
    backend: CallBackend, supervisor_desk: AppServices, board: ComplaintBoardModel
) -> int:
    """A complaint of the retail team both agents may take (recusal), assigned to agent01."""
    supervisor = supervisor_desk.supervisor
    ticket_id = next(
        (
            c.id
            for c in board.complaints
            if {AGENT, OTHER_AGENT} <= {p.username for p in supervisor.assignable(c.id)}
        ),
        None,
    )
    if ticket_id is None:
        # None in the demo data: the supervisor opens one (opened by neither agent).
        customer_id, _name, _phone = backend.single_customer()
        form = NewComplaint(
            customer_id=customer_id,
            category=ComplaintCategory.FEES,
            severity=Severity.MEDIUM,
            summary="Annual card fee charged twice",
        )
        local = supervisor_desk.complaints.open_complaint(form)
        assert supervisor_desk.sync.sync_now()
        pushed = supervisor_desk.complaints.ticket(-local.local_id)
        found = pushed.ticket.id if pushed is not None else 0
        if found <= 0:
            found = max(r.ticket.id for r in supervisor_desk.complaints.my_team())
        ticket_id = found
    if next((c.assignee for c in board.complaints if c.id == ticket_id), None) != AGENT:
        supervisor.reassign(ticket_id, AGENT)
    return ticket_id


@pytest.fixture
def agent_desk(
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Iterator[AppServices]:
    services = _desk(make_services, call_backend, AGENT, tmp_path / "agent", monkeypatch)
    yield services
    api = services.session.api
    me = api.telephony_me()
    if me.call is not None and str(me.call.state) == "ringing":
        api.call_action(me.call.id, "answer")
        me = api.telephony_me()
    if me.call is not None and str(me.call.state) in {"answered", "held"}:
        api.call_action(me.call.id, "hangup")
    if api.telephony_me().presence.state is AgentState.WRAP_UP:
        api.finish_wrap_up()
    if api.telephony_me().presence.state is not AgentState.OFFLINE:
        api.set_presence(AgentState.OFFLINE)


@pytest.fixture
def supervisor_desk(
    call_backend: CallBackend,  # noqa: F811
    make_services: Callable[..., AppServices],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> AppServices:
    return _desk(make_services, call_backend, SUPERVISOR, tmp_path / "sup", monkeypatch)


def test_a_supervisor_signs_in_to_the_console_and_an_agent_to_the_desk(
    qtbot: Any,
    supervisor_desk: AppServices,
    agent_desk: AppServices,
    make_controller: Callable[[AppServices], AppController],
) -> None:
    console = _console(qtbot, make_controller, supervisor_desk)
    titles = [a.text().replace("&", "") for a in console.menuBar().actions()]
    assert "Team" in titles and "Call" not in titles  # no call controls for a supervisor
    assert not hasattr(console, "softphone")
    assert console.console.queue_wall.tiles  # the team's queues
    assert _agent_state_text(console, AGENT)  # the team's agents, their state in words

    controller = make_controller(agent_desk)
    desk = controller.show_window_for_role()
    assert isinstance(desk, MainWindow) and controller.console_window is None
    titles = [a.text().replace("&", "") for a in desk.menuBar().actions()]
    assert "Team" not in titles


def test_an_offered_call_changes_the_queue_tile_and_the_agent_grid(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    supervisor_desk: AppServices,
    agent_desk: AppServices,
    make_controller: Callable[[AppServices], AppController],
) -> None:
    console = _console(qtbot, make_controller, supervisor_desk)
    tile = console.console.queue_wall.tiles[QUEUE]
    waiting_before = tile.stats.waiting.value if tile.stats else 0
    _id, _name, phone = call_backend.single_customer()

    call_backend.offer(phone)  # nobody of the queue is ready: the call waits
    qtbot.waitUntil(
        lambda: tile.stats is not None and tile.stats.waiting.value == (waiting_before or 0) + 1,
        timeout=TIMEOUT_MS,
    )
    assert tile.value_labels["waiting"].text() == str(int((waiting_before or 0) + 1))
    qtbot.waitUntil(lambda: console.console.waiting_model.rowCount() >= 1, timeout=TIMEOUT_MS)

    agent_desk.calls.set_ready()  # the agent comes: the waiting call rings at their desk
    qtbot.waitUntil(lambda: _agent_state_text(console, AGENT) == "Ringing", timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: tile.stats is not None and tile.stats.waiting.value == (waiting_before or 0),
        timeout=TIMEOUT_MS,
    )


def test_the_supervisor_sets_an_agent_not_ready_and_the_agents_desk_shows_it(
    qtbot: Any,
    supervisor_desk: AppServices,
    agent_desk: AppServices,
    make_controller: Callable[[AppServices], AppController],
) -> None:
    desk = make_controller(agent_desk).show_window_for_role()
    assert isinstance(desk, MainWindow)
    agent_desk.calls.set_ready()
    qtbot.waitUntil(lambda: desk.softphone.presence_state is AgentState.READY, timeout=TIMEOUT_MS)
    console = _console(qtbot, make_controller, supervisor_desk)
    qtbot.waitUntil(lambda: _agent_state_text(console, AGENT) == "Ready", timeout=TIMEOUT_MS)
    activate(qtbot, console)
    assert console.console.select_agent(AGENT)

    dialogs: list[object] = []
    console.console.dialog_opened.connect(dialogs.append)
    console.console.not_ready_action.trigger()
    dialog = dialogs[-1]
    assert isinstance(dialog, NotReadyDialog)
    assert dialog.reason_combo.currentText() == "Coaching"  # a supervisor's usual reason
    dialog.accept()

    qtbot.waitUntil(
        lambda: desk.softphone.presence_state is AgentState.NOT_READY, timeout=TIMEOUT_MS
    )
    qtbot.waitUntil(
        lambda: desk.softphone.state_button.text().startswith("Set not ready by"),
        timeout=TIMEOUT_MS,
    )
    assert desk.softphone.state_button.text().endswith(": Coaching")
    qtbot.waitUntil(lambda: _agent_state_text(console, AGENT) == "Not ready", timeout=TIMEOUT_MS)


def test_a_reassigned_complaint_leaves_one_agents_list_for_anothers(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    supervisor_desk: AppServices,
    agent_desk: AppServices,
    make_services: Callable[..., AppServices],
    make_controller: Callable[[AppServices], AppController],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    other = _desk(make_services, call_backend, OTHER_AGENT, tmp_path / "other", monkeypatch)
    console = _console(qtbot, make_controller, supervisor_desk)
    board = console.console.board_model

    def ids(services: AppServices) -> set[int]:
        services.sync.sync_now()
        return {row.ticket.id for row in services.complaints.mine()}

    ticket_id = _complaint_of(call_backend, supervisor_desk, board)
    qtbot.waitUntil(lambda: ticket_id in ids(agent_desk), timeout=TIMEOUT_MS)
    opened = agent_desk.complaints.ticket(ticket_id)
    assert opened is not None and opened.ticket.opened_by not in (AGENT, OTHER_AGENT)
    assert ticket_id not in ids(other)
    qtbot.waitUntil(
        lambda: any(c.id == ticket_id and c.assignee == AGENT for c in board.complaints),
        timeout=TIMEOUT_MS,
    )

    activate(qtbot, console)
    console.console.tabs.setCurrentIndex(2)
    assert console.console.select_complaint(ticket_id)
    dialogs: list[object] = []
    console.console.dialog_opened.connect(dialogs.append)
    console.console.reassign_action.trigger()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=TIMEOUT_MS)
    chooser = dialogs[-1]
    assert isinstance(chooser, ChooserDialog)
    people = [chooser.list.item(i).data(256) for i in range(chooser.list.count())]
    assert OTHER_AGENT in people and AGENT not in people
    chooser.list.setCurrentRow(people.index(OTHER_AGENT))
    chooser.accept()

    qtbot.waitUntil(lambda: ticket_id in ids(other), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: ticket_id not in ids(agent_desk), timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: any(c.id == ticket_id and c.assignee == OTHER_AGENT for c in board.complaints),
        timeout=TIMEOUT_MS,
    )


def test_the_softphone_and_the_tile_show_the_same_service_level(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    supervisor_desk: AppServices,
    agent_desk: AppServices,
    make_controller: Callable[[AppServices], AppController],
) -> None:
    desk = make_controller(agent_desk).show_window_for_role()
    assert isinstance(desk, MainWindow)
    console = _console(qtbot, make_controller, supervisor_desk)
    tile = console.console.queue_wall.tiles[QUEUE]
    softphone = desk.softphone
    qtbot.waitUntil(lambda: bool(softphone.home_queue), timeout=TIMEOUT_MS)

    agent_desk.calls.set_ready()
    _id, _name, phone = call_backend.single_customer()
    call_backend.offer(phone)
    qtbot.waitUntil(lambda: softphone.answer_action.isEnabled(), timeout=TIMEOUT_MS)
    agent_desk.calls.answer()
    agent_desk.calls.hang_up()

    def same() -> bool:
        shown = tile.value_labels["service_level"].toolTip()
        return bool(shown) and softphone.service_level_label.toolTip() == shown

    # Both render the same queue.stats event: the same figure, the same formula and numbers.
    qtbot.waitUntil(same, timeout=TIMEOUT_MS)
    assert tile.value_labels["service_level"].text() in softphone.service_level_label.text()


def test_a_broadcast_shows_on_the_agents_desk_until_dismissed(
    qtbot: Any,
    supervisor_desk: AppServices,
    agent_desk: AppServices,
    make_controller: Callable[[AppServices], AppController],
) -> None:
    desk = make_controller(agent_desk).show_window_for_role()
    assert isinstance(desk, MainWindow)
    listener = agent_desk.sync.listener
    assert listener is not None
    qtbot.waitUntil(lambda: listener.connections >= 1, timeout=TIMEOUT_MS)
    console = _console(qtbot, make_controller, supervisor_desk)
    dialogs: list[object] = []
    console.console.dialog_opened.connect(dialogs.append)
    console.console.broadcast_action.trigger()
    dialog = dialogs[-1]
    assert isinstance(dialog, TextDialog)
    dialog.edit.setPlainText("System maintenance at 12:00: save your notes")
    dialog.accept()

    banner = desk.broadcast_banner
    qtbot.waitUntil(banner.isVisible, timeout=TIMEOUT_MS)
    assert "System maintenance at 12:00" in banner.label.text()
    assert "陈主管" in banner.label.text()  # the sender, by name
    banner.dismiss_button.click()
    assert not banner.isVisible()


def test_an_extension_asked_by_the_assignee_and_refused_from_the_board(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    supervisor_desk: AppServices,
    agent_desk: AppServices,
    make_controller: Callable[[AppServices], AppController],
) -> None:
    console = _console(qtbot, make_controller, supervisor_desk)
    board = console.console.board_model
    ticket_id = _complaint_of(call_backend, supervisor_desk, board)
    agent_desk.sync.sync_now()
    row = agent_desk.complaints.refresh(ticket_id)
    editor = TicketEditor(agent_desk.complaints, row)
    qtbot.addWidget(editor)
    qtbot.waitUntil(lambda: editor.loaded_once, timeout=TIMEOUT_MS)
    assert editor.extension_button.isEnabled()
    dialogs: list[object] = []
    editor.dialog_opened.connect(dialogs.append)
    editor.extension_button.click()
    asking = dialogs[-1]
    assert isinstance(asking, QInputDialog)
    asking.setTextValue("We wait for the card network's answer")
    asking.accept()
    qtbot.waitUntil(
        lambda: editor.extension_label.text().startswith("Extension asked for"),
        timeout=TIMEOUT_MS,
    )

    # The board hears ticket.changed and shows the request to decide.
    qtbot.waitUntil(
        lambda: any(c.id == ticket_id and c.pending_extension for c in board.complaints),
        timeout=TIMEOUT_MS,
    )
    console.console.board_filter.setCurrentIndex(console.console.board_filter.findData("extension"))
    assert console.console.select_complaint(ticket_id)
    assert console.console.refuse_action.isEnabled()
    decisions: list[object] = []
    console.console.dialog_opened.connect(decisions.append)
    console.console.refuse_action.trigger()
    refusal = decisions[-1]
    assert isinstance(refusal, TextDialog)
    refusal.edit.setPlainText("Answer within the 15 days: the network replies in 5")
    refusal.accept()

    qtbot.waitUntil(
        lambda: not any(c.id == ticket_id and c.pending_extension for c in board.complaints),
        timeout=TIMEOUT_MS,
    )
    editor.reload()
    qtbot.waitUntil(
        lambda: editor.extension_label.text().startswith(f"Extension refused by {SUPERVISOR}"),
        timeout=TIMEOUT_MS,
    )
    assert "network replies in 5" in editor.extension_label.text()


def test_a_waiting_call_is_moved_to_another_queue_and_the_figures_exported(
    qtbot: Any,
    call_backend: CallBackend,  # noqa: F811
    supervisor_desk: AppServices,
    make_controller: Callable[[AppServices], AppController],
    tmp_path: Path,
) -> None:
    console = _console(qtbot, make_controller, supervisor_desk)
    _id, _name, phone = call_backend.single_customer()
    call_id = call_backend.offer(phone)  # nobody is ready: it waits in General service
    try:
        _move_and_export(qtbot, console, supervisor_desk, call_id, tmp_path)
    finally:
        _caller_hangs_up(call_backend, call_id)  # no call left waiting for the next test


def _caller_hangs_up(backend: CallBackend, call_id: str) -> None:
    body = json.dumps({"type": "call.hung_up", "call_id": call_id}).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    httpx.post(
        f"{backend.url}/telephony/events",
        content=body,
        headers={"Content-Type": "application/json", "X-AgentDesk-Signature": signature},
        timeout=10,
    ).raise_for_status()


def _move_and_export(
    qtbot: Any, console: ConsoleWindow, supervisor_desk: AppServices, call_id: str, tmp_path: Path
) -> None:
    waiting = console.console.waiting_model
    qtbot.waitUntil(
        lambda: any(waiting.record(r).call_id == call_id for r in range(waiting.rowCount())),
        timeout=TIMEOUT_MS,
    )
    row = next(r for r in range(waiting.rowCount()) if waiting.record(r).call_id == call_id)
    console.console.tabs.setCurrentIndex(1)
    console.console.waiting_view.setCurrentIndex(waiting.index(row, 0))
    assert waiting.index(row, 0).data() == "General service"  # the queue's name, not its code
    dialogs: list[object] = []
    console.console.dialog_opened.connect(dialogs.append)
    console.console.move_call_action.trigger()
    chooser = dialogs[-1]
    assert isinstance(chooser, ChooserDialog)
    names = [chooser.list.item(i).text() for i in range(chooser.list.count())]
    assert names == ["Cards"]  # the team's other queue
    chooser.accept()

    def queue_of_call() -> str:
        for r in range(waiting.rowCount()):
            if waiting.record(r).call_id == call_id:
                return waiting.record(r).queue
        return ""

    qtbot.waitUntil(lambda: queue_of_call() == "cards", timeout=TIMEOUT_MS)

    target = tmp_path / "intervals.csv"
    today = supervisor_desk.supervisor.today()
    console.console.export_to(target, today, today)
    qtbot.waitUntil(target.exists, timeout=TIMEOUT_MS)
    header = target.read_text(encoding="utf-8").splitlines()[0]
    assert "queue" in header and "offered" in header


def test_the_console_answers_the_keyboard(
    qtbot: Any,
    supervisor_desk: AppServices,
    make_controller: Callable[[AppServices], AppController],
) -> None:
    window = _console(qtbot, make_controller, supervisor_desk)
    console = window.console
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert console.tabs.currentIndex() == 2
    assert console.board_view.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert console.agent_view.hasFocus()
    # Each action names its shortcut where it is offered.
    for action in [*console.team_actions, console.export_action, window.find_customer_action]:
        assert not action.shortcut().isEmpty(), action.text()
        assert action.shortcut().toString() in action.toolTip()
    dialogs: list[object] = []
    console.dialog_opened.connect(dialogs.append)
    qtbot.keyClick(console.agent_view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=TIMEOUT_MS)
    dialog = dialogs[-1]
    assert isinstance(dialog, TextDialog) and dialog.isVisible()
    dialog.reject()
