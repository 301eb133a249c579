"""Back-office access (后台访问): seeing one customer in clear without a call on the line.

No call, no verification (DESIGN.md §3), except back-office work a supervisor approved: an
agent asks with a reason (``POST /customers/{id}/back-office-access``), a supervisor of their
team approves it (``POST /back-office-access/{grant_id}/approve``) and, for
:data:`GRANT_MINUTES`, the agent may unmask that one customer's fields; every step and every
unmask is audited as back-office access. ``GET /back-office-access`` lists the caller's own
requests, or a supervisor's team's.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from agentdesk.contract.values import FreeText

__all__ = ["GRANT_MINUTES", "AccessGrant", "AccessRequest", "GrantStatus"]

GRANT_MINUTES = 60


class GrantStatus(StrEnum):
    REQUESTED = "requested"  # waiting for a supervisor
    APPROVED = "approved"  # in force until ``expires_at``
    EXPIRED = "expired"


class AccessRequest(BaseModel):
    reason: Annotated[
        FreeText,
        Field(
            min_length=10,
            max_length=500,
            description="why the customer must be seen without a call",
        ),
    ]


class AccessGrant(BaseModel):
    id: int
    customer_id: int
    username: str
    reason: str
    status: GrantStatus
    requested_at: datetime
    approved_by: str | None = None
    approved_at: datetime | None = None
    expires_at: datetime | None = None
