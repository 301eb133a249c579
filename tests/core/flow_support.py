"""Helpers for the flow tests: the shipped library by id, facts for a customer, a fake clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from agentdesk.flow_library import check_files, library_dir
from agentdesk.flows.definition import FlowDefinition
from agentdesk.flows.facts import CustomerFacts, FlowFacts
from agentdesk.flows.runner import FlowRun, FlowRunner
from agentdesk.flows.source import parse_flow

TODAY = date(2026, 12, 5)


@cache
def library() -> dict[str, FlowDefinition]:
    return {s.definition.id: s.definition for s in check_files([library_dir()]).sources}


def flow(text: str) -> FlowDefinition:
    return parse_flow(text, "test.yaml").definition


def facts(**customer: Any) -> FlowFacts:
    values: dict[str, Any] = {
        "name": "张伟",
        "phone_masked": "+86 138****5678",
        "risk_profile": "C3",
        "risk_level": 3,
        "risk_assessed_on": TODAY - timedelta(days=100),
        "risk_age_days": 100,
        "marketing_consent": True,
        "fund_pnl_pct": Decimal("-12.5"),
        "worst_fund_pnl_pct": Decimal("-18.0"),
    }
    values.update(customer)
    return FlowFacts(customer=CustomerFacts(**values), today=TODAY)


class Ticks:
    """A fake clock: each call one second later."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def start(definition: FlowDefinition, clock: Ticks, **customer: Any) -> tuple[FlowRunner, FlowRun]:
    runner = FlowRunner(definition, facts(**customer))
    return runner, runner.start(run_id="run-1", agent="agent1", language="zh_CN", now=clock())
