"""Suitability reason codes (``agentdesk.domain.suitability``) as sentences for the agent.

The domain gives codes with their data; the words live here, in the agent's language:
"Product risk R4 is above the customer's risk profile C3", "Risk assessment expired on
2025-10-01".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QCoreApplication

from agentdesk.domain.suitability import Reason, ReasonCode
from ui.kit.formatting import format_date

__all__ = ["reason_sentence", "reasons_text"]


def _date(value: date | None) -> str:
    return format_date(value) if value is not None else "—"


def reason_sentence(reason: Reason) -> str:
    code = reason.code
    if code is ReasonCode.RISK_EXCEEDS_PROFILE:
        return (
            QCoreApplication.translate(
                "Suitability", "Product risk %1 is above the customer's risk profile %2"
            )
            .replace("%1", str(reason.product_risk or ""))
            .replace("%2", str(reason.profile or ""))
        )
    if code is ReasonCode.ASSESSMENT_EXPIRED:
        return QCoreApplication.translate("Suitability", "Risk assessment expired on %1").replace(
            "%1", _date(reason.valid_until)
        )
    if code is ReasonCode.ASSESSMENT_MISSING:
        return QCoreApplication.translate("Suitability", "No risk assessment on file")
    return QCoreApplication.translate(
        "Suitability", "Risk assessment date %1 is in the future; have it corrected"
    ).replace("%1", _date(reason.assessed_on))


def reasons_text(reasons: Iterable[Reason]) -> str:
    return "; ".join(reason_sentence(r) for r in reasons)
