"""The admin console's service against a real backend: an administrator creates an agent who
can then sign in, finds what that agent did in the audit trail (paged, filtered, as CSV), and
saves the settings with their version (a stale version is refused)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from agentdesk.client.errors import StaleRecord
from agentdesk.services import AppServices, AuditFilter


def _admin(live_backend: Any, make_services: Callable[..., AppServices]) -> AppServices:
    services = make_services(backend_url=live_backend.url, listen=False, sync_autostart=False)
    services.session.login(live_backend.url, "admin", live_backend.password)
    return services


def test_an_admin_creates_an_agent_who_signs_in_and_shows_in_the_audit(
    live_backend: Any, make_services: Callable[..., AppServices], tmp_path: Path
) -> None:
    admin = _admin(live_backend, make_services).admin
    username = f"new{uuid.uuid4().hex[:8]}"
    created = admin.create_user(
        username, "New Agent", "agent", "a-Long-pass-123", team="retail", skills=["cards"]
    )
    assert created.active and created.team == "retail"
    assert username in [user.username for user in admin.users()]

    agent = make_services(backend_url=live_backend.url, listen=False, sync_autostart=False)
    assert agent.session.login(live_backend.url, username, "a-Long-pass-123").role == "agent"

    # Every sign-in is audited: the agent's own page of one event, found by username.
    page = admin.audit_page(AuditFilter(username=username))
    assert page.events and {event.username for event in page.events} == {username}

    # Paging: one event a page, the second page older than the first.
    first = admin.audit_page(AuditFilter(), limit=1)
    assert first.next_before is not None
    second = admin.audit_page(AuditFilter(), before=first.next_before, limit=1)
    assert second.events[0].id < first.events[0].id

    out = tmp_path / "audit.csv"
    assert admin.export_audit_csv(AuditFilter(username=username), out) > 0
    assert username in out.read_text(encoding="utf-8")

    deactivated = admin.deactivate(username)
    assert not deactivated.active


def test_settings_are_saved_with_their_version_and_a_stale_save_is_refused(
    live_backend: Any, make_services: Callable[..., AppServices]
) -> None:
    admin = _admin(live_backend, make_services).admin
    current = admin.settings()
    saved = admin.save_settings(current.model_copy(update={"short_abandon_s": 7.0}))
    assert saved.version > current.version and saved.short_abandon_s == 7.0
    with pytest.raises(StaleRecord):
        admin.save_settings(current)
    assert {team.name for team in admin.teams()} >= {"retail"}


def test_an_admin_session_starts_no_customer_sync(
    live_backend: Any, make_services: Callable[..., AppServices]
) -> None:
    services = make_services(backend_url=live_backend.url)  # listen and autostart, as the app
    services.session.login(live_backend.url, "admin", live_backend.password)
    assert services.sync.runner is None and services.sync.listener is None
