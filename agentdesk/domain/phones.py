"""Phone number normalisation to E.164 before matching a caller to a customer.

Agents and telephony systems write numbers many ways: ``138 1234 5678``, ``+86-138-1234-5678``,
``008613812345678``, ``0755 8888 6666`` (a Shenzhen landline with its trunk prefix). All must
match the same customer, so every stored and every incoming number goes through
:func:`normalize_phone`.
"""

from __future__ import annotations

import re

__all__ = ["InvalidPhoneNumber", "normalize_phone"]

_SEPARATORS = re.compile(r"[\s\-./()]")


class InvalidPhoneNumber(ValueError):
    pass


def normalize_phone(raw: str, *, default_country: str = "86") -> str:
    """Return ``raw`` as E.164 (``+8613812345678``); raise InvalidPhoneNumber if it is not one."""
    text = _SEPARATORS.sub("", raw.strip())
    if text.startswith("+"):
        digits = text[1:]
    elif text.startswith("00"):
        digits = text[2:]
    elif text.startswith("0"):
        digits = default_country + text[1:]  # national trunk prefix
    elif text.startswith(default_country) and len(text) > 11:
        digits = text  # country code given without "+"
    elif default_country == "86" and len(text) == 11 and text.startswith("1"):
        digits = default_country + text  # a PRC mobile number without country code
    else:
        digits = default_country + text
    if not digits.isdigit() or not 8 <= len(digits) <= 15:
        raise InvalidPhoneNumber(f"not a phone number: {len(raw)} characters")
    return "+" + digits
