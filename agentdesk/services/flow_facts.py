"""The facts a flow may read, taken from the customer 360 the agent has on screen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from agentdesk.contract.customers import CustomerProfile
from agentdesk.flows.facts import CallFacts, CustomerFacts, FlowFacts

__all__ = ["flow_facts", "reading_language"]

_HUNDRED = Decimal(100)
_PCT = Decimal("0.1")


def reading_language(customer_language: str) -> str:
    """The desk language a customer is read to in (``zh``, ``zh-CN``… → ``zh_CN``)."""
    return "en" if customer_language.lower().startswith("en") else "zh_CN"


def flow_facts(profile: CustomerProfile, *, queue: str, reason: str, today: date) -> FlowFacts:
    wealth = profile.holdings.wealth
    value = sum((w.market_value for w in wealth), Decimal(0))
    pnl = sum((w.unrealized_pnl for w in wealth), Decimal(0))
    return FlowFacts(
        customer=CustomerFacts(
            name=profile.name,
            language=profile.language,
            tier=profile.tier.value,
            risk_profile=profile.risk_profile.value,
            risk_level=profile.risk_profile.level,
            risk_assessed_on=profile.risk_assessed_on,
            risk_age_days=(today - profile.risk_assessed_on).days,
            age=today.year - profile.birth_year,
            marketing_consent=profile.marketing_consent,
            do_not_call=profile.do_not_call,
            alerts=tuple(alert.kind.value for alert in profile.alerts),
            segments=tuple(profile.segments),
            aum=profile.aum,
            wealth_value=value,
            fund_pnl=pnl,
            fund_pnl_pct=_pct(pnl, value - pnl),
            worst_fund_pnl_pct=min(
                (_pct(w.unrealized_pnl, w.market_value - w.unrealized_pnl) for w in wealth),
                default=Decimal(0),
            ),
            open_tickets=len(profile.open_tickets),
            phone_masked=profile.phone_masked,
        ),
        call=CallFacts(queue=queue, reason=reason),
        today=today,
    )


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole`` (what was paid in), to one decimal."""
    return (part * _HUNDRED / whole).quantize(_PCT) if whole > 0 else Decimal(0)
