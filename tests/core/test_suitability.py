"""Suitability: R ≤ C and a current assessment, with reason codes the UI translates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from agentdesk.domain.risk import ProductRisk, RiskProfile
from agentdesk.domain.suitability import (
    Reason,
    ReasonCode,
    SuitabilityResult,
    check_suitability,
    explain_shelf,
    suitable_products,
)

TODAY = date(2026, 11, 23)
RECENT = TODAY - timedelta(days=30)


@pytest.mark.parametrize(
    ("product", "profile"),
    [
        (ProductRisk.R1, RiskProfile.C1),
        (ProductRisk.R3, RiskProfile.C3),
        (ProductRisk.R2, RiskProfile.C5),
    ],
)
def test_a_product_at_or_below_the_profile_is_suitable(
    product: ProductRisk, profile: RiskProfile
) -> None:
    assert check_suitability(product, profile, RECENT, TODAY) == SuitabilityResult(True, ())


def test_a_product_above_the_profile_is_refused_naming_both_levels() -> None:
    result = check_suitability(ProductRisk.R4, RiskProfile.C3, RECENT, TODAY)
    assert not result.suitable
    assert result.reasons == (
        Reason(
            ReasonCode.RISK_EXCEEDS_PROFILE, product_risk=ProductRisk.R4, profile=RiskProfile.C3
        ),
    )


def test_an_expired_assessment_is_refused_with_its_dates() -> None:
    assessed = date(2025, 1, 10)
    result = check_suitability(ProductRisk.R1, RiskProfile.C5, assessed, TODAY)
    assert not result.suitable
    assert result.reasons == (
        Reason(ReasonCode.ASSESSMENT_EXPIRED, assessed_on=assessed, valid_until=date(2026, 1, 10)),
    )


def test_day_365_is_still_valid_and_day_366_is_not() -> None:
    assert check_suitability(
        ProductRisk.R2, RiskProfile.C2, TODAY - timedelta(days=365), TODAY
    ).suitable
    late = check_suitability(ProductRisk.R2, RiskProfile.C2, TODAY - timedelta(days=366), TODAY)
    assert late.codes == {ReasonCode.ASSESSMENT_EXPIRED}


def test_valid_days_is_configurable() -> None:
    assessed = TODAY - timedelta(days=200)
    assert check_suitability(ProductRisk.R1, RiskProfile.C1, assessed, TODAY).suitable
    short = check_suitability(ProductRisk.R1, RiskProfile.C1, assessed, TODAY, valid_days=180)
    assert short.codes == {ReasonCode.ASSESSMENT_EXPIRED}


def test_every_reason_that_applies_is_reported() -> None:
    result = check_suitability(ProductRisk.R5, RiskProfile.C2, date(2024, 6, 1), TODAY)
    assert [r.code for r in result.reasons] == [
        ReasonCode.ASSESSMENT_EXPIRED,
        ReasonCode.RISK_EXCEEDS_PROFILE,
    ]


@pytest.mark.parametrize(("profile", "assessed"), [(None, RECENT), (RiskProfile.C3, None)])
def test_a_missing_assessment_is_refused(
    profile: RiskProfile | None, assessed: date | None
) -> None:
    result = check_suitability(ProductRisk.R1, profile, assessed, TODAY)
    assert result == SuitabilityResult(False, (Reason(ReasonCode.ASSESSMENT_MISSING),))


def test_an_assessment_dated_in_the_future_is_not_trusted() -> None:
    result = check_suitability(ProductRisk.R1, RiskProfile.C3, TODAY + timedelta(days=1), TODAY)
    assert result.codes == {ReasonCode.ASSESSMENT_IN_FUTURE}


def test_reasons_are_codes_not_sentences() -> None:
    assert {code.value for code in ReasonCode} == {
        "risk_exceeds_profile",
        "assessment_expired",
        "assessment_missing",
        "assessment_in_future",
    }


@dataclass(frozen=True)
class Fund:
    code: str
    risk: ProductRisk


SHELF = [
    Fund("money-market", ProductRisk.R1),
    Fund("bond", ProductRisk.R2),
    Fund("balanced", ProductRisk.R3),
    Fund("equity", ProductRisk.R4),
]


def test_the_shelf_is_filtered_in_order_and_each_decision_explained() -> None:
    kept = suitable_products(SHELF, lambda f: f.risk, RiskProfile.C2, RECENT, TODAY)
    assert [f.code for f in kept] == ["money-market", "bond"]
    decisions = explain_shelf(SHELF, lambda f: f.risk, RiskProfile.C2, RECENT, TODAY)
    assert [(d.product.code, d.result.suitable) for d in decisions] == [
        ("money-market", True),
        ("bond", True),
        ("balanced", False),
        ("equity", False),
    ]
    assert decisions[3].result.reasons[0].product_risk is ProductRisk.R4


def test_an_expired_assessment_empties_the_shelf() -> None:
    old = TODAY - timedelta(days=400)
    assert suitable_products(SHELF, lambda f: f.risk, RiskProfile.C5, old, TODAY) == ()
