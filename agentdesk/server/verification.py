"""Identity verification (身份核验) of callers, and unmasking for verified callers only: the
rows, the audit trail, and the decisions of ``agentdesk.domain.verification`` applied to them
(the desktop only shows what the server decided).

- No call, no verification (DESIGN.md §3): an agent verifies, sends a code to, and unmasks a
  customer only on a call they hold now (``live_call.HeldCall``: answered or on hold) whose
  caller is that customer: the caller's number is the customer's (the screen-pop's
  candidates), or the IVR identified the caller as them on that call. Refused otherwise with
  ``NotPermitted`` ``verification.call_required``, the same whatever the customer or call.
- A verification belongs to one agent, one customer and that call, and lasts
  ``VERIFICATION_TTL``, or until the call ends (:func:`end_call_verifications`); it counts
  only while the agent still holds the call (not after they transferred it).
- Knowledge questions and one-time codes are judged by the domain's rules; a failure never
  says which answer was wrong. A code is kept hashed and only the SMS gateway (or, in demo,
  the agent) sees it; a new code replaces the agent's earlier one.
- IVR: only the telephony side says a caller keyed their PIN (:func:`mark_ivr_verified`; the
  PBX webhook's ``caller.verified`` through :func:`identify_by_ivr`); the
  verification is tied to the call, and only the agent who holds that call now (the first
  one, or the one it was transferred to, once they answered) takes it up by naming the call
  (``GET /customers/{id}/verification?call_id=``); anyone else is refused as above.
- Every attempt, right or wrong, writes an audit row (never the answers or the code). Wrong
  answers and wrong codes count as failures of the *customer* (whichever agent took them), so
  a lock holds for every agent (a fraudster calling back reaches another agent).
- Unmask needs this agent's current verification of this customer; a card number never shows
  more than its first 6 and last 4 digits; every unmask is audited with the field, never the
  value.

Refusals are rule violations (``agentdesk.domain.errors``). Functions add to the caller's
session and do not commit: the route commits the outcome and its audit rows together. The one
exception is an attempt refused because of a lock: its audit row is committed before the
refusal is raised (a failed request would otherwise roll it back).
"""

from __future__ import annotations

import logging
import secrets
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agentdesk.contract.verification import (
    OtpChallenge,
    UnmaskField,
    VerificationFailure,
    VerificationMethod,
    VerificationRequest,
    VerificationState,
    VerificationStatus,
)
from agentdesk.domain import verification as rules
from agentdesk.domain.errors import InvalidValue, NotPermitted, UnknownRecord
from agentdesk.domain.masking import mask_pan, mask_phone
from agentdesk.server import audit, back_office, customers, models, sequence
from agentdesk.server.actor import Actor
from agentdesk.server.sms import SmsGateway, otp_text

if TYPE_CHECKING:
    # Only a type here: at run time live_call would import the switchboard, which records
    # the telephony's IVR identifications through this module.
    from agentdesk.server.live_call import HeldCall

__all__ = [
    "IVR_USERNAME",
    "askable_facts",
    "call_required",
    "current_verification",
    "end_call_verifications",
    "identify_by_ivr",
    "is_verified",
    "mark_ivr_verified",
    "send_otp",
    "status",
    "unmask",
    "verify",
]

log = logging.getLogger(__name__)

IVR_USERNAME = "ivr"


# -- reading the state ----------------------------------------------------------------------


def _customer(session: Session, customer_id: int) -> models.Customer:
    customer = session.get(models.Customer, customer_id)
    if customer is None:
        raise UnknownRecord("customer_not_found", "no such customer")
    return customer


def _lock_state(session: Session, customer_id: int, now: datetime) -> rules.LockState:
    """The customer's lock, and the failures left before one."""
    recent = session.scalars(
        select(models.VerificationAttempt).where(
            models.VerificationAttempt.customer_id == customer_id,
            models.VerificationAttempt.at > now - rules.LOOKBACK,
        )
    )
    attempts = [rules.Attempt(a.at, a.outcome, a.locked_until) for a in recent]
    return rules.lock_state(attempts, now)


