"""Translated display names of the bank's and contact center's words (tiers, channels, …).

The core sends stable values (``gold``, ``phone_in``); a person reads them here, in their
language, with the glossary's words. Unknown values are shown as they came, never dropped.
"""

from __future__ import annotations

from typing import Literal, Protocol

from PySide6.QtCore import QCoreApplication, QLocale

__all__ = [
    "WRAP_UP_CODES",
    "ReferenceEntry",
    "account_kind_name",
    "agent_state_name",
    "alert_name",
    "card_kind_name",
    "card_status_name",
    "channel_name",
    "chinese_ui",
    "complaint_category_name",
    "loan_kind_name",
    "not_ready_reason_name",
    "reference_label",
    "severity_name",
    "team_name",
    "ticket_status_name",
    "tier_name",
    "ui_language",
    "verification_method_name",
    "wrap_up_code_name",
]


class ReferenceEntry(Protocol):
    """An entry of a reference list: wrap-up code, queue, complaint category."""

    @property
    def code(self) -> str: ...

    @property
    def label_zh(self) -> str: ...

    @property
    def label_en(self) -> str: ...


def _lookup(table: dict[str, str], value: str) -> str:
    # The core's values are str enums (or plain strings): str() is the stable value.
    key = str(value)
    return table.get(key, key)


def chinese_ui() -> bool:
    """The UI speaks Chinese: the default QLocale, which ``ui.kit.i18n`` sets from the
    settings."""
    return QLocale().language() == QLocale.Language.Chinese


def ui_language() -> Literal["en", "zh_CN"]:
    """The UI language as the core's texts are keyed (the care rules' texts)."""
    return "zh_CN" if chinese_ui() else "en"


def reference_label(item: ReferenceEntry) -> str:
    """A reference list entry in the UI language: the server's ``label_zh`` under Chinese,
    else ``label_en``; its code when it has neither."""
    label = item.label_zh if chinese_ui() else item.label_en
    return label or item.code


def tier_name(tier: str) -> str:
    return _lookup(
        {
            "mass": QCoreApplication.translate("Vocabulary", "Mass"),
            "gold": QCoreApplication.translate("Vocabulary", "Gold"),
            "platinum": QCoreApplication.translate("Vocabulary", "Platinum"),
            "private": QCoreApplication.translate("Vocabulary", "Private banking"),
        },
        tier,
    )


def alert_name(kind: str) -> str:
    return _lookup(
        {
            "vulnerable": QCoreApplication.translate("Vocabulary", "Vulnerable customer"),
            "fraud_watch": QCoreApplication.translate("Vocabulary", "Fraud watch"),
            "open_complaint": QCoreApplication.translate("Vocabulary", "Open complaint"),
            "bereavement": QCoreApplication.translate("Vocabulary", "Bereavement"),
            "vip_note": QCoreApplication.translate("Vocabulary", "VIP service note"),
        },
        kind,
    )


def channel_name(channel: str) -> str:
    return _lookup(
        {
            "phone_in": QCoreApplication.translate("Vocabulary", "Phone (inbound)"),
            "phone_out": QCoreApplication.translate("Vocabulary", "Phone (outbound)"),
            "web_chat": QCoreApplication.translate("Vocabulary", "Web chat"),
            "app": QCoreApplication.translate("Vocabulary", "Mobile app"),
            "wechat": QCoreApplication.translate("Vocabulary", "WeChat"),
            "branch": QCoreApplication.translate("Vocabulary", "Branch"),
            "email": QCoreApplication.translate("Vocabulary", "Email"),
            "sms": QCoreApplication.translate("Vocabulary", "SMS"),
        },
        channel,
    )


def account_kind_name(kind: str) -> str:
    return _lookup(
        {
            "current": QCoreApplication.translate("Vocabulary", "Current"),
            "savings": QCoreApplication.translate("Vocabulary", "Savings"),
            "time_deposit": QCoreApplication.translate("Vocabulary", "Time deposit"),
        },
        kind,
    )


def card_kind_name(kind: str) -> str:
    return _lookup(
        {
            "debit": QCoreApplication.translate("Vocabulary", "Debit card"),
            "credit": QCoreApplication.translate("Vocabulary", "Credit card"),
        },
        kind,
    )


def card_status_name(status: str) -> str:
    return _lookup(
        {
            "active": QCoreApplication.translate("Vocabulary", "Active"),
            "blocked": QCoreApplication.translate("Vocabulary", "Blocked"),
            "frozen": QCoreApplication.translate("Vocabulary", "Frozen"),
            "lost": QCoreApplication.translate("Vocabulary", "Reported lost"),
            "expired": QCoreApplication.translate("Vocabulary", "Expired"),
            "closed": QCoreApplication.translate("Vocabulary", "Closed"),
        },
        status,
    )


def loan_kind_name(kind: str) -> str:
    return _lookup(
        {
            "mortgage": QCoreApplication.translate("Vocabulary", "Mortgage"),
            "consumer": QCoreApplication.translate("Vocabulary", "Consumer loan"),
            "business": QCoreApplication.translate("Vocabulary", "Business loan"),
            "car": QCoreApplication.translate("Vocabulary", "Car loan"),
        },
        kind,
    )


