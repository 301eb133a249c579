"""Customer tiers from assets under management (AUM); thresholds are configuration."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = ["Tier", "TierThresholds", "tier_for_aum"]


class Tier(StrEnum):
    MASS = "mass"
    GOLD = "gold"
    PLATINUM = "platinum"
    PRIVATE = "private"


@dataclass(frozen=True)
class TierThresholds:
    """Lowest AUM (in CNY) of each tier above mass; defaults follow common PRC bank practice."""

    gold: Decimal = Decimal("500000")
    platinum: Decimal = Decimal("2000000")
    private: Decimal = Decimal("6000000")

    def __post_init__(self) -> None:
        if not (Decimal(0) < self.gold < self.platinum < self.private):
            raise ValueError("tier thresholds must rise: 0 < gold < platinum < private")


def tier_for_aum(aum: Decimal, thresholds: TierThresholds | None = None) -> Tier:
    limits = thresholds or TierThresholds()
    if aum >= limits.private:
        return Tier.PRIVATE
    if aum >= limits.platinum:
        return Tier.PLATINUM
    if aum >= limits.gold:
        return Tier.GOLD
    return Tier.MASS
