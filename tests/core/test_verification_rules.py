"""Identity verification's rules without storage: the lock-out window, knowledge answers and
one-time codes, at times given as plain values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from agentdesk.domain import verification as rules
from agentdesk.domain.errors import InvalidValue, Locked
from agentdesk.domain.verification import (
    Attempt,
    Failure,
    KnowledgeAnswers,
    KnowledgeFacts,
    LockState,
    Otp,
    Outcome,
)

T0 = datetime(2030, 3, 10, 9, 0, tzinfo=UTC)
FACTS = KnowledgeFacts(
    birth_date=date(1990, 3, 7),
    id_number="11010119900307123X",
    email="zhang.wei@example.com",
)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def failed(minutes: float, locked_until: datetime | None = None) -> Attempt:
    return Attempt(at(minutes), Outcome.FAILED, locked_until)


# -- lock-out ---------------------------------------------------------------------------------


def test_each_failure_in_the_window_uses_up_an_attempt() -> None:
    attempts = [failed(0), failed(1), failed(2)]
    assert rules.lock_state(attempts, at(3)) == LockState(None, rules.MAX_FAILURES - 3)


def test_the_last_failure_allowed_starts_a_lock_of_its_duration() -> None:
    attempts = [failed(m) for m in range(rules.MAX_FAILURES)]
    now = at(rules.MAX_FAILURES - 1)
    after = rules.lock_state(attempts, now)
    assert after.remaining == 0
    assert rules.lock_after_failure(after, now) == now + rules.LOCK_DURATION
    assert rules.lock_after_failure(LockState(None, 1), now) is None


def test_a_lock_refuses_until_it_ends_then_the_slate_is_clean() -> None:
    until = at(4) + rules.LOCK_DURATION
    attempts = [failed(m) for m in range(4)] + [failed(4, locked_until=until)]
    assert rules.lock_state(attempts, at(10)) == LockState(until, 0)
    assert rules.lock_state(attempts, until - timedelta(seconds=1)).locked_until == until
    # Served: the failures before the lock's end count no more.
    assert rules.lock_state(attempts, until) == LockState(None, rules.MAX_FAILURES)


def test_failures_older_than_the_window_do_not_count() -> None:
    attempts = [failed(0), failed(1)]
    later = at(1) + rules.LOCK_WINDOW
    assert rules.lock_state(attempts, later).remaining == rules.MAX_FAILURES


def test_a_success_wipes_the_failures_before_it() -> None:
    attempts = [failed(0), failed(1), Attempt(at(2), Outcome.VERIFIED), failed(3)]
    assert rules.lock_state(attempts, at(4)).remaining == rules.MAX_FAILURES - 1


def test_the_refusal_says_until_when_and_when_to_ask_again() -> None:
    refusal = rules.locked_out(at(15), at(10))
    assert isinstance(refusal, Locked) and refusal.code == "verification.locked"
    assert refusal.until == at(15)
    assert refusal.retry_after_s == 301  # rounded up: asking at the very end is refused too


# -- knowledge questions ----------------------------------------------------------------------


def test_fewer_than_two_answers_are_not_an_attempt() -> None:
    with pytest.raises(InvalidValue) as refused:
        rules.require_enough_answers(KnowledgeAnswers(birth_date=FACTS.birth_date))
    assert refused.value.code == "verification.too_few_answers"
    rules.require_enough_answers(KnowledgeAnswers(birth_date=date(2000, 1, 1), email="a@b.cn"))


def test_answers_match_the_whole_id_number_in_either_case_and_the_email_in_any_case() -> None:
    answers = KnowledgeAnswers(
        birth_date=date(1990, 3, 7), id_number="110101 19900307 123x", email="Zhang.Wei@Example.com"
    )
    assert rules.answers_right(answers, FACTS) == 3
    # What the screen shows is not an answer: the last 4, the masked forms.
    shown = KnowledgeAnswers(id_number="123X", email="z********@example.com")
    assert rules.answers_right(shown, FACTS) == 0


def test_a_fact_that_is_not_askable_matches_nothing() -> None:
    facts = KnowledgeFacts(birth_date=None, id_number=None, email=None)
    answers = KnowledgeAnswers(birth_date=date(1990, 3, 7), id_number="X", email="")
    assert rules.answers_right(answers, facts) == 0


@pytest.mark.parametrize(
    ("fact", "shown", "derivable"),
    [
        ("11010119900307123X", ["1101**********123X", "123X"], False),  # 10 hidden
        ("1990-03-07", ["1990"], False),  # the year only
        ("1990-03-07", ["1990-03-07"], True),
        ("AB12345", ["*****45"], False),
        ("AB12345", ["AB1**45"], True),  # two hidden: all but guessed
        ("zhang.wei@example.com", ["z********@example.com"], False),
        ("zw@example.cn", ["z*@example.cn"], True),  # one letter hidden
        ("z@example.cn", ["z*@example.cn"], True),  # a 1-letter name masks as two
        ("Zhang.Wei@Example.com", ["zhang.wei@example.com"], True),  # case does not hide
    ],
)
def test_a_fact_is_derivable_when_the_screen_hides_too_little_of_it(
    fact: str, shown: list[str], derivable: bool
) -> None:
    assert rules.derivable(fact, shown) is derivable


# -- one-time codes ---------------------------------------------------------------------------


def otp(*, tries_left: int = rules.OTP_TRIES, spent: bool = False) -> Otp:
    return Otp(
        salt="salt",
        code_hash=rules.code_hash("salt", "123456"),
        expires_at=T0 + rules.OTP_TTL,
        tries_left=tries_left,
        spent=spent,
    )


def test_the_right_code_verifies_once() -> None:
    check = rules.check_code(otp(), "123456", T0)
    assert check.verified and check.spend and check.failure is None


def test_wrong_codes_use_up_the_tries_and_count_towards_the_lock() -> None:
    first = rules.check_code(otp(), "654321", T0)
    assert (first.failure, first.counts, first.tries_left, first.spend) == (
        Failure.WRONG_CODE,
        True,
        rules.OTP_TRIES - 1,
        False,
    )
    last = rules.check_code(otp(tries_left=1), "654321", T0)
    assert last.tries_left == 0 and last.spend


def test_a_code_out_of_tries_is_expired_even_when_right_and_counts_for_nothing() -> None:
    check = rules.check_code(otp(tries_left=0, spent=True), "123456", T0)
    assert (check.verified, check.failure, check.counts) == (False, Failure.CODE_EXPIRED, False)


def test_a_code_expires_at_the_end_of_its_time_without_counting() -> None:
    just_before = rules.check_code(otp(), "123456", T0 + rules.OTP_TTL - timedelta(seconds=1))
    assert just_before.verified
    expired = rules.check_code(otp(), "123456", T0 + rules.OTP_TTL)
    assert (expired.failure, expired.counts, expired.spend) == (Failure.CODE_EXPIRED, False, True)


def test_no_code_or_a_replaced_one_is_no_code() -> None:
    assert rules.check_code(None, "123456", T0).failure is Failure.NO_CODE
    replaced = rules.check_code(otp(spent=True), "123456", T0)
    assert replaced.failure is Failure.NO_CODE and not replaced.counts


def test_codes_are_kept_salted() -> None:
    assert rules.code_hash("a", "123456") != rules.code_hash("b", "123456")
    assert "123456" not in rules.code_hash("a", "123456")
