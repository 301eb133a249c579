"""Administration: the audit trail and the staff list (administrators only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from agentdesk.contract.admin import AuditEvent
from agentdesk.contract.auth import UserInfo
from agentdesk.server import audit
from agentdesk.server.deps import AdminUser, SessionDep
from agentdesk.server.models import User
from agentdesk.server.problems import PROBLEM_RESPONSES
from agentdesk.server.security import user_info

router = APIRouter(prefix="/admin", tags=["admin"], responses=PROBLEM_RESPONSES)


@router.get("/audit", response_model=list[AuditEvent])
def audit_events(
    session: SessionDep,
    _admin: AdminUser,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditEvent]:
    """The newest audit events first."""
    return audit.recent_events(session, limit)


@router.get("/users", response_model=list[UserInfo])
def users(session: SessionDep, _admin: AdminUser) -> list[UserInfo]:
    return [user_info(u) for u in session.scalars(select(User).order_by(User.username))]
