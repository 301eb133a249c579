"""Identity verification's rules (身份核验), without storage: how long a verification lasts,
when failures lock a customer, which knowledge answers count, and how a one-time code is judged.

The server (``agentdesk/server/verification.py``) keeps the rows and the audit trail; it reads
them, asks these functions, and writes what they decide. Everything here takes ``now`` as a
value.

- A verification lasts :data:`VERIFICATION_TTL`.
- Lock-out: :data:`MAX_FAILURES` failed attempts on a customer within :data:`LOCK_WINDOW`
  lock verification of that customer for :data:`LOCK_DURATION`, whichever agent took them.
  Failures count from the latest of: the start of the window, the last success, the end of the
  last lock (a lock served wipes the slate).
- Knowledge questions ask for facts the agent's screen does not show before verification:
  at least :data:`MIN_ANSWERS` of the three given, and as many right: the full birth date (the
  profile shows the year), the full ID number (it shows the first and last 4; the check
  character X in either case, spaces ignored) and the email address on file (it shows the
  first letter and the domain; case ignored). A fact the masked profile gives away
  (:func:`derivable`: fewer than :data:`MIN_HIDDEN` characters hidden, e.g. a short ID number)
  is not asked: its answer can never count. Which answer was wrong is never said.
- One-time codes: :data:`OTP_DIGITS` digits, kept as a salted SHA-256 hash, valid
  :data:`OTP_TTL` and :data:`OTP_TRIES` tries. Only a wrong guess at a live code counts
  towards the lock; an expired or missing code does not.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from agentdesk.domain.errors import InvalidValue, Locked

__all__ = [
    "LOCK_DURATION",
    "LOCK_WINDOW",
    "LOOKBACK",
    "MAX_FAILURES",
    "MIN_ANSWERS",
    "MIN_HIDDEN",
    "OTP_DIGITS",
    "OTP_TRIES",
    "OTP_TTL",
    "VERIFICATION_TTL",
    "Attempt",
    "CodeCheck",
    "Failure",
    "KnowledgeAnswers",
    "KnowledgeFacts",
    "LockState",
    "Otp",
    "Outcome",
    "answers_right",
    "check_code",
    "code_hash",
    "derivable",
    "lock_after_failure",
    "lock_state",
    "locked_out",
    "require_enough_answers",
]

VERIFICATION_TTL = timedelta(minutes=30)
OTP_TTL = timedelta(minutes=5)
OTP_TRIES = 3
OTP_DIGITS = 6
MAX_FAILURES = 5
LOCK_WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)
# How far back attempts can matter to the lock now: a window's failures, and a lock they made.
LOOKBACK = LOCK_WINDOW + LOCK_DURATION
MIN_ANSWERS = 2
# A fact counts as shown when the masked profile hides fewer of its characters than this.
MIN_HIDDEN = 4


class Outcome(StrEnum):
    """What an attempt came to, as the attempts are kept."""

    VERIFIED = "verified"
    FAILED = "failed"


class Failure(StrEnum):
    """Why an attempt did not verify (the API's ``VerificationFailure`` has the same values)."""

    WRONG_ANSWERS = "wrong_answers"
    WRONG_CODE = "wrong_code"
    CODE_EXPIRED = "code_expired"  # the code's time is over, or its tries are used up
    NO_CODE = "no_code"  # none was sent, or a newer one replaced it


# -- lock-out ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """One attempt on a customer: when, its outcome, and the lock it started, if any."""

    at: datetime
    outcome: str
    locked_until: datetime | None = None


@dataclass(frozen=True)
class LockState:
    """The customer's lock (None: not locked) and the failures left before one."""

    locked_until: datetime | None
    remaining: int


def lock_state(attempts: Iterable[Attempt], now: datetime) -> LockState:
    """The lock at ``now`` from the customer's attempts (those older than :data:`LOOKBACK`
    do not matter and may be left out)."""
    recent = [a for a in attempts if a.at > now - LOOKBACK]
    locks = [a.locked_until for a in recent if a.locked_until is not None]
    locked_until = max(locks) if locks else None
    if locked_until is not None and locked_until > now:
        return LockState(locked_until, 0)
    start = now - LOCK_WINDOW
    for attempt in recent:
        if attempt.outcome == Outcome.VERIFIED:
            start = max(start, attempt.at)
    if locked_until is not None:
        start = max(start, locked_until)
    failures = sum(1 for a in recent if a.outcome == Outcome.FAILED and a.at > start)
    return LockState(None, max(MAX_FAILURES - failures, 0))


def lock_after_failure(after: LockState, now: datetime) -> datetime | None:
    """The lock a failure at ``now`` starts, given the state with that failure counted."""
    return now + LOCK_DURATION if after.locked_until is None and after.remaining == 0 else None


def locked_out(until: datetime, now: datetime) -> Locked:
    """The refusal of any attempt (or code) while the customer is locked."""
    return Locked(
        "verification.locked",
        f"too many failed verifications of this customer; locked until {until.isoformat()}",
        until=until,
        now=now,
    )


# -- knowledge questions ----------------------------------------------------------------------


@dataclass(frozen=True)
class KnowledgeAnswers:
    """What the caller answered (None: not asked or not answered)."""

    birth_date: date | None = None
    id_number: str | None = None
    email: str | None = None

    @property
    def given(self) -> int:
        return sum(1 for value in (self.birth_date, self.id_number, self.email) if value)


@dataclass(frozen=True)
class KnowledgeFacts:
    """What the bank knows and may ask (None: not on file, or shown before verification)."""

    birth_date: date | None
    id_number: str | None
    email: str | None


def require_enough_answers(answers: KnowledgeAnswers) -> None:
    """Fewer than :data:`MIN_ANSWERS` answers are not an attempt (nothing is counted)."""
    if answers.given < MIN_ANSWERS:
        raise InvalidValue("verification.too_few_answers", "give at least two of the three answers")


def _id_form(value: str) -> bytes:
    return "".join(value.split()).upper().encode()


def _same(answer: bytes, fact: bytes) -> bool:
    return hmac.compare_digest(answer, fact)


def answers_right(answers: KnowledgeAnswers, facts: KnowledgeFacts) -> int:
    """How many answers match an askable fact; the attempt passes with :data:`MIN_ANSWERS`."""
    right = 0
    if answers.birth_date is not None and answers.birth_date == facts.birth_date:
        right += 1
    if answers.id_number and facts.id_number:
        right += _same(_id_form(answers.id_number), _id_form(facts.id_number))
    if answers.email and facts.email:
        right += _same(answers.email.strip().casefold().encode(), facts.email.casefold().encode())
    return right


def _hidden_in(fact: str, shown: str) -> int | None:
    """How many characters of ``fact`` the shown value ``shown`` hides, if it could be a view
    of it (``*`` hides one or more characters); None if it cannot be."""
    if "*" not in shown:
        # Shown in clear: all of it, or part of it (the birth year of a birth date).
        return len(fact) - len(shown) if shown and shown in fact else None
    visible = re.split(r"\*+", shown)
    if re.fullmatch(".*".join(re.escape(part) for part in visible), fact) is None:
        return None
    return len(fact) - sum(len(part) for part in visible)


def derivable(fact: str, shown: Iterable[str]) -> bool:
    """Can ``fact`` be read (or all but guessed) from the values ``shown`` before
    verification? Compared case-insensitively, without spaces."""
    wanted = "".join(fact.split()).casefold()
    for value in shown:
        hidden = _hidden_in(wanted, "".join(value.split()).casefold())
        if hidden is not None and hidden < MIN_HIDDEN:
            return True
    return False


# -- one-time codes ---------------------------------------------------------------------------


def code_hash(salt: str, code: str) -> str:
    """How a code is kept: never in clear."""
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


@dataclass(frozen=True)
class Otp:
    """The agent's latest code for the customer, as kept."""

    salt: str
    code_hash: str
    expires_at: datetime
    tries_left: int
    spent: bool


@dataclass(frozen=True)
class CodeCheck:
    """The verdict on a code: verified, or the failure and whether it counts towards the lock;
    ``spend``: the code can verify nothing any more; ``tries_left``: the code's tries after a
    wrong guess (None: unchanged)."""

    verified: bool
    failure: Failure | None = None
    counts: bool = False
    spend: bool = False
    tries_left: int | None = None


def check_code(otp: Otp | None, code: str, now: datetime) -> CodeCheck:
    """Judge ``code`` against the agent's latest code ``otp`` at ``now``."""
    if otp is None or otp.spent:
        # Not a guess at a live code: no step towards the lock.
        used_up = otp is not None and otp.tries_left == 0
        return CodeCheck(False, Failure.CODE_EXPIRED if used_up else Failure.NO_CODE)
    if now >= otp.expires_at:
        return CodeCheck(False, Failure.CODE_EXPIRED, spend=True)
    if hmac.compare_digest(code_hash(otp.salt, code), otp.code_hash):
        return CodeCheck(True, spend=True)
    tries_left = otp.tries_left - 1
    return CodeCheck(
        False, Failure.WRONG_CODE, counts=True, spend=tries_left <= 0, tries_left=tries_left
    )
