"""Identity verification (身份核验) of callers, and unmasking for verified callers only.

The rules, all enforced here (the desktop only shows what the server decided):

- A verification belongs to one agent and one customer (and the call, when one is named) and
  lasts :data:`VERIFICATION_TTL` (30 minutes), or until the telephony layer ends the call
  (:func:`end_call_verifications`).
- Knowledge questions: at least two answers given, two right. The three questions are the
  birth date (exact), the last 4 characters of the ID number (the check character X in either
  case) and the balance of any one of the customer's deposit accounts to within
  :data:`AMOUNT_TOLERANCE` (the demo bank keeps no transaction history, so a balance stands in
  for "the amount of a recent transaction"). A failure never says which answer was wrong.
- OTP: a 6-digit code, stored as a salted SHA-256 hash, valid :data:`OTP_TTL` (5 minutes) and
  :data:`OTP_TRIES` (3) tries; a new code replaces the agent's earlier one.
- IVR: only the telephony side says a caller keyed their PIN (:func:`mark_ivr_verified`); the
  verification is tied to the call, and the agent who has the call takes it up by naming the
  call (``GET /customers/{id}/verification?call_id=``), or telephony names the agent directly.
- Every attempt, right or wrong, writes an audit row (never the answers or the code). Wrong
  answers and wrong codes count as failures of the *customer* (whichever agent took them):
  :data:`MAX_FAILURES` within :data:`LOCK_WINDOW` lock verification of that customer for
  :data:`LOCK_DURATION`, for every agent (a fraudster calling back reaches another agent).
- Unmask needs this agent's current verification of this customer; a card number never shows
  more than its first 6 and last 4 digits; every unmask is audited with the field, never the
  value.

Refusals are rule violations (``agentdesk.domain.errors``). Functions add to the caller's
session and do not commit: the route commits the outcome and its audit rows together. The one
exception is an attempt refused because of a lock: its audit row is committed before the
refusal is raised (a failed request would otherwise roll it back).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agentdesk.contract.verification import (
    KnowledgeAnswers,
    OtpChallenge,
    UnmaskField,
    VerificationFailure,
    VerificationMethod,
    VerificationRequest,
    VerificationState,
    VerificationStatus,
)
from agentdesk.domain.errors import InvalidValue, Locked, NotPermitted, UnknownRecord
from agentdesk.domain.masking import mask_pan, mask_phone
from agentdesk.server import audit, models
from agentdesk.server.actor import Actor

__all__ = [
    "AMOUNT_TOLERANCE",
    "LOCK_DURATION",
    "LOCK_WINDOW",
    "MAX_FAILURES",
    "OTP_TRIES",
    "OTP_TTL",
    "VERIFICATION_TTL",
    "current_verification",
    "end_call_verifications",
    "is_verified",
    "mark_ivr_verified",
    "send_otp",
    "status",
    "unmask",
    "verify",
]

log = logging.getLogger(__name__)

VERIFICATION_TTL = timedelta(minutes=30)
OTP_TTL = timedelta(minutes=5)
OTP_TRIES = 3
OTP_DIGITS = 6
MAX_FAILURES = 5
LOCK_WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)
AMOUNT_TOLERANCE = Decimal("1")
MIN_ANSWERS = 2
IVR_USERNAME = "ivr"

_VERIFIED = "verified"
_FAILED = "failed"


def _locked(until: datetime, now: datetime) -> Locked:
    """The refusal while verification of this customer is locked after repeated failures."""
    return Locked(
        "verification.locked",
        f"too many failed verifications of this customer; locked until {until.isoformat()}",
        until=until,
        now=now,
    )


@dataclass(frozen=True)
class _LockState:
    locked_until: datetime | None
    remaining: int


# -- reading the state ----------------------------------------------------------------------


def _customer(session: Session, customer_id: int) -> models.Customer:
    customer = session.get(models.Customer, customer_id)
    if customer is None:
        raise UnknownRecord("customer_not_found", "no such customer")
    return customer


def _lock_state(session: Session, customer_id: int, now: datetime) -> _LockState:
    """The customer's lock, and the failures left before one.

    Failures count from the latest of: the start of the window, the last success, the end of
    the last lock (a lock served wipes the slate).
    """
    recent = session.scalars(
        select(models.VerificationAttempt).where(
            models.VerificationAttempt.customer_id == customer_id,
            models.VerificationAttempt.at > now - (LOCK_WINDOW + LOCK_DURATION),
        )
    ).all()
    locks = [a.locked_until for a in recent if a.locked_until is not None]
    locked_until = max(locks) if locks else None
    if locked_until is not None and locked_until > now:
        return _LockState(locked_until, 0)
    start = now - LOCK_WINDOW
    for attempt in recent:
        if attempt.outcome == _VERIFIED:
            start = max(start, attempt.at)
    if locked_until is not None:
        start = max(start, locked_until)
    failures = sum(1 for a in recent if a.outcome == _FAILED and a.at > start)
    return _LockState(None, max(MAX_FAILURES - failures, 0))


def current_verification(
    session: Session, customer_id: int, user_id: int, now: datetime
) -> models.Verification | None:
    """This agent's live verification of this customer (the newest), or None."""
    return session.scalars(
        select(models.Verification)
        .where(
            models.Verification.customer_id == customer_id,
            models.Verification.user_id == user_id,
            models.Verification.expires_at > now,
            models.Verification.ended_at.is_(None),
        )
        .order_by(models.Verification.verified_at.desc())
        .limit(1)
    ).first()


