"""Back-office access without a call: request with a reason, a supervisor's approval, the list.

The rules are ``agentdesk.server.back_office``'s; these routes check the role, pass the
server's clock and commit with the audit rows.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from agentdesk.contract.auth import Role
from agentdesk.contract.back_office import AccessGrant, AccessRequest
from agentdesk.contract.values import RecordId
from agentdesk.server import back_office
from agentdesk.server.actor import Actor
from agentdesk.server.deps import ClockDep, SessionDep, StaffUser, require_role
from agentdesk.server.problems import PROBLEM_RESPONSES

router = APIRouter(tags=["back-office"], responses=PROBLEM_RESPONSES)

SupervisorUser = Annotated[Actor, require_role(Role.SUPERVISOR)]


@router.post(
    "/customers/{customer_id}/back-office-access", response_model=AccessGrant, status_code=201
)
def request_access(
    customer_id: RecordId,
    body: AccessRequest,
    session: SessionDep,
    user: StaffUser,
    clock: ClockDep,
) -> AccessGrant:
    """Ask to see this customer without a call, with the reason (audited); a supervisor of
    your team approves it."""
    now = clock()
    row = back_office.request_access(session, customer_id, body.reason, user, now)
    session.commit()
    return back_office.grant_view(row, now)


@router.post("/back-office-access/{grant_id}/approve", response_model=AccessGrant)
def approve(
    grant_id: RecordId, session: SessionDep, user: SupervisorUser, clock: ClockDep
) -> AccessGrant:
    """A supervisor of the requester's team approves, for 60 minutes (audited); another
    team's request is a 404, one's own a 403."""
    now = clock()
    row = back_office.approve(session, grant_id, user, now)
    session.commit()
    return back_office.grant_view(row, now)


@router.get("/back-office-access", response_model=list[AccessGrant])
def grants(session: SessionDep, user: StaffUser, clock: ClockDep) -> list[AccessGrant]:
    """Your own requests; for a supervisor, their team's."""
    found = back_office.grants_for(session, user, clock())
    session.rollback()
    return found
