"""Telephony endpoints: the agent's presence and call control, the queue wall, the demo call
simulator and the webhook of a real PBX or cloud contact center.

Call control acts on the caller's own call (agent role): a call id that is not ringing or on
the line for the agent is a 409, and so is a move the call's or the agent's state does not
allow (with the domain's message). An allowed move goes to the PBX first (``telephony/pbx.py``):
502 ``telephony.pbx_refused`` or 503 ``telephony.pbx_unavailable`` when it refuses or does not
answer, and the call is as it was. Each returns the agent's softphone state after the move;
the same change also arrives as events on ``GET /events``.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Request
from pydantic import ValidationError
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from agentdesk.contract.auth import Role
from agentdesk.contract.problem import FieldProblem, Problem
from agentdesk.contract.telephony import (
    AgentCallState,
    OfferedCall,
    OutboundCallRequest,
    PresenceRequest,
    QueueBoard,
    TelephonyEvent,
    TelephonyEventAck,
    TransferRequest,
)
from agentdesk.contract.values import Identifier
from agentdesk.server import event_views, models, outbound
from agentdesk.server.actor import Actor
from agentdesk.server.deps import (
    ClockDep,
    SessionDep,
    StaffUser,
    TelephonySettingsDep,
    require_role,
)
from agentdesk.server.problems import PROBLEM_RESPONSES, ApiProblem
from agentdesk.server.telephony import (
    SIGNATURE_HEADER,
    SimulatorDriver,
    signature_valid,
)
from agentdesk.server.telephony.acd_service import AcdService

router = APIRouter(
    prefix="/telephony",
    tags=["telephony"],
    responses={**PROBLEM_RESPONSES, 409: {"description": "Conflict", "model": Problem}},
)

# A move that changes a call waits for the PBX (``telephony/pbx.py``): when it refuses or does
# not answer, the call is as it was (nothing dialled, for a call out) and the caller may try
# again. The supervisor's move of a waiting call has them too.
PBX_RESPONSES: dict[int | str, dict[str, Any]] = {
    502: {
        "description": "Bad Gateway: the PBX refused the move (`telephony.pbx_refused`); "
        "the call is as it was",
        "model": Problem,
    },
    503: {
        "description": "Service Unavailable: the PBX did not answer "
        "(`telephony.pbx_unavailable`, with Retry-After); the call is as it was",
        "model": Problem,
    },
}

AgentUser = Annotated[Actor, require_role(Role.AGENT)]
CallId = Annotated[Identifier, Path(max_length=64, description="the telephony's call id")]


def _switchboard(request: Request) -> AcdService:
    switchboard: AcdService = request.app.state.switchboard
    return switchboard


SwitchboardDep = Annotated[AcdService, Depends(_switchboard)]


def _team(session: SessionDep, user: AgentUser) -> str:
    """The agent's team, whose queues they serve (read now: a move takes effect at once)."""
    team = session.scalar(select(models.User.team).where(models.User.id == user.user_id))
    return team or ""


TeamDep = Annotated[str, Depends(_team)]


# -- presence and call control ------------------------------------------------------------------


@router.post("/presence", response_model=AgentCallState)
def set_presence(
    body: PresenceRequest, user: AgentUser, team: TeamDep, switchboard: SwitchboardDep
) -> AgentCallState:
    """Ready, not ready (with a reason) or offline. During a call, not ready applies after the
    wrap-up, and ready cancels that."""
    return switchboard.set_presence(user.username, team, body.state, body.reason)


@router.get("/me", response_model=AgentCallState)
def me(user: AgentUser, switchboard: SwitchboardDep) -> AgentCallState:
    """The caller's presence, current call and the actions allowed now."""
    return switchboard.state(user.username)


@router.post("/calls/outbound", response_model=AgentCallState, responses=PBX_RESPONSES)
def call_out(
    body: OutboundCallRequest,
    session: SessionDep,
    user: AgentUser,
    switchboard: SwitchboardDep,
    clock: ClockDep,
) -> AgentCallState:
    """Call a customer (from a care task): the PBX dials their phone and the call rings
    the agent's softphone, popping the customer as an inbound call does. 409 for a customer
    who said do-not-call (or with no phone), or an agent not ready; 502/503 when the PBX
    refuses or does not answer (nothing dialled); audited."""
    return outbound.call_customer(session, switchboard, body, actor=user, now=clock())


@router.post("/calls/{call_id}/answer", response_model=AgentCallState, responses=PBX_RESPONSES)
def answer(call_id: CallId, user: AgentUser, switchboard: SwitchboardDep) -> AgentCallState:
    return switchboard.answer(user.username, call_id)


@router.post("/calls/{call_id}/hold", response_model=AgentCallState, responses=PBX_RESPONSES)
def hold(call_id: CallId, user: AgentUser, switchboard: SwitchboardDep) -> AgentCallState:
    return switchboard.hold(user.username, call_id)


@router.post("/calls/{call_id}/resume", response_model=AgentCallState, responses=PBX_RESPONSES)
def resume(call_id: CallId, user: AgentUser, switchboard: SwitchboardDep) -> AgentCallState:
    return switchboard.resume(user.username, call_id)