def is_verified(session: Session, customer_id: int, user_id: int, now: datetime) -> bool:
    """For other routes that show or do something sensitive: has this agent verified the
    caller?"""
    return current_verification(session, customer_id, user_id, now) is not None


def _status(
    session: Session,
    customer_id: int,
    actor: Actor,
    now: datetime,
    *,
    failure: VerificationFailure | None = None,
    code_tries_left: int | None = None,
) -> VerificationStatus:
    found = (
        current_verification(session, customer_id, actor.user_id, now)
        if actor.user_id is not None
        else None
    )
    lock = _lock_state(session, customer_id, now)
    return VerificationStatus(
        customer_id=customer_id,
        status=VerificationState.VERIFIED if found else VerificationState.NOT_VERIFIED,
        method=VerificationMethod(found.method) if found else None,
        verification_id=found.id if found else None,
        call_id=found.call_id if found else None,
        verified_at=found.verified_at if found else None,
        expires_at=found.expires_at if found else None,
        failure=failure,
        remaining_attempts=lock.remaining,
        locked_until=lock.locked_until,
        code_tries_left=code_tries_left,
    )


def _audit(
    session: Session,
    actor: Actor,
    now: datetime,
    customer_id: int,
    action: str,
    **detail: str | None,
) -> None:
    audit.record(
        session,
        actor,
        at=now,
        action=action,
        entity="customer",
        entity_id=str(customer_id),
        detail={key: value for key, value in detail.items() if value is not None},
    )


# -- status and IVR --------------------------------------------------------------------------


def status(
    session: Session,
    customer_id: int,
    actor: Actor,
    now: datetime,
    *,
    call_id: str | None = None,
) -> VerificationStatus:
    """The agent's status; naming a call takes up that call's IVR verification (audited)."""
    _customer(session, customer_id)
    if call_id and actor.user_id is not None:
        if current_verification(session, customer_id, actor.user_id, now) is None:
            _take_up_ivr(session, customer_id, call_id, actor, now)
    return _status(session, customer_id, actor, now)


def _take_up_ivr(
    session: Session, customer_id: int, call_id: str, actor: Actor, now: datetime
) -> None:
    ivr = session.scalars(
        select(models.Verification)
        .where(
            models.Verification.customer_id == customer_id,
            models.Verification.call_id == call_id,
            models.Verification.method == VerificationMethod.IVR.value,
            models.Verification.expires_at > now,
            models.Verification.ended_at.is_(None),
        )
        .order_by(models.Verification.user_id.is_(None).desc(), models.Verification.verified_at)
        .limit(1)
    ).first()
    if ivr is None:
        return
    if ivr.user_id is None:
        ivr.user_id = actor.user_id
        ivr.username = actor.username
        ivr.workstation_id = actor.workstation_id
        verification_id = ivr.id
    else:
        # The call was transferred: the next agent on it gets their own share of the IVR
        # verification, ending when the original one does.
        verification_id = uuid.uuid4().hex
        session.add(
            models.Verification(
                id=verification_id,
                customer_id=customer_id,
                user_id=actor.user_id,
                username=actor.username,
                workstation_id=actor.workstation_id,
                call_id=call_id,
                method=VerificationMethod.IVR.value,
                verified_at=now,
                expires_at=ivr.expires_at,
            )
        )
    session.flush()
    _audit(
        session,
        actor,
        now,
        customer_id,
        "verify",
        method=VerificationMethod.IVR.value,
        outcome="taken_up",
        call_id=call_id,
        verification_id=verification_id,
    )