def current_verification(
    session: Session, customer_id: int, user_id: int, now: datetime, call: HeldCall | None
) -> models.Verification | None:
    """This agent's live verification of this customer on the call they hold (the newest),
    or None (always None without a call)."""
    if call is None:
        return None
    return session.scalars(
        select(models.Verification)
        .where(
            models.Verification.customer_id == customer_id,
            models.Verification.user_id == user_id,
            models.Verification.call_id == call.call_id,
            models.Verification.expires_at > now,
            models.Verification.ended_at.is_(None),
        )
        .order_by(models.Verification.verified_at.desc())
        .limit(1)
    ).first()


def _actors_verification(
    session: Session, customer_id: int, actor: Actor, now: datetime, call: HeldCall | None
) -> models.Verification | None:
    if actor.user_id is None:
        return None  # a system (the IVR) verifies callers; it is never verified itself
    return current_verification(session, customer_id, actor.user_id, now, call)


def is_verified(
    session: Session, customer_id: int, user_id: int, now: datetime, call: HeldCall | None
) -> bool:
    """For other routes that show or do something sensitive: has this agent verified the
    caller of the call they hold?"""
    return current_verification(session, customer_id, user_id, now, call) is not None


def call_required() -> NotPermitted:
    """The refusal of anything bound to a call the agent does not hold with this customer:
    the same words whatever the customer or call (nothing given away)."""
    return NotPermitted(
        "verification.call_required",
        "verify, send a code to or unmask only the caller of a call you have on the line",
    )


def _ivr_identified(session: Session, customer_id: int, call_id: str, now: datetime) -> bool:
    """Did the IVR identify the caller of ``call_id`` as this customer (a live verification)?"""
    return _ivr_of_call(session, customer_id, call_id, now) is not None


def _require_caller(
    session: Session, customer_id: int, call: HeldCall | None, now: datetime
) -> HeldCall:
    """The call the agent holds with this customer on the line, or ``call_required``."""
    if call is None:
        raise call_required()
    if customer_id in call.candidates or _ivr_identified(session, customer_id, call.call_id, now):
        return call
    raise call_required()


