"""Offers are decided on the workstation, from the 360 the agent sees (the cache's, or the one
fetched for a customer the cache does not hold) and the cached shelf, by the domain's
suitability rule (R ≤ C and a current assessment): no backend needed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from agentdesk.cache import sync_state
from agentdesk.client import ApiClient
from agentdesk.contract.customers import CustomerProfile
from agentdesk.contract.interactions import Channel, Interaction, OfferOutcome
from agentdesk.contract.reference import Product, ProductKind, ProductShelf
from agentdesk.contract.sync import ChangesPage, CustomerRecord
from agentdesk.credentials import CredentialStore
from agentdesk.domain.offer_ranking import ExclusionCode
from agentdesk.domain.risk import ProductRisk, RiskProfile
from agentdesk.domain.suitability import ReasonCode
from agentdesk.events import Connectivity, EventBus
from agentdesk.services.customers import cached_profile
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.offers import SHELF_KEY, OfferService
from agentdesk.services.reference import ReferenceService
from agentdesk.services.session import SessionService
from agentdesk.sync.connectivity import ConnectivityTracker

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
ASSESSED = date(2026, 1, 10)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    local = LocalCache(tmp_path / "data", CredentialStore(), "ws-test")
    yield local
    local.close()


def _record(customer_id: int, profile: str, assessed_on: date) -> CustomerRecord:
    return CustomerRecord.model_validate(
        {
            "id": customer_id,
            "cif": f"CIF{customer_id:08d}",
            "name": "张三",
            "birth_year": 1980,
            "id_number_masked": "110***********1234",
            "id_last4": "1234",
            "phones": ["+8613812345678"],
            "tier": "gold",
            "aum": "600000.00",
            "yearly_revenue": "3000.00",
            "risk_profile": profile,
            "risk_assessed_on": assessed_on.isoformat(),
            "updated_at": NOW.isoformat(),
        }
    )


def _fill(cache: LocalCache, record: CustomerRecord) -> CustomerProfile:
    """The customer cached, and their 360 as the desk shows it from the cache."""
    page = ChangesPage(cursor=1, high_water=1, has_more=False, customers=[record])
    cache.open().write(lambda conn: sync_state.apply_changes(conn, page), durable=False)
    return cache.read(lambda conn: cached_profile(conn, record))


def _declined(interaction_id: int, customer_id: int, product_code: str) -> Interaction:
    """A call another desk wrapped up, on which the customer said no to the product."""
    return Interaction(
        id=interaction_id,
        customer_id=customer_id,
        channel=Channel.PHONE_IN,
        started_at=NOW,
        agent="agent02",
        offers=[OfferOutcome(product_code=product_code, outcome="declined")],
    )


@pytest.fixture
def offers(cache: LocalCache, tmp_path: Path) -> OfferService:
    def no_backend(url: str) -> ApiClient:
        raise AssertionError("offers must not need the backend")

    bus = EventBus()
    session = SessionService(
        no_backend, CredentialStore(), bus, data_dir=tmp_path / "data", workstation_id="ws-test"
    )
    connectivity = ConnectivityTracker(bus, initial=Connectivity.OFFLINE)
    return OfferService(ReferenceService(session, cache, connectivity), cache)


def test_a_c3_customer_may_be_offered_up_to_r3_only(
    cache: LocalCache, offers: OfferService
) -> None:
    found = offers.offers(_fill(cache, _record(1, "C3", ASSESSED)), TODAY)

    assert [o.product.code for o in found] == [p.code for p in offers.shelf().products]
    for offer in found:
        if offer.product.risk.level <= 3:
            assert offer.suitable and offer.reasons == ()
        else:
            assert not offer.suitable
            assert offer.codes == {ReasonCode.RISK_EXCEEDS_PROFILE}
            (reason,) = offer.reasons
            assert (reason.product_risk, reason.profile) == (offer.product.risk, RiskProfile.C3)
    r4 = [o for o in found if o.product.risk is ProductRisk.R4]
    assert r4 and not any(o.suitable for o in r4)


def test_an_expired_assessment_makes_everything_unsuitable(
    cache: LocalCache, offers: OfferService
) -> None:
    found = offers.offers(_fill(cache, _record(2, "C5", date(2025, 1, 1))), TODAY)

    assert found and not any(o.suitable for o in found)
    assert all(ReasonCode.ASSESSMENT_EXPIRED in o.codes for o in found)
    assert all(ReasonCode.RISK_EXCEEDS_PROFILE not in o.codes for o in found)  # C5 takes R5


def test_every_reason_is_reported_together(cache: LocalCache, offers: OfferService) -> None:
    customer = _fill(cache, _record(3, "C3", date(2025, 1, 1)))
    r5 = next(o for o in offers.offers(customer, TODAY) if o.product.risk is ProductRisk.R5)
    assert r5.codes == {ReasonCode.ASSESSMENT_EXPIRED, ReasonCode.RISK_EXCEEDS_PROFILE}


def test_the_shelf_cached_from_the_backend_is_used(cache: LocalCache, offers: OfferService) -> None:
    shelf = ProductShelf(
        version="test",
        products=[
            Product(code="X-R2", name_zh="测试", name_en="Test", risk="R2", kind=ProductKind.FUND),
            Product(code="X-R4", name_zh="测试", name_en="Test", risk="R4", kind=ProductKind.FUND),
        ],
    )
    cache.open().write(lambda conn: sync_state.set_value(conn, SHELF_KEY, shelf.model_dump_json()))
    customer = _fill(cache, _record(4, "C2", ASSESSED))

    found = offers.offers(customer, TODAY)
    assert [(o.product.code, o.suitable) for o in found] == [("X-R2", True), ("X-R4", False)]


def test_a_workstation_that_never_reached_the_backend_uses_the_shipped_shelf(
    cache: LocalCache, offers: OfferService
) -> None:
    shelf = offers.shelf()
    assert shelf.products and {p.risk for p in shelf.products} == set(ProductRisk)


def test_a_customer_the_cache_does_not_hold_is_ranked_from_the_fetched_360(
    cache: LocalCache, offers: OfferService
) -> None:
    # A working-set desk pops a caller it holds only in its phone index: the 360 comes from
    # the backend, with the customer's recent contacts; the cache has neither.
    record = _record(5, "C3", ASSESSED).model_copy(update={"marketing_consent": True})
    fetched = cache.read(lambda conn: cached_profile(conn, record))
    best = offers.ranking(fetched, TODAY).offers[0].product.code
    fetched = fetched.model_copy(update={"recent_interactions": [_declined(88, 5, best)]})

    ranked = offers.ranking(fetched, TODAY, offers.past_outcomes(fetched, TODAY))
    assert ranked.offers and not ranked.blocked
    assert best not in {o.product.code for o in ranked.offers}
    (set_aside,) = [e for e in ranked.excluded if e.product.code == best]
    assert set_aside.code == ExclusionCode.DECLINED_RECENTLY


def test_an_offer_declined_on_another_desks_contact_is_set_aside_here(
    cache: LocalCache, offers: OfferService
) -> None:
    consenting = _record(1, "C3", ASSESSED).model_copy(update={"marketing_consent": True})
    customer = _fill(cache, consenting)
    first = offers.ranking(customer, TODAY, offers.past_outcomes(customer, TODAY)).offers[0]
    first_code = first.product.code
    # The customer said no to it on a call another desk wrapped up; the feed brings the contact.
    contact = _declined(77, 1, first_code)
    page = ChangesPage(cursor=2, high_water=2, has_more=False, interactions=[contact])
    cache.open().write(lambda conn: sync_state.apply_changes(conn, page), durable=False)

    ranked = offers.ranking(customer, TODAY, offers.past_outcomes(customer, TODAY))
    assert first_code not in {o.product.code for o in ranked.offers}
    (set_aside,) = [e for e in ranked.excluded if e.product.code == first_code]
    assert set_aside.code == ExclusionCode.DECLINED_RECENTLY
