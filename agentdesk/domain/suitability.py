"""Suitability (适当性): a product may be offered only if its risk level R is at most the
customer's risk profile C and the risk assessment is current.

The result carries reason *codes* with their data, never sentences: the UI translates them, and
the server, the flow runner's suitability gate and an offline desktop reach the same decision.
Every reason that applies is reported (an expired assessment *and* a product too risky for the
old profile), so the agent knows everything that has to change before an offer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Generic, TypeVar

from agentdesk.domain.risk import ProductRisk, RiskProfile, assessment_expired

__all__ = [
    "Reason",
    "ReasonCode",
    "ShelfDecision",
    "SuitabilityResult",
    "check_suitability",
    "explain_shelf",
    "suitable_products",
]

P = TypeVar("P")


class ReasonCode(StrEnum):
    RISK_EXCEEDS_PROFILE = "risk_exceeds_profile"
    ASSESSMENT_EXPIRED = "assessment_expired"
    ASSESSMENT_MISSING = "assessment_missing"
    ASSESSMENT_IN_FUTURE = "assessment_in_future"  # a bad date: never trust it


@dataclass(frozen=True)
class Reason:
    """Why an offer is refused; the fields that go with each code are set, the others None."""

    code: ReasonCode
    product_risk: ProductRisk | None = None  # risk_exceeds_profile
    profile: RiskProfile | None = None  # risk_exceeds_profile
    assessed_on: date | None = None  # assessment_expired, assessment_in_future
    valid_until: date | None = None  # assessment_expired: the last day it counted


@dataclass(frozen=True)
class SuitabilityResult:
    suitable: bool
    reasons: tuple[Reason, ...] = ()

    @property
    def codes(self) -> frozenset[ReasonCode]:
        return frozenset(r.code for r in self.reasons)


@dataclass(frozen=True)
class ShelfDecision(Generic[P]):
    product: P
    result: SuitabilityResult


def check_suitability(
    product_risk: ProductRisk,
    profile: RiskProfile | None,
    assessed_on: date | None,
    today: date,
    *,
    valid_days: int = 365,
) -> SuitabilityResult:
    """May a product of ``product_risk`` be offered to this customer ``today``?

    The assessment counts for ``valid_days`` days after ``assessed_on`` (day 365 is still valid,
    day 366 is not; see :func:`agentdesk.domain.risk.assessment_expired`).
    """
    if profile is None or assessed_on is None:
        return SuitabilityResult(False, (Reason(ReasonCode.ASSESSMENT_MISSING),))
    reasons: list[Reason] = []
    if assessed_on > today:
        reasons.append(Reason(ReasonCode.ASSESSMENT_IN_FUTURE, assessed_on=assessed_on))
    elif assessment_expired(assessed_on, today, valid_days=valid_days):
        reasons.append(
            Reason(
                ReasonCode.ASSESSMENT_EXPIRED,
                assessed_on=assessed_on,
                valid_until=assessed_on + timedelta(days=valid_days),
            )
        )
    if product_risk.level > profile.level:
        reasons.append(
            Reason(ReasonCode.RISK_EXCEEDS_PROFILE, product_risk=product_risk, profile=profile)
        )
    return SuitabilityResult(not reasons, tuple(reasons))


def explain_shelf(
    products: Iterable[P],
    risk_of: Callable[[P], ProductRisk],
    profile: RiskProfile | None,
    assessed_on: date | None,
    today: date,
    *,
    valid_days: int = 365,
) -> tuple[ShelfDecision[P], ...]:
    """The decision on every product of a shelf, in shelf order (the offers tab shows them all)."""
    return tuple(
        ShelfDecision(
            product,
            check_suitability(risk_of(product), profile, assessed_on, today, valid_days=valid_days),
        )
        for product in products
    )


def suitable_products(
    products: Iterable[P],
    risk_of: Callable[[P], ProductRisk],
    profile: RiskProfile | None,
    assessed_on: date | None,
    today: date,
    *,
    valid_days: int = 365,
) -> tuple[P, ...]:
    """Only the products that may be offered, in shelf order."""
    decisions = explain_shelf(products, risk_of, profile, assessed_on, today, valid_days=valid_days)
    return tuple(d.product for d in decisions if d.result.suitable)
