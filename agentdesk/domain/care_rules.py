"""Care rules (关怀回访): which care tasks a customer's facts call for on a given day.

Four rules: an invested holding down by more than a threshold (with the figures), a resolved
complaint's confirmation call N days later, a private-banking customer's birthday or
relationship anniversary, and a risk assessment that expires soon (a re-assessment before any
wealth offer). Each task says which rule made it and why (a reason code and its figures; the
texts are configuration).

No duplicates: a rule never makes a second task for a customer while one of its tasks is open,
and never makes again a task it already made for the same *subject* (the holding and loss band,
the complaint, the year's birthday, the assessment), even after that task was done; so the
daily run and a run on every data change can both call :func:`care_tasks_due` freely. Nothing at
all for a customer who said do-not-call (and no courtesy call without marketing consent, by
default).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from agentdesk.domain.customer_facts import CustomerFacts
from agentdesk.domain.tiers import Tier

__all__ = [
    "CareParameters",
    "CareReason",
    "CareRule",
    "CareTask",
    "ExistingCareTask",
    "REASON_FIGURES",
    "care_tasks_due",
]


class CareRule(StrEnum):
    HOLDING_LOSS = "holding_loss"
    COMPLAINT_CONFIRMATION = "complaint_confirmation"
    BIRTHDAY = "birthday"
    ANNIVERSARY = "anniversary"
    REASSESSMENT = "reassessment"


class CareReason(StrEnum):
    """Why the task was made; the figures each code carries are listed beside it."""

    HOLDING_DOWN = (
        "holding_down"  # product, product_code, cost, value, loss, loss_pct, threshold_pct
    )
    COMPLAINT_RESOLVED = "complaint_resolved"  # reference, resolved_on, days
    BIRTHDAY_COMING = "birthday_coming"  # date, age
    ANNIVERSARY_COMING = "anniversary_coming"  # date, years
    ASSESSMENT_EXPIRING = "assessment_expiring"  # assessed_on, valid_until
    ASSESSMENT_EXPIRED = "assessment_expired"  # assessed_on, valid_until


REASON_FIGURES: Mapping[CareReason, frozenset[str]] = {
    CareReason.HOLDING_DOWN: frozenset(
        {"product", "product_code", "cost", "value", "loss", "loss_pct", "threshold_pct"}
    ),
    CareReason.COMPLAINT_RESOLVED: frozenset({"reference", "resolved_on", "days"}),
    CareReason.BIRTHDAY_COMING: frozenset({"date", "age"}),
    CareReason.ANNIVERSARY_COMING: frozenset({"date", "years"}),
    CareReason.ASSESSMENT_EXPIRING: frozenset({"assessed_on", "valid_until"}),
    CareReason.ASSESSMENT_EXPIRED: frozenset({"assessed_on", "valid_until"}),
}
"""The figures each reason carries: what a task's text may name."""


@dataclass(frozen=True)
class CareParameters:
    """The rules' parameters; the loader (``agentdesk.customer_rules``) checks them."""

    holding_loss_pct: Decimal = Decimal(10)
    confirmation_after_days: int = 7
    confirmation_window_days: int = 30  # no confirmation call for older resolutions
    courtesy_days_before: int = 7
    courtesy_tiers: frozenset[Tier] = frozenset({Tier.PRIVATE})
    courtesy_needs_marketing_consent: bool = True
    reassessment_lead_days: int = 30
    assessment_valid_days: int = 365
    care_queue: str = "care"  # the owner when the customer has no relationship manager


@dataclass(frozen=True)
class ExistingCareTask:
    """A care task already made (open or done), as the task store knows it."""

    rule: CareRule
    customer_id: int
    subject: str
    open: bool = True


@dataclass(frozen=True)
class CareTask:
    rule: CareRule
    customer_id: int
    subject: str  # what the task is about, unique per rule and customer
    due_on: date
    owner: str  # the relationship manager, or the care queue
    reason: CareReason
    figures: Mapping[str, object] = field(default_factory=dict)


