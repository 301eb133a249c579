"""The admin console's staff and teams pages against a real backend: an administrator creates
an agent in the dialog who can then sign in, a bad first password is said in the dialog and
creates nobody, a deactivated user shows so and can no longer sign in, and a team's queues are
shown by their labels and saved."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt

from agentdesk.errors import AuthenticationFailed
from agentdesk.services import AppServices
from ui.admin.teams_page import EditQueuesDialog, TeamsPage
from ui.admin.user_dialogs import (
    DeactivateUserDialog,
    EditUserDialog,
    NewUserDialog,
    QueueChecklist,
)
from ui.admin.users_page import UsersPage
from ui.kit.workers import BackgroundOp

PASSWORD = "a-Long-pass-123"


def _signed_in_admin(live_backend: Any, make_services: Callable[..., AppServices]) -> AppServices:
    services = make_services(backend_url=live_backend.url, listen=False, sync_autostart=False)
    services.session.login(live_backend.url, "admin", live_backend.password)
    return services


def _users_page(qtbot: Any, services: AppServices) -> UsersPage:
    page = UsersPage(services.admin, reference=services.reference, current_username="admin")
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=15_000):
        page.load()
    return page


def _cell(page: UsersPage | TeamsPage, row: int, column: int) -> str:
    return str(page.model.index(row, column).data())


def _tick(checklist: QueueChecklist, label: str) -> None:
    for row in range(checklist.count()):
        item = checklist.item(row)
        if item.text() == label:
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"no queue labelled {label}")


def _open_new_user(qtbot: Any, page: UsersPage) -> NewUserDialog:
    with qtbot.waitSignal(page.dialog_opened) as opened:
        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert isinstance(dialog, NewUserDialog)
    return dialog


def _fill(qtbot: Any, dialog: NewUserDialog, username: str, password: str, repeat: str) -> None:
    qtbot.keyClicks(dialog.username_edit, username)
    dialog.display_name_edit.setText("测试 坐席")  # QTest types Latin-1 only
    dialog.team_combo.setCurrentIndex(dialog.team_combo.findData("retail"))
    qtbot.keyClicks(dialog.passwords.password_edit, password)
    qtbot.keyClicks(dialog.passwords.repeat_edit, repeat)


def test_an_admin_creates_an_agent_in_the_dialog_who_then_signs_in(
    qtbot: Any, live_backend: Any, make_services: Callable[..., AppServices]
) -> None:
    page = _users_page(qtbot, _signed_in_admin(live_backend, make_services))
    username = f"pg{uuid.uuid4().hex[:8]}"
    dialog = _open_new_user(qtbot, page)
    # Roles, teams and queues are offered by name, never as codes.
    roles = [dialog.role_combo.itemText(i) for i in range(dialog.role_combo.count())]
    assert roles == ["Agent", "Supervisor", "Administrator"]
    teams = [dialog.team_combo.itemText(i) for i in range(dialog.team_combo.count())]
    assert "Retail banking" in teams and "retail" not in teams
    queue_labels = [dialog.skills_list.item(i).text() for i in range(dialog.skills_list.count())]
    assert "General service" in queue_labels and "general" not in queue_labels

    _fill(qtbot, dialog, username, PASSWORD, PASSWORD)
    _tick(dialog.skills_list, "Cards")
    with (
        qtbot.waitSignal(dialog.accepted, timeout=15_000),
        qtbot.waitSignal(page.message_posted, timeout=15_000) as posted,
        qtbot.waitSignal(page.loaded, timeout=15_000),
    ):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert posted.args == [f"User {username} created."]

    row = page.row_of(username)
    assert row >= 0
    selected = page.selected_user()
    assert selected is not None and selected.username == username
    assert [_cell(page, row, c) for c in range(6)] == [
        username,
        "测试 坐席",
        "Agent",
        "Retail banking",
        "Cards",
        "Active",
    ]
    agent = make_services(backend_url=live_backend.url, listen=False, sync_autostart=False)
    assert agent.session.login(live_backend.url, username, PASSWORD).role == "agent"


def test_a_short_or_mismatched_password_is_said_in_the_dialog_and_creates_nobody(
    qtbot: Any, live_backend: Any, make_services: Callable[..., AppServices]
) -> None:
    services = _signed_in_admin(live_backend, make_services)
    page = _users_page(qtbot, services)
    username = f"pg{uuid.uuid4().hex[:8]}"
    dialog = _open_new_user(qtbot, page)

    _fill(qtbot, dialog, username, "short-pass", "short-pass")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert "at least 12 characters" in dialog.error_label.text()
    assert BackgroundOp.running_count() == 0  # nothing was sent

    dialog.passwords.password_edit.setText(PASSWORD)
    dialog.passwords.repeat_edit.setText(PASSWORD + "x")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "differ" in dialog.error_label.text()
    assert BackgroundOp.running_count() == 0

    # A user name the contract refuses (a space) is said beside its field, not as a traceback.
    dialog.passwords.repeat_edit.setText(PASSWORD)
    dialog.username_edit.setText(f"{username} x")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=15_000)
    assert dialog.isVisible() and dialog.error_label.text() == "User name: not valid."

    assert all(not user.username.startswith(username) for user in services.admin.users())
    dialog.reject()


def test_a_deactivated_user_shows_so_and_can_no_longer_sign_in_until_reactivated(
    qtbot: Any, live_backend: Any, make_services: Callable[..., AppServices]
) -> None:
    services = _signed_in_admin(live_backend, make_services)
    username = f"pg{uuid.uuid4().hex[:8]}"
    services.admin.create_user(username, "To Leave", "agent", PASSWORD, team="cards")
    page = _users_page(qtbot, services)

    # The administrator cannot deactivate themselves.
    assert page.select_user("admin")
    assert not page.deactivate_action.isEnabled() and not page.deactivate_button.isEnabled()

    assert page.select_user(username)
    assert page.deactivate_button.isEnabled() and not page.reactivate_button.isEnabled()
    with qtbot.waitSignal(page.dialog_opened) as opened:
        qtbot.mouseClick(page.deactivate_button, Qt.MouseButton.LeftButton)
    confirm = opened.args[0]
    assert isinstance(confirm, DeactivateUserDialog)
    assert confirm.ok_button.text() == "Deactivate"
    with (
        qtbot.waitSignal(page.message_posted, timeout=15_000) as posted,
        qtbot.waitSignal(page.loaded, timeout=15_000),
    ):
        qtbot.mouseClick(confirm.ok_button, Qt.MouseButton.LeftButton)
    assert posted.args == [f"User {username} deactivated."]

    row = page.row_of(username)
    assert _cell(page, row, 5) == "Deactivated"
    assert page.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed
    selected = page.selected_user()
    assert selected is not None and selected.username == username
    assert not page.deactivate_action.isEnabled() and page.reactivate_action.isEnabled()

    outsider = make_services(backend_url=live_backend.url, listen=False, sync_autostart=False)
    with pytest.raises(AuthenticationFailed):
        outsider.session.login(live_backend.url, username, PASSWORD)

    with qtbot.waitSignal(page.loaded, timeout=15_000):
        qtbot.mouseClick(page.reactivate_button, Qt.MouseButton.LeftButton)
    assert _cell(page, page.row_of(username), 5) == "Active"
    assert outsider.session.login(live_backend.url, username, PASSWORD).role == "agent"


def test_an_edit_saves_only_what_changed_and_keeps_the_user_selected(
    qtbot: Any, live_backend: Any, make_services: Callable[..., AppServices]
) -> None:
    services = _signed_in_admin(live_backend, make_services)
    username = f"pg{uuid.uuid4().hex[:8]}"
    services.admin.create_user(username, "Moving Agent", "agent", PASSWORD, team="cards")
    page = _users_page(qtbot, services)
    assert page.select_user(username)
    with qtbot.waitSignal(page.dialog_opened) as opened:
        qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert isinstance(dialog, EditUserDialog)
    dialog.team_combo.setCurrentIndex(dialog.team_combo.findData("wealth"))
    assert dialog.changes() == {"team": "wealth"}
    with (
        qtbot.waitSignal(page.message_posted, timeout=15_000) as posted,
        qtbot.waitSignal(page.loaded, timeout=15_000),
    ):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert posted.args == [f"User {username} saved."]
    selected = page.selected_user()
    assert selected is not None and selected.username == username
    assert _cell(page, page.row_of(username), 3) == "Wealth management"
    assert _cell(page, page.row_of(username), 4) == "Team's queues"


def test_teams_show_queue_labels_and_a_teams_queues_are_saved(
    qtbot: Any, live_backend: Any, make_services: Callable[..., AppServices]
) -> None:
    services = _signed_in_admin(live_backend, make_services)
    admin = services.admin
    page = TeamsPage(admin, reference=services.reference)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=15_000):
        page.load()

    shown = {_cell(page, row, 0): _cell(page, row, 1) for row in range(page.model.rowCount())}
    assert {"Retail banking", "Cards", "Wealth management", "Complaints"} <= set(shown)
    assert shown["Retail banking"] == "General service, Cards"  # labels, not codes

    original = next(team.queues for team in admin.teams() if team.name == "complaints")
    try:
        assert page.select_team("complaints")
        with qtbot.waitSignal(page.dialog_opened) as opened:
            qtbot.mouseClick(page.edit_queues_button, Qt.MouseButton.LeftButton)
        dialog = opened.args[0]
        assert isinstance(dialog, EditQueuesDialog)
        # Only the queues the phone system serves: a reference-only queue would be refused.
        assert dialog.queue_list.codes() == list(admin.settings().queue_targets)

        # None ticked: said in the dialog, which stays open.
        dialog.queue_list.set_checked([])
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "at least one queue" in dialog.error_label.text()

        dialog.queue_list.set_checked(["complaints"])
        _tick(dialog.queue_list, "General service")
        with (
            qtbot.waitSignal(page.message_posted, timeout=15_000) as posted,
            qtbot.waitSignal(page.loaded, timeout=15_000),
        ):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert posted.args == ["Queues of Complaints saved."]
        saved = next(team.queues for team in admin.teams() if team.name == "complaints")
        assert saved == ["general", "complaints"]
        row = page.row_of("complaints")
        selected = page.selected_team()
        assert selected is not None and selected.name == "complaints"
        assert _cell(page, row, 1) == "General service, Complaints"
    finally:
        admin.set_team_queues("complaints", original)


def test_a_list_that_cannot_be_read_is_said_on_the_page(
    qtbot: Any, live_backend: Any, make_services: Callable[..., AppServices]
) -> None:
    signed_out = make_services(backend_url=live_backend.url, listen=False, sync_autostart=False)
    page = UsersPage(signed_out.admin, reference=signed_out.reference)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.message_posted, timeout=15_000) as posted:
        page.load()
    assert page.error_label.isVisible()
    assert page.error_label.text() == f"The staff list could not be read: {posted.args[0]}"
    assert page.model.rowCount() == 0 and not page.edit_action.isEnabled()