@router.post("/calls/{call_id}/hangup", response_model=AgentCallState, responses=PBX_RESPONSES)
def hang_up(call_id: CallId, user: AgentUser, switchboard: SwitchboardDep) -> AgentCallState:
    """The agent hangs up; wrap-up begins."""
    return switchboard.hang_up(user.username, call_id)


@router.post("/calls/{call_id}/transfer", response_model=AgentCallState, responses=PBX_RESPONSES)
def transfer(
    call_id: CallId, body: TransferRequest, user: AgentUser, switchboard: SwitchboardDep
) -> AgentCallState:
    """Blind transfer to a queue or to a ready agent; the agent goes to wrap-up."""
    return switchboard.transfer(user.username, call_id, queue=body.queue, agent=body.agent)


@router.post("/wrap-up/finish", response_model=AgentCallState)
def finish_wrap_up(user: AgentUser, switchboard: SwitchboardDep) -> AgentCallState:
    """End the after-call work. The interaction itself (wrap-up code, notes) reaches the
    server through the desktop's sync outbox."""
    return switchboard.finish_wrap_up(user.username)


@router.get("/queues", response_model=QueueBoard)
def queues(user: StaffUser, switchboard: SwitchboardDep) -> QueueBoard:
    """The queue wall: each queue's figures with their formulas, and the agents' presence (in
    full for oneself and, for a supervisor, their team; of the others, who is ready)."""
    return event_views.board_view(switchboard.board(), user.person())


# -- the demo simulator ---------------------------------------------------------------------------


@router.post("/simulate", response_model=OfferedCall)
def simulate(request: Request, user: AgentUser, team: TeamDep) -> OfferedCall:
    """Demo only: offer a call from a random caller to the caller's queues now, making the
    agent ready first if they are not (404 when the server is not a demo)."""
    simulator: SimulatorDriver | None = request.app.state.simulator
    if simulator is None:
        raise ApiProblem(404, "not_found", "the call simulator runs only in demo mode")
    return simulator.simulate_for(user.username, team)


# -- the PBX webhook ---------------------------------------------------------------------------

_WEBHOOK_EXAMPLES: dict[str, Any] = {
    "offered": {
        "summary": "a caller reached a queue",
        "value": {
            "type": "call.offered",
            "call_id": "pbx-20251201-000123",
            "caller": "+86 138 1234 5678",
            "queue": "cards",
            "priority": 0,
        },
    },
    "answered": {
        "summary": "the ringing agent picked up on their phone set",
        "value": {"type": "call.answered", "call_id": "pbx-20251201-000123"},
    },
    "hung_up": {
        "summary": "the caller hung up (abandoned if nobody had answered)",
        "value": {"type": "call.hung_up", "call_id": "pbx-20251201-000123"},
    },
    "caller_verified": {
        "summary": "the IVR identified the caller (they keyed their PIN)",
        "value": {
            "type": "caller.verified",
            "call_id": "pbx-20251201-000123",
            "customer_id": 1042,
        },
    },
}


@router.post(
    "/events",
    response_model=TelephonyEventAck,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": TelephonyEvent.model_json_schema(),
                    "examples": _WEBHOOK_EXAMPLES,
                }
            },
        }
    },
    responses={503: {"description": "the webhook is not configured", "model": Problem}},
)
async def telephony_event(
    request: Request,
    settings: TelephonySettingsDep,
    switchboard: SwitchboardDep,
    signature: Annotated[
        str | None,
        Header(
            alias=SIGNATURE_HEADER,
            description="`sha256=` + hex HMAC-SHA256 of the raw body with the shared secret "
            "(`webhook_secret` of the `[telephony]` settings)",
        ),
    ] = None,
) -> TelephonyEventAck:
    """Webhook of a PBX or cloud contact center: call events that drive the ACD.

    Authenticated by the body's HMAC (no user token); a missing or wrong signature is a 401.
    Events apply in the order they arrive; an offer of a call id already in the ACD is a 409,
    so a retried delivery changes nothing, and so does an IVR identification (``caller.verified``)
    already recorded. An event for a call the ACD does not know is a 404 ``call_not_found``;
    ``caller.verified`` for a call that is over is a 409 ``call_ended``.
    """
    secret = settings.webhook_secret.get_secret_value()
    if not secret:
        raise ApiProblem(503, "webhook_disabled", "the telephony webhook is not configured")
    body = await request.body()  # the exact bytes that were signed
    if not signature_valid(secret, body, signature):
        raise ApiProblem(401, "bad_signature", f"missing or wrong {SIGNATURE_HEADER}")
    try:
        # Parsed as the other routes' bodies are (a lone surrogate's escape is JSON), then
        # validated: a bad value is a 422 naming its field, not a parse error of the body.
        event = TelephonyEvent.model_validate(json.loads(body))
    except json.JSONDecodeError as exc:
        raise ApiProblem(400, "malformed_json", "malformed JSON") from exc
    except ValidationError as exc:
        errors = [
            FieldProblem(field=".".join(map(str, e["loc"])) or "body", message=e["msg"])
            for e in exc.errors()
        ]
        raise ApiProblem(422, "validation_failed", "not a telephony event", errors=errors) from exc
    return await run_in_threadpool(switchboard.telephony_event, event)
