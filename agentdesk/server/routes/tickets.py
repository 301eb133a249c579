"""Complaint tickets over REST, with optimistic concurrency: ``ETag: W/"<version>"`` on read,
``If-Match`` required on edit (428 without it, 412 with the current record when stale).

Who may read and change a ticket is ``agentdesk.domain.access``'s rule: a ticket one may not
see is a 404 like one that does not exist; one one may see but not change is a 403.

The edit's rules are ``tickets.edit_ticket``'s; these routes read the HTTP headers and commit.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from agentdesk.contract.sync import TicketPatch, TicketRecord
from agentdesk.contract.values import RecordId
from agentdesk.server import tickets
from agentdesk.server.deps import ClockDep, SessionDep, StaffUser
from agentdesk.server.problems import (
    PRECONDITION_RESPONSES,
    PROBLEM_RESPONSES,
    ApiProblem,
    weak_etag,
)
from agentdesk.server.routes.on_call import HeldCallDep

router = APIRouter(prefix="/tickets", tags=["tickets"], responses=PROBLEM_RESPONSES)


def _if_match_version(value: str) -> int | None:
    """The version an If-Match names; None for ``*`` (any). A list names its first tag."""
    tag = value.split(",")[0].strip()
    if tag == "*":
        return None
    tag = tag.removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise ApiProblem(412, "precondition_failed", "If-Match is not a version this API made")
    return int(tag)


@router.get("/{ticket_id}", response_model=TicketRecord)
def get_ticket(
    ticket_id: RecordId, session: SessionDep, user: StaffUser, call: HeldCallDep, response: Response
) -> TicketRecord:
    """A ticket the caller may see: theirs, their team's, or the customer's on their call."""
    serving = call.candidates if call is not None else ()
    ticket = tickets.visible_ticket(session, ticket_id, user.person(serving))
    response.headers["ETag"] = weak_etag(ticket.version)
    return tickets.ticket_record(ticket)


@router.patch("/{ticket_id}", response_model=TicketRecord, responses=PRECONDITION_RESPONSES)
def patch_ticket(
    ticket_id: RecordId,
    body: TicketPatch,
    session: SessionDep,
    user: StaffUser,
    call: HeldCallDep,
    clock: ClockDep,
    response: Response,
    if_match: Annotated[str | None, Header(description='W/"<version>" from the ETag')] = None,
) -> TicketRecord:
    """Edit some fields (``changes``; ``base`` optional). Same merge as a pushed update. Only a
    supervisor of the ticket's team changes ``assignee`` or ``team``; an assignee is an active
    agent or supervisor (422 otherwise)."""
    if not if_match:
        raise ApiProblem(428, "precondition_required", "send If-Match with the ticket's ETag")
    wanted = _if_match_version(if_match)
    ticket = tickets.edit_ticket(
        session,
        ticket_id,
        body,
        expected_version=wanted,
        now=clock(),
        actor=user,
        person=user.person(call.candidates if call is not None else ()),
    )
    session.commit()
    response.headers["ETag"] = weak_etag(ticket.version)
    return tickets.ticket_record(ticket)
