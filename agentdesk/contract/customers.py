"""Customers: the summary used by screen-pop and lists, and the full profile (customer 360)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from agentdesk.contract.holdings import Holdings
from agentdesk.contract.interactions import Interaction
from agentdesk.contract.tickets import TicketSummary
from agentdesk.contract.values import FreeText, Identifier, RecordId
from agentdesk.domain.risk import RiskProfile
from agentdesk.domain.tiers import Tier

__all__ = ["AlertKind", "CustomerAlert", "CustomerLookup", "CustomerProfile", "CustomerSummary"]


class AlertKind(StrEnum):
    VULNERABLE = "vulnerable"
    FRAUD_WATCH = "fraud_watch"
    OPEN_COMPLAINT = "open_complaint"
    BEREAVEMENT = "bereavement"
    VIP_NOTE = "vip_note"


class CustomerAlert(BaseModel):
    kind: AlertKind
    note: str = ""


class TierReason(BaseModel):
    """Which figure put the customer in their tier (the 360 header's hover): AUM or yearly
    contribution against its threshold, and what the next tier needs."""

    basis: Literal["aum", "contribution", "below_thresholds"]
    figure: Decimal
    threshold: Decimal | None = None
    next_tier: Tier | None = None
    next_threshold: Decimal | None = None


class SegmentInfo(BaseModel):
    """A segment the customer's data put them in, with why (``code`` is ``kind:value``, as in
    ``segments``; ``reason`` a code the desk words, ``figures`` the numbers behind it)."""

    code: str
    kind: str
    value: str
    reason: str
    figures: dict[str, str] = {}


class ProvisionalContactCreate(BaseModel):
    """An unknown caller kept as a provisional contact (``contact.create``), until the server
    links or merges it with a real customer the number or name matches."""

    phone_e164: Annotated[Identifier, Field(max_length=20)]
    name: Annotated[FreeText, Field(min_length=1, max_length=128)]
    language: Literal["zh", "en"] = "zh"
    note: Annotated[FreeText, Field(max_length=2000)] = ""


class PhoneLink(BaseModel):
    """``phone.link``: the caller's number becomes a pending phone of this customer (verified
    later; never used to pop or verify until then)."""

    customer_id: RecordId
    phone_e164: Annotated[Identifier, Field(max_length=20)]


class CustomerSummary(BaseModel):
    """What a screen-pop or a search result shows; phones and ID arrive masked."""

    id: int
    cif: str
    name: str
    name_pinyin: str
    tier: Tier
    risk_profile: RiskProfile
    risk_assessed_on: date
    phone_masked: str
    alerts: list[CustomerAlert] = []


class CustomerLookup(BaseModel):
    """Result of a lookup by phone: several matches when a family shares the number."""

    phone_e164: str
    matches: list[CustomerSummary]


class CustomerProfile(CustomerSummary):
    """Customer 360: everything the agent sees about the caller."""

    language: str
    birth_year: int
    id_number_masked: str
    email_masked: str
    phones_masked: list[str]
    aum: Decimal
    yearly_revenue: Decimal
    segments: list[str]
    relationship_manager: str
    marketing_consent: bool
    do_not_call: bool
    tier_reason: TierReason | None = None
    segment_details: list[SegmentInfo] = []
    holdings: Holdings
    recent_interactions: list[Interaction]
    open_tickets: list[TicketSummary]
