"""A customer's facts from the server's records, and the tier and segments derived from them.

:func:`facts_of` builds the domain's ``CustomerFacts`` (holdings of every kind, consents, risk,
birth date, relationship, resolved complaints, last activity, e-channel logins) that the tier,
segment, care and offer rules read; :func:`refresh_profile` stores what the tier and segment
rules decide (tier, its reason, segments and their details) on the customer, so the sync feed's
record and the customer 360 carry them. Whoever changes a customer's figures or holdings calls
it in the same transaction (the fund price change, a new risk assessment, the daily scan).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agentdesk.customer_rules import CustomerRules, load_customer_rules
from agentdesk.domain.customer_facts import (
    CustomerFacts,
    HoldingFact,
    HoldingKind,
    ResolvedComplaint,
)
from agentdesk.domain.risk import RiskProfile
from agentdesk.domain.segments import derive_segments
from agentdesk.domain.tiers import Tier, TierBasis, TierDecision, tier_for
from agentdesk.server import models, reference

__all__ = ["facts_of", "product_kind", "refresh_profile", "tier_reason_fields"]

_RESOLVED = ("resolved", "closed")
_LOAN_KINDS = {"mortgage": HoldingKind.MORTGAGE}


@cache
def _shelf_kinds() -> Mapping[str, HoldingKind]:
    return {p.code: HoldingKind(p.kind.value) for p in reference.product_shelf().products}


def product_kind(code: str) -> HoldingKind:
    """What a wealth holding of ``code`` is (a product off the shelf reads as a fund: its
    value moves with markets, which is what the care rules ask)."""
    return _shelf_kinds().get(code, HoldingKind.FUND)


def _holdings(session: Session, customer_id: int) -> tuple[HoldingFact, ...]:
    found: list[HoldingFact] = []
    for account in session.scalars(
        select(models.Account).where(models.Account.customer_id == customer_id)
    ):
        found.append(
            HoldingFact(HoldingKind.DEPOSIT, f"account-{account.id}", market_value=account.balance)
        )
    for card in session.scalars(
        select(models.Card).where(
            models.Card.customer_id == customer_id, models.Card.kind == "credit"
        )
    ):
        found.append(HoldingFact(HoldingKind.CREDIT_CARD, f"card-{card.id}"))
    for loan in session.scalars(select(models.Loan).where(models.Loan.customer_id == customer_id)):
        found.append(
            HoldingFact(
                _LOAN_KINDS.get(loan.kind, HoldingKind.LOAN),
                f"loan-{loan.id}",
                market_value=loan.outstanding,
                matures_on=loan.matures_on,
            )
        )
    for w in session.scalars(
        select(models.WealthHolding).where(models.WealthHolding.customer_id == customer_id)
    ):
        found.append(
            HoldingFact(
                product_kind(w.product_code),
                f"wealth-{w.id}",
                product_code=w.product_code,
                product_name=w.product_name,
                market_value=w.market_value,
                unrealized_pnl=w.unrealized_pnl,
                matures_on=w.matures_on,
            )
        )
    return tuple(found)


def _resolved_complaints(session: Session, customer_id: int) -> tuple[ResolvedComplaint, ...]:
    """Resolved and closed complaints, on the day they were last resolved (the activity log's
    move to ``resolved``; the last change for a ticket from before the log)."""
    found = []
    tickets = session.scalars(
        select(models.Ticket).where(
            models.Ticket.customer_id == customer_id, models.Ticket.status.in_(_RESOLVED)
        )
    )
    for ticket in tickets:
        moves = session.scalars(
            select(models.TicketActivity)
            .where(models.TicketActivity.ticket_id == ticket.id)
            .order_by(models.TicketActivity.at.desc(), models.TicketActivity.id.desc())
        )
        resolved_at = next(
            (m.at for m in moves if m.detail.get("to") == "resolved"), ticket.updated_at
        )
        found.append(ResolvedComplaint(ticket.reference, resolved_at.date()))
    return tuple(found)


def _last_activity(session: Session, customer_id: int) -> date | None:
    last = session.scalar(
        select(func.max(models.Interaction.started_at)).where(
            models.Interaction.customer_id == customer_id
        )
    )
    return last.date() if last is not None else None


def facts_of(session: Session, customer: models.Customer) -> CustomerFacts:
    """What the rules know of ``customer`` (its tier as stored: :func:`refresh_profile` first
    where the figures changed)."""
    return CustomerFacts(
        customer_id=customer.id,
        birth_date=None if customer.provisional else customer.birth_date,
        tier=Tier(customer.tier),
        aum=customer.aum,
        holdings=_holdings(session, customer.id),
        last_activity_on=_last_activity(session, customer.id),
        e_channel_login_days=tuple(date.fromisoformat(d) for d in customer.e_channel_login_days),
        risk_profile=None if customer.provisional else RiskProfile(customer.risk_profile),
        risk_assessed_on=None if customer.provisional else customer.risk_assessed_on,
        customer_since=customer.customer_since,
        relationship_manager=customer.relationship_manager,
        marketing_consent=customer.marketing_consent,
        do_not_call=customer.do_not_call,
        resolved_complaints=_resolved_complaints(session, customer.id),
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def tier_reason_fields(decision: TierDecision) -> dict[str, Any]:
    """A tier decision as ``TierReason`` has it (JSON: amounts as text)."""
    figure = decision.contribution if decision.basis is TierBasis.CONTRIBUTION else decision.aum
    return {
        "basis": decision.basis.value,
        "figure": str(figure),
        "threshold": _text(decision.threshold),
        "next_tier": decision.next_tier.value if decision.next_tier is not None else None,
        "next_threshold": _text(decision.next_threshold),
    }


def refresh_profile(
    session: Session, customer: models.Customer, today: date, rules: CustomerRules | None = None
) -> CustomerFacts:
    """Recompute and store ``customer``'s tier (AUM and yearly contribution), its reason, the
    segments and their details; the facts with the new tier. Not committed (the change hook
    stamps the customer only if something changed)."""
    rules = rules or load_customer_rules()
    decision = tier_for(
        customer.aum,
        customer.yearly_revenue,
        rules.tier_thresholds(),
        rules.contribution_thresholds(),
    )
    reason = tier_reason_fields(decision)
    if customer.tier != decision.tier.value:
        customer.tier = decision.tier.value
    if customer.tier_reason != reason:
        customer.tier_reason = reason
    facts = facts_of(session, customer)
    if customer.provisional:
        return facts
    segments = derive_segments(facts, today, rules.segment_rules())
    codes = [s.code for s in segments]
    details = [
        {
            "code": s.code,
            "kind": s.kind.value,
            "value": s.value,
            "reason": s.reason.value,
            "figures": {name: str(value) for name, value in s.figures.items()},
        }
        for s in segments
    ]
    if list(customer.segments or []) != codes:
        customer.segments = codes
    if customer.segment_details != details:
        customer.segment_details = details
    return facts
