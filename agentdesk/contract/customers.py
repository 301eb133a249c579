"""Customers: the summary used by screen-pop and lists, and the full profile (customer 360)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel

from agentdesk.contract.holdings import Holdings
from agentdesk.contract.interactions import Interaction
from agentdesk.contract.tickets import TicketSummary
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
    holdings: Holdings
    recent_interactions: list[Interaction]
    open_tickets: list[TicketSummary]
