"""The desktop side of offline-first: the status bar, initial-sync progress, the changes that
need the agent, offline unlock, session expiry and shutdown.

Real services as the composition root wires them; changes are saved and conflicts recorded
through the real cache (as the sync engine records a push's answer), and events are published
on the core bus from other threads, as the sync runner does.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from agentdesk.cache import local_writes, outbox
from agentdesk.cache.errors import CacheKeyInvalid, OutboxEntryNotFound
from agentdesk.cache.tickets import upsert_tickets
from agentdesk.client.errors import IdempotencyKeyReused, PreconditionRequired, StaleRecord
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import (
    FieldConflict,
    InteractionCreate,
    MutationResult,
    ResultStatus,
    SyncEntity,
    TicketPatch,
    TicketRecord,
)
from agentdesk.events import (
    Connectivity,
    ConnectivityChanged,
    Event,
    MutationNeedsAttention,
    SessionEnded,
    SyncProgress,
)
from agentdesk.services import AppServices, OfflineUnlockRefused, ScreenPop
from agentdesk.services.wiring import build_app_services
from tests.ui.conftest import KnownCustomer
from ui.kit.bridge import EventBridge
from ui.kit.error_text import error_sentence
from ui.kit.workers import BackgroundOp
from ui.shell.app_controller import AppController
from ui.shell.login_dialog import LoginDialog
from ui.shell.main_window import MainWindow

MakeServices = Callable[..., AppServices]
MakeWindow = Callable[[AppServices], MainWindow]
START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
TIMEOUT_MS = 20_000
TICKET_ID = 123


def _publish_from_another_thread(services: AppServices, event: Event) -> None:
    publisher = threading.Thread(target=services.bus.publish, args=(event,))
    publisher.start()
    publisher.join()


def _save_wrap_ups(services: AppServices, count: int) -> None:
    """Save ``count`` wrap-ups through the cache, as the interaction service does."""
    store = services.sync.store
    for n in range(count):
        wrap_up = InteractionCreate(
            customer_id=1,
            channel=Channel.PHONE_IN,
            started_at=START,
            ended_at=START,
            wrap_up_code="resolved",
            notes=f"offline {n}",
        )
        store.write(
            partial(local_writes.record_interaction, data=wrap_up, agent="agent01", now=START)
        )
    services.sync.changes_saved()


def _record_conflict(services: AppServices) -> str:
    """A ticket edit saved here whose push came back as a conflict on ``summary``."""
    ticket = TicketRecord(
        id=TICKET_ID,
        reference="C-2026-000123",
        customer_id=1,
        category="fees",
        severity="medium",
        status="investigating",
        summary="Annual fee charged twice",
        opened_at=START,
        due_at=START + timedelta(days=15),
        version=3,
        updated_at=START,
    )
    store = services.sync.store
    store.write(lambda conn: upsert_tickets(conn, [ticket]))
    mutation = store.write(
        lambda conn: local_writes.update_ticket(
            conn,
            TICKET_ID,
            TicketPatch(changes={"summary": "Fee refunded, apology sent"}),
            now=START,
        )
    )
    theirs = ticket.model_copy(update={"summary": "Duplicate fee, escalated", "version": 4})
    result = MutationResult(
        seq=mutation.seq,
        idempotency_key=mutation.idempotency_key,
        status=ResultStatus.CONFLICT,
        entity=SyncEntity.TICKET,
        entity_id=TICKET_ID,
        version=4,
        record=theirs.model_dump(mode="json"),
        conflicts=[
            FieldConflict(
                field="summary",
                base="Annual fee charged twice",
                mine="Fee refunded, apology sent",
                theirs="Duplicate fee, escalated",
            )
        ],
    )
    store.write(lambda conn: outbox.record_results(conn, [result]))
    return mutation.idempotency_key


@pytest.fixture
def offline_services(make_services: MakeServices) -> Iterator[AppServices]:
    """Services with no reachable backend and sync not running: the events are the test's."""
    services = make_services(backend_url="", demo_mode=False)
    yield services
    services.close()


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more


# -- the status bar ----------------------------------------------------------------------------


