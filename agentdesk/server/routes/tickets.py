"""Complaint tickets over REST, with optimistic concurrency: ``ETag: W/"<version>"`` on read,
``If-Match`` required on edit (428 without it, 412 with the current record when stale)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from agentdesk.contract.sync import TicketPatch, TicketRecord
from agentdesk.server import models, sequence, tickets
from agentdesk.server.deps import ClockDep, SessionDep, StaffUser
from agentdesk.server.problems import (
    PRECONDITION_RESPONSES,
    PROBLEM_RESPONSES,
    ApiProblem,
    Invalid,
)

router = APIRouter(prefix="/tickets", tags=["tickets"], responses=PROBLEM_RESPONSES)


def etag(version: int) -> str:
    return f'W/"{version}"'


def _if_match_version(value: str) -> int | None:
    """The version an If-Match names; None for ``*`` (any). A list names its first tag."""
    tag = value.split(",")[0].strip()
    if tag == "*":
        return None
    tag = tag.removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise ApiProblem(412, "precondition_failed", "If-Match is not a version this API made")
    return int(tag)


def _ticket(session: SessionDep, ticket_id: int) -> models.Ticket:
    found = session.get(models.Ticket, ticket_id, populate_existing=True)
    if found is None:
        raise ApiProblem(404, "ticket_not_found", "no such ticket")
    return found


@router.get("/{ticket_id}", response_model=TicketRecord)
def get_ticket(
    ticket_id: int, session: SessionDep, user: StaffUser, response: Response
) -> TicketRecord:
    ticket = _ticket(session, ticket_id)
    response.headers["ETag"] = etag(ticket.version)
    return tickets.ticket_record(ticket)


@router.patch("/{ticket_id}", response_model=TicketRecord, responses=PRECONDITION_RESPONSES)
def patch_ticket(
    ticket_id: int,
    body: TicketPatch,
    session: SessionDep,
    user: StaffUser,
    clock: ClockDep,
    response: Response,
    if_match: Annotated[str | None, Header(description='W/"<version>" from the ETag')] = None,
) -> TicketRecord:
    """Edit some fields (``changes``; ``base`` optional). Same merge as a pushed update."""
    if not if_match:
        raise ApiProblem(428, "precondition_required", "send If-Match with the ticket's ETag")
    wanted = _if_match_version(if_match)
    sequence.lock(session)
    ticket = _ticket(session, ticket_id)
    if wanted is not None and wanted != ticket.version:
        raise ApiProblem(
            412,
            "precondition_failed",
            "the ticket changed since you read it",
            current=tickets.ticket_record(ticket).model_dump(mode="json"),
            headers={"ETag": etag(ticket.version)},
        )
    try:
        values, conflicts = tickets.merge(ticket, body, ticket.version)
    except Invalid as exc:
        raise exc.api_problem() from exc
    if conflicts:
        # The version matched but the agent's base did not: its view was not this version.
        raise ApiProblem(
            412,
            "precondition_failed",
            "conflicting fields: " + ", ".join(c.field for c in conflicts),
            current=tickets.ticket_record(ticket).model_dump(mode="json"),
            headers={"ETag": etag(ticket.version)},
        )
    actor = tickets.Actor(user.user_id, user.username, user.workstation_id)
    tickets.apply_changes(session, ticket, values, now=clock(), actor=actor)
    session.commit()
    response.headers["ETag"] = etag(ticket.version)
    return tickets.ticket_record(ticket)
