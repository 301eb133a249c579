"""Customers as the agent sees them: screen-pop by phone and the customer 360 profile."""

from __future__ import annotations

from dataclasses import dataclass

from agentdesk.contract.customers import CustomerProfile, CustomerSummary
from agentdesk.domain.phones import InvalidPhoneNumber, normalize_phone
from agentdesk.errors import NotFound
from agentdesk.services.session import SessionService

__all__ = ["CustomerService", "ScreenPop"]


@dataclass(frozen=True)
class ScreenPop:
    """What the agent sees when a call is offered.

    One match: ``profile`` is the caller's 360. Several (a family sharing a number): the
    ``candidates`` to choose from, never a guess. None: an unknown caller.
    """

    phone: str
    phone_e164: str | None
    candidates: list[CustomerSummary]
    profile: CustomerProfile | None = None

    @property
    def unknown(self) -> bool:
        return not self.candidates


class CustomerService:
    def __init__(self, session: SessionService) -> None:
        self._session = session

    def screen_pop(self, phone: str) -> ScreenPop:
        try:
            e164 = normalize_phone(phone)
        except InvalidPhoneNumber:
            return ScreenPop(phone, None, [])
        try:
            lookup = self._session.api.lookup_by_phone(e164)
        except NotFound:
            return ScreenPop(phone, e164, [])
        profile = None
        if len(lookup.matches) == 1:
            profile = self._session.api.get_customer(lookup.matches[0].id)
        return ScreenPop(phone, lookup.phone_e164, lookup.matches, profile)

    def profile(self, customer_id: int) -> CustomerProfile:
        return self._session.api.get_customer(customer_id)