def test_sync_indicator_follows_outbox_and_connectivity_events_from_other_threads(
    qtbot: Any, offline_services: AppServices, make_main_window: MakeWindow
) -> None:
    services = offline_services
    window = make_main_window(services)
    indicator = window.sync_status.indicator
    qtbot.waitUntil(lambda: indicator.text() == "Offline", timeout=TIMEOUT_MS)

    saver = threading.Thread(target=_save_wrap_ups, args=(services, 3))
    saver.start()
    saver.join()
    qtbot.waitUntil(lambda: indicator.text() == "Offline — 3 changes waiting", timeout=TIMEOUT_MS)
    assert indicator.dot.property("state") == "offline"

    _publish_from_another_thread(services, ConnectivityChanged(Connectivity.DEGRADED, 3))
    qtbot.waitUntil(
        lambda: indicator.text() == "Degraded — retrying, 3 changes waiting", timeout=TIMEOUT_MS
    )
    _publish_from_another_thread(services, ConnectivityChanged(Connectivity.ONLINE, 0))
    qtbot.waitUntil(lambda: indicator.text() == "Online", timeout=TIMEOUT_MS)
    assert indicator.dot.property("state") == "online"
    # Sync now is one keystroke away, and says so.
    assert "Ctrl+Shift+S" in indicator.toolTip()
    assert "Ctrl+Shift+S" in window.sync_status.sync_now_action.toolTip()


def test_sync_now_from_the_indicator_runs_in_the_background_and_reports_a_sentence(
    qtbot: Any, make_services: MakeServices, make_main_window: MakeWindow
) -> None:
    services = make_services(backend_url=_closed_port_url(), demo_mode=False)
    window = make_main_window(services)
    with qtbot.waitSignal(window.sync_status.sync_finished, timeout=TIMEOUT_MS) as finished:
        qtbot.mouseClick(window.sync_status.indicator, Qt.MouseButton.LeftButton)
        assert window.sync_status.syncing  # the click returned before the round ended
    assert finished.args == [False]
    message = window.statusBar().currentMessage()
    assert message.endswith(".") and "Traceback" not in message
    services.close()


def test_initial_sync_progress_shows_and_hides_without_blocking(
    qtbot: Any, offline_services: AppServices, make_main_window: MakeWindow
) -> None:
    window = make_main_window(offline_services)
    status = window.sync_status
    assert not status.progress_row.isVisible()

    _publish_from_another_thread(offline_services, SyncProgress(42, 100))
    qtbot.waitUntil(status.progress_row.isVisible, timeout=TIMEOUT_MS)
    assert status.progress_label.text() == "Synchronising customers… 42%"
    assert status.progress_bar.value() == 42
    assert QApplication.activeModalWidget() is None

    # The pages are in; a bulk load then builds the search index, in steps.
    _publish_from_another_thread(offline_services, SyncProgress(1, 4, indexing=True))
    qtbot.waitUntil(lambda: "index" in status.progress_label.text(), timeout=TIMEOUT_MS)
    assert status.progress_label.text() == "Building the customer search index… 25%"
    assert status.progress_row.isVisible()

    _publish_from_another_thread(offline_services, SyncProgress(4, 4, indexing=True))
    qtbot.waitUntil(lambda: not status.progress_row.isVisible(), timeout=TIMEOUT_MS)


# -- changes that need the agent ------------------------------------------------------------


