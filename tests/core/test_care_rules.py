"""Care rules: each fires with its figures, once (not again while open, nor for the same subject
after it was done), and never for a customer who refused contact."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.domain.care_rules import (
    CareParameters,
    CareReason,
    CareRule,
    CareTask,
    ExistingCareTask,
    care_tasks_due,
)
from agentdesk.domain.customer_facts import (
    CustomerFacts,
    HoldingFact,
    HoldingKind,
    ResolvedComplaint,
)
from agentdesk.domain.risk import RiskProfile
from agentdesk.domain.tiers import Tier

TODAY = date(2026, 12, 6)

BASE = CustomerFacts(
    customer_id=7,
    birth_date=date(1970, 3, 1),
    risk_profile=RiskProfile.C3,
    risk_assessed_on=TODAY - timedelta(days=100),
    relationship_manager="RM0101",
    marketing_consent=True,
)


def facts(**changes: Any) -> CustomerFacts:
    return replace(BASE, **changes)


def fund(ref: str, value: str, pnl: str, kind: HoldingKind = HoldingKind.FUND) -> HoldingFact:
    return HoldingFact(
        kind, ref, "WM-R3-002", "CSI 300 Index Enhanced", Decimal(value), Decimal(pnl)
    )


def rules(tasks: tuple[CareTask, ...]) -> list[CareRule]:
    return [task.rule for task in tasks]


def as_existing(tasks: tuple[CareTask, ...], *, open: bool = True) -> list[ExistingCareTask]:
    return [ExistingCareTask(t.rule, t.customer_id, t.subject, open) for t in tasks]


# cost 100 000 in each: a loss of 10 000 is 10 %, exactly the threshold
@pytest.mark.parametrize(
    ("pnl", "fires"), [("-9999.99", False), ("-10000", False), ("-10000.01", True)]
)
def test_a_fund_down_more_than_the_threshold_makes_a_care_task(pnl: str, fires: bool) -> None:
    value = str(Decimal(100_000) + Decimal(pnl))
    tasks = care_tasks_due(facts(holdings=(fund("h1", value, pnl),)), TODAY)
    assert rules(tasks) == ([CareRule.HOLDING_LOSS] if fires else [])


def test_the_loss_task_carries_its_figures_and_goes_to_the_relationship_manager() -> None:
    (task,) = care_tasks_due(facts(holdings=(fund("h1", "85000", "-15000"),)), TODAY)
    assert task.reason is CareReason.HOLDING_DOWN
    assert task.owner == "RM0101"
    assert task.due_on == TODAY
    assert task.figures["cost"] == Decimal(100_000)
    assert task.figures["value"] == Decimal(85_000)
    assert task.figures["loss_pct"] == Decimal("15.0")
    assert task.figures["threshold_pct"] == Decimal(10)


def test_without_a_relationship_manager_the_task_goes_to_the_care_queue() -> None:
    customer = facts(holdings=(fund("h1", "85000", "-15000"),), relationship_manager="")
    (task,) = care_tasks_due(customer, TODAY)
    assert task.owner == "care"


def test_deposits_and_gains_make_no_loss_task() -> None:
    customer = facts(
        holdings=(
            fund("d1", "50000", "-20000", kind=HoldingKind.DEPOSIT),
            fund("f1", "150000", "50000"),
        )
    )
    assert care_tasks_due(customer, TODAY) == ()


def test_the_worst_fall_is_the_one_task_made() -> None:
    customer = facts(holdings=(fund("h1", "85000", "-15000"), fund("h2", "60000", "-40000")))
    (task,) = care_tasks_due(customer, TODAY)
    assert task.subject.startswith("h2:")


def test_a_care_rule_fires_once_not_twice() -> None:
    customer = facts(holdings=(fund("h1", "85000", "-15000"),))
    first = care_tasks_due(customer, TODAY)
    assert len(first) == 1
    # while it is open, nothing new, even for another holding falling
    worse = facts(holdings=(fund("h1", "85000", "-15000"), fund("h2", "50000", "-50000")))
    assert care_tasks_due(worse, TODAY + timedelta(days=1), as_existing(first)) == ()
    # done: the same fall is not called about again the next day
    done = as_existing(first, open=False)
    assert care_tasks_due(customer, TODAY + timedelta(days=1), done) == ()
    # a fall twice the threshold deep is a new subject
    deeper = facts(holdings=(fund("h1", "75000", "-25000"),))
    assert rules(care_tasks_due(deeper, TODAY + timedelta(days=30), done)) == [
        CareRule.HOLDING_LOSS
    ]


def test_another_customers_open_task_does_not_hold_this_one_back() -> None:
    customer = facts(holdings=(fund("h1", "85000", "-15000"),))
    theirs = [ExistingCareTask(CareRule.HOLDING_LOSS, 8, "h1:1")]
    assert len(care_tasks_due(customer, TODAY, theirs)) == 1


def test_nothing_for_a_customer_who_said_do_not_call() -> None:
    customer = facts(
        do_not_call=True,
        tier=Tier.PRIVATE,
        birth_date=TODAY.replace(year=1970) + timedelta(days=3),
        holdings=(fund("h1", "50000", "-50000"),),
        resolved_complaints=(ResolvedComplaint("C-1", TODAY - timedelta(days=2)),),
        risk_assessed_on=TODAY - timedelta(days=400),
    )
    assert care_tasks_due(customer, TODAY) == ()
    assert len(care_tasks_due(replace(customer, do_not_call=False), TODAY)) == 4


@pytest.mark.parametrize(("resolved_days_ago", "fires"), [(0, True), (37, True), (38, False)])
def test_a_resolved_complaint_is_confirmed_n_days_later(
    resolved_days_ago: int, fires: bool
) -> None:
    resolved_on = TODAY - timedelta(days=resolved_days_ago)
    customer = facts(resolved_complaints=(ResolvedComplaint("C-2026-0001", resolved_on),))
    tasks = care_tasks_due(customer, TODAY)
    assert rules(tasks) == ([CareRule.COMPLAINT_CONFIRMATION] if fires else [])
    if fires:
        assert tasks[0].due_on == resolved_on + timedelta(days=7)
        assert tasks[0].subject == "C-2026-0001"
        assert tasks[0].figures["reference"] == "C-2026-0001"


@pytest.mark.parametrize(("days_before", "fires"), [(8, False), (7, True), (0, True), (-1, False)])
def test_a_private_banking_birthday_gets_a_courtesy_task_days_before(
    days_before: int, fires: bool
) -> None:
    birthday = TODAY + timedelta(days=days_before)
    customer = facts(tier=Tier.PRIVATE, birth_date=birthday.replace(year=1970))
    tasks = care_tasks_due(customer, TODAY)
    assert rules(tasks) == ([CareRule.BIRTHDAY] if fires else [])
    if fires:
        assert tasks[0].due_on == birthday
        assert tasks[0].figures == {"date": birthday, "age": birthday.year - 1970}


def test_courtesy_only_for_private_banking_and_with_marketing_consent() -> None:
    soon = (TODAY + timedelta(days=3)).replace(year=1970)
    assert care_tasks_due(facts(tier=Tier.PLATINUM, birth_date=soon), TODAY) == ()
    refused = facts(tier=Tier.PRIVATE, birth_date=soon, marketing_consent=False)
    assert care_tasks_due(refused, TODAY) == ()
    anyway = CareParameters(courtesy_needs_marketing_consent=False)
    assert rules(care_tasks_due(refused, TODAY, parameters=anyway)) == [CareRule.BIRTHDAY]


def test_the_relationship_anniversary_is_its_own_rule() -> None:
    customer = facts(tier=Tier.PRIVATE, customer_since=(TODAY + timedelta(days=2)).replace(2016))
    (task,) = care_tasks_due(customer, TODAY)
    assert (task.rule, task.figures["years"]) == (CareRule.ANNIVERSARY, 10)


def test_a_29_february_birthday_is_kept_on_28_february_in_other_years() -> None:
    customer = facts(tier=Tier.PRIVATE, birth_date=date(1988, 2, 29))
    (task,) = care_tasks_due(customer, date(2027, 2, 25))
    assert task.due_on == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("assessed_days_ago", "reason"),
    [
        (334, None),  # expires in 31 days
        (335, CareReason.ASSESSMENT_EXPIRING),  # in 30
        (365, CareReason.ASSESSMENT_EXPIRING),  # its last valid day
        (366, CareReason.ASSESSMENT_EXPIRED),
    ],
)
def test_an_expiring_assessment_asks_for_a_reassessment(
    assessed_days_ago: int, reason: CareReason | None
) -> None:
    assessed_on = TODAY - timedelta(days=assessed_days_ago)
    tasks = care_tasks_due(facts(risk_assessed_on=assessed_on), TODAY)
    assert [t.reason for t in tasks] == ([reason] if reason else [])
    if reason:
        assert tasks[0].figures["valid_until"] == assessed_on + timedelta(days=365)


def test_a_new_assessment_is_a_new_subject() -> None:
    old = facts(risk_assessed_on=TODAY - timedelta(days=400))
    done = as_existing(care_tasks_due(old, TODAY), open=False)
    assert care_tasks_due(old, TODAY + timedelta(days=1), done) == ()
    renewed_then_expiring = facts(risk_assessed_on=TODAY - timedelta(days=340))
    assert len(care_tasks_due(renewed_then_expiring, TODAY, done)) == 1


customers = st.builds(
    CustomerFacts,
    customer_id=st.integers(1, 3),
    birth_date=st.dates(date(1930, 1, 1), date(2008, 1, 1)),
    tier=st.sampled_from(Tier),
    holdings=st.lists(
        st.builds(
            HoldingFact,
            kind=st.sampled_from(HoldingKind),
            ref=st.sampled_from(["h1", "h2", "h3"]),
            market_value=st.decimals(0, 1_000_000, places=2),
            unrealized_pnl=st.decimals(-1_000_000, 1_000_000, places=2),
        ),
        max_size=4,
    ).map(tuple),
    risk_assessed_on=st.none() | st.dates(date(2024, 1, 1), date(2027, 1, 1)),
    customer_since=st.none() | st.dates(date(1990, 1, 1), date(2026, 1, 1)),
    marketing_consent=st.booleans(),
    do_not_call=st.booleans(),
    resolved_complaints=st.lists(
        st.builds(
            ResolvedComplaint,
            st.sampled_from(["C-1", "C-2"]),
            st.dates(TODAY - timedelta(days=60), TODAY),
        ),
        max_size=2,
    ).map(tuple),
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(customer=customers, days=st.lists(st.integers(0, 400), min_size=1, max_size=5))
def test_run_daily_never_two_open_tasks_of_a_rule_and_never_for_do_not_call(
    customer: CustomerFacts, days: list[int]
) -> None:
    existing: list[ExistingCareTask] = []
    for day in sorted(days):
        today = TODAY + timedelta(days=day)
        for repeat in range(2):
            made = care_tasks_due(customer, today, existing)
            if repeat:
                assert made == ()  # the same run again creates nothing new
            existing += as_existing(made)
    open_rules = [task.rule for task in existing]
    assert len(open_rules) == len(set(open_rules))
    if customer.do_not_call:
        assert existing == []
