"""Offers (the 360's offers tab): every product of the shelf, suitable for this customer or not
and why, by the same suitability rule the server and the flow runner's gate use.

Computed on the workstation, so it works offline: the customer comes from the encrypted cache
and the shelf from ``ReferenceService.products`` (cached, else fetched, else the one shipped
with the app).

Threading: ``offers`` reads the cache (and, the first time, may call the backend); the UI calls
it from a background operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from agentdesk.cache.customers import get_customer
from agentdesk.contract.reference import Product, ProductShelf
from agentdesk.domain.suitability import Reason, ReasonCode, explain_shelf
from agentdesk.errors import NotFound
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.reference import PRODUCTS, ReferenceService

__all__ = ["SHELF_KEY", "Offer", "OfferService"]

SHELF_KEY = PRODUCTS.key


@dataclass(frozen=True)
class Offer:
    """One product of the shelf for one customer: may it be offered, and if not, every reason
    (codes with their data, for the UI to translate)."""

    product: Product
    suitable: bool
    reasons: tuple[Reason, ...] = ()

    @property
    def codes(self) -> frozenset[ReasonCode]:
        return frozenset(reason.code for reason in self.reasons)


class OfferService:
    def __init__(
        self,
        reference: ReferenceService,
        cache: LocalCache,
        *,
        assessment_valid_days: int = 365,
    ) -> None:
        self._reference = reference
        self._cache = cache
        self._valid_days = assessment_valid_days

    def offers(self, customer_id: int, today: date) -> list[Offer]:
        """Every product of the shelf, in shelf order, with the decision for this customer
        ``today``. NotFound when the customer is not in the cache."""
        record = self._cache.read(lambda conn: get_customer(conn, customer_id))
        if record is None:
            raise NotFound(f"customer {customer_id} is not in the cache")
        decisions = explain_shelf(
            self.shelf().products,
            lambda product: product.risk,
            record.risk_profile,
            record.risk_assessed_on,
            today,
            valid_days=self._valid_days,
        )
        return [Offer(d.product, d.result.suitable, d.result.reasons) for d in decisions]

    def shelf(self) -> ProductShelf:
        """The product shelf (``ReferenceService.products``)."""
        return self._reference.products()
