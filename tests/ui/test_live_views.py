"""Live views: an open customer 360 refreshes what it shows when a committed write touches it,
whether the write was made on this desk or pulled from another; views of other customers stay
as they are, and a burst of announcements makes one refresh.

Real services as the composition root wires them; the desks sync with the live demo backend.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from agentdesk.cache import local_writes
from agentdesk.cache.sync_state import apply_changes
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import ChangesPage, CustomerRecord, InteractionCreate, TicketRecord
from agentdesk.services import AppServices, Callback, Interaction, WrapUp, WrapUpContext
from tests.ui.conftest import KnownCustomer, make_profile, visible_text
from ui.customer.customer_profile_panel import TIMELINE_TAB, CustomerProfilePanel
from ui.customer.timeline_panel import TimelinePanel
from ui.kit.bridge import EventBridge
from ui.shell.main_window import MainWindow
from ui.worklist.worklist_model import WorkItemsTableModel

MakeServices = Callable[..., AppServices]
MakeWindow = Callable[[AppServices], MainWindow]
TIMEOUT_MS = 30_000
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


def _rows(timeline: TimelinePanel) -> list[Interaction]:
    model = timeline.model
    return [model.record(row) for row in range(model.fetched_count())]


def _status_of(tasks: WorkItemsTableModel, note: str) -> str | None:
    """The Status cell of the task with ``note``, as the Tasks tab shows it."""
    for row in range(tasks.rowCount()):
        if tasks.record(row).task.note == note:
            return str(tasks.index(row, 3).data())
    return None


def _notes_shown(timeline: TimelinePanel) -> list[str]:
    model = timeline.model
    return [str(model.index(row, 5).data()) for row in range(model.fetched_count())]


# -- one desk, no backend: what refreshes and what does not ------------------------------------


@dataclass(frozen=True)
class Desk:
    services: AppServices
    panel: CustomerProfilePanel


@pytest.fixture
def desk(qtbot: Any, make_services: MakeServices) -> Iterator[Desk]:
    """Customer 7's 360, open on a desk that is not signed in (nothing syncs by itself)."""
    services = make_services(demo_mode=False)
    bridge = EventBridge(services.bus)
    panel = CustomerProfilePanel(
        services.customers,
        services.verification,
        services.offers,
        bridge,
        tasks=services.tasks,
        calls=services.calls,
        flows=services.flows,
    )
    qtbot.addWidget(panel)
    panel.show()
    panel.show_profile(make_profile(id=7))
    panel.tabs.setCurrentIndex(TIMELINE_TAB)
    yield Desk(services, panel)
    bridge.close()


def _save_wrap_up(services: AppServices, customer_id: int, notes: str) -> None:
    """A wrap-up written into the cache as the interaction service writes it (on this thread:
    its announcement waits for the event loop, like one from the sync thread)."""
    wrap_up = InteractionCreate(
        customer_id=customer_id,
        channel=Channel.PHONE_IN,
        started_at=NOW,
        ended_at=NOW,
        wrap_up_code="info_given",
        notes=notes,
    )
    services.sync.store.write(
        partial(local_writes.record_interaction, data=wrap_up, agent="agent01", now=NOW)
    )


def test_a_change_for_another_customer_does_not_refresh_the_open_360(
    qtbot: Any, desk: Desk
) -> None:
    services, panel = desk.services, desk.panel
    live = (panel.live_timeline, panel.live_tasks, panel.live_record)
    assert panel.timeline.model.total_count() == 2  # the 360's recent interactions

    _save_wrap_up(services, 8, "someone else's call")
    qtbot.waitUntil(lambda: all(view.heard == 1 for view in live), timeout=TIMEOUT_MS)
    assert [view.refreshes for view in live] == [0, 0, 0]

    _save_wrap_up(services, 7, "this customer's call")
    qtbot.waitUntil(lambda: panel.live_timeline.refreshes == 1, timeout=TIMEOUT_MS)
    # Only the timeline shows interactions: the tasks and the header were not read again.
    assert [view.refreshes for view in live] == [1, 0, 0]
    # The new one on top of the history the 360 brought, which stays.
    qtbot.waitUntil(lambda: panel.timeline.model.fetched_count() == 3, timeout=TIMEOUT_MS)
    assert _notes_shown(panel.timeline) == [
        "(waiting to sync) this customer's call",
        "",
        "activated new card",
    ]
    assert panel.tabs.tabText(TIMELINE_TAB).replace("&", "") == "Interaction timeline (3)"


def test_a_burst_of_announcements_makes_one_refresh(qtbot: Any, desk: Desk) -> None:
    services, panel = desk.services, desk.panel
    for n in range(5):  # five commits before the event loop delivers the first announcement
        _save_wrap_up(services, 7, f"call {n}")
    qtbot.waitUntil(lambda: panel.live_timeline.refreshes == 1, timeout=TIMEOUT_MS)
    assert panel.live_timeline.heard == 5 and panel.live_timeline.refreshes == 1
    qtbot.waitUntil(lambda: panel.timeline.model.fetched_count() == 5 + 2, timeout=TIMEOUT_MS)


