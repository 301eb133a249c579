"""Administration: the audit trail of every look at personal data."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

__all__ = ["AuditEvent", "Health"]


class AuditEvent(BaseModel):
    id: int
    at: datetime
    username: str
    workstation_id: str
    action: str
    entity: str
    entity_id: str


class Health(BaseModel):
    status: str
    version: str
    database: str
