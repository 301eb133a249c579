"""The unknown caller's card with real widgets and services, the backend out of reach: search
prefilled with the number's digits, the number linked to the customer found (phone.link) and a
provisional contact (contact.create), both queued offline; and a merge the feed brings
replaces the provisional contact on screen with the customer it was merged into."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from agentdesk.cache import outbox, sync_state
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.sync import (
    CacheScope,
    ChangesPage,
    CustomerRecord,
    MutationKind,
    PhoneIndexEntry,
)
from agentdesk.services import AppServices
from agentdesk.services.wiring import build_app_services
from tests.ui.care_backend import CareBackend
from tests.ui.test_my_tasks import customer
from ui.kit.bridge import EventBridge
from ui.kit.colors import ValueColors
from ui.kit.workers import BackgroundOp
from ui.shell.main_window import MainWindow

UNKNOWN = "+8613999990000"
TIMEOUT_MS = 15_000


class Desk:
    def __init__(self, services: AppServices, window: MainWindow) -> None:
        self.services, self.window = services, window

    def feed(self, *people: CustomerRecord, cursor: int = 1) -> None:
        page = ChangesPage(cursor=cursor, high_water=cursor, has_more=False, customers=list(people))
        self.services.sync._cache.open().write(  # noqa: SLF001
            lambda conn: sync_state.apply_changes(conn, page)
        )

    def queued(self) -> list[tuple[str, str, dict[str, Any]]]:
        """The agent's changes waiting (the views of cached 360s, queued for the audit trail
        on a thread of their own, are not theirs)."""
        self.services.customers.flush_views()
        with self.services.sync._cache.open().read() as conn:  # noqa: SLF001
            return [
                (m.kind.value, m.entity_id, m.payload)
                for m in outbox.pending(conn)
                if m.kind is not MutationKind.CUSTOMER_VIEW
            ]

    def pop(self, qtbot: Any, phone: str, state: str) -> None:
        page = self.window.customer_page
        with qtbot.waitSignal(page.pop_finished, timeout=TIMEOUT_MS):
            page.pop(phone)
        assert page.state == state


@pytest.fixture
def desk(qtbot: Any) -> Iterator[Desk]:
    backend = CareBackend()
    services = build_app_services(
        DesktopSettings(backend_url="https://backend.test", language="en"),
        AppPaths.from_environment(),
        transport=backend.transport(),
        listen=False,
        sync_autostart=False,
    )
    services.session.login("https://backend.test", "agent01", "pw")
    backend.down = True
    bridge = EventBridge(services.bus)
    window = MainWindow(services, bridge, colors=ValueColors())
    qtbot.addWidget(window)
    window.show()
    made = Desk(services, window)
    made.feed(customer(1, "张伟"), customer(2, "Li Na"))
    yield made
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0, timeout=TIMEOUT_MS)
    bridge.close()
    services.close()


def test_an_unknown_caller_becomes_a_provisional_contact_offline(qtbot: Any, desk: Desk) -> None:
    desk.pop(qtbot, UNKNOWN, "unknown")
    card = desk.window.customer_page.unknown
    card.provisional_button.click()
    dialog = desk.window.customer_page.provisional_dialog
    assert dialog is not None and dialog.isVisible()

    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()  # no name yet
    assert dialog.isVisible() and dialog.error.text() == "Enter the caller's name."
    assert desk.queued() == []

    qtbot.keyClicks(dialog.name_edit, "Chen Jie")
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    qtbot.keyClicks(dialog.note_edit, "Asked about opening an account")
    with qtbot.waitSignal(desk.window.customer_page.provisional_saved, timeout=TIMEOUT_MS):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    ((kind, _client_id, payload),) = desk.queued()
    assert (kind, payload) == (
        "contact.create",
        {
            "phone_e164": UNKNOWN,
            "name": "Chen Jie",
            "language": "en",
            "note": "Asked about opening an account",
        },
    )
    assert card.status.text().startswith("Chen Jie is kept as a provisional contact")


def test_the_search_is_prefilled_and_the_customer_found_gets_the_number_to_verify_later(
    qtbot: Any, desk: Desk
) -> None:
    desk.pop(qtbot, UNKNOWN, "unknown")
    card = desk.window.customer_page.unknown
    card.search_button.click()
    search = desk.window.call_desk.search_dialog
    assert search is not None and search.edit.text() == "8613999990000"
    search.reject()

    card.link_button.click()
    assert search.isVisible() and search.edit.text() == "8613999990000"
    search.edit.setText("Li Na")
    with qtbot.waitSignal(search.results_shown, timeout=TIMEOUT_MS):
        search.search_now()
    with qtbot.waitSignal(desk.window.call_desk.phone_linked, timeout=TIMEOUT_MS):
        qtbot.keyClick(search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window.customer_page.state == "profile", timeout=TIMEOUT_MS)
    assert desk.queued() == [("phone.link", "2", {"customer_id": 2, "phone_e164": UNKNOWN})]

    # A search of its own (Ctrl+F) opens the customer and links nothing.
    desk.window.call_desk.open_search()
    desk.window.call_desk.search_dialog.customer_chosen.emit(1)  # type: ignore[union-attr]
    assert len(desk.queued()) == 1


def test_a_merge_in_the_feed_replaces_the_provisional_contact_on_screen(
    qtbot: Any, desk: Desk
) -> None:
    desk.feed(customer(9, "Chen Jie", phones=[UNKNOWN], provisional=True, tier="mass"), cursor=2)
    desk.pop(qtbot, UNKNOWN, "profile")
    page = desk.window.customer_page
    assert page.profile.profile is not None and page.profile.profile.id == 9

    merged = customer(9, "Chen Jie", phones=[UNKNOWN], provisional=True, merged_into=1, version=2)
    with qtbot.waitSignal(page.merged_shown, timeout=TIMEOUT_MS) as shown:
        desk.feed(merged, cursor=3)
    assert shown.args == [1]
    qtbot.waitUntil(
        lambda: page.profile.profile is not None and page.profile.profile.id == 1,
        timeout=TIMEOUT_MS,
    )
    assert desk.window.statusBar().currentMessage() == (
        "The provisional contact was merged into this customer."
    )


def test_offline_a_caller_known_only_by_the_phone_index_is_named(qtbot: Any, desk: Desk) -> None:
    store = desk.services.sync._cache.open()  # noqa: SLF001
    page = ChangesPage(
        cursor=2,
        high_water=2,
        has_more=False,
        scope=CacheScope.WORKING_SET,
        phone_index=[PhoneIndexEntry(id=7, phones=[UNKNOWN])],
    )
    store.write(lambda conn: sync_state.apply_changes(conn, page, index_key=store.phone_index_key))

    desk.pop(qtbot, UNKNOWN, "indexed")

    card = desk.window.customer_page.indexed
    assert card.isVisible()
    assert card.who.text() == "Customer no. 7"
    assert card.number.text() != UNKNOWN  # masked
    assert desk.window.customer_page.caller_e164 == ""  # not offered as a provisional contact
