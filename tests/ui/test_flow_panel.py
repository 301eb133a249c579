"""The flow panel and the wrap-up with the real flow service, cache and demo backend: typed
answers refused with the step's own message, back with Alt+Left, the disclosure acknowledged
only once it is on screen, the wrap-up refused while it waits, in English and in Chinese.

With FLOW_SCREENSHOTS=<folder> the test also saves what the agent sees (a flow step, the
disclosure, the refused wrap-up) in both languages: docs/screenshots/ holds the ones shipped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from agentdesk.services import AppServices, WrapUpContext
from agentdesk.services.flows import shipped_flows
from tests.ui.conftest import KnownCustomer
from ui.desk.wrap_up_dialog import WrapUpDialog
from ui.flows.flow_panel import FlowPanel
from ui.kit.theme import apply_theme
from ui.shell.main_window import MainWindow

CALL = "call-panel-1"
TIMEOUT_MS = 20_000


def _shoot(widget: QWidget, name: str, language: str) -> None:
    folder = os.environ.get("FLOW_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}-{language}.png"))


@pytest.fixture
def desk(
    qtbot: Any,
    live_backend: Any,
    known_customer: KnownCustomer,
    make_services: Callable[..., AppServices],
    make_main_window: Callable[[AppServices], MainWindow],
    request: pytest.FixtureRequest,
    qapp: Any,
) -> Iterator[tuple[AppServices, MainWindow, FlowPanel]]:
    language = getattr(request, "param", "en")
    if language == "zh_CN":
        request.getfixturevalue("chinese")
    if os.environ.get("FLOW_SCREENSHOTS"):
        apply_theme(qapp, "light")  # as the app starts (only for pictures: it stays set)
    services = make_services(backend_url=live_backend.url, language=language)
    services.session.login(live_backend.url, live_backend.username, live_backend.password)
    window = make_main_window(services)
    panel = window.flow_panel
    window.customer_page.open_customer(known_customer.id)
    qtbot.waitUntil(lambda: window.customer_page.state == "profile", timeout=TIMEOUT_MS)
    panel.set_call(f"{CALL}-{language}-{request.node.name}", "retail")
    qtbot.waitUntil(lambda: panel.state == "choose" and not panel.busy, timeout=TIMEOUT_MS)
    yield services, window, panel


def _start(qtbot: Any, panel: FlowPanel, flow_id: str, node: str) -> None:
    panel.start(flow_id)
    _wait_for(qtbot, panel, node)


def _wait_for(qtbot: Any, panel: FlowPanel, node: str) -> None:
    qtbot.waitUntil(
        lambda: not panel.busy and panel.current is not None and panel.current.step.node == node,
        timeout=TIMEOUT_MS,
    )


def test_suggestions_fit_the_calls_queue_and_the_customer(qtbot: Any, desk: Any) -> None:
    _, window, panel = desk
    profile = window.customer_page.profile.profile
    assert profile is not None
    qtbot.waitUntil(lambda: panel.suggestions.count() > 0, timeout=TIMEOUT_MS)
    shown = {
        panel.suggestions.itemAt(i).widget().property("flowId")
        for i in range(panel.suggestions.count())
    }
    assert "sms_alerts" in shown  # fits the retail queue
    # The fund offer is for the retail queue too, but only for a customer it may be offered to.
    may_offer = profile.marketing_consent and not profile.do_not_call
    assert ("fund_offer" in shown) == (may_offer and profile.risk_profile.level >= 3)


def test_a_wrong_answer_shows_the_steps_message_and_nothing_moves(qtbot: Any, desk: Any) -> None:
    services, _, panel = desk
    _start(qtbot, panel, "transaction_dispute", "intro")
    panel.go_on()
    _wait_for(qtbot, panel, "amount")

    qtbot.keyClicks(panel.answer_edit, "abc")
    qtbot.keyClick(panel.answer_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: panel.message.isVisible() and not panel.busy, timeout=TIMEOUT_MS)
    assert panel.message.text() == "Please enter an amount above zero."
    assert panel.current is not None and panel.current.step.node == "amount"
    [run] = services.flows.runs_of_call(panel.call_id or "")
    assert run.step.node == "amount" and run.path == ("Explain",)

    panel.answer_edit.clear()
    qtbot.keyClicks(panel.answer_edit, "88.5")
    qtbot.keyClick(panel.answer_edit, Qt.Key.Key_Return)
    _wait_for(qtbot, panel, "when")
    assert not panel.message.isVisible()


def test_alt_left_goes_back_and_the_answer_is_offered_again(qtbot: Any, desk: Any) -> None:
    _, window, panel = desk
    with qtbot.waitActive(window, timeout=5_000):
        window.activateWindow()
    _start(qtbot, panel, "transaction_dispute", "intro")
    panel.go_on()
    _wait_for(qtbot, panel, "amount")
    qtbot.keyClicks(panel.answer_edit, "120")
    qtbot.keyClick(panel.answer_edit, Qt.Key.Key_Return)
    _wait_for(qtbot, panel, "when")

    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)

    _wait_for(qtbot, panel, "amount")
    assert panel.answer_edit.text() == ""  # forgotten: the agent asks again


@pytest.mark.parametrize("desk", ["en", "zh_CN"], indirect=True)
def test_the_wrap_up_is_refused_while_the_fee_is_unread(qtbot: Any, desk: Any) -> None:
    services, window, panel = desk
    language = services.settings.language
    _start(qtbot, panel, "sms_alerts", "greet")
    _shoot(window, "flow-step", language)
    panel.go_on()
    _wait_for(qtbot, panel, "same_number")
    panel.choose(1)
    _wait_for(qtbot, panel, "fee")
    qtbot.waitUntil(panel.acknowledge_button.isEnabled, timeout=5_000)
    assert panel.text_frame.property("disclosure") is True
    _shoot(window, "flow-disclosure", language)

    started = datetime(2026, 12, 5, 9, tzinfo=UTC)
    context = WrapUpContext(panel.call_id or "", "retail", "+8613800000000", started, None)
    profile = window.customer_page.profile.profile
    dialog = WrapUpDialog(services.calls, context, profile, window, flows=panel.runs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.code_combo.setCurrentIndex(1)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.message.isVisible() and not dialog.busy, timeout=TIMEOUT_MS)
    pending = "费用告知" if language == "zh_CN" else "Fee announcement"
    assert pending in dialog.message.text()
    assert dialog.isVisible()
    _shoot(dialog, "wrap-up-refused", language)
    if language == "zh_CN":
        assert "开通短信动账通知" in panel.flow_title.text()
        assert "3 元" in panel.text_label.text()


def test_every_flow_of_the_library_can_be_picked_the_fitting_ones_first(
    qtbot: Any, desk: Any
) -> None:
    services, _, panel = desk
    picker = panel.open_picker()
    assert picker is not None
    qtbot.waitUntil(lambda: picker.list.count() > 0, timeout=TIMEOUT_MS)

    titles = [picker.list.item(row).text() for row in range(picker.list.count())]
    ids = [picker.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(len(titles))]
    assert sorted(ids) == sorted(d.id for d in shipped_flows())
    marked = [title.startswith("★") for title in titles]
    assert marked == sorted(marked, reverse=True)  # the ones that fit come first

    qtbot.keyClicks(picker.filter_edit, "dispute")
    visible = [
        picker.list.item(r)
        for r in range(picker.list.count())
        if not picker.list.item(r).isHidden()
    ]
    assert [item.data(Qt.ItemDataRole.UserRole) for item in visible] == ["transaction_dispute"]
    with qtbot.waitSignal(picker.flow_chosen, timeout=5_000) as chosen:
        qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    assert chosen.args == ["transaction_dispute"]
    _wait_for(qtbot, panel, "intro")
