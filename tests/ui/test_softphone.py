"""The softphone bar renders the agent's snapshot and offers only the allowed moves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMenu

from agentdesk.domain.presence import AgentState, NotReadyReason
from agentdesk.events import EventBus
from agentdesk.services import AppServices
from tests.ui.call_fakes import FakeCallService, FakeClock
from ui.desk.call_timers import format_duration
from ui.desk.softphone_bar import SoftphoneBar


def _bar(qtbot: Any, reference: Any = None) -> tuple[SoftphoneBar, FakeCallService, FakeClock]:
    clock = FakeClock()
    calls = FakeCallService(EventBus(), clock)
    bar = SoftphoneBar(
        calls, reference=reference, clock=clock, mask=lambda n: n[:6] + "****" + n[-4:]
    )
    qtbot.addWidget(bar)
    bar.show()
    with qtbot.waitSignal(bar.snapshot_changed):
        bar.refresh()
    return bar, calls, clock


def _enabled(bar: SoftphoneBar) -> set[str]:
    actions = {
        "ready": bar.ready_action,
        "not_ready": bar.not_ready_action,
        "log_out": bar.log_out_action,
        "answer": bar.answer_action,
        "hold": bar.hold_action,
        "transfer": bar.transfer_action,
        "hang_up": bar.hang_up_action,
        "wrap_up": bar.wrap_up_action,
    }
    return {name for name, action in actions.items() if action.isEnabled()}


def test_format_duration_reads_minutes_then_hours() -> None:
    assert format_duration(0) == "00:00"
    assert format_duration(75.9) == "01:15"
    assert format_duration(3 * 3600 + 62) == "3:01:02"


def test_ready_agent_can_only_change_state(qtbot: Any) -> None:
    bar, _calls, _clock = _bar(qtbot)
    assert bar.state_button.text() == "Ready"
    assert _enabled(bar) == {"not_ready", "log_out"}
    assert bar.state_label.text() == "No call"


def test_every_action_shows_its_shortcut_in_the_tooltip(qtbot: Any) -> None:
    bar, _calls, _clock = _bar(qtbot)
    for action, key in (
        (bar.ready_action, "F9"),
        (bar.answer_action, "F5"),
        (bar.hold_action, "F6"),
        (bar.transfer_action, "F7"),
        (bar.hang_up_action, "F8"),
        (bar.wrap_up_action, "Ctrl+Shift+W"),
    ):
        assert key in action.toolTip(), action.text()
    assert "Ctrl+Enter" in bar.answer_action.toolTip()


def test_a_call_rings_is_answered_held_and_hung_up_with_timers(qtbot: Any) -> None:
    bar, calls, clock = _bar(qtbot)
    event = calls.ring()
    with qtbot.waitSignal(bar.snapshot_changed):
        bar.show_offered(event, "+86 138****5678")
    assert bar.state_label.text() == "Incoming call"
    assert bar.state_label.property("ringing") is True
    assert "****" in bar.number_label.text() and "Queue: retail" == bar.queue_label.text()
    assert _enabled(bar) == {"answer", "not_ready"}

    clock.advance(3)
    with qtbot.waitSignal(bar.snapshot_changed):
        bar.answer_action.trigger()
    assert calls.presence.state is AgentState.ON_CALL
    assert _enabled(bar) == {"hold", "transfer", "hang_up", "not_ready"}
    clock.advance(65)
    bar.timers.refresh()
    assert bar.timers.call_time_label.text() == "Talk 01:05"
    assert bar.timers.state_time_label.text() == "01:05"

    with qtbot.waitSignal(bar.snapshot_changed):
        bar.hold_action.trigger()
    assert bar.hold_action.text().replace("&", "") == "Resume"
    clock.advance(10)
    bar.timers.refresh()
    assert bar.timers.call_time_label.text() == "Talk 01:05 · Hold 00:10"
    with qtbot.waitSignal(bar.snapshot_changed):
        bar.hold_action.trigger()
    assert bar.hold_action.text().replace("&", "") == "Hold"

    with qtbot.waitSignal(bar.wrap_up_started) as started:
        bar.hang_up_action.trigger()
    assert started.args[0].id == "call-1"
    assert _enabled(bar) == {"wrap_up", "not_ready"}
    clock.advance(20)
    bar.timers.refresh()
    assert bar.timers.call_time_label.text() == "Wrap-up 00:20"
    calls.finish_wrap_up()  # as the wrap-up's save tells the telephony
    with qtbot.waitSignal(bar.snapshot_changed):
        bar.show_current()
    assert bar.state_button.text() == "Ready"


def test_not_ready_during_a_call_is_remembered_for_after(qtbot: Any) -> None:
    bar, calls, _clock = _bar(qtbot)
    calls.ring()
    with qtbot.waitSignal(bar.snapshot_changed):
        bar.refresh()
    with qtbot.waitSignal(bar.snapshot_changed):
        bar.reason_actions[NotReadyReason.LUNCH].trigger()
    assert bar.state_button.text() == "Ringing (then Lunch)"
    assert NotReadyReason.MISSED_CALL not in bar.reason_actions


def _on_call(qtbot: Any, reference: Any) -> tuple[SoftphoneBar, FakeCallService]:
    bar, calls, _clock = _bar(qtbot, reference)
    calls.ring()  # from the retail queue
    calls.answer()
    with qtbot.waitSignal(bar.snapshot_changed):
        bar.refresh()
    return bar, calls


def _texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_transfer_names_the_other_queues_by_the_reference_list(
    qtbot: Any, make_services: Callable[..., AppServices]
) -> None:
    # Never signed in: the reference queues are the ones shipped with the app.
    bar, calls = _on_call(qtbot, make_services().reference)
    qtbot.waitUntil(lambda: bar.queue_label.text() == "Queue: Retail banking")
    bar.transfer_action.trigger()
    qtbot.waitUntil(lambda: "Cards" in _texts(bar.transfer_menu))
    assert _texts(bar.transfer_menu) == ["Cards", "Wealth management", "Transfer to &agent"]
    assert bar.transfer_menu.activeAction() is bar.transfer_menu.actions()[0]
    with qtbot.waitSignal(bar.wrap_up_started):
        bar.transfer_menu.actions()[0].trigger()
    bar.transfer_menu.close()
    assert "to:cards" in calls.log  # the code goes to the ACD, not the label


def test_transfer_names_the_queues_in_chinese_under_zh_cn(
    qtbot: Any, make_services: Callable[..., AppServices], chinese: None
) -> None:
    bar, _calls = _on_call(qtbot, make_services().reference)
    bar.transfer_action.trigger()
    qtbot.waitUntil(lambda: "信用卡" in _texts(bar.transfer_menu))
    assert _texts(bar.transfer_menu) == ["信用卡", "财富管理", "转接给座席(&A)"]
    bar.transfer_menu.close()


def test_transfer_to_a_ready_agent_from_the_submenu(qtbot: Any) -> None:
    bar, calls = _on_call(qtbot, None)
    bar.transfer_action.trigger()
    qtbot.waitUntil(lambda: _texts(bar.transfer_agent_menu) == ["agent02"])
    # Without reference lists the queues show as their codes.
    assert _texts(bar.transfer_menu)[:2] == ["cards", "wealth"]
    with qtbot.waitSignal(bar.wrap_up_started):
        bar.transfer_agent_menu.actions()[0].trigger()
    bar.transfer_menu.close()
    assert "to-agent:agent02" in calls.log


def test_a_failed_action_reads_as_a_sentence(qtbot: Any) -> None:
    bar, calls, _clock = _bar(qtbot)
    calls.offline = True
    with qtbot.waitSignal(bar.action_failed) as failed:
        bar.reason_actions[NotReadyReason.BREAK].trigger()
    assert failed.args[0].startswith("The AgentDesk server cannot be reached.")


def test_a_signed_in_agent_off_the_phone_reads_offline_for_calls(qtbot: Any) -> None:
    bar, _calls, _clock = _bar(qtbot)
    bar.log_out_action.trigger()
    qtbot.waitUntil(lambda: bar.state_button.text() == "Offline for calls")


def test_offline_for_calls_in_chinese(qtbot: Any, chinese: None) -> None:
    bar, _calls, _clock = _bar(qtbot)
    bar.log_out_action.trigger()
    qtbot.waitUntil(lambda: bar.state_button.text() == "话务离线")
