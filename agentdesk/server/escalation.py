"""Complaint escalation: open tickets whose steps reach their warning share of time or pass
their due date are escalated to the supervisors of the ticket's team.

:func:`scan` looks at every open ticket (not resolved or closed) on the server's ``now``:
for each step not yet answered (``ticket_clock.answered_steps``), ``alerts.step_alerts``
says ``ok``, ``warning`` or ``breached`` as the desk's countdown does. The first ``warning``
and the first ``breached`` of a step (as it stands: new facts that restart it, or an approved
extension, make it a new one; a pause that moves its date day by day does not) write an
``escalated`` activity line and a ``ticket.escalated`` event to each
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


# What makes an escalation the same one again: the step, its state, the day it started
# counting from and the extensions it has.
Key = tuple[str, str, str, str]


def _key_of(detail: dict[str, str]) -> Key:
    return (
        detail.get("step", ""),
        detail.get("state", ""),
        detail.get("since", ""),
        detail.get("extensions", ""),
    )


def _sent(session: Session, ticket_id: int) -> set[Key]:
    rows = session.scalars(
        select(models.TicketActivity.detail).where(
            models.TicketActivity.ticket_id == ticket_id,
            models.TicketActivity.action == ESCALATED,
        )
    )
    return {_key_of(d) for d in rows}


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
    for ticket, details in due:
        session.refresh(ticket)  # as committed now: resolved meanwhile, it is not escalated
        if ticket.status in _DONE:
            continue
        done = _sent(session, ticket.id)
        for detail in details:
            if _key_of(detail) not in done:
                _escalate(session, ticket, detail, now)
                sent += 1
    session.commit()
    return sent


def _due(
    session: Session, now: datetime, warn_at: float
) -> list[tuple[models.Ticket, list[dict[str, str]]]]:
    """The open tickets with steps in warning or breached not escalated yet, and what to say
    of each (the activity line's detail)."""
    found: list[tuple[models.Ticket, list[dict[str, str]]]] = []
    tickets = session.scalars(
        select(models.Ticket).where(models.Ticket.status.not_in(_DONE)).order_by(models.Ticket.id)
    ).all()
    for ticket in tickets:
        try:
            clock = ticket_clock.ticket_clock(ticket, now=now)
        except InvalidValue:  # a clock its regime refuses (a pause still open): nothing due
            log.warning("ticket %d: its clock cannot be computed", ticket.id)
            continue
        answered = ticket_clock.answered_steps(clock, ticket)
        today = ticket_clock.today_in(ticket.regime, now)
        done = _sent(session, ticket.id)
        steps = {step.step: step for step in clock.steps}
        details = [
            {
                "step": alert.step,
                "state": alert.state,
                "due_date": alert.due_date.isoformat(),
                "since": steps[alert.step].start.isoformat(),
                "extensions": ",".join(steps[alert.step].extensions),
            }
            for alert in step_alerts(clock, today, warn_at=warn_at)
            if alert.state != "ok" and alert.step not in answered
        ]
        details = [d for d in details if _key_of(d) not in done]
        if details:
            found.append((ticket, details))
    return found


def _escalate(
    session: Session, ticket: models.Ticket, detail: dict[str, str], now: datetime
) -> None:
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
