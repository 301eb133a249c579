"""Offers (the 360's offers tab): every product of the shelf, suitable for this customer or not
and why, by the same suitability rule the server and the flow runner's gate use.

Computed on the workstation, so it works offline: the customer is the 360 the agent sees (from
the encrypted cache, or fetched at the pop for a customer the cache does not hold), the shelf
comes from ``ReferenceService.products`` (cached, else fetched, else the one shipped with the
app).

Threading: ``ranking`` and ``past_outcomes`` read the cache (and, the first time, the shelf may
call the backend); the UI calls them from a background operation.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from agentdesk.cache.records import interactions_for_customer
from agentdesk.contract.customers import CustomerProfile
from agentdesk.contract.reference import Product, ProductShelf
from agentdesk.contract.sync import OfferOutcome
from agentdesk.customer_rules import load_customer_rules
from agentdesk.domain.offer_ranking import (
    BlockCode,
    ExcludedOffer,
    OfferRules,
    PastOutcome,
    RankedOffer,
    rank_offers,
)
from agentdesk.domain.offer_ranking import (
    OfferOutcome as RankingOutcome,
)
from agentdesk.domain.suitability import Reason, ReasonCode, explain_shelf
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.offer_facts import facts_of, segments_of
from agentdesk.services.reference import PRODUCTS, ReferenceService

__all__ = ["SHELF_KEY", "Offer", "OfferOutcomeCode", "OfferService", "RankedOffers"]

OfferOutcomeCode = Literal["accepted", "declined", "not_now"]

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


@dataclass(frozen=True)
class RankedOffers:
    """The next-best offers for one customer: ``blocked`` non-empty means nothing may be
    offered at all (and says why); else ``offers`` best first, each with its reasons and its
    suitability, and ``excluded``: the shelf's other products with why they are set aside."""

    blocked: tuple[BlockCode, ...]
    offers: tuple[RankedOffer[Product], ...]
    excluded: tuple[ExcludedOffer[Product], ...]


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
        self._offer_rules: OfferRules | None = None
        self._lock = threading.Lock()
        self._by_call: dict[str, dict[str, OfferOutcome]] = {}
        self._customer_of_call: dict[str, int] = {}

    def offers(self, customer: CustomerProfile, today: date) -> list[Offer]:
        """Every product of the shelf, in shelf order, with the decision for this customer
        ``today``."""
        decisions = explain_shelf(
            self.shelf().products,
            lambda product: product.risk,
            customer.risk_profile,
            customer.risk_assessed_on,
            today,
            valid_days=self._valid_days,
        )
        return [Offer(d.product, d.result.suitable, d.result.reasons) for d in decisions]

    def ranking(
        self, customer: CustomerProfile, today: date, outcomes: Sequence[PastOutcome] = ()
    ) -> RankedOffers:
        """The suitable products ranked for this customer ``today`` (``rank_offers``), from
        the 360 the agent sees and the shelf, so it works offline and for a customer the cache
        does not hold alike; ``outcomes``: what the customer said to offers before."""
        shelf = self.shelf().products
        ranking = rank_offers(
            shelf,
            facts_of(customer, shelf),
            today,
            segments=segments_of(customer),
            outcomes=outcomes,
            rules=self._rules(),
        )
        return RankedOffers(ranking.blocked, ranking.offers, ranking.excluded)

    # -- what the customer said, on this desk ----------------------------------------------

    def record_outcome(
        self, call_id: str, customer_id: int, product_code: str, outcome: OfferOutcomeCode
    ) -> None:
        """The customer's answer to an offer made on the call: it goes on the call's wrap-up
        (``InteractionCreate.offers``) and ranks this customer's offers from now on (a later
        answer to the same product replaces the earlier one)."""
        with self._lock:
            answers = self._by_call.setdefault(call_id, {})
            answers[product_code] = OfferOutcome(product_code=product_code, outcome=outcome)
            self._customer_of_call[call_id] = customer_id

    def outcomes_of_call(self, call_id: str) -> list[OfferOutcome]:
        with self._lock:
            return list(self._by_call.get(call_id, {}).values())

    def past_outcomes(self, customer: CustomerProfile, today: date) -> list[PastOutcome]:
        """What this customer said to offers before: on the contacts the cache holds (from any
        desk, through the feed) and the 360's recent contacts (all a desk knows of a customer
        the cache does not hold), and on this desk's call still going (not wrapped up yet).
        The ranking lowers or sets aside what they said not now, no or yes to."""
        cached = self._cache.read(
            lambda conn: interactions_for_customer(conn, customer.id, limit=500)
        )
        contacts = {contact.id: contact for contact in customer.recent_interactions}
        contacts |= {contact.id: contact for contact in cached}
        said = [
            PastOutcome(
                answer.product_code, RankingOutcome(answer.outcome), contact.started_at.date()
            )
            for contact in contacts.values()
            for answer in contact.offers
        ]
        with self._lock:
            said += [
                PastOutcome(answer.product_code, RankingOutcome(answer.outcome), today)
                for call_id, answers in self._by_call.items()
                if self._customer_of_call.get(call_id) == customer.id
                for answer in answers.values()
            ]
        return said

    def _rules(self) -> OfferRules:
        # Read once, the first time offers are ranked (the file is checked at start).
        if self._offer_rules is None:
            self._offer_rules = load_customer_rules().offer_rules()
        return self._offer_rules

    def shelf(self) -> ProductShelf:
        """The product shelf (``ReferenceService.products``)."""
        return self._reference.products()
