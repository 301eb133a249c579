"""My tasks and the 360's Tasks tab with real widgets, the real task service, the encrypted
cache and the outbox: the lists by due time and the care queue, a care task's reason in words,
done / reschedule / hand back saved offline as task.update entries, and the call to the
customer asked of the ACD with the task.

With CARE_SCREENSHOTS=<folder> the tests also save My tasks in both languages.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from time import sleep
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from agentdesk.cache import outbox, records, sync_state
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.sync import ChangesPage, CustomerRecord, MutationKind, Task
from agentdesk.services import AppServices
from agentdesk.services.wiring import build_app_services
from tests.ui.care_backend import CareBackend
from tests.ui.conftest import visible_text
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.theme import apply_theme
from ui.kit.workers import BackgroundOp
from ui.shell.main_window import MainWindow
from ui.worklist.my_tasks_page import MyTasksPage
from ui.worklist.task_dialogs import DoneDialog, RescheduleDialog


def _now_with_room_today() -> datetime:
    """Now, to the next minute; past the local midnight first when it is under 3 minutes
    away, so that a task can be due later today (the page sorts by the agent's local day)."""
    local = datetime.now().astimezone()
    midnight = datetime.combine(local.date() + timedelta(days=1), time(), local.tzinfo)
    if midnight - local < timedelta(minutes=3):
        sleep((midnight - local).total_seconds() + 1)
    return (datetime.now(UTC) + timedelta(minutes=1)).replace(second=0, microsecond=0)


NOW = _now_with_room_today()
_LOCAL = NOW.astimezone()
_MIDNIGHT = datetime.combine(_LOCAL.date() + timedelta(days=1), time(), _LOCAL.tzinfo)
# Due later today, whatever the hour: 30 minutes on, or halfway to midnight if that is nearer.
LATER_TODAY = NOW + min(timedelta(minutes=30), (_MIDNIGHT - NOW) / 2)
TIMEOUT_MS = 15_000


def customer(customer_id: int, name: str, **changes: Any) -> CustomerRecord:
    values: dict[str, Any] = {
        "id": customer_id,
        "cif": f"CIF{customer_id:08d}",
        "name": name,
        "birth_year": 1980,
        "id_number_masked": "110***********1234",
        "id_last4": "1234",
        "phones": [f"+86138000000{customer_id:02d}"],
        "tier": "gold",
        "aum": "600000.00",
        "yearly_revenue": "3000.00",
        "risk_profile": "C3",
        "risk_assessed_on": "2026-01-10",
        "marketing_consent": True,
        "updated_at": NOW.isoformat(),
    }
    return CustomerRecord.model_validate(values | changes)


def care_task(task_id: int, customer_id: int, due_at: datetime, **changes: Any) -> Task:
    values: dict[str, Any] = {
        "id": task_id,
        "customer_id": customer_id,
        "kind": "care",
        "due_at": due_at,
        "owner": "agent01",
        "queue": "care",
        "rule": "holding_down",
        "subject": "fund:F001",
        "reason": "holding_down",
        "figures": {
            "product": "稳健增长混合基金",
            "loss_pct": "12.5",
            "cost": "100000.00",
            "value": "87500.00",
            "threshold_pct": "10",
        },
        "version": 2,
    }
    return Task.model_validate(values | changes)


def shoot(widget: QWidget, name: str, language: str) -> None:
    folder = os.environ.get("CARE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"care-{name}-{language}.png"))


class Desk:
    def __init__(self, services: AppServices, window: MainWindow, backend: CareBackend) -> None:
        self.services, self.window, self.backend = services, window, backend

    def cache(self, *tasks: Task) -> None:
        self.services.sync._cache.open().write(  # noqa: SLF001
            lambda conn: records.upsert_tasks(conn, tasks)
        )

    def queued(self) -> list[Any]:
        """The agent's changes waiting (not the views of cached 360s queued for audit)."""
        self.services.customers.flush_views()
        with self.services.sync._cache.open().read() as conn:  # noqa: SLF001
            return [m for m in outbox.pending(conn) if m.kind is not MutationKind.CUSTOMER_VIEW]

    def focus(self, qtbot: Any, widget: QWidget) -> None:
        self.window.activateWindow()
        qtbot.waitUntil(self.window.isActiveWindow, timeout=TIMEOUT_MS)
        widget.setFocus()

    def my_tasks(self, qtbot: Any) -> MyTasksPage:
        self.focus(qtbot, self.window)
        page = self.window.worklist.page
        with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
            qtbot.keyClick(self.window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
        return page


@pytest.fixture(params=["en"])
def language(request: pytest.FixtureRequest) -> str:
    value = str(request.param)
    if value == "zh_CN":
        request.getfixturevalue("chinese")
    return value


@pytest.fixture
def desk(qtbot: Any, qapp: Any, language: str) -> Iterator[Desk]:
    if os.environ.get("CARE_SCREENSHOTS"):
        apply_theme(qapp, "light")
    backend = CareBackend()
    services = build_app_services(
        DesktopSettings(backend_url="https://backend.test", language=language),
        AppPaths.from_environment(),
        transport=backend.transport(),
        listen=False,
        sync_autostart=False,
    )
    services.session.login("https://backend.test", "agent01", "pw")
    people = [customer(1, "张伟"), customer(2, "Li Na"), customer(3, "王芳")]
    page = ChangesPage(cursor=1, high_water=1, has_more=False, customers=people)
    services.sync._cache.open().write(lambda conn: sync_state.apply_changes(conn, page))  # noqa: SLF001
    bridge = EventBridge(services.bus)
    window = MainWindow(services, bridge, colors=ValueColors())
    qtbot.addWidget(window)
    window.show()
    desk = Desk(services, window, backend)
    desk.cache(
        care_task(11, 1, NOW - timedelta(hours=2)),
        Task(
            id=12,
            customer_id=2,
            kind="callback",
            due_at=LATER_TODAY,
            owner="agent01",
            note="Call back about the card fee refund",
        ),
        care_task(
            13,
            3,
            NOW + timedelta(days=3),
            rule="complaint_resolved",
            subject="ticket:T-2026-0042",
            reason="complaint_resolved",
            figures={"reference": "T-2026-0042", "resolved_on": "2026-11-20"},
        ),
        care_task(14, 2, LATER_TODAY, owner=""),
    )
    yield desk
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0, timeout=TIMEOUT_MS)
    bridge.close()
    services.close()


def _answer_dialog(kind: type[QDialog], fill: Any = None) -> None:
    """Answer the task dialog once it is open, as the agent would (OK)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, answer)
            return
        if fill is not None:
            fill(dialog)
        dialog.accept()

    QTimer.singleShot(0, answer)


def _rows(page: MyTasksPage) -> list[list[str]]:
    model = page.model
    return [
        [str(model.index(row, column).data()) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_my_tasks_lists_overdue_today_upcoming_and_the_care_queue_with_reasons_in_words(
    qtbot: Any, desk: Desk
) -> None:
    page = desk.my_tasks(qtbot)
    assert [page.tabs.tabText(i).replace("&", "") for i in range(page.tabs.count())] == [
        "Overdue (1)",
        "Due today (1)",
        "Upcoming (1)",
        "To take (1)",
    ]
    page.show_section("overdue")
    ((due, name, kind, status, what),) = _rows(page)
    assert (name, kind, status) == ("张伟", "Care call", "Open")
    assert what == (
        "稳健增长混合基金 is down 12.5% (cost 100000.00, value 87500.00; threshold 10%)"
    )
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # overdue
    shoot(desk.window.worklist.dock, "my-tasks", "en")

    page.show_section("upcoming")
    assert _rows(page)[0][4] == (
        "Confirm with the customer that complaint T-2026-0042, resolved on 2026-11-20, is settled"
    )
    page.show_section("to_take")
    assert _rows(page)[0][1:4] == ["Li Na", "Care call", "Waiting in the care queue"]
    assert not page.task_actions.hand_back_action.isEnabled()  # nobody's yet: nothing to hand back
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.task_actions.take_action.trigger()
    assert page.tabs.tabText(1).replace("&", "") == "Due today (2)"
    assert page.tabs.tabText(3).replace("&", "") == "To take (0)"
    assert [(m.kind.value, m.entity_id, m.payload["action"]) for m in desk.queued()] == [
        ("task.update", "14", "take")
    ]


def test_done_reschedule_and_hand_back_work_offline_through_the_outbox(
    qtbot: Any, desk: Desk
) -> None:
    desk.backend.down = True
    page = desk.my_tasks(qtbot)
    page.show_section("overdue")
    page.view.setFocus()

    _answer_dialog(DoneDialog, lambda d: d.outcome.setCurrentText("Customer reassured, keeps fund"))
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        qtbot.keyClick(page.view, Qt.Key.Key_E, _ctrl_shift())
    assert page.tabs.tabText(0).replace("&", "") == "Overdue (0)"

    page.show_section("today")
    later = NOW + timedelta(days=2)

    def move(dialog: RescheduleDialog) -> None:
        dialog.when.setDateTime(dialog.when.dateTime().fromSecsSinceEpoch(int(later.timestamp())))

    _answer_dialog(RescheduleDialog, move)
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS):
        page.task_actions.reschedule_action.trigger()
    assert page.tabs.tabText(2).replace("&", "") == "Upcoming (2)"

    page.show_section("upcoming")
    assert page.select_task(13)
    desk.focus(qtbot, page.view)  # the dialogs took the focus with them
    qtbot.keyClick(page.view, Qt.Key.Key_B, _ctrl_shift())
    qtbot.waitUntil(
        lambda: page.tabs.tabText(3).replace("&", "") == "To take (2)", timeout=TIMEOUT_MS
    )

    entries = [(m.kind.value, m.entity_id, m.payload) for m in desk.queued()]
    assert entries == [
        (
            "task.update",
            "11",
            {"action": "done", "outcome": "Customer reassured, keeps fund", "due_at": None},
        ),
        (
            "task.update",
            "12",
            {
                "action": "reschedule",
                "outcome": "",
                "due_at": later.isoformat().replace("+00:00", "Z"),
            },
        ),
        ("task.update", "13", {"action": "hand_back", "outcome": "", "due_at": None}),
    ]
    assert desk.services.sync.status().changes_waiting == 3


def test_calling_the_customer_from_a_task_asks_the_acd_with_the_task(
    qtbot: Any, desk: Desk
) -> None:
    page = desk.my_tasks(qtbot)
    page.show_section("overdue")
    with qtbot.waitSignal(page.task_actions.call_placed, timeout=TIMEOUT_MS) as placed:
        page.task_actions.call_action.trigger()
    assert placed.args == [1]
    assert desk.backend.outbound == [{"customer_id": 1, "task_id": 11}]


def test_a_call_that_cannot_be_placed_says_so(qtbot: Any, desk: Desk) -> None:
    desk.backend.down = True
    page = desk.my_tasks(qtbot)
    page.show_section("overdue")
    page.task_actions.call_action.trigger()
    qtbot.waitUntil(page.message.isVisible, timeout=TIMEOUT_MS)
    assert page.message.text().startswith("The call could not be placed: ")
    assert page.task_actions.call_action.isEnabled()  # the agent may try again


def test_enter_on_a_task_opens_the_customer_and_the_tasks_tab_has_the_same_actions(
    qtbot: Any, desk: Desk
) -> None:
    desk.backend.down = True
    page = desk.my_tasks(qtbot)
    page.show_section("overdue")
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    customer_page = desk.window.customer_page
    qtbot.waitUntil(lambda: customer_page.state == "profile", timeout=TIMEOUT_MS)
    tab = customer_page.profile.tasks
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=TIMEOUT_MS)
    assert "is down 12.5%" in visible_text(tab)

    _answer_dialog(DoneDialog)
    with qtbot.waitSignal(tab.loaded, timeout=TIMEOUT_MS):
        tab.task_actions.done_action.trigger()
    assert tab.model.index(0, 3).data() == "Done: Reached the customer; nothing more to do"
    assert not tab.task_actions.done_action.isEnabled()
    (entry,) = desk.queued()
    assert (entry.kind.value, entry.entity_id) == ("task.update", "11")


@pytest.mark.parametrize("language", ["zh_CN"], indirect=True)
def test_my_tasks_in_chinese(qtbot: Any, desk: Desk) -> None:
    page = desk.my_tasks(qtbot)
    assert page.tabs.tabText(0).replace("&", "").startswith("已逾期")
    page.show_section("overdue")
    ((_due, _name, kind, status, what),) = _rows(page)
    assert (kind, status) == ("关怀回访", "待处理")
    assert what.startswith("稳健增长混合基金 浮亏 12.5%")
    shoot(desk.window.worklist.dock, "my-tasks", "zh_CN")


def _ctrl_shift() -> Qt.KeyboardModifier:
    return Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
