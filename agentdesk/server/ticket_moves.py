"""The complaint work on a ticket, beyond field edits: status moves along the lifecycle, clock
events (pauses, new facts, approved extensions) and letters to the complainant.

Each is one transaction under the change lock, on the version the person read (If-Match:
``StaleVersion`` with the ticket now otherwise), by someone who may change the ticket
(``domain.access``). Each makes a new version, an activity line, a sync-feed change and a
``ticket.changed`` event, or, refused, changes nothing: the clock is recomputed from the new
events before anything is written, so an event the regime refuses (past its maximum, before
receipt, not applicable) leaves the ticket as it was.

Extensions (``extended``, ``further-extended``) are approved by a supervisor of the ticket's
team only; their ``note`` is the reason told to the complainant, and the regime's holding
letter (which gives the new deadline) is recorded with them, in the customer's language.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from agentdesk.complaint_notices import render_notice
from agentdesk.contract.supervisor import ExtensionDecision, ExtensionRequest, PendingExtension
from agentdesk.contract.tickets import (
    ClockEventCreate,
    NoticeCreate,
    NoticeKind,
    TicketClockEvent,
    TicketNotice,
    TicketTransition,
)
from agentdesk.domain.access import Person, may_change_ticket
from agentdesk.domain.complaints.notices import Language, NoticeFacts
from agentdesk.domain.errors import (
    FieldIssue,
    InvalidValue,
    MoveNotAllowed,
    NotPermitted,
    UnknownRecord,
)
from agentdesk.server import audit, models, reference, sequence, ticket_activity, ticket_clock
from agentdesk.server.actor import Actor
from agentdesk.server.records import ticket_holders
from agentdesk.server.ticket_status import CARE_TASK_DAYS, move
from agentdesk.server.tickets import bump, stale, visible_ticket

__all__ = [
    "EXTENSIONS",
    "add_clock_event",
    "decide_extension",
    "request_extension",
    "send_notice",
    "transition_ticket",
]

EXTENSIONS = frozenset({"extended", "further-extended"})


def _open_for_change(
    session: Session,
    ticket_id: int,
    person: Person,
    expected_version: int | None,
    fields: list[str],
) -> models.Ticket:
    sequence.lock(session)
    ticket = visible_ticket(session, ticket_id, person)
    if not may_change_ticket(person, ticket_holders(ticket), fields):
        raise NotPermitted("ticket.not_permitted", "you may not change this ticket")
    if expected_version is not None and expected_version != ticket.version:
        raise stale(ticket, "the ticket changed since you read it")
    return ticket


def transition_ticket(
    session: Session,
    ticket_id: int,
    body: TicketTransition,
    *,
    expected_version: int | None,
    now: datetime,
    actor: Actor,
    person: Person,
    care_days: int = CARE_TASK_DAYS,
) -> models.Ticket:
    """Move the ticket to ``body.to``, recording the root cause, remediation, resolution and
    satisfaction given with the move. Not committed."""
    ticket = _open_for_change(session, ticket_id, person, expected_version, ["status"])
    if body.root_cause is not None:
        ticket.root_cause = body.root_cause.value
    for name in ("remediation", "resolution"):
        value = getattr(body, name)
        if value.strip():
            setattr(ticket, name, value)
    if body.satisfaction is not None:
        ticket.satisfaction = body.satisfaction.value
    move(
        session,
        ticket,
        body.to,
        actor=actor.username,
        now=now,
        care_days=care_days,
        note=body.note,
    )
    _refresh_due(ticket, now)
    bump(session, ticket, now)
    return ticket


def _refresh_due(ticket: models.Ticket, now: datetime) -> None:
    ticket.due_at = ticket_clock.due_at(ticket_clock.ticket_clock(ticket, now=now), ticket)


def add_clock_event(
    session: Session,
    ticket_id: int,
    body: ClockEventCreate,
    *,
    expected_version: int | None,
    now: datetime,
    actor: Actor,
    person: Person,
) -> models.Ticket:
    """Record ``body`` on the ticket's clock and move its due date. Not committed."""
    ticket = _open_for_change(session, ticket_id, person, expected_version, ["clock_events"])
    extension = body.kind in EXTENSIONS
    if extension and not (person.role == "supervisor" and person.team == ticket.team):
        raise NotPermitted(
            "ticket.extension_needs_supervisor",
            "an extension is approved by a supervisor of the ticket's team",
        )
    if extension and not body.note.strip():
        message = "give the reason for the extension, as the complainant will be told it"
        raise InvalidValue("ticket.extension_reason", message, fields=[FieldIssue("note", message)])
    if body.on > ticket_clock.today_in(ticket.regime, now):
        message = f"{body.kind} on {body.on} is in the future"
        raise InvalidValue("complaint.event_in_future", message, fields=[FieldIssue("on", message)])
    event = TicketClockEvent(
        kind=body.kind,
        on=body.on,
        note=body.note,
        recorded_by=actor.username,
        approved_by=actor.username if extension else "",
    ).model_dump(mode="json")
    events = [*ticket.clock_events, event]
    clock = ticket_clock.ticket_clock(ticket, events, now=now)  # refuses before anything is written
    ticket.clock_events = events
    detail = {"kind": body.kind, "on": body.on.isoformat()}
    if body.note:
        detail["note"] = body.note
    ticket_activity.record(
        session, ticket.id, actor=actor.username, action="clock_event", at=now, detail=detail
    )
    if extension:
        extended = [s for s in clock.steps if body.kind in s.extensions]
        due = max(s.due_date for s in extended) if extended else clock.steps[-1].due_date
        _append_notice(session, ticket, "holding", _language_of(session, ticket), due, actor, now)
    _refresh_due(ticket, now)
    bump(session, ticket, now)
    return ticket


