"""Segments derived from a customer's facts, each at its thresholds, each with its reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from agentdesk.domain.customer_facts import CustomerFacts, HoldingFact, HoldingKind, age_on
from agentdesk.domain.risk import RiskProfile
from agentdesk.domain.segments import Segment, SegmentKind, SegmentReason, derive_segments

TODAY = date(2026, 12, 6)


BASE = CustomerFacts(
    customer_id=1,
    birth_date=date(1980, 5, 1),
    holdings=(HoldingFact(HoldingKind.DEPOSIT, "a1"),),
    last_activity_on=TODAY,
    risk_profile=RiskProfile.C3,
    risk_assessed_on=TODAY - timedelta(days=10),
)


def facts(**changes: Any) -> CustomerFacts:
    return replace(BASE, **changes)


def segment(kind: SegmentKind, customer: CustomerFacts, today: date = TODAY) -> Segment:
    return next(s for s in derive_segments(customer, today) if s.kind is kind)


def born_years_ago(years: int, days_after: int = 0) -> date:
    return TODAY.replace(year=TODAY.year - years) + timedelta(days=days_after)


@pytest.mark.parametrize(
    ("birth", "band"),
    [
        (born_years_ago(25, days_after=1), "18-24"),  # 25 tomorrow
        (born_years_ago(25), "25-34"),  # 25 today
        (born_years_ago(64, days_after=1), "55-64"),
        (born_years_ago(65), "65+"),
        (born_years_ago(18, days_after=1), "under-18"),
    ],
)
def test_age_band_changes_on_the_birthday(birth: date, band: str) -> None:
    found = segment(SegmentKind.AGE_BAND, facts(birth_date=birth))
    assert found.code == f"age:{band}"
    assert found.reason is SegmentReason.AGE
    assert found.figures["age"] == age_on(birth, TODAY)


def test_no_age_segments_without_a_birth_date() -> None:
    kinds = {s.kind for s in derive_segments(facts(birth_date=None), TODAY)}
    assert SegmentKind.AGE_BAND not in kinds and SegmentKind.LIFE_STAGE not in kinds


@pytest.mark.parametrize(
    ("age", "stage"),
    [(34, "establishing"), (35, "family"), (49, "family"), (50, "pre_retirement"), (60, "retired")],
)
def test_life_stage_by_age(age: int, stage: str) -> None:
    found = segment(SegmentKind.LIFE_STAGE, facts(birth_date=born_years_ago(age)))
    assert found.code == f"life:{stage}"


def test_a_young_mortgage_holder_is_in_the_family_stage_because_of_the_mortgage() -> None:
    holder = facts(
        birth_date=born_years_ago(28),
        holdings=(HoldingFact(HoldingKind.MORTGAGE, "m1"),),
    )
    found = segment(SegmentKind.LIFE_STAGE, holder)
    assert (found.code, found.reason) == ("life:family", SegmentReason.MORTGAGE_HELD)


def test_product_mix_groups_holdings_in_a_fixed_order() -> None:
    holdings = (
        HoldingFact(HoldingKind.MORTGAGE, "m1"),
        HoldingFact(HoldingKind.FUND, "f1"),
        HoldingFact(HoldingKind.DEPOSIT, "d1"),
        HoldingFact(HoldingKind.CREDIT_CARD, "c1"),
    )
    assert segment(SegmentKind.PRODUCT_MIX, facts(holdings=holdings)).code == (
        "mix:deposit+wealth+credit+loan"
    )
    assert segment(SegmentKind.PRODUCT_MIX, facts(holdings=())).code == "mix:none"


def login_days(count: int) -> tuple[date, ...]:
    return tuple(TODAY - timedelta(days=n) for n in range(count))


@pytest.mark.parametrize(
    ("days", "usage"),
    [(0, "none"), (1, "low"), (3, "low"), (4, "medium"), (19, "medium"), (20, "high")],
)
def test_e_channel_use_by_login_days_in_the_window(days: int, usage: str) -> None:
    found = segment(SegmentKind.E_CHANNEL, facts(e_channel_login_days=login_days(days)))
    assert found.code == f"e-channel:{usage}"
    assert found.figures == {"days": days, "window_days": 90}


def test_logins_before_the_window_do_not_count() -> None:
    old = tuple(TODAY - timedelta(days=90 + n) for n in range(30))
    assert segment(SegmentKind.E_CHANNEL, facts(e_channel_login_days=old)).code == "e-channel:none"


@pytest.mark.parametrize(
    ("profile", "appetite"),
    [(RiskProfile.C2, "conservative"), (RiskProfile.C3, "balanced"), (RiskProfile.C4, "growth")],
)
def test_risk_appetite_from_a_current_profile(profile: RiskProfile, appetite: str) -> None:
    assert segment(SegmentKind.RISK_APPETITE, facts(risk_profile=profile)).code == (
        f"risk:{appetite}"
    )


@pytest.mark.parametrize(("age_days", "known"), [(365, True), (366, False)])
def test_an_expired_assessment_leaves_the_appetite_unknown(age_days: int, known: bool) -> None:
    found = segment(
        SegmentKind.RISK_APPETITE, facts(risk_assessed_on=TODAY - timedelta(days=age_days))
    )
    assert (found.code != "risk:unknown") is known
    if not known:
        assert found.reason is SegmentReason.ASSESSMENT_EXPIRED


@pytest.mark.parametrize(
    ("idle_days", "activity"),
    [(89, "active"), (90, "at_risk"), (364, "at_risk"), (365, "dormant"), (366, "dormant")],
)
def test_activity_by_days_without_activity(idle_days: int, activity: str) -> None:
    found = segment(SegmentKind.ACTIVITY, facts(last_activity_on=TODAY - timedelta(days=idle_days)))
    assert found.code == f"activity:{activity}"
    if activity != "active":
        assert found.reason is SegmentReason.INACTIVE_DAYS
        assert found.figures["days"] == idle_days


@pytest.mark.parametrize(("aum", "activity"), [("70001", "active"), ("70000", "at_risk")])
def test_an_active_customer_whose_aum_fell_30_percent_is_at_risk(aum: str, activity: str) -> None:
    found = segment(
        SegmentKind.ACTIVITY,
        facts(aum=Decimal(aum), aum_a_quarter_ago=Decimal(100_000)),
    )
    assert found.code == f"activity:{activity}"
    if activity == "at_risk":
        assert found.reason is SegmentReason.AUM_DROP
        assert found.figures["drop_pct"] == Decimal("30.0")


def test_a_customer_with_no_recorded_activity_is_dormant() -> None:
    found = segment(SegmentKind.ACTIVITY, facts(last_activity_on=None))
    assert (found.code, found.reason) == ("activity:dormant", SegmentReason.NO_ACTIVITY)


def test_an_assessment_dated_in_the_future_is_not_trusted() -> None:
    found = segment(SegmentKind.RISK_APPETITE, facts(risk_assessed_on=TODAY + timedelta(days=1)))
    assert (found.code, found.reason) == ("risk:unknown", SegmentReason.ASSESSMENT_IN_FUTURE)
