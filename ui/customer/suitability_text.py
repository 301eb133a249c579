"""Suitability reason codes (``agentdesk.domain.suitability``) as sentences for the agent.

The domain gives codes with their data; the words live here, in the agent's language:
"Product risk R4 is above the customer's risk profile C3", "Risk assessment expired on
2025-10-01".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication

from ui.kit.formatting import format_date

__all__ = ["reason_sentence", "reasons_text"]


def _value(obj: Any, name: str) -> str:
    value = getattr(obj, name, None)
    return str(getattr(value, "value", value) or "")


def reason_sentence(reason: Any) -> str:
    code = _value(reason, "code")
    if code == "risk_exceeds_profile":
        return (
            QCoreApplication.translate(
                "Suitability", "Product risk %1 is above the customer's risk profile %2"
            )
            .replace("%1", _value(reason, "product_risk"))
            .replace("%2", _value(reason, "profile"))
        )
    if code == "assessment_expired":
        until = getattr(reason, "valid_until", None)
        when = format_date(until) if isinstance(until, date) else "—"
        return QCoreApplication.translate("Suitability", "Risk assessment expired on %1").replace(
            "%1", when
        )
    if code == "assessment_missing":
        return QCoreApplication.translate("Suitability", "No risk assessment on file")
    if code == "assessment_in_future":
        assessed = getattr(reason, "assessed_on", None)
        when = format_date(assessed) if isinstance(assessed, date) else "—"
        return QCoreApplication.translate(
            "Suitability", "Risk assessment date %1 is in the future; have it corrected"
        ).replace("%1", when)
    return code


def reasons_text(reasons: Any) -> str:
    return "; ".join(reason_sentence(r) for r in reasons or ())
