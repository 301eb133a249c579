"""Tiers from AUM thresholds (configuration), and risk assessment expiry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from agentdesk.domain.risk import ProductRisk, RiskProfile, assessment_expired
from agentdesk.domain.tiers import Tier, TierThresholds, tier_for_aum


@pytest.mark.parametrize(
    ("aum", "tier"),
    [
        ("0", Tier.MASS),
        ("499999.99", Tier.MASS),
        ("500000", Tier.GOLD),
        ("1999999.99", Tier.GOLD),
        ("2000000", Tier.PLATINUM),
        ("5999999.99", Tier.PLATINUM),
        ("6000000", Tier.PRIVATE),
        ("90000000", Tier.PRIVATE),
    ],
)
def test_default_thresholds_place_each_boundary_in_the_higher_tier(aum: str, tier: Tier) -> None:
    assert tier_for_aum(Decimal(aum)) is tier


def test_a_bank_can_configure_its_own_thresholds() -> None:
    small_bank = TierThresholds(
        gold=Decimal(100_000), platinum=Decimal(1_000_000), private=Decimal(3_000_000)
    )
    assert tier_for_aum(Decimal(150_000), small_bank) is Tier.GOLD
    assert tier_for_aum(Decimal(150_000)) is Tier.MASS


def test_thresholds_must_rise() -> None:
    with pytest.raises(ValueError, match="must rise"):
        TierThresholds(gold=Decimal(3_000_000), platinum=Decimal(2_000_000))


def test_risk_levels_are_ordered() -> None:
    assert RiskProfile.C3.level == 3
    assert ProductRisk.R4.level > RiskProfile.C3.level


def test_assessment_expires_after_a_year() -> None:
    assert not assessment_expired(date(2025, 11, 22), date(2026, 11, 22))
    assert assessment_expired(date(2025, 11, 21), date(2026, 11, 22))
