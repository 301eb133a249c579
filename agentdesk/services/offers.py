"""Offers (the 360's offers tab): every product of the shelf, suitable for this customer or not
and why, by the same suitability rule the server and the flow runner's gate use.

Computed on the workstation, so it works offline: the customer comes from the encrypted cache
and the shelf from the cache's key/values, where the first fetch from the backend stores it. A
workstation that has never reached the backend uses the shelf shipped with the app
(``resources/reference/products.yaml``) until it does.

Threading: ``offers`` reads the cache (and, the first time, may call the backend); the UI calls
it from a background operation.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date

import yaml

from agentdesk.cache import sync_state
from agentdesk.cache.customers import get_customer
from agentdesk.contract.reference import Product, ProductShelf
from agentdesk.domain.suitability import Reason, ReasonCode, explain_shelf
from agentdesk.errors import AgentDeskError, ApiError, NotFound
from agentdesk.events import Connectivity
from agentdesk.resources import resource_path
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.session import SessionService
from agentdesk.sync.connectivity import ConnectivityTracker

__all__ = ["SHELF_KEY", "Offer", "OfferService"]

log = logging.getLogger(__name__)

SHELF_KEY = "reference.products"


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
        session: SessionService,
        cache: LocalCache,
        connectivity: ConnectivityTracker | None = None,
        *,
        assessment_valid_days: int = 365,
    ) -> None:
        self._session = session
        self._cache = cache
        self._connectivity = connectivity
        self._valid_days = assessment_valid_days
        self._lock = threading.Lock()
        self._shelf: ProductShelf | None = None

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
        """The product shelf: this session's copy, else the cached one, else the backend's
        (then cached), else the one shipped with the app."""
        with self._lock:
            if self._shelf is not None:
                return self._shelf
        shelf = self._cached_shelf() or self._fetch_shelf() or _bundled_shelf()
        with self._lock:
            self._shelf = shelf
        return shelf

    def refresh_shelf(self) -> ProductShelf | None:
        """Fetch the backend's shelf and cache it (e.g. after sign-in); None when it cannot be
        reached (the shelf in use stays)."""
        fetched = self._fetch_shelf()
        if fetched is not None:
            with self._lock:
                self._shelf = fetched
        return fetched

    # -- internals -----------------------------------------------------------------------

    def _cached_shelf(self) -> ProductShelf | None:
        try:
            text = self._cache.read(lambda conn: sync_state.get_value(conn, SHELF_KEY))
        except AgentDeskError:
            return None
        if not text:
            return None
        try:
            return ProductShelf.model_validate_json(text)
        except ValueError:
            log.warning("the cached product shelf is unreadable; fetching it again")
            return None

    def _fetch_shelf(self) -> ProductShelf | None:
        if self._session.user is None:
            return None
        if self._connectivity is not None and self._connectivity.state is Connectivity.OFFLINE:
            return None
        try:
            shelf = self._session.api.product_shelf()
        except ApiError as exc:
            log.info("product shelf not fetched: %s", exc.code)
            return None
        text = shelf.model_dump_json()
        # Refilled from the server: a lost commit only means fetching it again.
        self._cache.open().write(
            lambda conn: sync_state.set_value(conn, SHELF_KEY, text), durable=False
        )
        return shelf


def _bundled_shelf() -> ProductShelf:
    path = resource_path("reference", "products.yaml")
    return ProductShelf.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
