"""What the desk knows of a customer, as the offer ranking reads it: ``CustomerFacts`` and
segments from the 360 the agent sees (the cache's, or the backend's for a customer the cache
does not hold): the same facts the server ranks by, as far as the 360 carries them: holdings,
tier, risk profile, consents, segments.

Pure: no cache, no I/O.
"""

from __future__ import annotations

from agentdesk.contract.customers import CustomerProfile
from agentdesk.contract.reference import Product
from agentdesk.domain.customer_facts import CustomerFacts, HoldingFact, HoldingKind
from agentdesk.domain.segments import Segment, SegmentKind, SegmentReason

__all__ = ["facts_of", "segments_of"]

_KINDS = {kind.value for kind in HoldingKind}
_SEGMENT_KINDS = {kind.value for kind in SegmentKind}
_SEGMENT_REASONS = {reason.value for reason in SegmentReason}


def _holdings(customer: CustomerProfile, shelf: dict[str, Product]) -> list[HoldingFact]:
    held = customer.holdings
    facts = [HoldingFact(HoldingKind.DEPOSIT, f"account:{a.id}") for a in held.accounts]
    facts += [
        HoldingFact(HoldingKind.CREDIT_CARD, f"card:{c.id}")
        for c in held.cards
        if c.kind == "credit"
    ]
    for loan in held.loans:
        kind = HoldingKind.MORTGAGE if loan.kind == "mortgage" else HoldingKind.LOAN
        facts.append(HoldingFact(kind, f"loan:{loan.id}", matures_on=loan.matures_on))
    for wealth in held.wealth:
        # A wealth holding is a fund or a wealth-management product as its shelf entry says;
        # one the shelf no longer lists counts as wealth management.
        product = shelf.get(wealth.product_code)
        shelf_kind = str(product.kind) if product is not None else ""
        kind = HoldingKind(shelf_kind) if shelf_kind in _KINDS else HoldingKind.WEALTH_MANAGEMENT
        facts.append(
            HoldingFact(
                kind,
                f"wealth:{wealth.id}",
                product_code=wealth.product_code,
                product_name=wealth.product_name,
                market_value=wealth.market_value,
                unrealized_pnl=wealth.unrealized_pnl,
            )
        )
    return facts


def facts_of(customer: CustomerProfile, shelf: list[Product]) -> CustomerFacts:
    by_code = {product.code: product for product in shelf}
    return CustomerFacts(
        customer_id=customer.id,
        tier=customer.tier,
        aum=customer.aum,
        holdings=tuple(_holdings(customer, by_code)),
        risk_profile=customer.risk_profile,
        risk_assessed_on=customer.risk_assessed_on,
        relationship_manager=customer.relationship_manager,
        marketing_consent=customer.marketing_consent,
        do_not_call=customer.do_not_call,
    )


def segments_of(customer: CustomerProfile) -> list[Segment]:
    """The customer's segments as the ranking matches them (by code); one of a kind or reason
    this desk does not know yet is left out rather than guessed."""
    return [
        Segment(SegmentKind(info.kind), info.value, SegmentReason(info.reason))
        for info in customer.segment_details
        if info.kind in _SEGMENT_KINDS and info.reason in _SEGMENT_REASONS
    ]
