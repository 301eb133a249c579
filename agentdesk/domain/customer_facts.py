"""The facts about one customer that segments, care rules and offer ranking are derived from.

Built by the callers (the server from its models, the desktop from the cache or the contract's
profile), so the rules stay pure and the server and an offline desktop reach the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from agentdesk.domain.risk import RiskProfile
from agentdesk.domain.tiers import Tier

__all__ = [
    "CustomerFacts",
    "HoldingFact",
    "HoldingKind",
    "ResolvedComplaint",
    "age_on",
]


class HoldingKind(StrEnum):
    """What a customer holds; the first three are the product shelf's kinds."""

    DEPOSIT = "deposit"  # current, savings and time deposit accounts, large CDs
    WEALTH_MANAGEMENT = "wealth_management"
    FUND = "fund"
    CREDIT_CARD = "credit_card"
    LOAN = "loan"  # consumer and business loans
    MORTGAGE = "mortgage"

    @property
    def invested(self) -> bool:
        """Wealth and fund holdings: the ones whose value moves with markets."""
        return self in (HoldingKind.WEALTH_MANAGEMENT, HoldingKind.FUND)


@dataclass(frozen=True)
class HoldingFact:
    """One holding. ``market_value`` and ``unrealized_pnl`` matter for invested holdings (their
    cost is value − P&L); ``matures_on`` for time deposits, fixed-term wealth products and loans."""

    kind: HoldingKind
    ref: str  # the holding's id or product code, stable between runs (names a care task)
    product_code: str = ""
    product_name: str = ""
    market_value: Decimal = Decimal(0)
    unrealized_pnl: Decimal = Decimal(0)
    matures_on: date | None = None

    @property
    def cost(self) -> Decimal:
        return self.market_value - self.unrealized_pnl


@dataclass(frozen=True)
class ResolvedComplaint:
    reference: str
    resolved_on: date


@dataclass(frozen=True)
class CustomerFacts:
    customer_id: int
    birth_date: date | None = None
    tier: Tier = Tier.MASS
    aum: Decimal = Decimal(0)
    aum_a_quarter_ago: Decimal | None = None  # AUM 90 days ago, for "at risk of leaving"
    holdings: tuple[HoldingFact, ...] = ()
    last_activity_on: date | None = None  # last transaction or contact on any channel
    e_channel_login_days: tuple[date, ...] = ()  # days with an app or web-banking login
    risk_profile: RiskProfile | None = None
    risk_assessed_on: date | None = None
    customer_since: date | None = None  # the relationship's anniversary
    relationship_manager: str = ""
    marketing_consent: bool = False
    do_not_call: bool = False
    resolved_complaints: tuple[ResolvedComplaint, ...] = ()
    kinds_held: frozenset[HoldingKind] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kinds_held", frozenset(h.kind for h in self.holdings))


def age_on(birth_date: date, today: date) -> int:
    """Whole years of age on ``today``."""
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday
