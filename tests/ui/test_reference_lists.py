"""The wrap-up dialog offers the reference wrap-up codes, read by the call desk when the
session starts, in the UI language (against the live demo backend)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agentdesk.services import AppServices
from ui.shell.main_window import MainWindow


def _signed_in_window(
    live_backend: Any,
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> tuple[AppServices, MainWindow]:
    services = make_services(backend_url=live_backend.url)
    services.session.login(live_backend.url, live_backend.username, live_backend.password)
    return services, make_main_window(services)


def _choices(window: MainWindow, services: AppServices, qtbot: Any) -> list[tuple[str, str]]:
    desk = window.call_desk
    qtbot.waitUntil(lambda: desk.wrap_up_codes is not None, timeout=20_000)
    # A wrap-up needs a call: the demo backend offers one to this agent on request (the
    # simulator's own arrivals are random, so a test never waits for one of those).
    if services.calls.wrap_up_context() is None:
        services.calls.simulate_incoming_call()
        qtbot.waitUntil(lambda: services.calls.wrap_up_context() is not None, timeout=20_000)
    dialog = desk.open_wrap_up()
    assert dialog is not None
    combo = dialog.code_combo
    choices = [(str(combo.itemData(i)), combo.itemText(i)) for i in range(1, combo.count())]
    dialog.reject()
    return choices


def test_the_wrap_up_dialog_offers_the_reference_codes_in_english(
    qtbot: Any,
    live_backend: Any,
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> None:
    services, window = _signed_in_window(live_backend, make_services, make_main_window)
    choices = _choices(window, services, qtbot)

    codes = services.reference.wrap_up_codes().codes
    assert choices == [(c.code, c.label_en) for c in codes]
    assert ("callback_scheduled", "Callback scheduled") in choices


def test_the_wrap_up_dialog_offers_the_chinese_labels_under_zh_cn(
    qtbot: Any,
    chinese: None,
    live_backend: Any,
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
) -> None:
    services, window = _signed_in_window(live_backend, make_services, make_main_window)
    choices = _choices(window, services, qtbot)

    codes = services.reference.wrap_up_codes().codes
    assert choices == [(c.code, c.label_zh) for c in codes]
    assert ("resolved", "已解决") in choices
