"""Every way a caller's number is written normalises to one E.164 number; a number that is not
one in use is refused with the reason, never turned into a wrong match."""

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
        "138 1234 5678",
        "138-1234-5678",
        "8613812345678",
        " (138) 1234.5678 ",
    ],
)
def test_mobile_spellings_match_the_same_customer(raw: str) -> None:
    assert normalize_phone(raw) == "+8613812345678"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0755 8888 6666", "+8675588886666"),  # Shenzhen, with the trunk 0
        ("755 8888 6666", "+8675588886666"),  # without it
        ("+86 755 8888 6666", "+8675588886666"),
        ("010-6552 9988", "+861065529988"),  # Beijing: a two-digit area code
        ("10 6552 9988", "+861065529988"),
        ("0086 10 6552 9988", "+861065529988"),
        ("021 6888 8888", "+862168888888"),
    ],
)
def test_landlines_with_and_without_the_trunk_prefix(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


def test_a_family_number_written_two_ways_matches_both_customers_on_one_key() -> None:
    # The family's landline as the father's record has it, and as the daughter's was typed in:
    # one E.164 key, so a call from it pops both as candidates.
    assert normalize_phone("0755-8888 6666") == normalize_phone("+86 (755) 88886666")
    assert normalize_phone("139 0000 1111") == normalize_phone("0086-139-0000-1111")


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+44 20 7946 0958", "+442079460958"),  # a London landline
        ("0044 7911 123456", "+447911123456"),  # a UK mobile
        ("+1 212 555 0123", "+12125550123"),  # New York
        ("001 212 555 0100", "+12125550100"),
        ("+852 2123 4567", "+85221234567"),  # Hong Kong
    ],
)
def test_foreign_numbers_keep_their_country(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


def test_a_number_without_country_code_reads_as_dialled_in_the_default_region() -> None:
    assert normalize_phone("020 7946 0958", default_region="GB") == "+442079460958"
    assert normalize_phone("020 8888 6666") == "+862088886666"  # Guangzhou by default


@pytest.mark.parametrize(
    ("raw", "reason", "says"),
    [
        ("1234567", "invalid_for_region", "not a valid number for its region (CN)"),
        ("+999 12345678", "unknown_country_code", "unknown country code"),
        ("120 1234 5678", "invalid_for_region", "(CN)"),  # no mobile network has 120
        ("+86 120 1234 5678", "invalid_for_region", "(CN)"),
        ("138 1234 56789", "invalid_for_region", "(CN)"),  # a mobile with a digit too many
        ("010 8001 2345", "invalid_for_region", "(CN)"),  # Beijing's 800 block is no landline
        ("+44 7700 900123", "invalid_for_region", "(GB)"),  # kept for TV dramas
        ("13812345678901", "too_long", "too long"),
        ("+86 138 1234 5678 9999 1234", "too_long", "too long"),
        ("12", "too_short", "too short"),
        ("138x1234", "too_short", "too short"),  # 138, extension 1234
    ],
)
def test_well_formed_but_invalid_numbers_are_refused_with_the_reason(
    raw: str, reason: str, says: str
) -> None:
    with pytest.raises(InvalidPhoneNumber) as info:
        normalize_phone(raw)
    assert info.value.reason == reason
    assert says in str(info.value)
    assert raw.strip() not in str(info.value)  # the number is personal data


@pytest.mark.parametrize("raw", ["", "abc", "张伟", "zhang wei", "+", "+86"])
def test_text_that_is_no_number_at_all_is_refused(raw: str) -> None:
    with pytest.raises(InvalidPhoneNumber) as info:
        normalize_phone(raw)
    assert info.value.reason == "not_a_number"
    assert isinstance(info.value, ValueError)
