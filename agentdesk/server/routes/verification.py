"""Identity verification of the caller, one-time codes, and unmasking for verified callers.

The rules live in ``agentdesk.server.verification``; these routes check the role, pass the
server's clock and commit the outcome with its audit rows.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from agentdesk.contract.problem import Problem
from agentdesk.contract.values import Identifier, RecordId
from agentdesk.contract.verification import (
    OtpChallenge,
    UnmaskedValue,
    UnmaskRequest,
    VerificationRequest,
    VerificationStatus,
)
from agentdesk.server import verification
from agentdesk.server.deps import ClientAddress, ClockDep, SessionDep, StaffUser
from agentdesk.server.problems import PROBLEM_RESPONSES
from agentdesk.server.routes.on_call import HeldCallDep
from agentdesk.server.sms import SmsGateway
from agentdesk.server.telephony.acd_service import AcdService
from agentdesk.server.throttle import Throttles

router = APIRouter(prefix="/customers", tags=["verification"], responses=PROBLEM_RESPONSES)

_LOCKED: dict[int | str, dict[str, Any]] = {
    429: {"description": "Too Many Requests: verification of this customer is locked"}
}


@router.get("/{customer_id}/verification", response_model=VerificationStatus)
def get_status(
    customer_id: RecordId,
    request: Request,
    session: SessionDep,
    user: StaffUser,
    call: HeldCallDep,
    clock: ClockDep,
    call_id: Annotated[
        Identifier | None,
        Query(
            max_length=64,
            description="the call the agent holds: takes up its IVR verification (the call "
            "ringing at them: read only; 403 `verification.call_required` for any other)",
        ),
    ] = None,
) -> VerificationStatus:
    """This agent's verification of the customer on the call they hold, with the customer's
    lock state (not verified without a call)."""
    switchboard: AcdService = request.app.state.switchboard
    ringing = switchboard.ringing_call(user.username)
    found = verification.status(
        session,
        customer_id,
        user,
        clock(),
        call=call,
        call_id=call_id,
        ringing_call_id=ringing.id if ringing is not None else None,
    )
    session.commit()  # taking up an IVR verification is a change (and audited)
    return found


@router.post("/{customer_id}/verification", response_model=VerificationStatus, responses=_LOCKED)
def verify(
    customer_id: RecordId,
    body: VerificationRequest,
    request: Request,
    session: SessionDep,
    user: StaffUser,
    call: HeldCallDep,
    clock: ClockDep,
    address: ClientAddress,
) -> VerificationStatus:
    """One verification attempt (knowledge questions or an OTP code) of the caller of the call
    the agent holds (403 ``verification.call_required`` otherwise). A wrong attempt is a 200
    with ``failure`` and the attempts left; 429 while the customer is locked, and while this
    agent or this address is locked out after too many failures, whichever customer."""
    throttles: Throttles = request.app.state.throttles
    keys = {"agent": str(user.user_id), "address": address}
    throttles.verification.check(clock(), **keys)
    result = verification.verify(session, customer_id, body, user, clock(), call)
    session.commit()
    if result.failure is not None:
        throttles.verification.failed(**keys)
    return result


_SMS_UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {
        "description": "Service Unavailable: the SMS gateway did not take the code "
        "(`sms.unavailable`, with Retry-After); no code was made",
        "model": Problem,
    }
}


@router.post(
    "/{customer_id}/otp",
    response_model=OtpChallenge,
    responses={**_LOCKED, **_SMS_UNAVAILABLE},
)
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

    The code goes to the SMS gateway (``[server] sms_gateway_url``; without one the message is
    only logged, with the number masked and never its text). A gateway that does not take it
    is a 503 ``sms.unavailable`` and no code is made. A demo server also returns the code in
    ``code`` (for the demo's agent); any other server never returns or logs it."""
    sms: SmsGateway = request.app.state.sms
    challenge, code = verification.send_otp(session, customer_id, user, clock(), call, sms=sms)
    session.commit()
    if request.app.state.demo:
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
