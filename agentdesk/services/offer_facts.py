"""What the desk knows of a customer, as the offer ranking reads it: ``CustomerFacts`` and
segments from the cached customer record (the same facts the server ranks by, as far as the
record carries them: holdings, tier, risk profile, consents, segments).

Pure: no cache, no I/O.
"""

from __future__ import annotations

from agentdesk.contract.reference import Product
from agentdesk.contract.sync import CustomerRecord
from agentdesk.domain.customer_facts import CustomerFacts, HoldingFact, HoldingKind
from agentdesk.domain.segments import Segment, SegmentKind, SegmentReason

__all__ = ["facts_of", "segments_of"]

_KINDS = {kind.value for kind in HoldingKind}
_SEGMENT_KINDS = {kind.value for kind in SegmentKind}
_SEGMENT_REASONS = {reason.value for reason in SegmentReason}


def _holdings(record: CustomerRecord, shelf: dict[str, Product]) -> list[HoldingFact]:
    held = record.holdings
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


def facts_of(record: CustomerRecord, shelf: list[Product]) -> CustomerFacts:
    by_code = {product.code: product for product in shelf}
    return CustomerFacts(
        customer_id=record.id,
        tier=record.tier,
        aum=record.aum,
        holdings=tuple(_holdings(record, by_code)),
        risk_profile=record.risk_profile,
        risk_assessed_on=record.risk_assessed_on,
        relationship_manager=record.relationship_manager,
        marketing_consent=record.marketing_consent,
        do_not_call=record.do_not_call,
    )


def segments_of(record: CustomerRecord) -> list[Segment]:
    """The record's segments as the ranking matches them (by code); one of a kind or reason
    this desk does not know yet is left out rather than guessed."""
    return [
        Segment(SegmentKind(info.kind), info.value, SegmentReason(info.reason))
        for info in record.segment_details
        if info.kind in _SEGMENT_KINDS and info.reason in _SEGMENT_REASONS
    ]
