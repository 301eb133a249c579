"""Customer tiers from assets under management (AUM) and yearly contribution; thresholds are
configuration (``resources/customer_rules.yaml``).

A customer takes the higher tier either figure reaches: a customer whose mortgage and cards
bring the bank as much as a gold customer's assets do is served as gold. Private banking is the
exception a bank usually keeps: it is reached by AUM alone (``private`` of the contribution
thresholds left unset), as the industry's definition of a private-banking client is by assets.
The decision says which figure put the customer there and against which threshold, for the 360
header's hover.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "ContributionThresholds",
    "Tier",
    "TierBasis",
    "TierDecision",
    "TierThresholds",
    "tier_for",
    "tier_for_aum",
]


class Tier(StrEnum):
    MASS = "mass"
    GOLD = "gold"
    PLATINUM = "platinum"
    PRIVATE = "private"

    @property
    def rank(self) -> int:
        return _ORDER.index(self)


_ORDER: tuple[Tier, ...] = (Tier.MASS, Tier.GOLD, Tier.PLATINUM, Tier.PRIVATE)


@dataclass(frozen=True)
class TierThresholds:
    """Lowest AUM (in CNY) of each tier above mass; defaults follow common PRC bank practice."""

    gold: Decimal = Decimal("500000")
    platinum: Decimal = Decimal("2000000")
    private: Decimal = Decimal("6000000")

    def __post_init__(self) -> None:
        if not (Decimal(0) < self.gold < self.platinum < self.private):
            raise ValueError("tier thresholds must rise: 0 < gold < platinum < private")

    def lowest(self, tier: Tier) -> Decimal | None:
        return {Tier.GOLD: self.gold, Tier.PLATINUM: self.platinum, Tier.PRIVATE: self.private}.get(
            tier
        )


@dataclass(frozen=True)
class ContributionThresholds:
    """Lowest yearly contribution (revenue to the bank, CNY) of each tier above mass. A tier left
    ``None`` cannot be reached by contribution (by default, private banking)."""

    gold: Decimal | None = Decimal("8000")
    platinum: Decimal | None = Decimal("30000")
    private: Decimal | None = None

    def __post_init__(self) -> None:
        given = [v for v in (self.gold, self.platinum, self.private) if v is not None]
        if any(v <= 0 for v in given) or any(
            a >= b for a, b in zip(given, given[1:], strict=False)
        ):
            raise ValueError("contribution thresholds must rise: 0 < gold < platinum < private")

    def lowest(self, tier: Tier) -> Decimal | None:
        return {Tier.GOLD: self.gold, Tier.PLATINUM: self.platinum, Tier.PRIVATE: self.private}.get(
            tier
        )


class TierBasis(StrEnum):
    """Which figure decided the tier (``below_thresholds``: neither reached gold)."""

    AUM = "aum"
    CONTRIBUTION = "contribution"
    BELOW_THRESHOLDS = "below_thresholds"


@dataclass(frozen=True)
class TierDecision:
    """The tier with its reason: the deciding figure against the threshold it reached (for mass,
    both figures against gold's thresholds). ``next_*``: what the deciding figure needs for the
    tier above, ``None`` at the top."""

    tier: Tier
    basis: TierBasis
    aum: Decimal
    contribution: Decimal
    threshold: Decimal | None  # the deciding figure's threshold of ``tier`` (mass: AUM's gold)
    contribution_threshold: Decimal | None = None  # mass only: contribution's gold threshold
    next_tier: Tier | None = None
    next_threshold: Decimal | None = None


def _tier_by(figure: Decimal, lowest: dict[Tier, Decimal | None]) -> Tier:
    for tier in reversed(_ORDER[1:]):
        limit = lowest[tier]
        if limit is not None and figure >= limit:
            return tier
    return Tier.MASS


def tier_for_aum(aum: Decimal, thresholds: TierThresholds | None = None) -> Tier:
    """The tier AUM alone reaches (the demo generator's and older callers' rule)."""
    limits = thresholds or TierThresholds()
    return _tier_by(aum, {t: limits.lowest(t) for t in _ORDER[1:]})


def tier_for(
    aum: Decimal,
    contribution: Decimal,
    aum_thresholds: TierThresholds | None = None,
    contribution_thresholds: ContributionThresholds | None = None,
) -> TierDecision:
    """The higher tier that AUM or the yearly contribution reaches. When both reach the same
    tier, AUM is given as the reason (the figure the bank's tiers are known by)."""
    by_aum_limits = aum_thresholds or TierThresholds()
    by_revenue_limits = contribution_thresholds or ContributionThresholds()
    by_aum = tier_for_aum(aum, by_aum_limits)
    by_revenue = _tier_by(contribution, {t: by_revenue_limits.lowest(t) for t in _ORDER[1:]})
    if by_aum is Tier.MASS and by_revenue is Tier.MASS:
        return TierDecision(
            Tier.MASS,
            TierBasis.BELOW_THRESHOLDS,
            aum,
            contribution,
            threshold=by_aum_limits.gold,
            contribution_threshold=by_revenue_limits.gold,
            next_tier=Tier.GOLD,
            next_threshold=by_aum_limits.gold,
        )
    if by_revenue.rank > by_aum.rank:
        tier, basis, lowest = by_revenue, TierBasis.CONTRIBUTION, by_revenue_limits.lowest
    else:
        tier, basis, lowest = by_aum, TierBasis.AUM, by_aum_limits.lowest
    above = _ORDER[tier.rank + 1] if tier.rank + 1 < len(_ORDER) else None
    return TierDecision(
        tier,
        basis,
        aum,
        contribution,
        threshold=lowest(tier),
        next_tier=above,
        next_threshold=lowest(above) if above is not None else None,
    )
