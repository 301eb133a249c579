"""Holdings: deposit accounts, cards (PAN masked), loans and wealth/fund holdings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel

from agentdesk.domain.risk import ProductRisk

__all__ = ["Account", "Card", "Holdings", "Loan", "WealthHolding"]


class AccountKind(StrEnum):
    CURRENT = "current"
    SAVINGS = "savings"
    TIME_DEPOSIT = "time_deposit"


class Account(BaseModel):
    id: int
    kind: AccountKind
    number_masked: str
    currency: str
    balance: Decimal


class Card(BaseModel):
    id: int
    kind: str  # debit | credit
    product: str
    pan_masked: str
    status: str
    credit_limit: Decimal | None = None


class Loan(BaseModel):
    id: int
    kind: str  # mortgage | consumer | business
    principal: Decimal
    outstanding: Decimal
    rate_pct: Decimal
    matures_on: date


class WealthHolding(BaseModel):
    id: int
    product_code: str
    product_name: str
    risk_level: ProductRisk
    market_value: Decimal
    unrealized_pnl: Decimal


class Holdings(BaseModel):
    accounts: list[Account] = []
    cards: list[Card] = []
    loans: list[Loan] = []
    wealth: list[WealthHolding] = []
