"""What a flow may know: the customer, the call, the day, and the answers given so far.

The desk builds :class:`FlowFacts` from the customer 360 when a run starts (the service layer;
flows import no contract). Templates and conditions reach these values by dotted names
(``customer.tier``, ``call.queue``, ``answers.amount``, ``today``); the validator knows each
name's type from the models below, so a condition comparing a tier with a number is an error
found before the flow is published, not a surprise during a call.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from agentdesk.flows.definition import AnswerType

__all__ = ["CallFacts", "CustomerFacts", "FlowFacts", "ValueType", "answer_type", "known_names"]


class ValueType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    BOOL = "bool"
    DATE = "date"
    LIST = "list"  # of texts (alerts, segments): used with `in`


class CustomerFacts(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    language: str = "zh_CN"
    tier: str = "mass"
    risk_profile: str = ""  # C1..C5, "" when never assessed
    risk_level: int = 0  # 1..5, 0 when never assessed
    risk_assessed_on: date | None = None
    risk_age_days: int = 100_000  # days since the assessment; "very old" when never assessed
    age: int = 0
    marketing_consent: bool = False
    do_not_call: bool = False
    alerts: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    aum: Decimal = Decimal(0)
    wealth_value: Decimal = Decimal(0)
    # Unrealized P&L of the wealth holdings: in all, as a percentage of their value, and the
    # worst single holding's percentage (negative: a loss).
    fund_pnl: Decimal = Decimal(0)
    fund_pnl_pct: Decimal = Decimal(0)
    worst_fund_pnl_pct: Decimal = Decimal(0)
    open_tickets: int = 0
    phone_masked: str = ""


class CallFacts(BaseModel):
    model_config = ConfigDict(frozen=True)

    queue: str = ""
    reason: str = ""


class FlowFacts(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer: CustomerFacts
    call: CallFacts = CallFacts()
    today: date

    def scope(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The names templates and conditions see."""
        return {
            "customer": self.customer.model_dump(),
            "call": self.call.model_dump(),
            "answers": dict(answers),
            "today": self.today,
        }


_PYTHON_TYPES: dict[Any, ValueType] = {
    str: ValueType.TEXT,
    int: ValueType.NUMBER,
    Decimal: ValueType.NUMBER,
    bool: ValueType.BOOL,
    date: ValueType.DATE,
    date | None: ValueType.DATE,
    tuple[str, ...]: ValueType.LIST,
}


def _names_of(prefix: str, model: type[BaseModel]) -> dict[str, ValueType]:
    return {
        f"{prefix}.{name}": _PYTHON_TYPES[field.annotation]
        for name, field in model.model_fields.items()
    }


def known_names() -> dict[str, ValueType]:
    """Every dotted name a flow may use before any answer, with its type."""
    return {
        **_names_of("customer", CustomerFacts),
        **_names_of("call", CallFacts),
        "today": ValueType.DATE,
    }


def answer_type(kind: AnswerType) -> ValueType:
    return {
        AnswerType.TEXT: ValueType.TEXT,
        AnswerType.PHONE: ValueType.TEXT,
        AnswerType.ONE_OF: ValueType.TEXT,
        AnswerType.INTEGER: ValueType.NUMBER,
        AnswerType.MONEY: ValueType.NUMBER,
        AnswerType.DATE: ValueType.DATE,
        AnswerType.YES_NO: ValueType.BOOL,
    }[kind]
