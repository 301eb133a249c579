"""Next-best offers: only suitable, consented products, ranked with their reasons; past
outcomes lower or remove a product."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.domain.customer_facts import CustomerFacts, HoldingFact, HoldingKind
from agentdesk.domain.offer_ranking import (
    BlockCode,
    ExclusionCode,
    OfferOutcome,
    OfferReasonCode,
    OfferRules,
    PastOutcome,
    rank_offers,
)
from agentdesk.domain.risk import ProductRisk, RiskProfile
from agentdesk.domain.segments import derive_segments
from agentdesk.domain.suitability import ReasonCode, check_suitability
from agentdesk.domain.tiers import Tier

TODAY = date(2026, 12, 6)


@dataclass(frozen=True)
class Product:
    code: str
    risk: ProductRisk
    kind: str


SHELF = (
    Product("CD-R1", ProductRisk.R1, "deposit"),
    Product("WM-R2", ProductRisk.R2, "wealth_management"),
    Product("FD-R3", ProductRisk.R3, "fund"),
    Product("FD-R4", ProductRisk.R4, "fund"),
    Product("QD-R5", ProductRisk.R5, "fund"),
)

BASE = CustomerFacts(
    customer_id=1,
    tier=Tier.GOLD,
    holdings=(HoldingFact(HoldingKind.DEPOSIT, "a1"),),
    risk_profile=RiskProfile.C3,
    risk_assessed_on=TODAY - timedelta(days=30),
    marketing_consent=True,
)


def facts(**changes: Any) -> CustomerFacts:
    return replace(BASE, **changes)


def codes(ranking: Any) -> list[str]:
    return [offer.product.code for offer in ranking.offers]


def test_an_unsuitable_product_is_nowhere_in_the_ranking() -> None:
    ranking = rank_offers(SHELF, facts(), TODAY)
    assert set(codes(ranking)) == {"CD-R1", "WM-R2", "FD-R3"}
    excluded = {e.product.code: e for e in ranking.excluded}
    assert set(excluded) == {"FD-R4", "QD-R5"}
    assert excluded["FD-R4"].code is ExclusionCode.UNSUITABLE
    assert ReasonCode.RISK_EXCEEDS_PROFILE in excluded["FD-R4"].suitability.codes


def test_an_expired_assessment_leaves_nothing_to_offer() -> None:
    ranking = rank_offers(SHELF, facts(risk_assessed_on=TODAY - timedelta(days=366)), TODAY)
    assert ranking.offers == ()
    assert all(ReasonCode.ASSESSMENT_EXPIRED in e.suitability.codes for e in ranking.excluded)


@pytest.mark.parametrize(
    ("changes", "blocked"),
    [
        ({"marketing_consent": False}, (BlockCode.MARKETING_REFUSED,)),
        ({"do_not_call": True}, (BlockCode.DO_NOT_CALL,)),
        (
            {"marketing_consent": False, "do_not_call": True},
            (BlockCode.MARKETING_REFUSED, BlockCode.DO_NOT_CALL),
        ),
    ],
)
def test_no_offer_at_all_without_consent_and_the_ranking_says_why(
    changes: dict[str, Any], blocked: tuple[BlockCode, ...]
) -> None:
    ranking = rank_offers(SHELF, facts(**changes), TODAY)
    assert ranking.offers == ()
    assert ranking.blocked == blocked


def test_each_offer_carries_its_reasons_and_suitability() -> None:
    ranking = rank_offers(SHELF, facts(), TODAY)
    first = ranking.offers[0]
    assert first.suitability.suitable
    assert first.reasons
    # a kind the customer lacks comes before the kind they hold
    assert codes(ranking)[-1] == "CD-R1"
    gap = next(o for o in ranking.offers if o.product.code == "WM-R2")
    assert gap.reasons[0].code is OfferReasonCode.PRODUCT_MIX_GAP


def test_a_deposit_maturing_soon_puts_a_deposit_first() -> None:
    maturing = HoldingFact(
        HoldingKind.DEPOSIT, "td1", product_name="3-year CD", matures_on=TODAY + timedelta(days=10)
    )
    ranking = rank_offers(SHELF, facts(holdings=(maturing,)), TODAY)
    top = ranking.offers[0]
    assert top.product.code == "CD-R1"
    assert top.reasons[0].code is OfferReasonCode.MATURING_SOON
    assert top.reasons[0].figures["days"] == 10


def test_segments_favour_their_product_kinds() -> None:
    customer = facts(holdings=())  # every kind is a gap: the segment decides
    rules = OfferRules(segment_kinds={"risk:conservative": frozenset({"deposit"})})
    conservative = facts(holdings=(), risk_profile=RiskProfile.C1)
    segments = derive_segments(conservative, TODAY)
    ranking = rank_offers(SHELF, conservative, TODAY, segments=segments, rules=rules)
    assert codes(ranking) == ["CD-R1"]  # C1: only R1 is suitable
    balanced = derive_segments(customer, TODAY)
    ranking = rank_offers(SHELF, customer, TODAY, segments=balanced, rules=rules)
    assert [r.code for r in ranking.offers[0].reasons] == [OfferReasonCode.PRODUCT_MIX_GAP]


def test_a_product_above_the_customers_tier_is_set_aside() -> None:
    rules = OfferRules(min_tier_by_product={"FD-R3": Tier.PLATINUM})
    customer = facts(risk_profile=RiskProfile.C5)
    ranking = rank_offers(SHELF, customer, TODAY, rules=rules)
    excluded = {e.product.code: e for e in ranking.excluded}
    assert excluded["FD-R3"].code is ExclusionCode.TIER_TOO_LOW
    assert excluded["FD-R3"].figures == {"tier": Tier.GOLD, "min_tier": Tier.PLATINUM}
    platinum = rank_offers(SHELF, replace(customer, tier=Tier.PLATINUM), TODAY, rules=rules)
    assert "FD-R3" in codes(platinum)


@pytest.mark.parametrize(("days_ago", "offered"), [(89, False), (90, True)])
def test_a_declined_product_is_not_offered_for_the_configured_days(
    days_ago: int, offered: bool
) -> None:
    declined = [PastOutcome("WM-R2", OfferOutcome.DECLINED, TODAY - timedelta(days=days_ago))]
    ranking = rank_offers(SHELF, facts(), TODAY, outcomes=declined)
    assert ("WM-R2" in codes(ranking)) is offered
    if not offered:
        (gone,) = [e for e in ranking.excluded if e.product.code == "WM-R2"]
        assert gone.code is ExclusionCode.DECLINED_RECENTLY
        assert gone.figures["until"] == TODAY - timedelta(days=days_ago) + timedelta(days=90)


def test_an_accepted_product_is_not_offered_again_soon() -> None:
    accepted = [PastOutcome("FD-R3", OfferOutcome.ACCEPTED, TODAY - timedelta(days=5))]
    ranking = rank_offers(SHELF, facts(), TODAY, outcomes=accepted)
    assert "FD-R3" not in codes(ranking)


def test_not_now_lowers_a_product_and_says_so() -> None:
    before = codes(rank_offers(SHELF, facts(), TODAY))
    not_now = [PastOutcome(before[0], OfferOutcome.NOT_NOW, TODAY - timedelta(days=3))]
    ranking = rank_offers(SHELF, facts(), TODAY, outcomes=not_now)
    lowered = next(o for o in ranking.offers if o.product.code == before[0])
    assert lowered.reasons[-1].code is OfferReasonCode.NOT_NOW_RECENTLY
    assert codes(ranking).index(before[0]) > 0


def test_the_latest_outcome_counts() -> None:
    outcomes = [
        PastOutcome("WM-R2", OfferOutcome.DECLINED, TODAY - timedelta(days=10)),
        PastOutcome("WM-R2", OfferOutcome.NOT_NOW, TODAY - timedelta(days=2)),
    ]
    assert "WM-R2" in codes(rank_offers(SHELF, facts(), TODAY, outcomes=outcomes))


products = st.builds(
    Product,
    code=st.sampled_from([f"P{n}" for n in range(8)]),
    risk=st.sampled_from(ProductRisk),
    kind=st.sampled_from(["deposit", "wealth_management", "fund"]),
)
customers = st.builds(
    CustomerFacts,
    customer_id=st.just(1),
    tier=st.sampled_from(Tier),
    holdings=st.lists(
        st.builds(
            HoldingFact,
            kind=st.sampled_from(HoldingKind),
            ref=st.just("h"),
            market_value=st.just(Decimal(1000)),
            matures_on=st.none() | st.dates(TODAY, TODAY + timedelta(days=60)),
        ),
        max_size=3,
    ).map(tuple),
    risk_profile=st.none() | st.sampled_from(RiskProfile),
    risk_assessed_on=st.none() | st.dates(TODAY - timedelta(days=500), TODAY + timedelta(days=5)),
    marketing_consent=st.booleans(),
    do_not_call=st.booleans(),
)
outcomes = st.lists(
    st.builds(
        PastOutcome,
        st.sampled_from([f"P{n}" for n in range(8)]),
        st.sampled_from(OfferOutcome),
        st.dates(TODAY - timedelta(days=200), TODAY),
    ),
    max_size=4,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(shelf=st.lists(products, max_size=8), customer=customers, past=outcomes)
def test_the_ranking_never_holds_an_unsuitable_or_unconsented_product(
    shelf: list[Product], customer: CustomerFacts, past: list[PastOutcome]
) -> None:
    ranking = rank_offers(shelf, customer, TODAY, outcomes=past)
    if not customer.marketing_consent or customer.do_not_call:
        assert ranking.offers == ()
        assert ranking.blocked
    for offer in ranking.offers:
        assert check_suitability(
            offer.product.risk, customer.risk_profile, customer.risk_assessed_on, TODAY
        ).suitable
        assert offer.suitability.suitable and offer.reasons
    scores = [offer.score for offer in ranking.offers]
    assert scores == sorted(scores, reverse=True)
    if not ranking.blocked:
        assert len(ranking.offers) + len(ranking.excluded) == len(shelf)