def test_a_conflict_is_announced_listed_with_both_values_and_keep_mine_resends_it(
    qtbot: Any, offline_services: AppServices, make_main_window: MakeWindow
) -> None:
    services = offline_services
    window = make_main_window(services)
    key = _record_conflict(services)
    _publish_from_another_thread(
        services,
        MutationNeedsAttention(
            key=key,
            kind="ticket.update",
            entity_id=str(TICKET_ID),
            status="conflict",
            fields=("summary",),
            choices=("keep_mine", "take_theirs"),
        ),
    )
    chip = window.sync_status.attention_chip
    qtbot.waitUntil(chip.isVisible, timeout=TIMEOUT_MS)
    assert chip.text() == "1 change needs your attention"
    assert "conflicts" in window.statusBar().currentMessage()  # told at once, not a dialog
    assert QApplication.activeModalWidget() is None

    panel = window.sync_problems
    with qtbot.waitSignal(panel.problems_loaded, timeout=TIMEOUT_MS):
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert window.sync_problems_dock.isVisible()
    card = panel.cards[key]
    assert card.title_label.text() == "Ticket C-2026-000123 update"
    row = [label.text() for label in card.rows[0]]
    assert row == ["Summary", "Fee refunded, apology sent", "Duplicate fee, escalated"]
    assert set(card.buttons) == {"keep_mine", "take_theirs"}

    with qtbot.waitSignal(panel.problem_resolved, timeout=TIMEOUT_MS) as resolved:
        qtbot.mouseClick(card.buttons["keep_mine"], Qt.MouseButton.LeftButton)
    assert resolved.args == [key, "keep_mine"]
    qtbot.waitUntil(lambda: not panel.cards and panel.empty_label.isVisible(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not chip.isVisible(), timeout=TIMEOUT_MS)

    # Sent again under a new key, over the server's version, with the agent's summary.
    assert services.sync.problems() == []
    with services.sync.store.read() as conn:
        (again,) = outbox.pending(conn)
    assert again.idempotency_key != key and again.base_version == 4
    assert again.payload["changes"] == {"summary": "Fee refunded, apology sent"}
    assert again.payload["base"] == {"summary": "Duplicate fee, escalated"}


# -- offline unlock -------------------------------------------------------------------------


def _unreachable_login(qtbot: Any, services: AppServices, user: str, password: str) -> LoginDialog:
    dialog = LoginDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.server_edit.setText(_closed_port_url())
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.offline_row.isVisible, timeout=TIMEOUT_MS)
    assert dialog.error_label.text().startswith("The AgentDesk server cannot be reached.")
    return dialog


def _services_at(clock: Callable[[], datetime], backend_url: str) -> AppServices:
    # Sync runs only when the test says (sync now): what the window shows stays predictable.
    return build_app_services(
        DesktopSettings(backend_url=backend_url, cache_scope="all"),
        AppPaths.from_environment(),
        clock=clock,
        listen=False,
        sync_autostart=False,
    )


def test_unreachable_server_offers_offline_unlock_and_it_opens_the_workstation_offline(
    qtbot: Any, live_backend: Any, make_main_window: MakeWindow
) -> None:
    online = _services_at(lambda: START, live_backend.url)
    online.session.login(live_backend.url, live_backend.username, live_backend.password)
    online.close()  # the app closed without a sign-out

    later = START + timedelta(hours=3)
    services = _services_at(lambda: later, live_backend.url)
    dialog = _unreachable_login(qtbot, services, live_backend.username, live_backend.password)
    assert dialog.unlock_offline_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.unlock_offline_button, Qt.MouseButton.LeftButton)
    assert services.session.started_offline
    assert services.session.user is not None

    window = make_main_window(services)
    _save_wrap_ups(services, 2)  # the agent works offline
    indicator = window.sync_status.indicator
    qtbot.waitUntil(lambda: indicator.text() == "Offline — 2 changes waiting", timeout=TIMEOUT_MS)

    # The backend is back: a sync round signs in again with the kept refresh token. (After
    # the window's own first calls: two first calls at once race on the refresh token.)
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(window.sync_status.sync_finished, timeout=60_000) as finished:
        window.sync_status.sync_now_action.trigger()
    assert finished.args == [True]
    qtbot.waitUntil(lambda: indicator.text() == "Online", timeout=TIMEOUT_MS)
    services.close()


@pytest.mark.parametrize(
    ("hours_later", "password", "sentence"),
    [
        (13, "demo", "more than 12 hours ago"),
        (1, "not the password", "does not match your last online sign-in"),
    ],
)
def test_offline_unlock_refusal_reads_as_a_sentence(
    qtbot: Any, live_backend: Any, hours_later: int, password: str, sentence: str
) -> None:
    online = _services_at(lambda: START, live_backend.url)
    online.session.login(live_backend.url, live_backend.username, live_backend.password)
    online.close()

    services = _services_at(lambda: START + timedelta(hours=hours_later), live_backend.url)
    dialog = _unreachable_login(qtbot, services, live_backend.username, password)
    qtbot.mouseClick(dialog.unlock_offline_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sentence in dialog.error_label.text(), timeout=TIMEOUT_MS)
    assert dialog.result() != LoginDialog.DialogCode.Accepted
    assert services.session.user is None
    services.close()


