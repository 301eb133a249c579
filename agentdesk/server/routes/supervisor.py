"""The supervisor's console: ``/supervisor/*``, for supervisors only (403 for agents and
administrators), each acting on their own team (another team's agent, call or ticket is a
404). Every action is audited. Rules live in ``agentdesk.server.supervisor``; the live
updates arrive on ``GET /events`` (``supervisor.*`` to the team's supervisors)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from agentdesk.contract.auth import Role
from agentdesk.contract.problem import Problem
from agentdesk.contract.supervisor import (
    AgentLogout,
    AgentNotReady,
    AgentRow,
    Broadcast,
    BroadcastRequest,
    ExtensionDecision,
    IntervalStats,
    QueueMove,
    SupervisorSnapshot,
)
from agentdesk.contract.sync import TicketRecord
from agentdesk.contract.telephony import CallSnapshot
from agentdesk.contract.values import Identifier, RecordId
from agentdesk.server import supervisor, ticket_moves
from agentdesk.server.actor import Actor
from agentdesk.server.deps import ClockDep, SessionDep, require_role
from agentdesk.server.problems import PROBLEM_RESPONSES
from agentdesk.server.routes.telephony import PBX_RESPONSES, SwitchboardDep
from agentdesk.server.routes.tickets import committed

router = APIRouter(
    prefix="/supervisor",
    tags=["supervisor"],
    responses={**PROBLEM_RESPONSES, 409: {"description": "Conflict", "model": Problem}},
)

SupervisorUser = Annotated[Actor, require_role(Role.SUPERVISOR)]
Username = Annotated[Identifier, Path(max_length=64, description="the agent's username")]
CallId = Annotated[Identifier, Path(max_length=64, description="the telephony's call id")]
QueueName = Annotated[Identifier | None, Query(max_length=32, description="one queue only")]
StartDay = Annotated[date, Query(description="first day (the contact center's zone)")]
EndDay = Annotated[date, Query(description="last day, included (at most 93 days in all)")]


@router.get("/snapshot", response_model=SupervisorSnapshot)
def snapshot(
    session: SessionDep, user: SupervisorUser, switchboard: SwitchboardDep, clock: ClockDep
) -> SupervisorSnapshot:
    """The team's queues with their figures, agents, waiting calls, open complaints with
    their clocks, and today's intervals."""
    return supervisor.snapshot(session, switchboard, user, now=clock())


@router.get("/intervals", response_model=list[IntervalStats])
def intervals(
    session: SessionDep,
    user: SupervisorUser,
    switchboard: SwitchboardDep,
    start: StartDay,
    end: EndDay,
    queue: QueueName = None,
) -> list[IntervalStats]:
    """The team's interval statistics over a range of days (422 beyond 93 days)."""
    return supervisor.intervals(session, switchboard, user, start=start, end=end, queue=queue)


@router.get(
    "/intervals.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def intervals_csv(
    session: SessionDep,
    user: SupervisorUser,
    switchboard: SwitchboardDep,
    start: StartDay,
    end: EndDay,
    queue: QueueName = None,
) -> Response:
    """The same rows as CSV (a header row; ISO times; no cell a spreadsheet would run)."""
    rows = supervisor.intervals(session, switchboard, user, start=start, end=end, queue=queue)
    name = f"intervals-{start.isoformat()}-{end.isoformat()}.csv"
    return Response(
        supervisor.intervals_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/agents/{username}/not-ready", response_model=AgentRow)
def not_ready(
    username: Username,
    body: AgentNotReady,
    session: SessionDep,
    user: SupervisorUser,
    switchboard: SwitchboardDep,
    clock: ClockDep,
) -> AgentRow:
    """Send an agent of the team to not ready with a reason (e.g. coaching); during a call
    it is pending and applies after the wrap-up."""
    row = supervisor.set_not_ready(session, switchboard, user, username, body.reason, now=clock())
    session.commit()
    return row


@router.post("/agents/{username}/logout", response_model=AgentRow)
def logout(
    username: Username,
    body: AgentLogout,
    session: SessionDep,
    user: SupervisorUser,
    switchboard: SwitchboardDep,
    clock: ClockDep,
) -> AgentRow:
    """Take an agent of the team offline for calls (409 during a live call)."""
    row = supervisor.log_out_agent(session, switchboard, user, username, body.note, now=clock())
    session.commit()
    return row


@router.post("/calls/{call_id}/move", response_model=CallSnapshot, responses=PBX_RESPONSES)
def move_call(
    call_id: CallId,
    body: QueueMove,
    session: SessionDep,
    user: SupervisorUser,
    switchboard: SwitchboardDep,
    clock: ClockDep,
) -> CallSnapshot:
    """Move a call waiting in one of the team's queues to another queue (409 once it no
    longer waits; 422 for an unknown queue; 502/503 when the PBX refuses or does not answer,
    and the call stays where it waits)."""
    moved = supervisor.move_call(session, switchboard, user, call_id, body.queue, now=clock())
    session.commit()
    return moved


@router.post("/broadcast", response_model=Broadcast)
def broadcast(
    body: BroadcastRequest, session: SessionDep, user: SupervisorUser, clock: ClockDep
) -> Broadcast:
    """A message to every desk of the team (the ``broadcast`` event)."""
    message = supervisor.broadcast(session, user, body.text, now=clock())
    session.commit()
    return message


@router.post("/tickets/{ticket_id}/extension", response_model=TicketRecord)
def decide_extension(
    ticket_id: RecordId,
    body: ExtensionDecision,
    session: SessionDep,
    user: SupervisorUser,
    clock: ClockDep,
    response: Response,
) -> TicketRecord:
    """Approve a complaint's pending extension (the due date moves; the holding letter goes
    out) or refuse it (with a note the agent sees). 409 with no request pending; audited."""
    ticket = ticket_moves.decide_extension(
        session, ticket_id, body, now=clock(), actor=user, person=user.person()
    )
    return committed(session, ticket, response)
