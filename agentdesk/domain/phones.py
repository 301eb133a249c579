"""Phone number normalisation to E.164 before matching a caller to a customer.

Agents and telephony systems write numbers many ways: ``138 1234 5678``, ``+86-138-1234-5678``,
``008613812345678``, ``0755 8888 6666`` (a Shenzhen landline with its trunk prefix). All must
match the same customer, so every stored and every incoming number goes through
:func:`normalize_phone`.

Parsing and validation are Google's libphonenumber rules (the ``phonenumbers`` package, pure
Python): a number that is well formed but not one in use (``1234567``, ``+999 12345678``, a
mobile with a prefix no operator has) is refused with the reason, never turned into an E.164
string that would match the wrong customer or nobody. Numbers without a country code are read
as dialled in :data:`DEFAULT_REGION`.
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat, ValidationResult

__all__ = ["DEFAULT_REGION", "InvalidPhoneNumber", "normalize_phone"]

DEFAULT_REGION = "CN"


class InvalidPhoneNumber(ValueError):
    """Not a phone number in use. ``reason`` is a stable code; the message says why in words
    and never quotes the number (it is personal data and may reach a log or a problem)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


_NOT_A_NUMBER = ("not_a_number", "not a phone number")
_UNKNOWN_COUNTRY = ("unknown_country_code", "unknown country code")
_TOO_SHORT = ("too_short", "too short to be a phone number")
_TOO_LONG = ("too_long", "too long to be a phone number")

_PARSE_FAILURES = {
    NumberParseException.INVALID_COUNTRY_CODE: _UNKNOWN_COUNTRY,
    NumberParseException.NOT_A_NUMBER: _NOT_A_NUMBER,
    NumberParseException.TOO_SHORT_AFTER_IDD: _TOO_SHORT,
    NumberParseException.TOO_SHORT_NSN: _TOO_SHORT,
    NumberParseException.TOO_LONG: _TOO_LONG,
}
_IMPOSSIBLE = {
    ValidationResult.INVALID_COUNTRY_CODE: _UNKNOWN_COUNTRY,
    ValidationResult.TOO_SHORT: _TOO_SHORT,
    ValidationResult.TOO_LONG: _TOO_LONG,
}


# The same numbers come back again and again (a caller's call event, screen-pop and wrap-up,
# a customer who calls twice), and libphonenumber is pure Python: a pushed batch of wrap-ups
# spent a tenth of its time here. Refusals raise, so only valid numbers are kept.
@lru_cache(maxsize=16_384)
def normalize_phone(raw: str, *, default_region: str = DEFAULT_REGION) -> str:
    """Return ``raw`` as E.164 (``+8613812345678``); raise InvalidPhoneNumber if it is not a
    valid number. ``default_region`` (ISO 3166 code) is where a number without a country code
    was dialled: ``0755 8888 6666`` and ``138 1234 5678`` are Chinese numbers by default."""
    try:
        number = phonenumbers.parse(raw, default_region)
    except NumberParseException as exc:
        raise InvalidPhoneNumber(*_PARSE_FAILURES.get(exc.error_type, _NOT_A_NUMBER)) from None
    if not phonenumbers.is_valid_number(number):
        raise _why_invalid(number)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _why_invalid(number: PhoneNumber) -> InvalidPhoneNumber:
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible in _IMPOSSIBLE:
        return InvalidPhoneNumber(*_IMPOSSIBLE[possible])
    region = phonenumbers.region_code_for_country_code(number.country_code or 0)
    return InvalidPhoneNumber("invalid_for_region", f"not a valid number for its region ({region})")
