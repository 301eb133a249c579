"""Next-best offers (推荐产品): the suitable products of the shelf ranked for one customer, each
with its reasons and its suitability.

Nothing at all is offered to a customer who refused marketing or said do-not-call, and the
ranking says why. Otherwise each product of the shelf is either ranked or set aside with the
reason: not suitable (the suitability rule of :mod:`agentdesk.domain.suitability`, the same as
the flow runner's gate), the customer's tier below the product's, or a recent outcome (accepted
or declined within the configured days). What ranks a product: a kind the customer does not
hold yet (product mix gap), a holding of its kind maturing soon, the customer's segments; a
recent "not now" lowers it. Ties keep shelf order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from agentdesk.domain.customer_facts import CustomerFacts, HoldingKind
from agentdesk.domain.risk import ProductRisk
from agentdesk.domain.segments import Segment
from agentdesk.domain.suitability import SuitabilityResult, check_suitability
from agentdesk.domain.tiers import Tier

__all__ = [
    "BlockCode",
    "ExcludedOffer",
    "ExclusionCode",
    "OfferOutcome",
    "OfferProduct",
    "OfferRanking",
    "OfferReason",
    "OfferReasonCode",
    "OfferRules",
    "PastOutcome",
    "RankedOffer",
    "rank_offers",
]


class OfferProduct(Protocol):
    """What ranking reads of a shelf product (the contract's ``Product`` has it)."""

    @property
    def code(self) -> str: ...

    @property
    def risk(self) -> ProductRisk: ...

    @property
    def kind(self) -> str: ...


P = TypeVar("P", bound=OfferProduct)


class OfferOutcome(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    NOT_NOW = "not_now"


@dataclass(frozen=True)
class PastOutcome:
    product_code: str
    outcome: OfferOutcome
    on: date


class BlockCode(StrEnum):
    """Why nothing at all is offered."""

    MARKETING_REFUSED = "marketing_refused"
    DO_NOT_CALL = "do_not_call"


class OfferReasonCode(StrEnum):
    PRODUCT_MIX_GAP = "product_mix_gap"  # kind
    MATURING_SOON = "maturing_soon"  # holding, matures_on, days
    SEGMENT_MATCH = "segment_match"  # segment
    WITHIN_PROFILE = "within_profile"  # product_risk, profile (no other reason applies)
    NOT_NOW_RECENTLY = "not_now_recently"  # on, until (lowers the offer)


class ExclusionCode(StrEnum):
    UNSUITABLE = "unsuitable"  # the suitability result says why
    TIER_TOO_LOW = "tier_too_low"  # tier, min_tier
    DECLINED_RECENTLY = "declined_recently"  # on, until
    ACCEPTED_RECENTLY = "accepted_recently"  # on, until


@dataclass(frozen=True)
class OfferReason:
    code: OfferReasonCode
    figures: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class RankedOffer(Generic[P]):
    product: P
    score: float
    reasons: tuple[OfferReason, ...]
    suitability: SuitabilityResult


@dataclass(frozen=True)
class ExcludedOffer(Generic[P]):
    product: P
    code: ExclusionCode
    suitability: SuitabilityResult
    figures: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class OfferRanking(Generic[P]):
    blocked: tuple[BlockCode, ...]  # non-empty: nothing is offered, and this is why
    offers: tuple[RankedOffer[P], ...]  # best first
    excluded: tuple[ExcludedOffer[P], ...]  # shelf order

    @property
    def products(self) -> tuple[P, ...]:
        return tuple(offer.product for offer in self.offers)


@dataclass(frozen=True)
class OfferRules:
    """Weights and windows; the loader (``agentdesk.customer_rules``) checks them."""

    product_mix_gap: float = 3.0
    maturing_soon: float = 4.0  # money about to leave the bank: the most urgent reason
    segment_match: float = 1.0
    not_now_penalty: float = 2.0
    maturing_within_days: int = 30
    declined_days: int = 90
    not_now_days: int = 30
    accepted_days: int = 180
    assessment_valid_days: int = 365
    min_tier_by_kind: Mapping[str, Tier] = field(default_factory=dict)
    min_tier_by_product: Mapping[str, Tier] = field(default_factory=dict)
    # segment code (``risk:conservative``) → the product kinds it favours
    segment_kinds: Mapping[str, frozenset[str]] = field(default_factory=dict)


def _last_outcomes(outcomes: Iterable[PastOutcome], today: date) -> dict[str, PastOutcome]:
    """The latest outcome of each product (ignoring any dated after today)."""
    latest: dict[str, PastOutcome] = {}
    for outcome in outcomes:
        if outcome.on > today:
            continue
        seen = latest.get(outcome.product_code)
        if seen is None or outcome.on >= seen.on:
            latest[outcome.product_code] = outcome
    return latest


def _min_tier(product: OfferProduct, rules: OfferRules) -> Tier:
    return rules.min_tier_by_product.get(
        product.code, rules.min_tier_by_kind.get(str(product.kind), Tier.MASS)
    )


def rank_offers(
    products: Iterable[P],
    facts: CustomerFacts,
    today: date,
    *,
    segments: Iterable[Segment] = (),
    outcomes: Iterable[PastOutcome] = (),
    rules: OfferRules | None = None,
) -> OfferRanking[P]:
    """Rank the shelf (``products``, in shelf order) for the customer of ``facts`` on ``today``."""
    rules = rules or OfferRules()
    shelf = list(products)
    blocked = tuple(
        code
        for code, refused in (
            (BlockCode.MARKETING_REFUSED, not facts.marketing_consent),
            (BlockCode.DO_NOT_CALL, facts.do_not_call),
        )
        if refused
    )
    if blocked:
        return OfferRanking(blocked, (), ())
    last = _last_outcomes(outcomes, today)
    segment_codes = [segment.code for segment in segments]
    held = {str(kind) for kind in facts.kinds_held}
    maturing = [
        h
        for h in facts.holdings
        if h.matures_on is not None
        and h.kind is not HoldingKind.LOAN
        and h.kind is not HoldingKind.MORTGAGE
        and today <= h.matures_on <= today + timedelta(days=rules.maturing_within_days)
    ]
    ranked: list[tuple[float, int, RankedOffer[P]]] = []
    excluded: list[ExcludedOffer[P]] = []
    for position, product in enumerate(shelf):
        suitability = check_suitability(
            product.risk,
            facts.risk_profile,
            facts.risk_assessed_on,
            today,
            valid_days=rules.assessment_valid_days,
        )
        if not suitability.suitable:
            excluded.append(ExcludedOffer(product, ExclusionCode.UNSUITABLE, suitability))
            continue
        least = _min_tier(product, rules)
        if facts.tier.rank < least.rank:
            excluded.append(
                ExcludedOffer(
                    product,
                    ExclusionCode.TIER_TOO_LOW,
                    suitability,
                    {"tier": facts.tier, "min_tier": least},
                )
            )
            continue
        outcome = last.get(product.code)
        kind = str(product.kind)
        if outcome is not None and outcome.outcome is not OfferOutcome.NOT_NOW:
            accepted = outcome.outcome is OfferOutcome.ACCEPTED
            days = rules.accepted_days if accepted else rules.declined_days
            until = outcome.on + timedelta(days=days)
            if today < until:
                code = (
                    ExclusionCode.ACCEPTED_RECENTLY if accepted else ExclusionCode.DECLINED_RECENTLY
                )
                excluded.append(
                    ExcludedOffer(product, code, suitability, {"on": outcome.on, "until": until})
                )
                continue
        score = 0.0
        reasons: list[OfferReason] = []
        if kind not in held:
            score += rules.product_mix_gap
            reasons.append(OfferReason(OfferReasonCode.PRODUCT_MIX_GAP, {"kind": kind}))
        for holding in maturing:
            if str(holding.kind) == kind and holding.matures_on is not None:
                score += rules.maturing_soon
                reasons.append(
                    OfferReason(
                        OfferReasonCode.MATURING_SOON,
                        {
                            "holding": holding.product_name or holding.ref,
                            "matures_on": holding.matures_on,
                            "days": (holding.matures_on - today).days,
                        },
                    )
                )
                break
        for segment in segment_codes:
            if kind in rules.segment_kinds.get(segment, frozenset()):
                score += rules.segment_match
                reasons.append(OfferReason(OfferReasonCode.SEGMENT_MATCH, {"segment": segment}))
        if not reasons:
            reasons.append(
                OfferReason(
                    OfferReasonCode.WITHIN_PROFILE,
                    {"product_risk": product.risk, "profile": facts.risk_profile},
                )
            )
        if outcome is not None and outcome.outcome is OfferOutcome.NOT_NOW:
            until = outcome.on + timedelta(days=rules.not_now_days)
            if today < until:
                score -= rules.not_now_penalty
                reasons.append(
                    OfferReason(
                        OfferReasonCode.NOT_NOW_RECENTLY, {"on": outcome.on, "until": until}
                    )
                )
        ranked.append((score, position, RankedOffer(product, score, tuple(reasons), suitability)))
    ranked.sort(key=lambda entry: (-entry[0], entry[1]))
    return OfferRanking((), tuple(entry[2] for entry in ranked), tuple(excluded))
