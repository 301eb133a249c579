"""Every way a caller's number is written normalises to one E.164 number."""

from __future__ import annotations

import pytest

from agentdesk.domain.phones import InvalidPhoneNumber, normalize_phone


@pytest.mark.parametrize(
    "raw",
    [
        "+8613812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "008613812345678",
        "0086 138/1234/5678",
        "13812345678",
        "138-1234-5678",
        "8613812345678",
        " (138) 1234.5678 ",
    ],
)
def test_mobile_spellings_match_the_same_customer(raw: str) -> None:
    assert normalize_phone(raw) == "+8613812345678"


def test_landline_with_trunk_prefix() -> None:
    assert normalize_phone("0755 8888 6666") == "+8675588886666"
    assert normalize_phone("+86 755 8888 6666") == "+8675588886666"


def test_foreign_numbers_keep_their_country() -> None:
    assert normalize_phone("+44 20 7946 0958") == "+442079460958"
    assert normalize_phone("001 212 555 0100") == "+12125550100"


@pytest.mark.parametrize("raw", ["", "abc", "12", "+86 138 1234 5678 9999 1234", "138x1234"])
def test_garbage_is_rejected_without_echoing_it(raw: str) -> None:
    with pytest.raises(InvalidPhoneNumber) as info:
        normalize_phone(raw)
    if len(raw) > 3:
        assert raw not in str(info.value)
