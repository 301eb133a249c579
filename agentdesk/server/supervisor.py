"""The supervisor's console on the server: the snapshot of their team, the interval reports
and their CSV, and the supervisor's actions (audited; never customer data in the audit).

A supervisor sees and acts on their own team: the queues its agents serve, its agents and
its complaints. Another team's agent, call or ticket is "not found", as elsewhere in the API.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.supervisor import (
    AgentRow,
    Broadcast,
    ComplaintRow,
    IntervalStats,
    PendingExtension,
    SupervisorSnapshot,
)
from agentdesk.contract.sync import EventKind
from agentdesk.contract.telephony import CallSnapshot
from agentdesk.contract.tickets import TicketStatus
from agentdesk.domain.complaints.alerts import WARN_AT, step_alerts
from agentdesk.domain.errors import InvalidValue, UnknownRecord
from agentdesk.domain.presence import AgentState, NotReadyReason
from agentdesk.server import audit, events, models, ticket_clock
from agentdesk.server.actor import Actor
from agentdesk.server.telephony.acd_service import AcdService
from agentdesk.server.telephony.board import call_snapshot
from agentdesk.server.telephony.interval_store import day_start, read_intervals, start_of
from agentdesk.server.telephony.supervision import interval_stats

__all__ = [
    "MAX_REPORT_DAYS",
    "broadcast",
    "complaint_rows",
    "intervals",
    "intervals_csv",
    "log_out_agent",
    "move_call",
    "set_not_ready",
    "snapshot",
]

MAX_REPORT_DAYS = 93
_DONE = ("resolved", "closed")


def _team_agents(session: Session, team: str) -> list[models.User]:
    return list(
        session.scalars(
            select(models.User)
            .where(
                models.User.team == team,
                models.User.role == "agent",
                models.User.active.is_(True),
            )
            .order_by(models.User.username)
        )
    )


def _team_agent(session: Session, team: str, username: str) -> models.User:
    """An active agent of ``team``; anyone else is not found (404)."""
    user = session.scalar(select(models.User).where(models.User.username == username))
    if user is None or not user.active or user.role != "agent" or user.team != team:
        raise UnknownRecord("agent_not_found", f"no agent {username} in your team")
    return user


def snapshot(
    session: Session, switchboard: AcdService, actor: Actor, *, now: datetime
) -> SupervisorSnapshot:
    """Everything the console shows of ``actor``'s team at ``now``."""
    team = actor.team
    switchboard.watch_team(team)
    queues = switchboard.config.queues_of_team(team)
    board = switchboard.board()
    agents = [
        switchboard.agent_row(user.username, team, user.display_name)
        for user in _team_agents(session, team)
    ]
    minutes = switchboard.config.interval_minutes
    start = day_start(now, switchboard.config.time_zone)
    today = _interval_stats(session, switchboard, queues, start, now + timedelta(minutes=minutes))
    return SupervisorSnapshot(
        at=board.at,
        team=team,
        interval_minutes=minutes,
        queues=[q for q in board.queues if q.queue in queues],
        agents=agents,
        waiting=switchboard.waiting(queues),
        complaints=complaint_rows(session, team, now=now),
        intervals=today,
    )


def _interval_stats(
    session: Session, switchboard: AcdService, queues: list[str], start: datetime, end: datetime
) -> list[IntervalStats]:
    rules = {q.name: q.service_level for q in switchboard.config.queues}
    return [
        interval_stats(counts, rules[counts.queue], closed=closed)
        for counts, closed in read_intervals(session, queues, start, end)
    ]


# -- the complaint board -----------------------------------------------------------------------


def _paused(ticket: models.Ticket) -> bool:
    """The clock stands still: a pause not yet resumed."""
    state = False
    for event in ticket.clock_events:
        if event.get("kind") == "paused":
            state = True
        elif event.get("kind") == "resumed":
            state = False
    return state