def _status(
    session: Session,
    customer_id: int,
    actor: Actor,
    now: datetime,
    call: HeldCall | None,
    *,
    failure: rules.Failure | None = None,
    code_tries_left: int | None = None,
) -> VerificationStatus:
    found = _actors_verification(session, customer_id, actor, now, call)
    lock = _lock_state(session, customer_id, now)
    return VerificationStatus(
        customer_id=customer_id,
        status=VerificationState.VERIFIED if found else VerificationState.NOT_VERIFIED,
        method=VerificationMethod(found.method) if found else None,
        verification_id=found.id if found else None,
        call_id=found.call_id if found else None,
        verified_at=found.verified_at if found else None,
        expires_at=found.expires_at if found else None,
        failure=VerificationFailure(failure.value) if failure is not None else None,
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


def _refuse_if_locked(
    session: Session, customer_id: int, actor: Actor, now: datetime, action: str, **detail: str
) -> None:
    """While the customer is locked, refuse (audited, and the audit row committed now)."""
    lock = _lock_state(session, customer_id, now)
    if lock.locked_until is None:
        return
    _audit(session, actor, now, customer_id, action, outcome="refused_locked", **detail)
    session.commit()  # the refusal is audited even though the request fails
    raise rules.locked_out(lock.locked_until, now)


# -- status and IVR --------------------------------------------------------------------------


def status(
    session: Session,
    customer_id: int,
    actor: Actor,
    now: datetime,
    *,
    call: HeldCall | None = None,
    call_id: str | None = None,
    ringing_call_id: str | None = None,
) -> VerificationStatus:
    """The agent's status on the call they hold (``call``); naming that call (``call_id``)
    takes up its IVR verification (audited). Naming the call ringing at them
    (``ringing_call_id``: the screen-pop comes before the answer) reads the status without
    taking anything up; naming any other call is refused (``call_required``), whether or not
    it exists or has an IVR verification."""
    _customer(session, customer_id)
    if call_id and call_id == ringing_call_id and actor.user_id is not None:
        return _status(session, customer_id, actor, now, call)
    if call_id:
        if actor.user_id is None or call is None or call.call_id != call_id:
            raise call_required()
        if current_verification(session, customer_id, actor.user_id, now, call) is None:
            _take_up_ivr(session, customer_id, call, actor, actor.user_id, now)
    return _status(session, customer_id, actor, now, call)


def _take_up_ivr(
    session: Session, customer_id: int, call: HeldCall, actor: Actor, user_id: int, now: datetime
) -> None:
    if _ivr_of_call(session, customer_id, call.call_id, now) is None:
        return  # most calls: nothing to take up, no lock to wait for
    # A desk asks at once on the answer and on the IVR's event: the take-up is decided under
    # the writers' lock, on what is committed, or both requests took it up (audited twice).
    session.flush()
    sequence.lock(session)
    session.expire_all()
    if current_verification(session, customer_id, user_id, now, call) is not None:
        return  # the other request took it up
    call_id = call.call_id
    ivr = _ivr_of_call(session, customer_id, call_id, now)
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


def _ivr_of_call(
    session: Session, customer_id: int, call_id: str, now: datetime
) -> models.Verification | None:
    """The call's live IVR verification of the customer, the one not taken up yet first."""
    return session.scalars(
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
    actor = Actor(user_id, username, workstation_id)
    return _record_verified(session, customer_id, VerificationMethod.IVR, actor, now, call_id)


def identify_by_ivr(session: Session, customer_id: int, call_id: str, *, now: datetime) -> bool:
    """The telephony's IVR identified the caller of ``call_id`` as ``customer_id`` (the PBX
    webhook's ``caller.verified``): :func:`mark_ivr_verified`, unless that identification is
    already in force (a retried delivery changes nothing). True when it was recorded now."""
    _customer(session, customer_id)
    if _ivr_identified(session, customer_id, call_id, now):
        return False
    mark_ivr_verified(session, customer_id, call_id, now=now)
    return True


def end_call_verifications(session: Session, call_id: str, now: datetime) -> int:
    """For the telephony layer: the call ended, and with it the verifications tied to it.
    Returns how many ended; not committed."""
    result = session.execute(
        update(models.Verification)
        .where(models.Verification.call_id == call_id, models.Verification.ended_at.is_(None))
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )
    return models.rows_changed(result)


# -- attempts ----------------------------------------------------------------------------------


def verify(
    session: Session,
    customer_id: int,
    request: VerificationRequest,
    actor: Actor,
    now: datetime,
    call: HeldCall | None = None,
) -> VerificationStatus:
    """One attempt by the agent on the call they hold (``call``) with this customer. Raises
    ``NotPermitted`` ``verification.call_required`` without one, ``Locked`` while the
    customer is locked, and :class:`InvalidValue` for an attempt that cannot be judged; a
    wrong attempt is a status with ``failure`` set."""
    customer = _customer(session, customer_id)
    method = request.method
    if method is VerificationMethod.IVR:
        raise InvalidValue(
            "verification.ivr_webhook_only", "IVR verification comes from the telephony system"
        )
    held = _require_caller(session, customer_id, call, now)
    if request.call_id is not None and request.call_id != held.call_id:
        raise call_required()
    answers = rules.KnowledgeAnswers(
        birth_date=request.answers.birth_date,
        id_number=request.answers.id_number,
        email=request.answers.email,
    )
    if method is VerificationMethod.KNOWLEDGE:
        rules.require_enough_answers(answers)
    elif request.code is None:
        raise InvalidValue("verification.code_missing", "an OTP attempt needs the 6-digit code")
    _refuse_if_locked(
        session, customer_id, actor, now, "verify", method=method.value, call_id=held.call_id
    )
    if method is VerificationMethod.KNOWLEDGE:
        if rules.answers_right(answers, askable_facts(session, customer)) >= rules.MIN_ANSWERS:
            _record_verified(session, customer_id, method, actor, now, held.call_id)
            return _status(session, customer_id, actor, now, held)
        return _failed(session, customer_id, method, actor, now, rules.Failure.WRONG_ANSWERS, held)
    return _check_otp(session, customer_id, request.code or "", actor, now, held)


def askable_facts(session: Session, customer: models.Customer) -> rules.KnowledgeFacts:
    """The customer's knowledge facts, less any the masked profile gives away before
    verification (``customers.exposed_values``): those can never verify anyone."""
    shown = customers.exposed_values(session, customer)

    def askable(fact: str | None) -> str | None:
        return fact if fact and not rules.derivable(fact, shown) else None

    birth = customer.birth_date
    return rules.KnowledgeFacts(
        birth_date=birth if askable(birth.isoformat()) else None,
        id_number=askable(customer.id_number),
        email=askable(customer.email),
    )


def _record_verified(
    session: Session,
    customer_id: int,
    method: VerificationMethod,
    actor: Actor,
    now: datetime,
    call_id: str | None,
) -> models.Verification:
    """The caller is verified: the verification, the attempt that counts as a success, and the
    audit row."""
    row = models.Verification(
        id=uuid.uuid4().hex,
        customer_id=customer_id,
        user_id=actor.user_id,
        username=actor.username,
        workstation_id=actor.workstation_id,
        call_id=call_id,
        method=method.value,
        verified_at=now,
        expires_at=now + rules.VERIFICATION_TTL,
    )
    session.add(row)
    session.add(
        models.VerificationAttempt(
            customer_id=customer_id,
            user_id=actor.user_id,
            at=now,
            method=method.value,
            outcome=rules.Outcome.VERIFIED.value,
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
        outcome=rules.Outcome.VERIFIED.value,
        call_id=call_id,
        verification_id=row.id,
    )
    return row


def _failed(
    session: Session,
    customer_id: int,
    method: VerificationMethod,
    actor: Actor,
    now: datetime,
    failure: rules.Failure,
    call: HeldCall,
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
            outcome=rules.Outcome.FAILED.value,
        )
        session.add(attempt)
        session.flush()
        until = rules.lock_after_failure(_lock_state(session, customer_id, now), now)
        if until is not None:
            attempt.locked_until = until
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
        outcome=rules.Outcome.FAILED.value,
        failure=failure.value,
        locked="true" if locked else None,
        call_id=call.call_id,
    )
    return _status(
        session, customer_id, actor, now, call, failure=failure, code_tries_left=code_tries_left
    )


# -- OTP ---------------------------------------------------------------------------------------


def _otp_phone(customer: models.Customer) -> str | None:
    mobiles = [p.e164 for p in customer.phones if p.kind == "mobile"]
    if mobiles:
        return mobiles[0]
    return customer.phones[0].e164 if customer.phones else None


def send_otp(
    session: Session,
    customer_id: int,
    actor: Actor,
    now: datetime,
    call: HeldCall | None = None,
    *,
    sms: SmsGateway,
) -> tuple[OtpChallenge, str]:
    """Make a code for the caller of the call this agent holds and send it to their mobile
    through ``sms``: the challenge (without the code) and the code, which only the gateway (or,
    in demo, the agent) may see. Replaces an earlier code. Sent before the caller commits: a
    gateway that does not take it (``sms.unavailable``) leaves no usable code behind."""
    customer = _customer(session, customer_id)
    if actor.user_id is None:
        raise NotPermitted("forbidden", "only an agent may send a code")
    _require_caller(session, customer_id, call, now)
    _refuse_if_locked(session, customer_id, actor, now, "otp_send")
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
    code = f"{secrets.randbelow(10**rules.OTP_DIGITS):0{rules.OTP_DIGITS}d}"
    salt = secrets.token_hex(16)
    expires_at = now + rules.OTP_TTL
    session.add(
        models.VerificationOtp(
            customer_id=customer_id,
            user_id=actor.user_id,
            salt=salt,
            code_hash=rules.code_hash(salt, code),
            created_at=now,
            expires_at=expires_at,
            tries_left=rules.OTP_TRIES,
        )
    )
    _audit(session, actor, now, customer_id, "otp_send", outcome="sent")
    minutes = int(rules.OTP_TTL.total_seconds() // 60)
    sms.send(phone, otp_text(code, customer.language, minutes), purpose="otp")
    challenge = OtpChallenge(
        customer_id=customer_id,
        sent_to=mask_phone(phone),
        expires_at=expires_at,
        tries=rules.OTP_TRIES,
    )
    return challenge, code


def _check_otp(
    session: Session,
    customer_id: int,
    code: str,
    actor: Actor,
    now: datetime,
    call: HeldCall,
) -> VerificationStatus:
    method = VerificationMethod.OTP
    row = session.scalars(
        select(models.VerificationOtp)
        .where(
            models.VerificationOtp.customer_id == customer_id,
            models.VerificationOtp.user_id == actor.user_id,
        )
        .order_by(models.VerificationOtp.id.desc())
        .limit(1)
    ).first()
    otp = None
    if row is not None:
        otp = rules.Otp(
            row.salt, row.code_hash, row.expires_at, row.tries_left, row.spent_at is not None
        )
    check = rules.check_code(otp, code, now)
    if row is not None:
        if check.tries_left is not None:
            row.tries_left = check.tries_left
        if check.spend:
            row.spent_at = now
    if check.verified:
        _record_verified(session, customer_id, method, actor, now, call.call_id)
        return _status(session, customer_id, actor, now, call)
    assert check.failure is not None
    return _failed(
        session,
        customer_id,
        method,
        actor,
        now,
        check.failure,
        call,
        counts=check.counts,
        code_tries_left=check.tries_left,
    )


# -- unmask ------------------------------------------------------------------------------------


def unmask(
    session: Session,
    customer_id: int,
    field: UnmaskField,
    item_id: int | None,
    actor: Actor,
    now: datetime,
    call: HeldCall | None = None,
) -> str:
    """The field in clear for an agent who verified the caller of the call they hold, or who
    holds an approved back-office grant for this customer (``NotPermitted``
    ``verification.call_required`` without either, ``verification.required`` before
    verifying). Audited with the field and item (and the grant), never the value."""
    customer = _customer(session, customer_id)
    access = _unmask_access(session, customer_id, actor, now, call)
    value = _clear_value(session, customer, field, item_id)
    _audit(
        session,
        actor,
        now,
        customer_id,
        "unmask",
        field=field.value,
        item_id=None if item_id is None else str(item_id),
        **access,
    )
    return value


def _unmask_access(
    session: Session, customer_id: int, actor: Actor, now: datetime, call: HeldCall | None
) -> dict[str, str]:
    """What lets ``actor`` unmask, as the audit row names it: the verification of the caller
    on their call, or (with no such call) a back-office grant in force."""
    try:
        _require_caller(session, customer_id, call, now)
    except NotPermitted:
        grant = back_office.grant_in_force(session, customer_id, actor, now)
        if grant is None:
            raise
        return {"access": "back_office", "grant_id": str(grant.id)}
    found = _actors_verification(session, customer_id, actor, now, call)
    if found is None:
        raise NotPermitted("verification.required", "verify the caller's identity before unmasking")
    return {"verification_id": str(found.id)}


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
