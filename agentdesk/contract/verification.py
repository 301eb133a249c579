"""Identity verification (身份核验) of a caller and unmasking (查看明文) of their personal data.

The server is the one truth: an agent has verified a customer when the server holds a
verification for that agent and customer that has not expired (30 minutes, or until the call
ends). Every attempt, success or failure, is audited; repeated failures lock verification of the
customer for every agent for a while.

- ``POST /customers/{id}/verification`` runs one attempt (knowledge questions or an OTP code)
  and answers with the resulting :class:`VerificationStatus` (200 also for a failed attempt: the
  attempt was made and recorded, its outcome is data). While locked: 429
  ``verification.locked``. IVR verification only comes from the telephony side.
- ``POST /customers/{id}/otp`` sends a one-time code to the customer's phone.
- ``GET /customers/{id}/verification`` is the calling agent's current status.
- ``POST /customers/{id}/unmask`` shows one field in clear to an agent who verified the caller
  (else 403 ``verification.required``); a card number never shows more than first 6 / last 4.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from agentdesk.contract.values import FreeText, Identifier, ItemIndex

__all__ = [
    "KnowledgeAnswers",
    "OtpChallenge",
    "UnmaskField",
    "UnmaskRequest",
    "UnmaskedValue",
    "VerificationFailure",
    "VerificationMethod",
    "VerificationRequest",
    "VerificationState",
    "VerificationStatus",
]


class VerificationMethod(StrEnum):
    KNOWLEDGE = "knowledge"  # knowledge questions: two of three right
    OTP = "otp"  # a one-time code sent by SMS
    IVR = "ivr"  # the caller keyed their PIN in the IVR (telephony side only)


class VerificationState(StrEnum):
    NOT_VERIFIED = "not_verified"
    VERIFIED = "verified"


class VerificationFailure(StrEnum):
    """Why an attempt did not verify (a code for the UI to translate)."""

    WRONG_ANSWERS = "wrong_answers"  # fewer than two knowledge answers right
    WRONG_CODE = "wrong_code"  # the OTP code did not match
    CODE_EXPIRED = "code_expired"  # the code's 5 minutes are over (or its tries are used up)
    NO_CODE = "no_code"  # no code was sent, or a newer one replaced it


class KnowledgeAnswers(BaseModel):
    """What the caller said. At least two answers must be given; two right verify.

    ``recent_transaction_amount``: the balance of any one of the customer's deposit accounts,
    to within one unit of its currency (the demo bank keeps no transaction history, so a
    balance stands in for the amount of a recent movement).
    """

    birth_date: date | None = None
    id_last4: Annotated[FreeText, Field(min_length=4, max_length=4)] | None = None
    recent_transaction_amount: Decimal | None = Field(default=None, ge=0)


class VerificationRequest(BaseModel):
    """One attempt: ``knowledge`` with ``answers``, or ``otp`` with ``code``."""

    method: VerificationMethod
    answers: KnowledgeAnswers = KnowledgeAnswers()
    code: str | None = Field(default=None, pattern=r"^\d{6}$")
    call_id: Annotated[Identifier, Field(max_length=64)] | None = None


class VerificationStatus(BaseModel):
    """The calling agent's verification of a customer, and the customer's lock state."""

    customer_id: int
    status: VerificationState
    method: VerificationMethod | None = None
    verification_id: str | None = None
    call_id: str | None = None
    verified_at: datetime | None = None
    expires_at: datetime | None = None
    # Set by a failed attempt: why, and how many failures are left before the lock.
    failure: VerificationFailure | None = None
    remaining_attempts: int
    locked_until: datetime | None = None
    # After a wrong OTP code: tries left on that code (a new code may be sent once it is spent).
    code_tries_left: int | None = None


class OtpChallenge(BaseModel):
    """A code was sent. ``code`` is only ever filled in by a demo server (no SMS gateway)."""

    customer_id: int
    sent_to: str = Field(description="the phone the code went to, masked")
    expires_at: datetime
    tries: int
    code: str | None = None


class UnmaskField(StrEnum):
    PHONE = "phone"  # item_id: position in the customer's phone list (0 = first)
    ID_NUMBER = "id_number"
    EMAIL = "email"
    ACCOUNT = "account"  # item_id: the account's id (first account if left out)
    CARD = "card"  # item_id: the card's id; never more than first 6 / last 4 digits


class UnmaskRequest(BaseModel):
    field: UnmaskField
    item_id: ItemIndex | None = None


class UnmaskedValue(BaseModel):
    field: UnmaskField
    item_id: int | None = None
    value: str