def test_offline_unlock_without_an_online_sign_in_here_says_so(
    qtbot: Any, offline_services: AppServices
) -> None:
    dialog = _unreachable_login(qtbot, offline_services, "agent01", "demo")
    qtbot.mouseClick(dialog.unlock_offline_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "not signed in online on this computer" in dialog.error_label.text(),
        timeout=TIMEOUT_MS,
    )
    assert error_sentence(OfflineUnlockRefused("never_online")) == dialog.error_label.text()


# -- screen-pop from the cache ----------------------------------------------------------------


def test_a_cached_screen_pop_takes_the_backends_fresher_view(
    qtbot: Any,
    live_backend: Any,
    known_customer: KnownCustomer,
    make_services: MakeServices,
    make_main_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = make_services(backend_url=live_backend.url)
    services.session.login(live_backend.url, live_backend.username, live_backend.password)
    assert services.sync.sync_now()  # the caller is in the cache now
    asked: list[ScreenPop] = []
    refresh = services.customers.refresh_screen_pop

    def fresher(pop: ScreenPop) -> ScreenPop | None:
        asked.append(pop)
        fresh = refresh(pop)
        assert fresh is not None and fresh.profile is not None
        # As if someone updated the customer on the backend a moment ago.
        profile = fresh.profile.model_copy(update={"name": "Renamed on the backend"})
        return replace(fresh, profile=profile)

    monkeypatch.setattr(services.customers, "refresh_screen_pop", fresher)
    window = make_main_window(services)
    page = window.customer_page
    with qtbot.waitSignal(page.pop_refreshed, timeout=TIMEOUT_MS) as refreshed:
        page.pop(known_customer.phone_e164)
    assert refreshed.args == ["profile"]
    assert [p.source for p in asked] == ["cache"]
    assert page.profile.profile is not None
    assert page.profile.profile.name == "Renamed on the backend"
    services.close()


# -- lifecycle ------------------------------------------------------------------------------


def test_an_expired_session_asks_for_the_sign_in_and_says_changes_are_kept(
    qtbot: Any, offline_services: AppServices
) -> None:
    bridge = EventBridge(offline_services.bus)
    controller = AppController(offline_services, bridge, quit_app=lambda _code: None)
    _publish_from_another_thread(offline_services, SessionEnded("expired"))
    qtbot.waitUntil(lambda: controller.login_dialog is not None, timeout=TIMEOUT_MS)
    dialog = controller.login_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.notice_label.isVisible()
    assert dialog.notice_label.text() == (
        "Your session has expired; sign in again. Your unsent changes are kept."
    )
    bridge.close()


_RUN_GUI_AND_CANCEL = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.services import AppServices
from ui.shell.app import run_gui
from ui.shell.login_dialog import LoginDialog

closed = []
original = AppServices.close

def close(self):
    closed.append(self)
    original(self)

def cancel_sign_in():
    # The agent closes the sign-in: the application quits.
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, LoginDialog) and widget.isVisible() and not widget.busy:
            widget.reject()
            return
    QTimer.singleShot(50, cancel_sign_in)

AppServices.close = close
QTimer.singleShot(0, cancel_sign_in)
settings = DesktopSettings(backend_url=sys.argv[1], cache_scope="all")
code = run_gui(settings, AppPaths.from_environment())
print("RESULT", code, len(closed))
"""


def test_the_services_are_closed_when_the_app_exits() -> None:
    # A process of its own: the whole application runs and quits, as an agent's would (the
    # test process's QApplication must keep serving the other tests).
    result = subprocess.run(
        [sys.executable, "-c", _RUN_GUI_AND_CANCEL, _closed_port_url()],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert "RESULT 0 1" in result.stdout, result.stdout + result.stderr


# -- texts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (StaleRecord("x"), "Someone else saved this record first"),
        (PreconditionRequired("x"), "did not say which version"),
        (IdempotencyKeyReused("x"), "sent before with different content"),
        (CacheKeyInvalid("x"), "cannot be opened with this computer's key"),
        (OutboxEntryNotFound("x"), "no longer waiting"),
    ],
)
def test_sync_and_cache_errors_read_as_sentences(error: Exception, words: str) -> None:
    sentence = error_sentence(error)
    assert words in sentence and sentence.endswith(".")
