"""The admin console's settings and flows pages against a real backend: the settings show the
server's values, a saved change is what the server then holds, and a save over someone else's
shows theirs; a clean flow file is published as a new version, a file with a finding publishes
nothing and names the line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from agentdesk.flow_library import library_dir
from agentdesk.services import AdminService, AppServices, SystemSettings
from ui.admin.flows_page import FlowsPage
from ui.admin.settings_page import SettingsPage
from ui.kit.record_table import RecordTableModel

SIGNAL_MS = 15_000


def _admin(live_backend: Any, make_services: Callable[..., AppServices]) -> AppServices:
    services = make_services(backend_url=live_backend.url, listen=False, sync_autostart=False)
    services.session.login(live_backend.url, "admin", live_backend.password)
    return services


@pytest.fixture
def admin_services(
    live_backend: Any, make_services: Callable[..., AppServices]
) -> Iterator[AppServices]:
    """An administrator's services; the server's settings as they were are saved back after the
    test (other tests read the service levels)."""
    services = _admin(live_backend, make_services)
    before = services.admin.settings()
    yield services
    now = services.admin.settings()
    services.admin.save_settings(before.model_copy(update={"version": now.version}))


def _messages(page: SettingsPage | FlowsPage) -> list[str]:
    said: list[str] = []
    page.message_posted.connect(said.append)
    return said


def _settings_page(qtbot: Any, services: AppServices) -> SettingsPage:
    page = SettingsPage(services.admin, reference=services.reference)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=SIGNAL_MS):
        page.load()
    return page


def _shows(page: SettingsPage, settings: SystemSettings) -> bool:
    targets = {
        code: (threshold.value(), round(target.value() / 100, 3))
        for code, (threshold, target) in page.target_spins.items()
    }
    return (
        page.short_abandon_spin.value() == pytest.approx(settings.short_abandon_s)
        and page.loss_spin.value() == pytest.approx(settings.care_holding_loss_pct)
        and page.confirmation_spin.value() == settings.care_confirmation_after_days
        and targets
        == {code: (t.threshold_s, round(t.target, 3)) for code, t in settings.queue_targets.items()}
    )


def test_settings_page_shows_the_servers_settings_with_queue_names(
    qtbot: Any, admin_services: AppServices
) -> None:
    page = _settings_page(qtbot, admin_services)
    server = admin_services.admin.settings()
    assert page.settings == server
    assert _shows(page, server)
    # Queues by their names, not their codes; nothing to save or revert yet.
    names = {q.code: q.label_en for q in admin_services.reference.queues().queues}
    for code, (threshold, _target) in page.target_spins.items():
        assert names[code] in threshold.accessibleName()
    assert not page.save_button.isEnabled() and not page.revert_button.isEnabled()


def test_a_saved_change_is_what_the_server_holds_and_revert_drops_an_edit(
    qtbot: Any, admin_services: AppServices
) -> None:
    page = _settings_page(qtbot, admin_services)
    said = _messages(page)
    loaded = admin_services.admin.settings()

    page.loss_spin.setValue(loaded.care_holding_loss_pct + 1)
    assert page.revert_button.isEnabled()
    page.revert_button.click()
    assert _shows(page, loaded) and not page.save_button.isEnabled()

    short_abandon = 3.0 if loaded.short_abandon_s != 3.0 else 4.0
    queue = next(iter(page.target_spins))
    threshold, target = page.target_spins[queue]
    page.short_abandon_spin.setValue(short_abandon)
    threshold.setValue(45)
    target.setValue(70)
    assert page.save_button.isEnabled()
    page.save_button.click()
    qtbot.waitUntil(lambda: "Settings saved." in said, timeout=SIGNAL_MS)

    saved = admin_services.admin.settings()
    assert saved.version == loaded.version + 1
    assert saved.short_abandon_s == short_abandon
    assert saved.queue_targets[queue].threshold_s == 45
    assert saved.queue_targets[queue].target == pytest.approx(0.7)
    assert page.settings == saved and not page.save_button.isEnabled()


def test_a_save_over_someone_elses_says_so_and_shows_theirs(
    qtbot: Any, admin_services: AppServices
) -> None:
    page = _settings_page(qtbot, admin_services)
    said = _messages(page)
    admin: AdminService = admin_services.admin
    read = admin.settings()
    theirs = admin.save_settings(
        read.model_copy(
            update={"care_confirmation_after_days": (read.care_confirmation_after_days + 5) % 90}
        )
    )

    page.short_abandon_spin.setValue(read.short_abandon_s + 2)
    with qtbot.waitSignal(page.loaded, timeout=SIGNAL_MS):
        page.save_button.click()

    assert said == ["Someone else saved these settings; they were read again."]
    assert page.settings == theirs and _shows(page, theirs)
    assert admin.settings() == theirs


# -- flows -----------------------------------------------------------------------------------


def _flows_page(qtbot: Any, services: AppServices) -> FlowsPage:
    page = FlowsPage(services.admin, reference=services.reference)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=SIGNAL_MS):
        page.load()
    return page


def _rows(model: RecordTableModel[Any]) -> list[Any]:
    return [model.record(row) for row in range(model.total_count())]


def _copy_of_shipped(tmp_path: Path, name: str, version: int) -> tuple[Path, list[str]]:
    """A shipped flow file as a new version (a published version never changes)."""
    text = (library_dir() / "care_fund_loss.yaml").read_text(encoding="utf-8")
    lines = text.replace("version: 1\n", f"version: {version}\n", 1).splitlines()
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, lines


def test_a_clean_flow_file_is_published_as_a_new_version(
    qtbot: Any, admin_services: AppServices, tmp_path: Path
) -> None:
    page = _flows_page(qtbot, admin_services)
    said = _messages(page)
    shipped = {(f.flow_id, f.version) for f in _rows(page.published_model)}
    assert ("care_fund_loss", 1) in shipped

    path, _lines = _copy_of_shipped(tmp_path, "care_fund_loss_v2.yaml", 2)
    with qtbot.waitSignal(page.loaded, timeout=SIGNAL_MS):
        page.publish([path])

    assert said == ["Published 1 flow version(s)."]
    assert not page.findings_box.isVisibleTo(page)
    published = {(f.flow_id, f.version): f for f in _rows(page.published_model)}
    assert published[("care_fund_loss", 2)].published_by == "admin"
    assert "care_fund_loss v2" in page.result_label.text()
    assert ("care_fund_loss", 2) in {
        (f.flow_id, f.version) for f in admin_services.admin.published_flows()
    }


def test_a_flow_file_with_a_finding_publishes_nothing_and_names_the_line(
    qtbot: Any, admin_services: AppServices, tmp_path: Path
) -> None:
    page = _flows_page(qtbot, admin_services)
    said = _messages(page)
    path, lines = _copy_of_shipped(tmp_path, "broken.yaml", 3)
    # The first step now leads to a step that does not exist.
    first_next = next(n for n, line in enumerate(lines) if line.strip().startswith("next:"))
    lines[first_next] = lines[first_next].split("next:")[0] + "next: no_such_step"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    clean, _ = _copy_of_shipped(tmp_path, "clean.yaml", 4)

    with qtbot.waitSignal(page.publish_finished, timeout=SIGNAL_MS):
        page.publish([path, clean])

    assert said == ["Nothing was published: 1 finding(s)."]
    assert page.findings_box.isVisibleTo(page)
    (finding,) = _rows(page.findings_model)
    index = page.findings_model.index(0, 0)
    assert page.findings_model.data(index) == "broken.yaml"
    assert finding.line == lines.index("  open:") + 1 and "no_such_step" in finding.message
    versions = {(f.flow_id, f.version) for f in admin_services.admin.published_flows()}
    assert ("care_fund_loss", 3) not in versions and ("care_fund_loss", 4) not in versions
