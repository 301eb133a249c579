"""Masking of personal data for display.

Rules (DESIGN.md §3): a card number (PAN) shows at most the first 6 and last 4 digits, and the
UI shows the last 4 only; phone and ID numbers are masked by default and shown in full only to
a verified caller's agent, with an audit row.
"""

from __future__ import annotations

__all__ = [
    "mask_account_number",
    "mask_email",
    "mask_id_number",
    "mask_name",
    "mask_pan",
    "mask_phone",
]

MASK = "*"


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def mask_pan(pan: str, *, show_first: int = 0) -> str:
    """Mask a card number: last 4 always, first 6 at most (``show_first`` is capped at 6)."""
    digits = _digits(pan)
    if len(digits) < 10:
        return MASK * len(digits)
    first = min(max(show_first, 0), 6)
    hidden = len(digits) - first - 4
    return digits[:first] + MASK * hidden + digits[-4:]


def mask_phone(phone: str) -> str:
    """Hide the middle of a phone number: ``+8613812345678`` → ``+86 138****5678``."""
    raw = phone.strip()
    if raw.startswith("+86") and len(_digits(raw)) == 13:
        national = _digits(raw)[2:]
        return f"+86 {national[:3]}{MASK * 4}{national[-4:]}"
    digits = _digits(raw)
    if len(digits) <= 4:
        return MASK * len(digits)
    keep_head = min(3, len(digits) - 4)
    prefix = "+" if raw.startswith("+") else ""
    return prefix + digits[:keep_head] + MASK * (len(digits) - keep_head - 4) + digits[-4:]


def mask_id_number(id_number: str) -> str:
    """Mask an ID document number, keeping the first and last 4 characters (18-digit PRC IDs
    keep the region code's first 4 and the last 4 with its check character)."""
    value = id_number.strip().upper()
    if len(value) <= 8:
        return MASK * max(len(value) - 2, 0) + value[-2:] if len(value) > 2 else MASK * len(value)
    return value[:4] + MASK * (len(value) - 8) + value[-4:]


def mask_name(name: str) -> str:
    """Mask a name for lists seen by others: 张三丰 → 张**, John Smith → J*** S****."""
    if not name:
        return name
    if all(ord(ch) > 0x2E80 for ch in name.replace(" ", "")):
        return name[0] + MASK * (len(name) - 1)
    return " ".join(part[0] + MASK * (len(part) - 1) for part in name.split())


def mask_account_number(number: str) -> str:
    """Last 4 characters of an account number; the rest masked (IBAN letters included)."""
    chars = [ch for ch in number if ch.isalnum()]
    if len(chars) <= 4:
        return MASK * len(chars)
    return MASK * (len(chars) - 4) + "".join(chars[-4:])


def mask_email(email: str) -> str:
    """``zhang.wei@example.com`` → ``z********@example.com``: enough to confirm, not to copy."""
    local, at, domain = email.partition("@")
    if not at:
        return MASK * len(email)
    return (local[:1] + MASK * max(len(local) - 1, 1)) + "@" + domain
