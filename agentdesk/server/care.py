"""Care rules on the server: the care tasks a customer's data calls for, made once.

:func:`evaluate` runs the domain's ``care_tasks_due`` for some customers (after
:func:`customer_facts.refresh_profile`, so the tier and segments are current too), with the
care tasks already stored as ``ExistingCareTask`` (open or done: a rule never fires twice for
the same subject), and stores what it returns as tasks on the sync feed. A task goes to the
customer's relationship manager when they are a user of the desk, otherwise it waits in the
care queue (owner ``""``) for someone of the team to take it.

It runs on data changes (a fund price change: :func:`change_price`) and on a schedule
(:func:`scan` over every customer, on a ticker every ``care_scan_seconds``, daily by default;
tests call it with a fake clock). Writers take the change lock, so two runs never both make a
task for the same rule and customer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.customer_rules import CustomerRules, Language, load_customer_rules
from agentdesk.domain.care_rules import CareRule, CareTask, ExistingCareTask, care_tasks_due
from agentdesk.domain.clock import Clock
from agentdesk.server import contacts, models, sequence, system_settings
from agentdesk.server.customer_facts import refresh_profile
from agentdesk.server.telephony.ticker import Ticker

__all__ = [
    "CARE_TASK_HOUR",
    "PriceChange",
    "care_ticker",
    "change_price",
    "close_reassessments",
    "evaluate",
    "scan",
    "today_of",
]

log = logging.getLogger(__name__)

# The bank's day is Beijing's; a care task is due at the start of its working day.
_BANK_ZONE = timezone(timedelta(hours=8))
CARE_TASK_HOUR = time(9, 0, tzinfo=_BANK_ZONE)
_WINDOW = 500  # customers per transaction in a scan


def today_of(now: datetime) -> date:
    return now.astimezone(_BANK_ZONE).date()


def _existing(session: Session, customer_id: int) -> list[ExistingCareTask]:
    rows = session.execute(
        select(models.Task.rule, models.Task.subject, models.Task.done).where(
            models.Task.customer_id == customer_id, models.Task.rule != ""
        )
    )
    return [
        ExistingCareTask(CareRule(rule), customer_id, subject, open=not done)
        for rule, subject, done in rows
        if rule in CareRule.__members__.values()
    ]


def _is_user(session: Session, username: str) -> bool:
    if not username:
        return False
    found = session.scalar(
        select(models.User.id).where(models.User.username == username, models.User.active)
    )
    return found is not None


def _figure(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _store(
    session: Session,
    customer: models.Customer,
    task: CareTask,
    rules: CustomerRules,
) -> models.Task:
    owner = (
        customer.relationship_manager if _is_user(session, customer.relationship_manager) else ""
    )
    language: Language = "en" if customer.language == "en" else "zh_CN"
    row = models.Task(
        customer_id=customer.id,
        kind="care",
        due_at=datetime.combine(task.due_on, CARE_TASK_HOUR).astimezone(UTC),
        owner=owner,
        queue="" if owner else rules.care.care_queue,
        note=rules.care_text(task, language),
        rule=task.rule.value,
        subject=task.subject,
        reason=task.reason.value,
        figures={name: _figure(value) for name, value in task.figures.items()},
        done=False,
        # One per rule, customer and subject: a racing writer hits the unique index.
        client_id=f"care-{task.rule.value}-{customer.id}-{task.subject}"[:64],
        version=1,
    )
    session.add(row)
    return row


def evaluate(
    session: Session,
    customer_ids: Iterable[int],
    *,
    now: datetime,
    rules: CustomerRules | None = None,
) -> list[models.Task]:
    """Refresh the tier and segments of ``customer_ids`` and store the care tasks due today
    (in the caller's transaction, which holds the change lock). Provisional contacts and
    merged ones get none."""
    rules = rules or load_customer_rules()
    today = today_of(now)
    # The thresholds the admin console saved, over the rules file's (read on every run).
    parameters = system_settings.care_parameters(session, rules.care_parameters())
    made: list[models.Task] = []
    for customer_id in customer_ids:
        customer = session.get(models.Customer, customer_id)
        if customer is None or customer.provisional or customer.merged_into is not None:
            continue
        facts = refresh_profile(session, customer, today, rules)
        for task in care_tasks_due(facts, today, _existing(session, customer_id), parameters):
            made.append(_store(session, customer, task, rules))
    session.flush()
    return made


def close_reassessments(session: Session, customer_id: int, *, now: datetime) -> int:
    """A new risk assessment was recorded: the customer's open re-assessment tasks are done
    (their outcome says so); how many."""
    tasks = session.scalars(
        select(models.Task).where(
            models.Task.customer_id == customer_id,
            models.Task.rule == CareRule.REASSESSMENT.value,
            models.Task.done.is_(False),
        )
    ).all()
    for task in tasks:
        task.done = True
        task.outcome = f"reassessed on {today_of(now).isoformat()}"
        task.version += 1
    return len(tasks)


def scan(session: Session, now: datetime, rules: CustomerRules | None = None) -> int:
    """Merge the provisional contacts a real customer now matches, then evaluate every
    customer, a window at a time (one transaction each); how many tasks were made."""
    sequence.lock(session)
    merged = contacts.merge_matches(session, now)
    session.commit()
    if merged:
        log.info("provisional contacts merged into customers: %d", merged)
    made = 0
    last_id = 0
    while True:
        ids = list(
            session.scalars(
                select(models.Customer.id)
                .where(models.Customer.id > last_id)
                .order_by(models.Customer.id)
                .limit(_WINDOW)
            )
        )
        session.rollback()
        if not ids:
            return made
        sequence.lock(session)
        made += len(evaluate(session, ids, now=now, rules=rules))
        session.commit()
        last_id = ids[-1]


def care_ticker(sessions: sessionmaker[Session], clock: Clock, seconds: float) -> Ticker:
    """The app's care scan every ``seconds`` (never when 0). Not at start: a scan rewrites
    every customer, and desks syncing meanwhile would page through a bank in flux."""

    def step() -> None:
        with sessions() as session:
            count = scan(session, clock())
        if count:
            log.info("care rules: %d task(s) made", count)

    return Ticker(step, seconds, name="care-scan")


class PriceChange:
    """What a fund's new price did: the holdings revalued and the care tasks it made."""

    def __init__(self, holdings: int, tasks: list[models.Task]) -> None:
        self.holdings = holdings
        self.tasks = tasks


_CENT = Decimal("0.01")


def change_price(session: Session, code: str, nav: Decimal, *, now: datetime) -> PriceChange:
    """Revalue every holding of product ``code`` at ``nav`` a unit (its cost stays: the P&L
    moves), move its customers' AUM by as much, and evaluate their care rules (a fall past
    the threshold makes one care task with the figures). Takes the change lock; not
    committed. Holdings without units (none since 0021) are left as they were."""
    sequence.lock(session)
    holdings = session.scalars(
        select(models.WealthHolding)
        .where(models.WealthHolding.product_code == code, models.WealthHolding.units.is_not(None))
        .order_by(models.WealthHolding.id)
    ).all()
    moved: dict[int, Decimal] = {}
    for holding in holdings:
        units = holding.units if holding.units is not None else Decimal(0)
        value = (units * nav).quantize(_CENT)
        cost = holding.market_value - holding.unrealized_pnl
        moved[holding.customer_id] = moved.get(holding.customer_id, Decimal(0)) + (
            value - holding.market_value
        )
        holding.market_value = value
        holding.unrealized_pnl = value - cost
    for customer_id, delta in moved.items():
        customer = session.get(models.Customer, customer_id)
        if customer is not None and delta:
            customer.aum = customer.aum + delta
    tasks = evaluate(session, sorted(moved), now=now)
    return PriceChange(len(holdings), tasks)