def mark_ivr_verified(
    session: Session,
    customer_id: int,
    call_id: str,
    *,
    now: datetime,
    user_id: int | None = None,
    username: str = IVR_USERNAME,
    workstation_id: str = "",
) -> models.Verification:
    """For the telephony layer (its webhook): the caller of ``call_id`` passed the IVR's PIN
    check as ``customer_id``. Tied to the call; ``user_id`` names the agent when the call is
    already theirs, otherwise the agent takes it up by naming the call. Audited; not
    committed (the caller's transaction)."""
    _customer(session, customer_id)
    row = models.Verification(
        id=uuid.uuid4().hex,
        customer_id=customer_id,
        user_id=user_id,
        username=username,
        workstation_id=workstation_id,
        call_id=call_id,
        method=VerificationMethod.IVR.value,
        verified_at=now,
        expires_at=now + VERIFICATION_TTL,
    )
    session.add(row)
    session.add(
        models.VerificationAttempt(
            customer_id=customer_id,
            user_id=user_id,
            at=now,
            method=VerificationMethod.IVR.value,
            outcome=_VERIFIED,
        )
    )
    session.flush()
    _audit(
        session,
        Actor(user_id, username, workstation_id),
        now,
        customer_id,
        "verify",
        method=VerificationMethod.IVR.value,
        outcome=_VERIFIED,
        call_id=call_id,
        verification_id=row.id,
    )
    return row


