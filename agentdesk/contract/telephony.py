"""Telephony payloads (the demo call simulator for now; the ACD arrives with the call work)."""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["OfferedCall"]


class OfferedCall(BaseModel):
    call_id: str
    phone: str
    queue: str
