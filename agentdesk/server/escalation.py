"""Complaint escalation: open tickets whose steps reach their warning share of time or pass
their due date are escalated to the supervisors of the ticket's team.

:func:`scan` looks at every open ticket (not resolved or closed) on the server's ``now``:
for each step not yet answered (``ticket_clock.answered_steps``), ``alerts.step_alerts``
says ``ok``, ``warning`` or ``breached`` as the desk's countdown does. The first ``warning``
and the first ``breached`` of a step (at its due date: new facts that restart the step make
a new one) write an ``escalated`` activity line and a ``ticket.escalated`` event to each
active supervisor of the ticket's team, and to nobody else (the event's audience is each
supervisor's own). A step that is breached before any scan saw it in warning gets the breach
only. The activity log is the record of what was sent: a later scan finds the line and sends
nothing again, whichever worker runs it.

The app runs :func:`scan` on a :class:`~agentdesk.server.telephony.ticker.Ticker` every
``complaint_escalation_seconds`` (0: never); tests call it with a fake clock.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.contract.sync import EventKind
from agentdesk.domain.clock import Clock
from agentdesk.domain.complaints.alerts import WARN_AT, step_alerts
from agentdesk.domain.errors import InvalidValue
from agentdesk.server import events, models, sequence, ticket_activity, ticket_clock
from agentdesk.server.telephony.ticker import Ticker

__all__ = ["ESCALATED", "SYSTEM_ACTOR", "escalation_ticker", "scan"]

log = logging.getLogger(__name__)

ESCALATED = "escalated"
SYSTEM_ACTOR = "system"
_DONE = ("resolved", "closed")


def _sent(session: Session, ticket_id: int) -> set[tuple[str, str, str]]:
    rows = session.scalars(
        select(models.TicketActivity.detail).where(
            models.TicketActivity.ticket_id == ticket_id,
            models.TicketActivity.action == ESCALATED,
        )
    )
    return {(d.get("step", ""), d.get("state", ""), d.get("due_date", "")) for d in rows}


def _supervisors(session: Session, team: str) -> list[str]:
    if not team:
        return []
    return list(
        session.scalars(
            select(models.User.username)
            .where(
                models.User.team == team,
                models.User.role == "supervisor",
                models.User.active.is_(True),
            )
            .order_by(models.User.username)
        )
    )


def scan(session: Session, now: datetime, *, warn_at: float = WARN_AT) -> int:
    """Escalate what is due for escalation at ``now``; commits. Returns how many escalations
    (a step's warning or breach) were sent.

    The clocks are computed without the change lock (a scan must not hold up every write);
    the lock is taken only to write what is due, after reading again what was sent, so two
    workers scanning at once send each escalation once."""
    due = _due(session, now, warn_at)
    if not due:
        session.rollback()
        return 0
    sequence.lock(session)
    sent = 0
    for ticket, keys in due:
        session.refresh(ticket)  # as committed now: resolved meanwhile, it is not escalated
        if ticket.status in _DONE:
            continue
        done = _sent(session, ticket.id)
        for key in keys:
            if key not in done:
                _escalate(session, ticket, key, now)
                sent += 1
    session.commit()
    return sent


def _due(
    session: Session, now: datetime, warn_at: float
) -> list[tuple[models.Ticket, list[tuple[str, str, str]]]]:
    """The open tickets with steps in warning or breached not escalated yet, and those steps."""
    found: list[tuple[models.Ticket, list[tuple[str, str, str]]]] = []
    tickets = session.scalars(
        select(models.Ticket).where(models.Ticket.status.not_in(_DONE)).order_by(models.Ticket.id)
    ).all()
    for ticket in tickets:
        try:
            clock = ticket_clock.ticket_clock(ticket)
        except InvalidValue:  # a clock its regime refuses (a pause still open): nothing due
            log.warning("ticket %d: its clock cannot be computed", ticket.id)
            continue
        answered = ticket_clock.answered_steps(clock, ticket)
        today = ticket_clock.today_in(ticket.regime, now)
        done = _sent(session, ticket.id)
        keys: list[tuple[str, str, str]] = [
            (alert.step, alert.state, alert.due_date.isoformat())
            for alert in step_alerts(clock, today, warn_at=warn_at)
            if alert.state != "ok" and alert.step not in answered
        ]
        keys = [key for key in keys if key not in done]
        if keys:
            found.append((ticket, keys))
    return found


def _escalate(
    session: Session, ticket: models.Ticket, key: tuple[str, str, str], now: datetime
) -> None:
    step, state, due_date = key
    detail = {"step": step, "state": state, "due_date": due_date}
    ticket_activity.record(
        session, ticket.id, actor=SYSTEM_ACTOR, action=ESCALATED, at=now, detail=detail
    )
    data = {"id": ticket.id, "reference": ticket.reference, "team": ticket.team, **detail}
    for supervisor in _supervisors(session, ticket.team):
        events.publish(
            session, EventKind.TICKET_ESCALATED, data, at=now, audience=f"user:{supervisor}"
        )


def escalation_ticker(
    sessions: sessionmaker[Session], clock: Clock, seconds: float, warn_at: float
) -> Ticker:
    """The app's escalation scan every ``seconds`` (never when 0)."""

    def step() -> None:
        with sessions() as session:
            count = scan(session, clock(), warn_at=warn_at)
        if count:
            log.info("complaint escalation: %d sent", count)

    return Ticker(step, seconds, name="complaint-escalation")
