"""The administrator's console: staff accounts, teams and their queues, system settings, the
audit trail (paged and as CSV) and flow publishing.

Every call is the server's (``/admin``, administrators only: 403 for anyone else); the server
role-checks and audits each change. Settings are saved with their version (If-Match): a 412 is
raised as :class:`~agentdesk.errors.StaleRecord`-like ``ApiError`` for the console to reload.

Threading: blocking (HTTP); the UI calls it from background operations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from agentdesk.contract.admin import (
    AuditPage,
    PasswordReset,
    StaffUser,
    SystemSettings,
    TeamInfo,
    TeamUpdate,
    UserCreate,
    UserUpdate,
)
from agentdesk.contract.flows import FlowVersionInfo
from agentdesk.flow_library import check_files
from agentdesk.flow_publish import publish_checked
from agentdesk.flows.source import FlowIssue
from agentdesk.services.contract_input import checked
from agentdesk.services.session import SessionService

__all__ = ["AdminService", "AuditFilter", "FlowPublishResult"]


@dataclass(frozen=True)
class AuditFilter:
    """What the audit viewer filters on (empty: any)."""

    username: str = ""
    customer_id: int | None = None
    action: str = ""
    entity: str = ""
    start: datetime | None = None
    end: datetime | None = None

    def params(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for name in ("username", "action", "entity"):
            value = getattr(self, name).strip()
            if value:
                found[name] = value
        if self.customer_id is not None:
            found["customer_id"] = str(self.customer_id)
        if self.start is not None:
            found["start"] = self.start.isoformat()
        if self.end is not None:
            found["end"] = self.end.isoformat()
        return found


@dataclass(frozen=True)
class FlowPublishResult:
    """The validator's findings (file, line, message) or, when there were none, what was
    published."""

    issues: list[FlowIssue]
    published: list[FlowVersionInfo]


class AdminService:
    def __init__(self, session: SessionService) -> None:
        self._session = session

    # -- staff --------------------------------------------------------------------------------

    def users(self) -> list[StaffUser]:
        return self._session.api.admin_users()

    def create_user(
        self,
        username: str,
        display_name: str,
        role: str,
        password: str,
        *,
        team: str = "",
        skills: list[str] | None = None,
    ) -> StaffUser:
        request = checked(
            UserCreate,
            username=username,
            display_name=display_name,
            role=role,
            team=team,
            skills=skills or [],
            password=password,
        )
        return self._session.api.admin_create_user(request)

    def update_user(self, username: str, **changes: Any) -> StaffUser:
        """Change role, team, skills, display name or active (only what is given)."""
        return self._session.api.admin_update_user(username, checked(UserUpdate, **changes))

    def deactivate(self, username: str) -> StaffUser:
        return self.update_user(username, active=False)

    def reset_password(self, username: str, password: str) -> None:
        self._session.api.admin_reset_password(username, checked(PasswordReset, password=password))

    # -- teams and settings -------------------------------------------------------------------

    def teams(self) -> list[TeamInfo]:
        return self._session.api.admin_teams()

    def set_team_queues(self, name: str, queues: list[str]) -> TeamInfo:
        return self._session.api.admin_update_team(name, checked(TeamUpdate, queues=queues))

    def settings(self) -> SystemSettings:
        return self._session.api.admin_settings()

    def save_settings(self, settings: SystemSettings) -> SystemSettings:
        """Save with ``settings.version`` as If-Match (412: someone else saved; reload)."""
        return self._session.api.admin_save_settings(settings)

    # -- audit --------------------------------------------------------------------------------

    def audit_page(
        self, where: AuditFilter, before: int | None = None, limit: int = 100
    ) -> AuditPage:
        """A page of events, newest first; pass the page's ``next_before`` for the next."""
        return self._session.api.audit_page(where.params(), before=before, limit=limit)

    def export_audit_csv(self, where: AuditFilter, path: Path) -> int:
        """Write every matching event to ``path`` as the server's CSV; the bytes written."""
        data = self._session.api.audit_csv(where.params())
        path.write_bytes(data)
        return len(data)

    # -- flows --------------------------------------------------------------------------------

    def published_flows(self) -> list[FlowVersionInfo]:
        """Every published version (the shipped library's and the bank's), by flow and version."""
        return self._session.api.published_flows()

    def publish_flows(self, paths: list[Path]) -> FlowPublishResult:
        """Validate the files here first; publish only when there is no finding."""
        report = check_files(paths)
        if report.issues:
            return FlowPublishResult(report.issues, [])
        return FlowPublishResult([], publish_checked(self._session.api, report))