def ticket_status_name(status: str) -> str:
    return _lookup(
        {
            "new": QCoreApplication.translate("Vocabulary", "New"),
            "acknowledged": QCoreApplication.translate("Vocabulary", "Acknowledged"),
            "investigating": QCoreApplication.translate("Vocabulary", "Investigating"),
            "pending_customer": QCoreApplication.translate("Vocabulary", "Pending customer"),
            "resolved": QCoreApplication.translate("Vocabulary", "Resolved"),
            "closed": QCoreApplication.translate("Vocabulary", "Closed"),
        },
        status,
    )


def complaint_category_name(category: str) -> str:
    return _lookup(
        {
            "fees": QCoreApplication.translate("Vocabulary", "Fees"),
            "cards": QCoreApplication.translate("Vocabulary", "Cards"),
            "loans": QCoreApplication.translate("Vocabulary", "Loans"),
            "wealth_mis_selling": QCoreApplication.translate("Vocabulary", "Wealth mis-selling"),
            "service_attitude": QCoreApplication.translate("Vocabulary", "Service attitude"),
            "digital_channel": QCoreApplication.translate("Vocabulary", "Digital channel"),
            "fraud_dispute": QCoreApplication.translate("Vocabulary", "Fraud / dispute"),
            "other": QCoreApplication.translate("Vocabulary", "Other"),
        },
        category,
    )


def severity_name(severity: str) -> str:
    return _lookup(
        {
            "low": QCoreApplication.translate("Vocabulary", "Low"),
            "medium": QCoreApplication.translate("Vocabulary", "Medium"),
            "high": QCoreApplication.translate("Vocabulary", "High"),
        },
        severity,
    )


def agent_state_name(state: str) -> str:
    return _lookup(
        {
            "offline": QCoreApplication.translate("Vocabulary", "Offline for calls"),
            "ready": QCoreApplication.translate("Vocabulary", "Ready"),
            "not_ready": QCoreApplication.translate("Vocabulary", "Not ready"),
            "ringing": QCoreApplication.translate("Vocabulary", "Ringing"),
            "on_call": QCoreApplication.translate("Vocabulary", "On call"),
            "hold": QCoreApplication.translate("Vocabulary", "On hold"),
            "wrap_up": QCoreApplication.translate("Vocabulary", "Wrap-up"),
        },
        state,
    )


def team_name(team: str) -> str:
    """The demo bank's teams (a team not listed shows as its code)."""
    return _lookup(
        {
            "retail": QCoreApplication.translate("Vocabulary", "Retail banking"),
            "cards": QCoreApplication.translate("Vocabulary", "Cards"),
            "wealth": QCoreApplication.translate("Vocabulary", "Wealth management"),
            "complaints": QCoreApplication.translate("Vocabulary", "Complaints"),
        },
        team,
    )


def not_ready_reason_name(reason: str) -> str:
    return _lookup(
        {
            "break": QCoreApplication.translate("Vocabulary", "Break"),
            "lunch": QCoreApplication.translate("Vocabulary", "Lunch"),
            "training": QCoreApplication.translate("Vocabulary", "Training"),
            "meeting": QCoreApplication.translate("Vocabulary", "Meeting"),
            "coaching": QCoreApplication.translate("Vocabulary", "Coaching"),
            "outbound_work": QCoreApplication.translate("Vocabulary", "Callbacks and care calls"),
            "after_call_work_extended": QCoreApplication.translate(
                "Vocabulary", "Extended after-call work"
            ),
            "system_issue": QCoreApplication.translate("Vocabulary", "System issue"),
            "missed_call": QCoreApplication.translate("Vocabulary", "Missed call"),
        },
        reason,
    )


def verification_method_name(method: str) -> str:
    return _lookup(
        {
            "ivr": QCoreApplication.translate("Vocabulary", "IVR PIN"),
            "knowledge": QCoreApplication.translate("Vocabulary", "knowledge questions"),
            "otp": QCoreApplication.translate("Vocabulary", "one-time code"),
        },
        method,
    )


# The wrap-up codes an agent chooses from when the services send no reference list; the
# values are what the backend stores (and the demo data uses).
WRAP_UP_CODES = (
    "resolved",
    "info_given",
    "follow_up",
    "complaint_logged",
    "transferred",
    "card_blocked",
    "sent",
    "no_answer",
    "wrong_number",
)


def wrap_up_code_name(code: str) -> str:
    return _lookup(
        {
            "resolved": QCoreApplication.translate("Vocabulary", "Resolved"),
            "info_given": QCoreApplication.translate("Vocabulary", "Information given"),
            "follow_up": QCoreApplication.translate("Vocabulary", "Follow-up needed"),
            "complaint_logged": QCoreApplication.translate("Vocabulary", "Complaint logged"),
            "transferred": QCoreApplication.translate("Vocabulary", "Transferred"),
            "card_blocked": QCoreApplication.translate("Vocabulary", "Card blocked"),
            "sent": QCoreApplication.translate("Vocabulary", "Document or code sent"),
            "no_answer": QCoreApplication.translate("Vocabulary", "No answer"),
            "wrong_number": QCoreApplication.translate("Vocabulary", "Wrong number"),
        },
        code,
    )
