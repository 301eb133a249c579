"""The wrap-up dialog: a code is required, Ctrl+Enter saves, a callback is scheduled with it;
and the settings dialog stores language and theme in the user file."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QLabel

from agentdesk.config.paths import AppPaths
from agentdesk.config.settings import load_settings
from agentdesk.domain.presence import AgentState
from agentdesk.errors import BackendUnavailable, InputRejected
from agentdesk.events import EventBus
from agentdesk.services import Callback, CustomerSummary, WrapUp
from tests.ui.call_fakes import T0, FakeCallService, FakeClock
from tests.ui.conftest import make_profile
from ui.desk.wrap_up_dialog import WrapUpDialog
from ui.shell.settings_dialog import SettingsDialog

CUSTOMER = make_profile()  # 张伟, customer 7


def _ended_call() -> FakeCallService:
    """A call from the cards queue, answered at T0 and ended four minutes later."""
    clock = FakeClock()
    calls = FakeCallService(EventBus(), clock)
    calls.ring("+8613812345678", "cards")
    calls.answer()
    clock.advance(240)
    calls.hang_up()
    return calls


def _dialog(
    qtbot: Any, calls: FakeCallService, customer: CustomerSummary | None = CUSTOMER
) -> WrapUpDialog:
    context = calls.wrap_up_context()
    assert context is not None
    dialog = WrapUpDialog(calls, context, customer)
    qtbot.addWidget(dialog)
    dialog.show()
    # Shortcuts fire only in the active window (offscreen too): activate it as a click would.
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    return dialog


def test_a_wrap_up_code_is_required(qtbot: Any) -> None:
    calls = _ended_call()
    dialog = _dialog(qtbot, calls)
    qtbot.keyClick(dialog.code_combo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.message.text() == "Choose a wrap-up code first."
    assert calls.wrap_ups == []


def test_typing_picks_the_code_and_ctrl_enter_saves_the_call(qtbot: Any) -> None:
    calls = _ended_call()
    dialog = _dialog(qtbot, calls)
    dialog.code_combo.setFocus()
    qtbot.keyClicks(dialog.code_combo, "Inf")  # first letters find "Information given"
    assert dialog.code_combo.currentData() == "info_given"
    qtbot.keyClick(dialog.code_combo, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.notes_edit, "balance given")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(dialog.notes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved.args[0].interaction_id == "client-1"
    [(context, wrap_up)] = calls.wrap_ups
    # Tied to the call it wraps up, with its queue, caller and talk time.
    assert (context.call_id, context.queue, context.caller) == ("call-1", "cards", "+8613812345678")
    assert (context.started_at, context.ended_at) == (T0, T0 + timedelta(minutes=4))
    assert wrap_up == WrapUp("info_given", "balance given", customer_id=7)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert calls.presence.state is AgentState.READY  # the telephony heard wrap-up is over


def test_a_follow_up_callback_is_scheduled_with_the_wrap_up(qtbot: Any) -> None:
    calls = _ended_call()
    dialog = _dialog(qtbot, calls)
    dialog.code_combo.setCurrentIndex(dialog.code_combo.findData("follow_up"))
    dialog.callback_check.setChecked(True)
    due = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
    dialog.callback_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(due.timestamp())))
    dialog.callback_note.setText("confirm the refund")
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    [(_context, wrap_up)] = calls.wrap_ups
    assert wrap_up.callback == Callback(due, "confirm the refund")


def test_an_unidentified_caller_gets_no_callback(qtbot: Any) -> None:
    dialog = _dialog(qtbot, _ended_call(), customer=None)
    heading = dialog.findChild(QLabel, "sectionTitle")
    assert heading is not None and "Caller not identified" in heading.text()
    assert not dialog.callback_check.isEnabled()


def test_a_failed_save_says_so_and_keeps_the_dialog(qtbot: Any) -> None:
    calls = _ended_call()
    calls.fail_wrap_up = BackendUnavailable("disk?")
    dialog = _dialog(qtbot, calls)
    dialog.code_combo.setCurrentIndex(1)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert dialog.message.text().startswith("The wrap-up was not saved: ")
    assert dialog.isVisible() and dialog.save_button.isEnabled()


def test_settings_are_saved_to_the_user_file_and_the_theme_applies_now(qtbot: Any) -> None:
    paths = AppPaths.from_environment()
    paths.ensure()
    # Written by an earlier release: flat names, one of them the language being changed.
    paths.user_config_file.write_text(
        'backend_url = "https://agentdesk.bank"\nlanguage = "en"\n', "utf-8"
    )
    themes: list[str] = []
    dialog = SettingsDialog(paths, language="en", theme="light", on_theme_chosen=themes.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("zh_CN"))
    assert "next time" in dialog.note.text()
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    assert themes == ["dark"]
    saved = tomllib.loads(paths.user_config_file.read_text("utf-8"))
    assert saved == {
        "desktop": {"backend_url": "https://agentdesk.bank", "language": "zh_CN", "theme": "dark"}
    }
    assert load_settings().desktop.language == "zh_CN"  # what the next start reads


def test_a_value_the_contract_refuses_is_said_at_its_field_which_gets_the_focus(
    qtbot: Any,
) -> None:
    calls = _ended_call()
    calls.fail_wrap_up = InputRejected("notes: text", field="notes", reason="text")
    dialog = _dialog(qtbot, calls)
    dialog.code_combo.setCurrentIndex(1)
    dialog.notes_edit.setPlainText("a NUL \x00 pasted from another tool")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert dialog.message.text() == (
        "Notes: a character here cannot be saved (a NUL or a broken Unicode character). "
        "Remove it and save again."
    )
    qtbot.waitUntil(dialog.notes_edit.hasFocus)
    assert dialog.isVisible() and dialog.save_button.isEnabled()