def test_the_header_and_open_tickets_follow_the_customers_record(qtbot: Any, desk: Desk) -> None:
    services, panel = desk.services, desk.panel
    shown = make_profile(id=7)
    moved = CustomerRecord.model_validate(
        {**shown.model_dump(), "name": "张伟（已更名）", "phones": ["+8613812345678"],
         "id_number_masked": "1101**********123X", "id_last4": "123X", "updated_at": NOW}
    )  # fmt: skip
    complaint = TicketRecord.model_validate(
        {**shown.open_tickets[0].model_dump(), "id": 21, "summary": "card swallowed",
         "updated_at": NOW}
    )  # fmt: skip
    page = ChangesPage(cursor=1, high_water=1, has_more=False, customers=[moved],
                       tickets=[complaint])  # fmt: skip

    services.sync.store.write(partial(apply_changes, page=page))  # as a pulled page is applied

    qtbot.waitUntil(lambda: "张伟（已更名）" in visible_text(panel.header), timeout=TIMEOUT_MS)
    tickets = panel.tickets_model
    assert [tickets.record(r).summary for r in range(tickets.total_count())] == ["card swallowed"]
    assert panel.tabs.currentIndex() == TIMELINE_TAB  # the agent stays where they were
    assert panel.live_timeline.refreshes == 0


# -- against the backend: this desk's wrap-up, and another desk's -----------------------------


def _context(customer: KnownCustomer) -> WrapUpContext:
    """The call a wrap-up is for (the dialog takes it when wrap-up starts)."""
    ended = datetime.now(UTC)
    return WrapUpContext(
        call_id=f"live-{uuid.uuid4().hex[:10]}",
        queue="general",
        caller=customer.phone_e164,
        started_at=ended - timedelta(minutes=4),
        ended_at=ended,
    )


def _open_timeline(qtbot: Any, window: MainWindow, customer: KnownCustomer) -> TimelinePanel:
    page = window.customer_page
    with qtbot.waitSignal(page.pop_finished, timeout=TIMEOUT_MS) as opened:
        page.open_customer(customer.id)
    assert opened.args == ["profile"]
    page.profile.tabs.setCurrentIndex(TIMELINE_TAB)
    return page.profile.timeline


def test_a_wrap_up_saved_here_shows_at_once_as_pending_then_as_the_servers_row(
    qtbot: Any,
    live_backend: Any,
    known_customer: KnownCustomer,
    make_services: MakeServices,
    make_main_window: MakeWindow,
) -> None:
    # Sync starts when the test says: the pending row is on screen before the push.
    services = make_services(backend_url=live_backend.url, sync_autostart=False, listen=False)
    services.session.login(live_backend.url, live_backend.username, live_backend.password)
    assert services.sync.sync_now()  # the customer and their history are in the cache
    window = make_main_window(services)
    timeline = _open_timeline(qtbot, window, known_customer)
    before = timeline.model.total_count()
    notes = f"saved here {uuid.uuid4().hex[:8]}"

    promise = f"call back {uuid.uuid4().hex[:8]}"
    callback = Callback(datetime.now(UTC) + timedelta(days=1), promise)
    wrap_up = WrapUp("info_given", notes, customer_id=known_customer.id, callback=callback)
    services.calls.record_wrap_up(wrap_up, context=_context(known_customer))

    tasks = window.customer_page.profile.tasks.model
    qtbot.waitUntil(
        lambda: _status_of(tasks, promise) == "Open (waiting to sync)", timeout=TIMEOUT_MS
    )
    pending = f"(waiting to sync) {notes}"
    qtbot.waitUntil(
        lambda: pending in _notes_shown(timeline) and timeline.model.total_count() == before + 1,
        timeout=TIMEOUT_MS,
    )
    [mine] = [row for row in _rows(timeline) if row.notes == notes]
    assert mine.id < 0

    services.sync.start()  # the sync runner pushes it
    qtbot.waitUntil(lambda: notes in _notes_shown(timeline), timeout=TIMEOUT_MS)
    [synced] = [row for row in _rows(timeline) if row.notes == notes]
    assert synced.id > 0 and synced.client_id == mine.client_id
    assert timeline.model.total_count() == before + 1  # the same row, now the server's
    qtbot.waitUntil(lambda: _status_of(tasks, promise) == "Open", timeout=TIMEOUT_MS)


def test_a_wrap_up_saved_on_another_desk_shows_in_the_open_timeline_without_any_action(
    qtbot: Any,
    live_backend: Any,
    known_customer: KnownCustomer,
    make_services: MakeServices,
    make_main_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    desk_a = make_services(backend_url=live_backend.url, demo_mode=False)
    desk_a.session.login(live_backend.url, "agent01", live_backend.password)
    monkeypatch.setenv("AGENTDESK_HOME", str(tmp_path / "desk-b"))  # another workstation
    desk_b = make_services(backend_url=live_backend.url, demo_mode=False)
    desk_b.session.login(live_backend.url, "agent02", live_backend.password)
    window_a, _window_b = make_main_window(desk_a), make_main_window(desk_b)

    timeline = _open_timeline(qtbot, window_a, known_customer)
    # Desk A hears the backend's "pull now" hints once its event stream is open, and its
    # first sync round is done; from here on, nothing is done on desk A.
    runner, listener = desk_a.sync.runner, desk_a.sync.listener
    assert runner is not None and listener is not None
    qtbot.waitUntil(lambda: runner.rounds >= 1 and listener.connections >= 1, timeout=TIMEOUT_MS)
    notes = f"saved on desk B {uuid.uuid4().hex[:8]}"

    wrap_up = WrapUp("info_given", notes, customer_id=known_customer.id)
    desk_b.calls.record_wrap_up(wrap_up, context=_context(known_customer))

    qtbot.waitUntil(lambda: notes in _notes_shown(timeline), timeout=TIMEOUT_MS)
    [theirs] = [row for row in _rows(timeline) if row.notes == notes]
    assert theirs.agent == "agent02" and theirs.id > 0
    assert window_a.customer_page.profile.live_timeline.refreshes >= 1
