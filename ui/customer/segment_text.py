"""Words for the 360 header's tier and segment chips: the chip's label and, on hover, which
figure put the customer there.

The core sends codes (``activity:at_risk``, reason ``inactive_days`` with its figures); this
module is the one place that turns them into sentences, in the UI language. An unknown code is
shown as it came rather than dropped, so a new server rule is visible before it is translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication

from agentdesk.services import SegmentInfo, TierReason
from ui.kit.formatting import format_money
from ui.kit.vocabulary import tier_name

__all__ = ["segment_label", "segment_reason", "tier_reason_text"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("SegmentText", text)


def _fill(template: str, *values: str) -> str:
    for position, value in enumerate(values, start=1):
        template = template.replace(f"%{position}", value)
    return template


def _kind_names() -> dict[str, str]:
    return {
        "age": _tr("Age"),
        "life": _tr("Life stage"),
        "mix": _tr("Product mix"),
        "e-channel": _tr("E-channel use"),
        "risk": _tr("Risk appetite"),
        "activity": _tr("Activity"),
    }


def _value_names() -> dict[str, str]:
    return {
        "minor": _tr("minor"),
        "young_adult": _tr("young adult"),
        "establishing": _tr("establishing"),
        "family": _tr("family"),
        "pre_retirement": _tr("pre-retirement"),
        "retired": _tr("retired"),
        "deposit": _tr("deposits"),
        "wealth": _tr("wealth"),
        "credit": _tr("credit card"),
        "loan": _tr("loans"),
        "none": _tr("none"),
        "high": _tr("high"),
        "medium": _tr("medium"),
        "low": _tr("low"),
        "conservative": _tr("conservative"),
        "balanced": _tr("balanced"),
        "growth": _tr("growth"),
        "unknown": _tr("unknown"),
        "active": _tr("active"),
        "at_risk": _tr("at risk of leaving"),
        "dormant": _tr("dormant"),
    }


def segment_label(info: SegmentInfo) -> str:
    """The chip's text: "Activity: dormant", "Age 35–44", "Product mix: deposits + wealth"."""
    kind = _kind_names().get(info.kind, info.kind)
    if info.kind == "age":
        return _fill(_tr("Age %1"), info.value.replace("-", "–").replace("under–", "< "))
    values = _value_names()
    parts = [values.get(part, part) for part in info.value.split("+")]
    return _fill(_tr("%1: %2"), kind, " + ".join(parts))


def _number(figures: Mapping[str, str], key: str) -> str:
    return figures.get(key, "?")


def _money(figures: Mapping[str, str], key: str) -> str:
    try:
        return format_money(Decimal(figures[key]))
    except (KeyError, InvalidOperation):
        return "?"


def segment_reason(info: SegmentInfo) -> str:
    """Why the customer is in the segment, with the figures behind it, as one sentence."""
    f = info.figures
    reasons = {
        "age": lambda: _fill(_tr("Age %1"), _number(f, "age")),
        "mortgage_held": lambda: _fill(_tr("Holds a mortgage at age %1"), _number(f, "age")),
        "holdings": lambda: _tr("From the kinds of products the customer holds"),
        "login_days": lambda: _fill(
            _tr("Used mobile or online banking on %1 days of the last %2"),
            _number(f, "days"),
            _number(f, "window_days"),
        ),
        "risk_profile": lambda: _fill(_tr("Risk profile %1"), _number(f, "profile")),
        "assessment_expired": lambda: _fill(
            _tr("The risk assessment of %1 has expired"), _number(f, "assessed_on")
        ),
        "assessment_missing": lambda: _tr("No risk assessment on file"),
        "assessment_in_future": lambda: _fill(
            _tr("The risk assessment is dated %1, in the future: not trusted"),
            _number(f, "assessed_on"),
        ),
        "inactive_days": lambda: _fill(
            _tr("No activity for %1 days (from %2 days on)"),
            _number(f, "days"),
            _number(f, "threshold_days"),
        ),
        "no_activity": lambda: _tr("No activity on record"),
        "aum_drop": lambda: _fill(
            _tr("AUM fell %1 % in a quarter, from %2 to %3 (from %4 % on)"),
            _number(f, "drop_pct"),
            _money(f, "aum_before"),
            _money(f, "aum"),
            _number(f, "threshold_pct"),
        ),
        "recent_activity": lambda: _fill(_tr("Last activity %1 days ago"), _number(f, "days")),
    }
    make = reasons.get(info.reason)
    return make() if make is not None else info.reason


def tier_reason_text(reason: TierReason, tier: str) -> str:
    """Which figure put the customer in ``tier`` and what the tier above needs."""
    figure = format_money(reason.figure)
    threshold = format_money(reason.threshold) if reason.threshold is not None else "?"
    if reason.basis == "aum":
        text = _fill(
            _tr("AUM %1 reaches the %2 threshold of %3"), figure, tier_name(tier), threshold
        )
    elif reason.basis == "contribution":
        text = _fill(
            _tr("Yearly contribution %1 reaches the %2 threshold of %3"),
            figure,
            tier_name(tier),
            threshold,
        )
    else:
        text = _fill(_tr("AUM %1 is below every tier's threshold"), figure)
    if reason.next_tier is not None and reason.next_threshold is not None:
        text += "\n" + _fill(
            _tr("%1 from %2"), tier_name(str(reason.next_tier)), format_money(reason.next_threshold)
        )
    return text