def _same_day_in(year: int, day: date) -> date:
    """``day``'s month and day in ``year`` (29 February falls on the 28th in other years)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def _next_occurrence(day: date, today: date) -> date:
    this_year = _same_day_in(today.year, day)
    return this_year if this_year >= today else _same_day_in(today.year + 1, day)


def _holding_losses(facts: CustomerFacts, today: date, p: CareParameters) -> list[CareTask]:
    """The worst fall first: with one open task per rule, that is the one the call is about."""
    found: list[tuple[Decimal, CareTask]] = []
    for holding in facts.holdings:
        cost = holding.cost
        if not holding.kind.invested or cost <= 0 or holding.unrealized_pnl >= 0:
            continue
        loss_pct = -holding.unrealized_pnl * 100 / cost
        if loss_pct <= p.holding_loss_pct:
            continue
        band = int(loss_pct // p.holding_loss_pct)  # a deeper fall (2×, 3× …) is a new subject
        found.append(
            (
                loss_pct,
                CareTask(
                    CareRule.HOLDING_LOSS,
                    facts.customer_id,
                    f"{holding.ref}:{band}",
                    today,
                    "",
                    CareReason.HOLDING_DOWN,
                    {
                        "product": holding.product_name,
                        "product_code": holding.product_code,
                        "cost": cost,
                        "value": holding.market_value,
                        "loss": -holding.unrealized_pnl,
                        "loss_pct": loss_pct.quantize(Decimal("0.1")),
                        "threshold_pct": p.holding_loss_pct,
                    },
                ),
            )
        )
    found.sort(key=lambda pair: -pair[0])
    return [task for _, task in found]


def _confirmations(facts: CustomerFacts, today: date, p: CareParameters) -> list[CareTask]:
    found = []
    for complaint in facts.resolved_complaints:
        due = complaint.resolved_on + timedelta(days=p.confirmation_after_days)
        if complaint.resolved_on <= today <= due + timedelta(days=p.confirmation_window_days):
            found.append(
                CareTask(
                    CareRule.COMPLAINT_CONFIRMATION,
                    facts.customer_id,
                    complaint.reference,
                    due,
                    "",
                    CareReason.COMPLAINT_RESOLVED,
                    {
                        "reference": complaint.reference,
                        "resolved_on": complaint.resolved_on,
                        "days": p.confirmation_after_days,
                    },
                )
            )
    return found


def _courtesy(facts: CustomerFacts, today: date, p: CareParameters) -> list[CareTask]:
    if facts.tier not in p.courtesy_tiers:
        return []
    if p.courtesy_needs_marketing_consent and not facts.marketing_consent:
        return []
    found = []
    for rule, reason, origin, count in (
        (CareRule.BIRTHDAY, CareReason.BIRTHDAY_COMING, facts.birth_date, "age"),
        (CareRule.ANNIVERSARY, CareReason.ANNIVERSARY_COMING, facts.customer_since, "years"),
    ):
        if origin is None:
            continue
        day = _next_occurrence(origin, today)
        years = day.year - origin.year
        if years <= 0 or (day - today).days > p.courtesy_days_before:
            continue
        found.append(
            CareTask(
                rule,
                facts.customer_id,
                str(day.year),
                day,
                "",
                reason,
                {"date": day, count: years},
            )
        )
    return found


def _reassessment(facts: CustomerFacts, today: date, p: CareParameters) -> list[CareTask]:
    assessed_on = facts.risk_assessed_on
    if assessed_on is None or assessed_on > today:
        return []
    valid_until = assessed_on + timedelta(days=p.assessment_valid_days)
    if (valid_until - today).days > p.reassessment_lead_days:
        return []
    reason = (
        CareReason.ASSESSMENT_EXPIRED if today > valid_until else CareReason.ASSESSMENT_EXPIRING
    )
    return [
        CareTask(
            CareRule.REASSESSMENT,
            facts.customer_id,
            assessed_on.isoformat(),
            today,
            "",
            reason,
            {"assessed_on": assessed_on, "valid_until": valid_until},
        )
    ]


def care_tasks_due(
    facts: CustomerFacts,
    today: date,
    existing: Iterable[ExistingCareTask] = (),
    parameters: CareParameters | None = None,
) -> tuple[CareTask, ...]:
    """The care tasks to create for this customer ``today``: at most one per rule, none where
    the rule has an open task for the customer or already made one for the same subject."""
    p = parameters or CareParameters()
    if facts.do_not_call:
        return ()
    mine = [task for task in existing if task.customer_id == facts.customer_id]
    busy = {task.rule for task in mine if task.open}
    made = {(task.rule, task.subject) for task in mine}
    owner = facts.relationship_manager or p.care_queue
    candidates = (
        _holding_losses(facts, today, p)
        + _confirmations(facts, today, p)
        + _courtesy(facts, today, p)
        + _reassessment(facts, today, p)
    )
    created: list[CareTask] = []
    for task in candidates:
        if task.rule in busy or (task.rule, task.subject) in made:
            continue
        busy.add(task.rule)
        created.append(
            CareTask(
                task.rule,
                task.customer_id,
                task.subject,
                task.due_on,
                owner,
                task.reason,
                task.figures,
            )
        )
    return tuple(created)