def end_call_verifications(session: Session, call_id: str, now: datetime) -> int:
    """For the telephony layer: the call ended, and with it the verifications tied to it.
    Returns how many ended; not committed."""
    result = session.execute(
        update(models.Verification)
        .where(models.Verification.call_id == call_id, models.Verification.ended_at.is_(None))
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# -- attempts ----------------------------------------------------------------------------------


def verify(
    session: Session,
    customer_id: int,
    request: VerificationRequest,
    actor: Actor,
    now: datetime,
) -> VerificationStatus:
    """One attempt by the agent. Raises ``Locked`` while the customer is locked, and
    ``InvalidValue`` for an attempt that cannot be judged; a wrong attempt is a status with
    ``failure`` set."""
    customer = _customer(session, customer_id)
    method = request.method
    if method is VerificationMethod.IVR:
        raise InvalidValue(
            "verification.ivr_webhook_only", "IVR verification comes from the telephony system"
        )
    if method is VerificationMethod.KNOWLEDGE:
        given = _answers_given(request.answers)
        if given < MIN_ANSWERS:
            raise InvalidValue(
                "verification.too_few_answers", "give at least two of the three answers"
            )
    elif request.code is None:
        raise InvalidValue("verification.code_missing", "an OTP attempt needs the 6-digit code")
    lock = _lock_state(session, customer_id, now)
    if lock.locked_until is not None:
        _audit(
            session,
            actor,
            now,
            customer_id,
            "verify",
            method=method.value,
            outcome="refused_locked",
            call_id=request.call_id,
        )
        session.commit()  # the refusal is audited even though the request fails
        raise _locked(lock.locked_until, now)

    if method is VerificationMethod.KNOWLEDGE:
        right = _knowledge_right(session, customer, request.answers)
        if right >= MIN_ANSWERS:
            return _verified(session, customer_id, method, actor, now, request.call_id)
        return _failed(session, customer_id, method, actor, now, VerificationFailure.WRONG_ANSWERS)
    return _check_otp(session, customer_id, request.code or "", actor, now, request.call_id)


def _answers_given(answers: KnowledgeAnswers) -> int:
    values = (answers.birth_date, answers.id_last4, answers.recent_transaction_amount)
    return sum(1 for value in values if value is not None)


def _knowledge_right(session: Session, customer: models.Customer, answers: KnowledgeAnswers) -> int:
    right = 0
    if answers.birth_date is not None and answers.birth_date == customer.birth_date:
        right += 1
    if answers.id_last4 is not None and hmac.compare_digest(
        answers.id_last4.upper().encode(), customer.id_number[-4:].upper().encode()
    ):
        right += 1
    amount = answers.recent_transaction_amount
    if amount is not None:
        balances = session.scalars(
            select(models.Account.balance).where(models.Account.customer_id == customer.id)
        )
        if any(abs(Decimal(balance) - amount) <= AMOUNT_TOLERANCE for balance in balances):
            right += 1
    return right


def _verified(
    session: Session,
    customer_id: int,
    method: VerificationMethod,
    actor: Actor,
    now: datetime,
    call_id: str | None,
) -> VerificationStatus:
    row = models.Verification(
        id=uuid.uuid4().hex,
        customer_id=customer_id,
        user_id=actor.user_id,
        username=actor.username,
        workstation_id=actor.workstation_id,
        call_id=call_id,
        method=method.value,
        verified_at=now,
        expires_at=now + VERIFICATION_TTL,
    )
    session.add(row)
    session.add(
        models.VerificationAttempt(
            customer_id=customer_id,
            user_id=actor.user_id,
            at=now,
            method=method.value,
            outcome=_VERIFIED,
        )
    )
    session.flush()
    _audit(
        session,
        actor,
        now,
        customer_id,
        "verify",
        method=method.value,
        outcome=_VERIFIED,
        call_id=call_id,
        verification_id=row.id,
    )
    return _status(session, customer_id, actor, now)


def _failed(
    session: Session,
    customer_id: int,
    method: VerificationMethod,
    actor: Actor,
    now: datetime,
    failure: VerificationFailure,
    *,
    counts: bool = True,
    code_tries_left: int | None = None,
) -> VerificationStatus:
    """A failed attempt: audited; a wrong guess (``counts``) also moves towards the lock."""
    locked = False
    if counts:
        attempt = models.VerificationAttempt(
            customer_id=customer_id,
            user_id=actor.user_id,
            at=now,
            method=method.value,
            outcome=_FAILED,
        )
        session.add(attempt)
        session.flush()
        if _lock_state(session, customer_id, now).remaining == 0:
            attempt.locked_until = now + LOCK_DURATION
            session.flush()
            locked = True
            # Worth a look by operations; the customer id is not personal data.
            log.warning("verification of customer %s locked after repeated failures", customer_id)
    _audit(
        session,
        actor,
        now,
        customer_id,
        "verify",
        method=method.value,
        outcome=_FAILED,
        failure=failure.value,
        locked="true" if locked else None,
    )
    return _status(
        session, customer_id, actor, now, failure=failure, code_tries_left=code_tries_left
    )


# -- OTP ---------------------------------------------------------------------------------------


def _code_hash(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def _otp_phone(customer: models.Customer) -> str | None:
    mobiles = [p.e164 for p in customer.phones if p.kind == "mobile"]
    if mobiles:
        return mobiles[0]
    return customer.phones[0].e164 if customer.phones else None


def send_otp(
    session: Session, customer_id: int, actor: Actor, now: datetime
) -> tuple[OtpChallenge, str]:
    """Make a code for this agent's caller: the challenge (without the code) and the code,
    which only the SMS gateway (or, in demo, the agent) may see. Replaces an earlier code."""
    customer = _customer(session, customer_id)
    if actor.user_id is None:
        raise NotPermitted("forbidden", "only an agent may send a code")
    lock = _lock_state(session, customer_id, now)
    if lock.locked_until is not None:
        _audit(session, actor, now, customer_id, "otp_send", outcome="refused_locked")
        session.commit()
        raise _locked(lock.locked_until, now)
    phone = _otp_phone(customer)
    if phone is None:
        raise InvalidValue("verification.no_phone", "the customer has no phone to send a code to")
    session.execute(
        update(models.VerificationOtp)
        .where(
            models.VerificationOtp.customer_id == customer_id,
            models.VerificationOtp.user_id == actor.user_id,
            models.VerificationOtp.spent_at.is_(None),
        )
        .values(spent_at=now)
        .execution_options(synchronize_session=False)
    )
    code = f"{secrets.randbelow(10**OTP_DIGITS):0{OTP_DIGITS}d}"
    salt = secrets.token_hex(16)
    expires_at = now + OTP_TTL
    session.add(
        models.VerificationOtp(
            customer_id=customer_id,
            user_id=actor.user_id,
            salt=salt,
            code_hash=_code_hash(salt, code),
            created_at=now,
            expires_at=expires_at,
            tries_left=OTP_TRIES,
        )
    )
    _audit(session, actor, now, customer_id, "otp_send", outcome="sent")
    challenge = OtpChallenge(
        customer_id=customer_id,
        sent_to=mask_phone(phone),
        expires_at=expires_at,
        tries=OTP_TRIES,
    )
    return challenge, code


def _check_otp(
    session: Session,
    customer_id: int,
    code: str,
    actor: Actor,
    now: datetime,
    call_id: str | None,
) -> VerificationStatus:
    otp_method = VerificationMethod.OTP
    otp = session.scalars(
        select(models.VerificationOtp)
        .where(
            models.VerificationOtp.customer_id == customer_id,
            models.VerificationOtp.user_id == actor.user_id,
        )
        .order_by(models.VerificationOtp.id.desc())
        .limit(1)
    ).first()
    if otp is None or otp.spent_at is not None:
        # Not a guess at a live code: audited, but no step towards the lock.
        failure = VerificationFailure.NO_CODE
        if otp is not None and otp.tries_left == 0:
            failure = VerificationFailure.CODE_EXPIRED
        return _failed(session, customer_id, otp_method, actor, now, failure, counts=False)
    if now >= otp.expires_at:
        otp.spent_at = now
        return _failed(
            session,
            customer_id,
            otp_method,
            actor,
            now,
            VerificationFailure.CODE_EXPIRED,
            counts=False,
        )
    if hmac.compare_digest(_code_hash(otp.salt, code), otp.code_hash):
        otp.spent_at = now
        return _verified(session, customer_id, otp_method, actor, now, call_id)
    otp.tries_left -= 1
    if otp.tries_left <= 0:
        otp.spent_at = now
    return _failed(
        session,
        customer_id,
        otp_method,
        actor,
        now,
        VerificationFailure.WRONG_CODE,
        code_tries_left=otp.tries_left,
    )


# -- unmask ------------------------------------------------------------------------------------


def unmask(
    session: Session,
    customer_id: int,
    field: UnmaskField,
    item_id: int | None,
    actor: Actor,
    now: datetime,
) -> str:
    """The field in clear for an agent who verified this caller (``NotPermitted``
    ``verification.required`` otherwise). Audited with the field and item, never the value."""
    customer = _customer(session, customer_id)
    found = (
        current_verification(session, customer_id, actor.user_id, now)
        if actor.user_id is not None
        else None
    )
    if found is None:
        raise NotPermitted("verification.required", "verify the caller's identity before unmasking")
    value = _clear_value(session, customer, field, item_id)
    _audit(
        session,
        actor,
        now,
        customer_id,
        "unmask",
        field=field.value,
        item_id=None if item_id is None else str(item_id),
        verification_id=found.id,
    )
    return value


def _not_found(field: UnmaskField) -> UnknownRecord:
    return UnknownRecord("unmask.item_not_found", f"the customer has no such {field.value}")


def _clear_value(
    session: Session, customer: models.Customer, field: UnmaskField, item_id: int | None
) -> str:
    if field is UnmaskField.ID_NUMBER:
        return customer.id_number
    if field is UnmaskField.EMAIL:
        if not customer.email:
            raise _not_found(field)
        return customer.email
    if field is UnmaskField.PHONE:
        # Phones are numbered by their position in the profile's list (it has no phone ids).
        index = item_id or 0
        if index >= len(customer.phones):
            raise _not_found(field)
        return customer.phones[index].e164
    model = models.Account if field is UnmaskField.ACCOUNT else models.Card
    query = select(model).where(model.customer_id == customer.id)
    if item_id is not None:
        query = query.where(model.id == item_id)
    row = session.scalars(query.order_by(model.id).limit(1)).first()
    if row is None:
        raise _not_found(field)
    if isinstance(row, models.Card):
        # Bank rule: a PAN never shows more than its first 6 and last 4 digits, even unmasked.
        return mask_pan(row.pan, show_first=6)
    assert isinstance(row, models.Account)
    return row.number
