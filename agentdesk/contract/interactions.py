"""Interactions: one contact with the customer on any channel."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

__all__ = ["Channel", "Interaction"]


class Channel(StrEnum):
    PHONE_IN = "phone_in"
    PHONE_OUT = "phone_out"
    WEB_CHAT = "web_chat"
    APP = "app"
    WECHAT = "wechat"
    BRANCH = "branch"
    EMAIL = "email"
    SMS = "sms"


class Interaction(BaseModel):
    """Append-only. ``customer_id`` is None for a caller no customer matched (yet): the
    interaction keeps the caller's ``phone_e164`` and is linked once a customer is known."""

    id: int
    customer_id: int | None
    channel: Channel
    started_at: datetime
    ended_at: datetime | None = None
    agent: str = ""
    queue: str = ""
    reason: str = ""
    wrap_up_code: str = ""
    notes: str = ""
    ticket_id: int | None = None
    phone_e164: str | None = None
    client_id: str | None = None
    call_id: str | None = None  # the telephony's call, for a phone contact