def send_notice(
    session: Session,
    ticket_id: int,
    body: NoticeCreate,
    *,
    expected_version: int | None,
    now: datetime,
    actor: Actor,
    person: Person,
) -> models.Ticket:
    """Render the regime's letter of ``body.kind`` for the ticket and record it as sent. A
    letter lacking what the regime requires (a final letter before the decision is written)
    is refused (422 naming what). Not committed."""
    ticket = _open_for_change(session, ticket_id, person, expected_version, ["notices"])
    clock = ticket_clock.ticket_clock(ticket, now=now)
    due = ticket_clock.next_step(clock, ticket).due_date
    _append_notice(session, ticket, body.kind.value, body.language, due, actor, now)
    _refresh_due(ticket, now)
    bump(session, ticket, now)
    return ticket


def _language_of(session: Session, ticket: models.Ticket) -> Language:
    customer = session.get(models.Customer, ticket.customer_id)
    return "en" if customer is not None and customer.language == "en" else "zh_CN"


def _category_label(code: str, language: Language) -> str:
    for info in reference.complaint_categories().categories:
        if info.code.value == code:
            return info.label_en if language == "en" else info.label_zh
    return code


def _append_notice(
    session: Session,
    ticket: models.Ticket,
    kind: str,
    language: Language,
    due: date,
    actor: Actor,
    now: datetime,
) -> None:
    customer = session.get(models.Customer, ticket.customer_id)
    facts = NoticeFacts(
        customer_name=customer.name if customer is not None else "",
        reference=ticket.reference,
        received=ticket.received_on or ticket_clock.receipt_day(ticket.regime, ticket.opened_at),
        due=due,
        category_label=_category_label(ticket.category, language),
        resolution=ticket.resolution,
    )
    notice_kind = NoticeKind(kind)
    rendered = render_notice(ticket.regime, notice_kind.value, language, facts)
    if not rendered.mandatory_ok:
        missing = "; ".join(rendered.missing)
        message = f"the {kind} letter would lack {missing}"
        raise InvalidValue(
            "ticket.notice_incomplete", message, fields=[FieldIssue("kind", message)]
        )
    notice = TicketNotice(
        kind=notice_kind,
        language=language,
        subject=rendered.subject,
        body=rendered.body,
        sent_at=now,
        sent_by=actor.username,
    )
    ticket.notices = [*ticket.notices, notice.model_dump(mode="json")]
    ticket_activity.record(
        session,
        ticket.id,
        actor=actor.username,
        action="notice",
        at=now,
        detail={"kind": kind, "language": language},
    )


def request_extension(
    session: Session,
    ticket_id: int,
    body: ExtensionRequest,
    *,
    now: datetime,
    actor: Actor,
    person: Person,
) -> models.Ticket:
    """The assignee asks for more time: stored on the ticket as its pending extension until a
    supervisor of its team decides (the complaint board shows it). Audited; not committed."""
    ticket = _open_for_change(session, ticket_id, person, None, ["clock_events"])
    if not ticket.assignee or ticket.assignee != actor.username:
        raise NotPermitted(
            "ticket.extension_request_by_assignee", "only the ticket's assignee asks for more time"
        )
    if ticket.pending_extension:
        raise MoveNotAllowed(
            "ticket.extension_pending", "an extension request already waits for a decision"
        )
    pending = PendingExtension(
        kind=body.kind, reason=body.reason, requested_by=actor.username, requested_at=now
    )
    ticket.pending_extension = pending.model_dump(mode="json")
    ticket_activity.record(
        session,
        ticket.id,
        actor=actor.username,
        action="extension_requested",
        at=now,
        detail={"kind": body.kind},
    )
    audit.record(
        session,
        actor,
        at=now,
        action="ticket.extension_request",
        entity="ticket",
        entity_id=str(ticket.id),
        detail={"kind": body.kind},
    )
    bump(session, ticket, now)
    return ticket


def decide_extension(
    session: Session,
    ticket_id: int,
    body: ExtensionDecision,
    *,
    now: datetime,
    actor: Actor,
    person: Person,
) -> models.Ticket:
    """A supervisor of the ticket's team approves the pending extension (the clock event
    with the request's reason as its note: the due date moves and the holding letter goes
    out) or refuses it (cleared; the activity records the refusal with the note). Another
    team's ticket is not found. Audited; not committed."""
    sequence.lock(session)
    ticket = visible_ticket(session, ticket_id, person)
    if ticket.team != person.team:
        raise UnknownRecord("ticket_not_found", f"no ticket {ticket_id} of your team")
    if not ticket.pending_extension:
        raise MoveNotAllowed("ticket.no_extension_request", "no extension request to decide")
    pending = PendingExtension.model_validate(ticket.pending_extension)
    ticket.pending_extension = None
    audit.record(
        session,
        actor,
        at=now,
        action="ticket.extension_approved" if body.approve else "ticket.extension_refused",
        entity="ticket",
        entity_id=str(ticket.id),
        detail={"kind": pending.kind, "requested_by": pending.requested_by},
    )
    if body.approve:
        event = ClockEventCreate(
            kind=pending.kind, on=ticket_clock.today_in(ticket.regime, now), note=pending.reason
        )
        return add_clock_event(
            session,
            ticket_id,
            event,
            expected_version=None,
            now=now,
            actor=actor,
            person=person,
        )
    detail = {"kind": pending.kind, "requested_by": pending.requested_by}
    if body.note:
        detail["note"] = body.note
    ticket_activity.record(
        session, ticket.id, actor=actor.username, action="extension_refused", at=now, detail=detail
    )
    bump(session, ticket, now)
    return ticket
