"""Interactions: one contact with the customer on any channel."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from agentdesk.contract.values import Identifier

__all__ = ["Channel", "Interaction", "OfferOutcome"]


class Channel(StrEnum):
    PHONE_IN = "phone_in"
    PHONE_OUT = "phone_out"
    WEB_CHAT = "web_chat"
    APP = "app"
    WECHAT = "wechat"
    BRANCH = "branch"
    EMAIL = "email"
    SMS = "sms"


class OfferOutcome(BaseModel):
    """What the customer said to an offer made on the contact (it feeds the next ranking)."""

    product_code: Annotated[Identifier, Field(max_length=32)]
    outcome: Literal["accepted", "declined", "not_now"]


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
    offers: list[OfferOutcome] = []  # what the customer said to offers made on the contact
