"""Identity verification of the caller, one-time codes, and unmasking for verified callers.

The rules live in ``agentdesk.server.verification``; these routes check the role, pass the
server's clock and commit the outcome with its audit rows.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from agentdesk.contract.values import Identifier, RecordId
from agentdesk.contract.verification import (
    OtpChallenge,
    UnmaskedValue,
    UnmaskRequest,
    VerificationRequest,
    VerificationStatus,
)
from agentdesk.server import verification
from agentdesk.server.deps import ClockDep, SessionDep, StaffUser
from agentdesk.server.problems import PROBLEM_RESPONSES
from agentdesk.server.routes.on_call import HeldCallDep

router = APIRouter(prefix="/customers", tags=["verification"], responses=PROBLEM_RESPONSES)

log = logging.getLogger(__name__)

_LOCKED: dict[int | str, dict[str, Any]] = {
    429: {"description": "Too Many Requests: verification of this customer is locked"}
}


@router.get("/{customer_id}/verification", response_model=VerificationStatus)
def get_status(
    customer_id: RecordId,
    session: SessionDep,
    user: StaffUser,
    call: HeldCallDep,
    clock: ClockDep,
    call_id: Annotated[
        Identifier | None,
        Query(
            max_length=64,
            description="the call the agent holds: takes up its IVR verification (403 "
            "`verification.call_required` for a call they do not hold)",
        ),
    ] = None,
) -> VerificationStatus:
    """This agent's verification of the customer on the call they hold, with the customer's
    lock state (not verified without a call)."""
    found = verification.status(session, customer_id, user, clock(), call=call, call_id=call_id)
    session.commit()  # taking up an IVR verification is a change (and audited)
    return found


@router.post("/{customer_id}/verification", response_model=VerificationStatus, responses=_LOCKED)
def verify(
    customer_id: RecordId,
    body: VerificationRequest,
    session: SessionDep,
    user: StaffUser,
    call: HeldCallDep,
    clock: ClockDep,
) -> VerificationStatus:
    """One verification attempt (knowledge questions or an OTP code) of the caller of the call
    the agent holds (403 ``verification.call_required`` otherwise). A wrong attempt is a 200
    with ``failure`` and the attempts left; 429 while the customer is locked."""
    result = verification.verify(session, customer_id, body, user, clock(), call)
    session.commit()
    return result


@router.post("/{customer_id}/otp", response_model=OtpChallenge, responses=_LOCKED)
def send_otp(
    customer_id: RecordId,
    request: Request,
    session: SessionDep,
    user: StaffUser,
    call: HeldCallDep,
    clock: ClockDep,
) -> OtpChallenge:
    """Send a 6-digit one-time code to the mobile of the caller of the call the agent holds
    (403 ``verification.call_required`` otherwise); valid 5 minutes, 3 tries.

    There is no SMS gateway yet: a demo server returns the code in ``code`` and logs it;
    any other server never returns or logs it."""
    challenge, code = verification.send_otp(session, customer_id, user, clock(), call)
    session.commit()
    if request.app.state.demo:
        log.info("demo OTP for customer %s: %s", customer_id, code)
        return challenge.model_copy(update={"code": code})
    return challenge


@router.post("/{customer_id}/unmask", response_model=UnmaskedValue)
def unmask(
    customer_id: RecordId,
    body: UnmaskRequest,
    response: Response,
    session: SessionDep,
    user: StaffUser,
    call: HeldCallDep,
    clock: ClockDep,
) -> UnmaskedValue:
    """One field in clear, for an agent who verified the caller of the call they hold (403
    ``verification.call_required`` without the call, ``verification.required`` before
    verifying); a card number shows at most its first 6 and last 4 digits. Audited."""
    value = verification.unmask(session, customer_id, body.field, body.item_id, user, clock(), call)
    session.commit()
    # Personal data in clear: no cache on the way may keep it.
    response.headers["Cache-Control"] = "no-store"
    return UnmaskedValue(field=body.field, item_id=body.item_id, value=value)
