"""Telephony endpoints: for now the demo call simulator (404 unless the server runs in demo)."""

from __future__ import annotations

import random

from fastapi import APIRouter, Request

from agentdesk.contract.telephony import OfferedCall
from agentdesk.server import telephony
from agentdesk.server.deps import CurrentUser, SessionDep
from agentdesk.server.problems import PROBLEM_RESPONSES, ApiProblem

router = APIRouter(prefix="/telephony", tags=["telephony"], responses=PROBLEM_RESPONSES)

# Not for anything secret: it only picks which demo caller rings.
_rng = random.Random()


@router.post("/simulate", response_model=OfferedCall)
def simulate(request: Request, session: SessionDep, _user: CurrentUser) -> OfferedCall:
    """Demo only: offer a call from a random caller (404 when the server is not a demo)."""
    if not request.app.state.demo:
        raise ApiProblem(404, "not_found", "the call simulator runs only in demo mode")
    return telephony.simulate_call(session, _rng)
