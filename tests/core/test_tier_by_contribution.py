"""Tiers from AUM *and* yearly contribution: the higher tier either figure reaches, with the
figure and the threshold that decided it (the 360 header's hover)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.domain.tiers import (
    ContributionThresholds,
    Tier,
    TierBasis,
    tier_for,
    tier_for_aum,
)

NOTHING = Decimal(0)


@pytest.mark.parametrize(
    ("contribution", "tier"),
    [
        ("7999.99", Tier.MASS),
        ("8000", Tier.GOLD),
        ("8000.01", Tier.GOLD),
        ("29999.99", Tier.GOLD),
        ("30000", Tier.PLATINUM),
        ("30000.01", Tier.PLATINUM),
        ("99000000", Tier.PLATINUM),  # private banking is by AUM alone
    ],
)
def test_contribution_alone_reaches_gold_and_platinum_at_their_thresholds(
    contribution: str, tier: Tier
) -> None:
    assert tier_for(NOTHING, Decimal(contribution)).tier is tier


@pytest.mark.parametrize(
    ("aum", "tier"),
    [
        ("499999.99", Tier.MASS),
        ("500000", Tier.GOLD),
        ("500000.01", Tier.GOLD),
        ("1999999.99", Tier.GOLD),
        ("2000000", Tier.PLATINUM),
        ("5999999.99", Tier.PLATINUM),
        ("6000000", Tier.PRIVATE),
        ("6000000.01", Tier.PRIVATE),
    ],
)
def test_aum_alone_places_each_boundary_in_the_higher_tier(aum: str, tier: Tier) -> None:
    decision = tier_for(Decimal(aum), NOTHING)
    assert decision.tier is tier
    assert decision.tier is tier_for_aum(Decimal(aum))


def test_the_higher_figure_decides_and_is_named_with_its_threshold() -> None:
    decision = tier_for(Decimal(600_000), Decimal(35_000))
    assert decision.tier is Tier.PLATINUM
    assert decision.basis is TierBasis.CONTRIBUTION
    assert decision.threshold == Decimal(30_000)
    assert decision.next_tier is Tier.PRIVATE
    assert decision.next_threshold is None  # contribution never reaches private banking


def test_aum_is_the_reason_when_both_figures_reach_the_same_tier() -> None:
    decision = tier_for(Decimal(2_500_000), Decimal(31_000))
    assert (decision.tier, decision.basis, decision.threshold) == (
        Tier.PLATINUM,
        TierBasis.AUM,
        Decimal(2_000_000),
    )
    assert decision.next_threshold == Decimal(6_000_000)


def test_a_mass_customer_is_told_both_gold_thresholds() -> None:
    decision = tier_for(Decimal(120_000), Decimal(1_500))
    assert decision.tier is Tier.MASS
    assert decision.basis is TierBasis.BELOW_THRESHOLDS
    assert decision.threshold == Decimal(500_000)
    assert decision.contribution_threshold == Decimal(8000)
    assert (decision.aum, decision.contribution) == (Decimal(120_000), Decimal(1_500))


def test_a_bank_may_let_contribution_reach_private_banking() -> None:
    generous = ContributionThresholds(
        gold=Decimal(8000), platinum=Decimal(30_000), private=Decimal(200_000)
    )
    assert tier_for(NOTHING, Decimal(200_000), None, generous).tier is Tier.PRIVATE
    assert tier_for(NOTHING, Decimal(199_999), None, generous).tier is Tier.PLATINUM


def test_contribution_thresholds_must_rise() -> None:
    with pytest.raises(ValueError, match="must rise"):
        ContributionThresholds(gold=Decimal(30_000), platinum=Decimal(8000))
    with pytest.raises(ValueError, match="must rise"):
        ContributionThresholds(gold=Decimal(-1))


money = st.decimals(min_value=0, max_value=50_000_000, places=2)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(aum=money, contribution=money, more=money)
def test_raising_aum_or_contribution_never_lowers_the_tier(
    aum: Decimal, contribution: Decimal, more: Decimal
) -> None:
    tier = tier_for(aum, contribution).tier
    assert tier_for(aum + more, contribution).tier.rank >= tier.rank
    assert tier_for(aum, contribution + more).tier.rank >= tier.rank
    assert tier.rank >= tier_for_aum(aum).rank