def complaint_row(ticket: models.Ticket, *, now: datetime) -> ComplaintRow:
    """One complaint on the board: its current step as the ticket clock has it."""
    stored = ticket.pending_extension
    pending = PendingExtension.model_validate(stored) if stored else None
    base: dict[str, Any] = {
        "id": ticket.id,
        "reference": ticket.reference,
        "customer_id": ticket.customer_id,
        "category": ticket.category,
        "severity": ticket.severity,
        "status": TicketStatus(ticket.status),
        "team": ticket.team,
        "assignee": ticket.assignee or None,
        "pending_extension": pending,
        "version": ticket.version,
    }
    try:
        clock = ticket_clock.ticket_clock(ticket, now=now)
    except InvalidValue:  # a clock its regime refuses: shown by its stored due date
        return ComplaintRow(
            **base, step="", due_at=ticket.due_at, elapsed_share=None, standing="on_time"
        )
    step = ticket_clock.next_step(clock, ticket)
    today = ticket_clock.today_in(ticket.regime, now)
    alert = next(a for a in step_alerts(clock, today, warn_at=WARN_AT) if a.step == step.step)
    zone = ticket_clock.TIME_ZONES.get(ticket.regime, ticket_clock.TIME_ZONES["cn"])
    due_at = datetime.combine(step.due_date + timedelta(days=1), time(0), tzinfo=zone)
    if _paused(ticket):
        standing = "paused"
    elif alert.state == "breached":
        standing = "breached"
    elif step.due_date == today:
        standing = "due_today"
    elif alert.state == "warning":
        standing = "at_80"
    else:
        standing = "on_time"
    return ComplaintRow(
        **base,
        step=step.step,
        due_at=due_at,
        elapsed_share=alert.fraction_used,
        standing=standing,
    )


def complaint_rows(session: Session, team: str, *, now: datetime) -> list[ComplaintRow]:
    """The team's open complaints, soonest due first."""
    tickets = session.scalars(
        select(models.Ticket)
        .where(models.Ticket.team == team, models.Ticket.status.not_in(_DONE))
        .order_by(models.Ticket.due_at, models.Ticket.id)
    ).all()
    rows = [complaint_row(t, now=now) for t in tickets]
    rows.sort(key=lambda r: (r.due_at is None, r.due_at or now, r.id))
    return rows


# -- interval reports -------------------------------------------------------------------------


def intervals(
    session: Session,
    switchboard: AcdService,
    actor: Actor,
    *,
    start: date,
    end: date,
    queue: str | None,
) -> list[IntervalStats]:
    """The team's intervals from the day ``start`` to the day ``end`` (both included)."""
    if end < start:
        raise InvalidValue("invalid_range", "the range ends before it starts")
    if (end - start).days + 1 > MAX_REPORT_DAYS:
        raise InvalidValue("range_too_long", f"a report covers at most {MAX_REPORT_DAYS} days")
    queues = switchboard.config.queues_of_team(actor.team)
    if queue is not None:
        if queue not in queues:
            raise UnknownRecord("queue_not_found", f"no queue {queue} of your team")
        queues = [queue]
    zone = switchboard.config.time_zone
    first = start_of(start, zone)
    last = start_of(end + timedelta(days=1), zone)
    return _interval_stats(session, switchboard, queues, first, last)


