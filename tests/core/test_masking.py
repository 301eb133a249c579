"""Masking of personal data: what an agent or a log may ever see."""

from __future__ import annotations

import pytest

from agentdesk.domain.masking import (
    mask_account_number,
    mask_email,
    mask_id_number,
    mask_name,
    mask_pan,
    mask_phone,
)


def _visible_digits(masked: str) -> int:
    return sum(ch.isdigit() for ch in masked)


@pytest.mark.parametrize(
    "pan", ["6222021234567890", "6222 0212 3456 7890123", "4111-1111-1111-1111"]
)
def test_pan_shows_only_last_four_by_default(pan: str) -> None:
    masked = mask_pan(pan)
    digits = "".join(ch for ch in pan if ch.isdigit())
    assert masked.endswith(digits[-4:])
    assert _visible_digits(masked) == 4
    assert len(masked) == len(digits)


def test_pan_never_shows_more_than_first_six_and_last_four() -> None:
    masked = mask_pan("6222021234567890", show_first=12)
    assert masked == "622202******7890"
    assert _visible_digits(masked) == 10


def test_short_card_like_numbers_are_fully_hidden() -> None:
    assert mask_pan("123456") == "******"


def test_prc_mobile_hides_the_middle_four() -> None:
    assert mask_phone("+8613812345678") == "+86 138****5678"


def test_other_phones_keep_at_most_three_leading_and_four_trailing_digits() -> None:
    masked = mask_phone("+447700900123")
    assert masked.startswith("+447") and masked.endswith("0123")
    assert _visible_digits(masked) == 7
    assert "900" not in masked


def test_prc_id_number_keeps_region_head_and_check_tail() -> None:
    masked = mask_id_number("11010519491231002x")
    assert masked == "1101**********002X"
    assert "19491231" not in masked  # the birth date is hidden


def test_short_id_numbers_stay_mostly_hidden() -> None:
    assert mask_id_number("A1234567") == "******67"


def test_names_keep_only_their_first_character() -> None:
    assert mask_name("张三") == "张*"
    assert mask_name("John Smith") == "J*** S****"


def test_account_numbers_show_last_four_only() -> None:
    assert mask_account_number("6222 0202 0001 2345 678") == "***************5678"


def test_email_keeps_first_letter_and_domain() -> None:
    assert mask_email("zhang.wei@example.com") == "z********@example.com"
    assert mask_email("not-an-email") == "************"
