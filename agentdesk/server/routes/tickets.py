"""Complaint tickets over REST, with optimistic concurrency: ``ETag: W/"<version>"`` on read,
``If-Match`` required on edit (428 without it, 412 with the current record when stale).

Who may read and change a ticket is ``agentdesk.domain.access``'s rule: a ticket one may not
see is a 404 like one that does not exist; one one may see but not change is a 403.

The edit's rules are ``tickets.edit_ticket``'s; these routes read the HTTP headers and commit.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Response

from agentdesk.contract.problem import Problem
from agentdesk.contract.supervisor import ExtensionRequest
from agentdesk.contract.sync import TicketPatch, TicketRecord
from agentdesk.contract.tickets import (
    Assignee,
    ClockEventCreate,
    NoticeCreate,
    TicketActivity,
    TicketTransition,
)
from agentdesk.contract.values import RecordId
from agentdesk.server import assignment, ticket_activity, ticket_moves, tickets
from agentdesk.server.deps import ClockDep, SessionDep, SettingsDep, StaffUser
from agentdesk.server.problem_details import title_of
from agentdesk.server.problems import (
    PRECONDITION_RESPONSES,
    PROBLEM_RESPONSES,
    required_version,
    weak_etag,
)
from agentdesk.server.routes.on_call import HeldCallDep

router = APIRouter(prefix="/tickets", tags=["tickets"], responses=PROBLEM_RESPONSES)


# A refused move (409: a status not reachable from here, naming the allowed ones; recusal).
CONFLICT_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {"description": title_of(409), "model": Problem}
}


@router.get("/{ticket_id}", response_model=TicketRecord)
def get_ticket(
    ticket_id: RecordId,
    session: SessionDep,
    user: StaffUser,
    call: HeldCallDep,
    response: Response,
) -> TicketRecord:
    """A ticket the caller may see: theirs, their team's, or the customer's on their call."""
    serving = call.candidates if call is not None else ()
    ticket = tickets.visible_ticket(session, ticket_id, user.person(serving))
    response.headers["ETag"] = weak_etag(ticket.version)
    return tickets.ticket_record(ticket)


def _required_version(if_match: str | None) -> int | None:
    return required_version(if_match, "the ticket")


IfMatch = Annotated[str | None, Header(description='W/"<version>" from the ETag')]


@router.patch(
    "/{ticket_id}",
    response_model=TicketRecord,
    responses={**PRECONDITION_RESPONSES, **CONFLICT_RESPONSES},
)
def patch_ticket(
    ticket_id: RecordId,
    body: TicketPatch,
    session: SessionDep,
    user: StaffUser,
    call: HeldCallDep,
    clock: ClockDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketRecord:
    """Edit some fields (``changes``; ``base`` optional). Same merge as a pushed update. Only a
    supervisor of the ticket's team changes ``assignee`` or ``team``; an assignee is an active
    agent or supervisor (422 otherwise) who is no party to the complaint, nor of a team or
    branch it is about (409 ``recusal.party``, ``recusal.team``, ``recusal.branch``). A
    ``status`` moves along the lifecycle as a transition does (409 naming the allowed ones)."""
    wanted = _required_version(if_match)
    ticket = tickets.edit_ticket(
        session,
        ticket_id,
        body,
        expected_version=wanted,
        now=clock(),
        actor=user,
        person=user.person(call.candidates if call is not None else ()),
        care_days=settings.complaint_care_task_days,
    )
    return committed(session, ticket, response)


def committed(session: SessionDep, ticket: Any, response: Response) -> TicketRecord:
    session.commit()
    response.headers["ETag"] = weak_etag(ticket.version)
    return tickets.ticket_record(ticket)


@router.post(
    "/{ticket_id}/transitions",
    response_model=TicketRecord,
    responses={**PRECONDITION_RESPONSES, **CONFLICT_RESPONSES},
)
def transition(
    ticket_id: RecordId,
    body: TicketTransition,
    session: SessionDep,
    user: StaffUser,
    clock: ClockDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketRecord:
    """Move the ticket along its lifecycle: 409 ``ticket.transition_refused`` with ``allowed``
    (the statuses it may go to from here); closing without a root cause and resolution is 422
    naming them; resolving makes the follow-up care task (once)."""
    ticket = ticket_moves.transition_ticket(
        session,
        ticket_id,
        body,
        expected_version=_required_version(if_match),
        now=clock(),
        actor=user,
        person=user.person(),
        care_days=settings.complaint_care_task_days,
    )
    return committed(session, ticket, response)


@router.post(
    "/{ticket_id}/clock-events", response_model=TicketRecord, responses=PRECONDITION_RESPONSES
)
def add_clock_event(
    ticket_id: RecordId,
    body: ClockEventCreate,
    session: SessionDep,
    user: StaffUser,
    clock: ClockDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketRecord:
    """Record a pause, its end, new facts, an in-progress reply or a provisional credit (who
    may change the ticket), or an extension (a supervisor of its team only: 403 otherwise;
    ``note`` is the reason told to the complainant, and the holding letter is recorded). The
    due date moves; an event the regime refuses (past its maximum, before receipt, in the
    future, not applicable) is 422 and nothing is saved."""
    ticket = ticket_moves.add_clock_event(
        session,
        ticket_id,
        body,
        expected_version=_required_version(if_match),
        now=clock(),
        actor=user,
        person=user.person(),
    )
    return committed(session, ticket, response)


@router.post("/{ticket_id}/extension-request", response_model=TicketRecord)
def request_extension(
    ticket_id: RecordId,
    body: ExtensionRequest,
    session: SessionDep,
    user: StaffUser,
    clock: ClockDep,
    response: Response,
) -> TicketRecord:
    """The assignee asks for more time (the reason is what the complainant will be told); a
    supervisor of the ticket's team approves or refuses it (``/supervisor/tickets/{id}/
    extension``). 403 for anyone but the assignee; 409 while a request waits; audited."""
    ticket = ticket_moves.request_extension(
        session, ticket_id, body, now=clock(), actor=user, person=user.person()
    )
    return committed(session, ticket, response)


@router.post("/{ticket_id}/notices", response_model=TicketRecord, responses=PRECONDITION_RESPONSES)
def send_notice(
    ticket_id: RecordId,
    body: NoticeCreate,
    session: SessionDep,
    user: StaffUser,
    clock: ClockDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketRecord:
    """Send the complainant the regime's letter of ``kind`` in ``language``, rendered from the
    ticket (422 when it would lack what the regime requires, e.g. a final letter without the
    decision)."""
    ticket = ticket_moves.send_notice(
        session,
        ticket_id,
        body,
        expected_version=_required_version(if_match),
        now=clock(),
        actor=user,
        person=user.person(),
    )
    return committed(session, ticket, response)


@router.get("/{ticket_id}/activity", response_model=list[TicketActivity])
def activity(
    ticket_id: RecordId, session: SessionDep, user: StaffUser, call: HeldCallDep
) -> list[TicketActivity]:
    """The ticket's activity log, oldest first (whoever may see the ticket)."""
    serving = call.candidates if call is not None else ()
    ticket = tickets.visible_ticket(session, ticket_id, user.person(serving))
    return ticket_activity.activity_of(session, ticket.id)


@router.get("/{ticket_id}/assignable", response_model=list[Assignee])
def assignable(
    ticket_id: RecordId, session: SessionDep, user: StaffUser, call: HeldCallDep
) -> list[Assignee]:
    """The active agents and supervisors of the ticket's team it may be assigned to: nobody
    the complaint is about, nor of a team or branch it is about (recusal)."""
    serving = call.candidates if call is not None else ()
    ticket = tickets.visible_ticket(session, ticket_id, user.person(serving))
    return assignment.assignable(session, ticket)
