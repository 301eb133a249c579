"""How numbers, money, times and ages read on screen (one place, so every view agrees)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

__all__ = [
    "format_assessment_age",
    "format_date",
    "format_datetime",
    "format_money",
    "format_pct",
    "format_signed_money",
    "last_four",
]

_MINUS = "\u2212"  # a real minus sign lines up with "+" in tables


def format_money(amount: Decimal | float | int, currency: str = "") -> str:
    text = f"{Decimal(amount):,.2f}".replace("-", _MINUS)
    return f"{currency} {text}" if currency else text


def format_signed_money(amount: Decimal | float | int) -> str:
    value = Decimal(amount)
    sign = "+" if value > 0 else (_MINUS if value < 0 else "")
    return f"{sign}{abs(value):,.2f}"


def format_pct(value: Decimal | float) -> str:
    return f"{Decimal(value):.2f}%"


def format_date(value: date) -> str:
    return value.isoformat()


def format_datetime(value: datetime) -> str:
    """Local wall-clock time of the workstation (the server sends aware UTC datetimes)."""
    if value.tzinfo is not None:
        value = value.astimezone()
    return value.strftime("%Y-%m-%d %H:%M")


def last_four(masked: str) -> str:
    """A card as the UI shows it: the last 4 digits only (DESIGN.md §3)."""
    digits = "".join(ch for ch in masked if ch.isdigit())
    return f"**** {digits[-4:]}" if len(digits) >= 4 else "****"


def format_assessment_age(assessed_on: date, today: date) -> str:
    """ "assessed 8 months ago", in the person's language and plural rules."""
    days = max((today - assessed_on).days, 0)
    if days < 31:
        return QCoreApplication.translate("Formatting", "assessed %n day(s) ago", "", days)
    months = days * 12 // 365
    if months < 24:
        return QCoreApplication.translate("Formatting", "assessed %n month(s) ago", "", months)
    return QCoreApplication.translate("Formatting", "assessed %n year(s) ago", "", days // 365)


def utc_now() -> datetime:
    return datetime.now(UTC)
