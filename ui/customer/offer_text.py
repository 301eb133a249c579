"""Next-best offers in words: why a product ranks (a product mix gap, a holding maturing soon,
a segment), why another is set aside, why nothing may be offered at all, and a ranked
product's suitability. The domain gives codes with figures; the sentences live here."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from agentdesk.domain.offer_ranking import (
    BlockCode,
    ExcludedOffer,
    ExclusionCode,
    OfferReason,
    OfferReasonCode,
    RankedOffer,
)
from agentdesk.services import Product, SegmentInfo
from ui.customer.segment_text import segment_label
from ui.customer.suitability_text import reasons_text
from ui.kit.formatting import format_date
from ui.kit.vocabulary import tier_name

__all__ = [
    "blocked_text",
    "exclusion_text",
    "offer_reasons_text",
    "product_kind_name",
    "suitability_text",
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("OfferText", text)


def _fill(template: str, *values: object) -> str:
    for position, value in enumerate(values, start=1):
        shown = format_date(value) if isinstance(value, date) else str(value)
        template = template.replace(f"%{position}", shown)
    return template


def product_kind_name(kind: str) -> str:
    names = {
        "deposit": _tr("deposit"),
        "wealth_management": _tr("wealth management product"),
        "fund": _tr("fund"),
        "credit_card": _tr("credit card"),
    }
    return names.get(kind, kind)


def _segment(code: str) -> str:
    kind, _, value = code.partition(":")
    return segment_label(SegmentInfo(code=code, kind=kind, value=value, reason=""))


def _reason(reason: OfferReason) -> str:
    f = reason.figures
    if reason.code is OfferReasonCode.PRODUCT_MIX_GAP:
        return _fill(_tr("Holds no %1 yet"), product_kind_name(str(f.get("kind", ""))))
    if reason.code is OfferReasonCode.MATURING_SOON:
        return _fill(
            _tr("%1 matures on %2, in %3 days"),
            f.get("holding"),
            f.get("matures_on"),
            f.get("days"),
        )
    if reason.code is OfferReasonCode.SEGMENT_MATCH:
        return _fill(_tr("Suits the segment %1"), _segment(str(f.get("segment", ""))))
    if reason.code is OfferReasonCode.WITHIN_PROFILE:
        return _fill(
            _tr("Within the risk profile (%1 for %2)"), f.get("product_risk"), f.get("profile")
        )
    return _fill(_tr("Said “not now” on %1: lower until %2"), f.get("on"), f.get("until"))


def offer_reasons_text(offer: RankedOffer[Product]) -> str:
    return "; ".join(_reason(reason) for reason in offer.reasons)


def suitability_text(offer: RankedOffer[Product]) -> str:
    return _fill(_tr("Suitable (%1)"), str(offer.product.risk))


def exclusion_text(excluded: ExcludedOffer[Product]) -> str:
    f = excluded.figures
    if excluded.code is ExclusionCode.UNSUITABLE:
        return _fill(_tr("Not suitable: %1"), reasons_text(excluded.suitability.reasons))
    if excluded.code is ExclusionCode.TIER_TOO_LOW:
        return _fill(_tr("Only for %1 customers and above"), tier_name(str(f.get("min_tier", ""))))
    if excluded.code is ExclusionCode.DECLINED_RECENTLY:
        return _fill(
            _tr("Declined on %1: not offered again before %2"), f.get("on"), f.get("until")
        )
    return _fill(_tr("Accepted on %1: not offered again before %2"), f.get("on"), f.get("until"))


def blocked_text(codes: tuple[BlockCode, ...]) -> str:
    """Why nothing at all may be offered to this customer."""
    reasons = {
        BlockCode.MARKETING_REFUSED: _tr("the customer has not given marketing consent"),
        BlockCode.DO_NOT_CALL: _tr("the customer asked not to be called (do not call)"),
    }
    return _fill(
        _tr("No offers for this customer: %1."), _tr(" and ").join(reasons[c] for c in codes)
    )
