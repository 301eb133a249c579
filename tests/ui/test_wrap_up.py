"""The wrap-up dialog: a code is required, Ctrl+Enter saves, a callback is scheduled with it;
and the settings dialog stores language and theme in the user file."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt

from agentdesk.config import AppPaths
from agentdesk.errors import BackendUnavailable
from tests.ui.call_fakes import T0
from ui.desk.wrap_up_dialog import WrapUpContext, WrapUpDialog
from ui.shell.settings_dialog import SettingsDialog


class FakeInteractions:
    def __init__(self) -> None:
        self.saved: list[dict[str, Any]] = []
        self.fail = False

    def record_wrap_up(self, **fields: Any) -> str:
        if self.fail:
            raise BackendUnavailable("disk?")
        self.saved.append(fields)
        return "client-1"


class FakeTasks:
    def __init__(self) -> None:
        self.callbacks: list[tuple[int, datetime, str]] = []

    def schedule_callback(self, customer_id: int, due_at: datetime, note: str = "") -> str:
        self.callbacks.append((customer_id, due_at, note))
        return "task-1"


CONTEXT = WrapUpContext(
    started_at=T0,
    ended_at=T0 + timedelta(minutes=4),
    customer_id=7,
    customer_name="张伟",
    phone_e164="+8613812345678",
    queue="cards",
    call_id="call-1",
)


def _dialog(qtbot: Any, interactions: FakeInteractions, tasks: Any = None) -> WrapUpDialog:
    dialog = WrapUpDialog(interactions, CONTEXT, tasks=tasks, clock=lambda: T0)
    qtbot.addWidget(dialog)
    dialog.show()
    # Shortcuts fire only in the active window (offscreen too): activate it as a click would.
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    return dialog


def test_a_wrap_up_code_is_required(qtbot: Any) -> None:
    interactions = FakeInteractions()
    dialog = _dialog(qtbot, interactions)
    qtbot.keyClick(dialog.code_combo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.message.text() == "Choose a wrap-up code first."
    assert interactions.saved == []


def test_typing_picks_the_code_and_ctrl_enter_saves_the_call(qtbot: Any) -> None:
    interactions = FakeInteractions()
    dialog = _dialog(qtbot, interactions)
    dialog.code_combo.setFocus()
    qtbot.keyClicks(dialog.code_combo, "Inf")  # first letters find "Information given"
    assert dialog.code_combo.currentData() == "info_given"
    qtbot.keyClick(dialog.code_combo, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.notes_edit, "balance given")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(dialog.notes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved.args == ["client-1"]
    assert interactions.saved == [
        {
            "wrap_up_code": "info_given",
            "started_at": T0,
            "ended_at": T0 + timedelta(minutes=4),
            "customer_id": 7,
            "phone_e164": "+8613812345678",
            "queue": "cards",
            "notes": "balance given",
            "call_id": "call-1",  # tied to the call it wraps up
        }
    ]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_a_follow_up_callback_is_scheduled_with_the_wrap_up(qtbot: Any) -> None:
    interactions, tasks = FakeInteractions(), FakeTasks()
    dialog = _dialog(qtbot, interactions, tasks)
    dialog.code_combo.setCurrentIndex(dialog.code_combo.findData("follow_up"))
    dialog.callback_check.setChecked(True)
    due = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
    dialog.callback_edit.setDateTime(QDateTime(due.astimezone()))
    dialog.callback_note.setText("confirm the refund")
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    assert tasks.callbacks == [(7, due, "confirm the refund")]


def test_a_failed_save_says_so_and_keeps_the_dialog(qtbot: Any) -> None:
    interactions = FakeInteractions()
    interactions.fail = True
    dialog = _dialog(qtbot, interactions)
    dialog.code_combo.setCurrentIndex(1)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert dialog.message.text().startswith("The wrap-up was not saved: ")
    assert dialog.isVisible() and dialog.save_button.isEnabled()


def test_settings_are_saved_to_the_user_file_and_the_theme_applies_now(qtbot: Any) -> None:
    paths = AppPaths.from_environment()
    paths.ensure()
    paths.user_config_file.write_text('backend_url = "https://agentdesk.bank"\n', "utf-8")
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
        "backend_url": "https://agentdesk.bank",
        "language": "zh_CN",
        "theme": "dark",
    }