_CSV_COLUMNS = (
    "queue",
    "start",
    "end",
    "closed",
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "answered_within",
    "total_wait_s",
    "talk_s",
    "hold_s",
    "wrap_up_s",
    "handled",
    "service_level",
    "service_level_of_answered",
    "asa_s",
    "aht_s",
    "abandonment_rate",
)
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else value.isoformat() if isinstance(value, datetime) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def intervals_csv(rows: Iterable[IntervalStats]) -> str:
    """The rows as CSV with a header; times ISO 8601; no cell a spreadsheet would run."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_CSV_COLUMNS)
    for r in rows:
        values = [
            r.queue,
            r.start,
            r.end,
            r.closed,
            r.offered,
            r.answered,
            r.abandoned,
            r.short_abandoned,
            r.answered_within,
            r.total_wait_s,
            r.talk_s,
            r.hold_s,
            r.wrap_up_s,
            r.handled,
            r.service_level.value,
            r.service_level_of_answered.value,
            r.asa.value,
            r.aht.value,
            r.abandonment_rate.value,
        ]
        writer.writerow([_cell(v) for v in values])
    return out.getvalue()


# -- actions ------------------------------------------------------------------------------------


def set_not_ready(
    session: Session,
    switchboard: AcdService,
    actor: Actor,
    username: str,
    reason: NotReadyReason,
    *,
    now: datetime,
) -> AgentRow:
    """Send an agent of the team to not ready (after the call, if they are on one). Audited;
    not committed."""
    user = _team_agent(session, actor.team, username)
    if reason is NotReadyReason.MISSED_CALL:
        raise InvalidValue("invalid_reason", "missed_call is set by the ACD, not chosen")
    switchboard.supervise_presence(
        username, AgentState.NOT_READY, actor.username, reason, supervisor_name=actor.display_name
    )
    audit.record(
        session,
        actor,
        at=now,
        action="supervisor.not_ready",
        entity="agent",
        entity_id=username,
        detail={"reason": reason.value},
    )
    return switchboard.agent_row(username, actor.team, user.display_name)


def log_out_agent(
    session: Session,
    switchboard: AcdService,
    actor: Actor,
    username: str,
    note: str,
    *,
    now: datetime,
) -> AgentRow:
    """Take an agent of the team offline for calls (409 during a call). Audited; not
    committed."""
    user = _team_agent(session, actor.team, username)
    switchboard.supervise_presence(
        username, AgentState.OFFLINE, actor.username, supervisor_name=actor.display_name
    )
    detail = {"note": note} if note else {}
    audit.record(
        session,
        actor,
        at=now,
        action="supervisor.logout",
        entity="agent",
        entity_id=username,
        detail=detail,
    )
    return switchboard.agent_row(username, actor.team, user.display_name)


def move_call(
    session: Session,
    switchboard: AcdService,
    actor: Actor,
    call_id: str,
    queue: str,
    *,
    now: datetime,
) -> CallSnapshot:
    """Move a call waiting in one of the team's queues to ``queue`` (the PBX is told first,
    naming the supervisor). Audited (the call id and the queues, never the caller); not
    committed."""
    call = switchboard.call(call_id)
    if call is None or call.queue not in switchboard.config.queues_of_team(actor.team):
        raise UnknownRecord("call_not_found", f"no call {call_id} in your team's queues")
    moved = switchboard.move_call(call_id, queue, actor.username)
    audit.record(
        session,
        actor,
        at=now,
        action="supervisor.move_call",
        entity="call",
        entity_id=call_id,
        detail={"from_queue": call.queue, "to_queue": queue},
    )
    return call_snapshot(moved)


def broadcast(session: Session, actor: Actor, text: str, *, now: datetime) -> Broadcast:
    """A message to every desk of the team (``broadcast`` to ``team:<team>``). Audited;
    not committed."""
    row = models.BroadcastRecord(team=actor.team, text=text, sender=actor.username, at=now)
    session.add(row)
    session.flush()
    message = Broadcast(
        id=row.id,
        team=actor.team,
        text=text,
        sender=actor.username,
        sender_name=actor.display_name or actor.username,
        at=now,
    )
    events.publish(
        session,
        EventKind.BROADCAST,
        message.model_dump(mode="json"),
        at=now,
        audience=events.team_audience(actor.team),
    )
    audit.record(
        session,
        actor,
        at=now,
        action="supervisor.broadcast",
        entity="broadcast",
        entity_id=str(row.id),
        detail={"team": actor.team},
    )
    return message
