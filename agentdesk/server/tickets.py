"""Complaint tickets: the synced record, creation with its regulatory clock, and edits by a
three-way merge (the one code path of ``PATCH /tickets/{id}`` and of ``ticket.update`` pushes,
whose handlers are here too).

Merge rule, per field the agent changed (``TicketPatch.changes``), against the value the agent
saw (``TicketPatch.base``) and the value now on the server:

* nobody else changed it since (server value == base): the agent's value applies;
* it already has the agent's value: nothing to do;
* somebody changed it to something else: a :class:`FieldConflict` (base, mine, theirs).

Any conflict leaves the ticket untouched; the agent resolves and sends a new edit. A field the
agent sent without a base value merges only when the agent's ``base_version`` is current (or
was not given at all: an unconditional edit).

Who may read and change which ticket is ``agentdesk.domain.access``'s rule: a ticket one may
not see is an unknown ticket (nothing given away), one one may see but not change is
``NotPermitted``. An assignee is a real, active agent or supervisor. A new ticket records who
opened it and belongs to their team until a supervisor assigns it.

Refusals are rule violations (``agentdesk.domain.errors``): an invalid edit, an unknown ticket,
a stale version (with the ticket as it is now).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.complaint_rules import covered_regions
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import (
    TICKET_EDITABLE_FIELDS,
    EventKind,
    FieldConflict,
    Mutation,
    ResultStatus,
    TicketCreate,
    TicketPatch,
    TicketRecord,
)
from agentdesk.contract.tickets import ComplaintCategory, Severity, TicketStatus
from agentdesk.contract.values import FreeText
from agentdesk.domain.access import Person, may_change_ticket, may_see_ticket
from agentdesk.domain.errors import (
    FieldIssue,
    InvalidValue,
    MoveNotAllowed,
    NotPermitted,
    StaleVersion,
    TransitionRefused,
    UnknownRecord,
)
from agentdesk.server import (
    assignment,
    audit,
    events,
    models,
    sequence,
    ticket_activity,
    ticket_clock,
    ticket_status,
)
from agentdesk.server.actor import Actor
from agentdesk.server.effects import Effect, by_client_id, payload, require_customer
from agentdesk.server.records import ticket_holders, ticket_record_fields

__all__ = [
    "apply_changes",
    "bump",
    "check_assignee",
    "create_pushed",
    "create_ticket",
    "edit_ticket",
    "find_ticket",
    "get_ticket",
    "merge",
    "stale",
    "ticket_record",
    "update_pushed",
    "visible_ticket",
]

REFERENCE_PREFIX = "CMP"


class _Edits(BaseModel):
    """Types and limits of the editable fields (the same as TicketCreate's)."""

    status: TicketStatus | None = None
    severity: Severity | None = None
    category: ComplaintCategory | None = None
    summary: Annotated[FreeText, Field(min_length=1, max_length=256)] | None = None
    description: Annotated[FreeText, Field(max_length=8000)] | None = None
    desired_outcome: Annotated[FreeText, Field(max_length=2000)] | None = None
    assignee: Annotated[FreeText, Field(max_length=64)] | None = None
    team: Annotated[FreeText, Field(max_length=64)] | None = None


def ticket_record(t: models.Ticket) -> TicketRecord:
    return TicketRecord.model_validate(ticket_record_fields(t))


def get_ticket(session: Session, ticket_id: int) -> models.Ticket:
    """The ticket as committed now (re-read, not what the session saw before)."""
    found = session.get(models.Ticket, ticket_id, populate_existing=True)
    if found is None:
        raise UnknownRecord("ticket_not_found", "no such ticket")
    return found


def _unknown_ticket() -> UnknownRecord:
    return UnknownRecord("ticket_not_found", "no such ticket")


def visible_ticket(session: Session, ticket_id: int, person: Person) -> models.Ticket:
    """The ticket as committed now, if ``person`` may see it; an unknown ticket otherwise."""
    ticket = get_ticket(session, ticket_id)
    if not may_see_ticket(person, ticket_holders(ticket)):
        raise _unknown_ticket()
    return ticket


def _require_change(ticket: models.Ticket, person: Person, fields: list[str]) -> None:
    if not may_change_ticket(person, ticket_holders(ticket), fields):
        raise NotPermitted(
            "ticket.not_permitted", "you may not change this ticket (or hand it to someone)"
        )


def check_assignee(session: Session, values: dict[str, Any], ticket: models.Ticket) -> None:
    """An ``assignee`` being set names a real, active agent or supervisor ("" unassigns) who is
    no party to the complaint, nor of a team or branch it is about; a ``team`` being set is
    not one it is about (MoveNotAllowed with the recusal's code)."""
    if "team" in values:
        assignment.refuse_team(ticket, values["team"])
    assignee = values.get("assignee")
    if not assignee:
        return
    found = session.scalar(
        select(models.User.id).where(
            models.User.username == assignee,
            models.User.active.is_(True),
            models.User.role.in_(assignment.ASSIGNABLE_ROLES),
        )
    )
    if found is None:
        raise InvalidValue(
            "ticket.unknown_assignee",
            "the assignee is not an active agent or supervisor",
            fields=[FieldIssue("assignee", "no active agent or supervisor of this name")],
        )
    assignment.refuse_recused(session, ticket, assignee)


def find_ticket(session: Session, entity_id: str, opened_by: str) -> models.Ticket | None:
    """A ticket by its server id, or by the client id of one ``opened_by`` created offline."""
    if entity_id.isdigit():
        found = session.get(models.Ticket, int(entity_id))
        if found is not None:
            return found
    return by_client_id(session, models.Ticket, entity_id, opened_by)


def create_ticket(
    session: Session, body: TicketCreate, *, client_id: str | None, now: datetime, actor: Actor
) -> models.Ticket:
    """A new complaint opened by ``actor``: its regime and type from the customer's
    jurisdiction and the category (or the request's, with the reason), due by that regime's
    clock, in the opener's team until a supervisor assigns it; the caller has checked the
    customer. Raises InvalidValue naming ``regime``, ``complaint_type`` or
    ``regime_override_reason``."""
    phones = session.scalars(
        select(models.CustomerPhone.e164)
        .where(models.CustomerPhone.customer_id == body.customer_id)
        .order_by(models.CustomerPhone.id)
    )
    jurisdiction = ticket_clock.jurisdiction_of(phones, covered_regions())
    choice = ticket_clock.choose_for(body, jurisdiction)
    ticket = models.Ticket(
        # A placeholder until the id is known: the reference is made from the id.
        reference=f"tmp-{uuid.uuid4().hex[:16]}",
        customer_id=body.customer_id,
        category=body.category.value,
        severity=body.severity.value,
        channel=Channel(body.channel).value,
        status=TicketStatus.NEW.value,
        summary=body.summary,
        description=body.description,
        desired_outcome=body.desired_outcome,
        assignee="",
        team=actor.team,
        opened_by=actor.username,
        regime=choice.regime,
        complaint_type=choice.type,
        regime_override_reason=choice.override_reason or "",
        received_on=ticket_clock.receipt_day(choice.regime, now),
        parties=[p.model_dump(mode="json") for p in body.parties],
        call_id=body.call_id,
        flow_run_id=body.flow_run_id,
        clock_events=[],
        notices=[],
        opened_at=now,
        due_at=now,
        version=1,
        updated_at=now,
        client_id=client_id,
    )
    ticket.due_at = ticket_clock.due_at(ticket_clock.ticket_clock(ticket, now=now), ticket)
    session.add(ticket)
    session.flush()
    ticket.reference = f"{REFERENCE_PREFIX}-{now:%Y%m}-{ticket.id:07d}"
    detail = {"regime": choice.regime, "type": choice.type}
    if choice.overridden:
        detail["suggested_regime"] = choice.suggested_regime or ""
        detail["suggested_type"] = choice.suggested_type or ""
    ticket_activity.record(
        session, ticket.id, actor=actor.username, action="created", at=now, detail=detail
    )
    session.flush()
    return ticket


def _validated(edited: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(edited) - set(TICKET_EDITABLE_FIELDS))
    if unknown:
        raise InvalidValue(
            "ticket.field_not_editable",
            "these fields cannot be edited: " + ", ".join(unknown),
            fields=[FieldIssue(f"changes.{f}", "not editable") for f in unknown],
        )
    try:
        edits = _Edits.model_validate(edited)
    except ValidationError as exc:
        raise InvalidValue(
            "validation_failed",
            "the edit is not valid",
            fields=[
                FieldIssue(".".join(map(str, ("changes", *e["loc"]))), e["msg"])
                for e in exc.errors()
            ],
        ) from exc
    values = edits.model_dump(mode="json", include=set(edited))
    for name, value in values.items():
        if value is None:
            raise InvalidValue(
                "validation_failed",
                "the edit is not valid",
                fields=[FieldIssue(f"changes.{name}", "may not be null")],
            )
    return values


def merge(
    ticket: models.Ticket, patch: TicketPatch, base_version: int | None
) -> tuple[dict[str, Any], list[FieldConflict]]:
    """The fields to apply and the conflicts of ``patch`` against ``ticket`` (see module doc).

    Raises :class:`InvalidValue` for a field that is not editable or a value out of bounds.
    """
    mine_all = _validated(patch.changes)
    to_apply: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    current_version = base_version is None or base_version == ticket.version
    for name, mine in mine_all.items():
        theirs = getattr(ticket, name)
        if name in patch.base:
            base = patch.base[name]
            unchanged_here = _same(theirs, base)
        else:
            base = None
            unchanged_here = current_version
        if _same(theirs, mine):
            continue
        if unchanged_here:
            to_apply[name] = mine
        else:
            conflicts.append(FieldConflict(field=name, base=base, mine=mine, theirs=theirs))
    return to_apply, conflicts


def _same(a: Any, b: Any) -> bool:
    # Values travel as JSON (enums as their strings); compare them that way.
    return (None if a is None else str(a)) == (None if b is None else str(b))


def apply_changes(
    session: Session,
    ticket: models.Ticket,
    values: dict[str, Any],
    *,
    now: datetime,
    actor: Actor,
    care_days: int = ticket_status.CARE_TASK_DAYS,
) -> bool:
    """Apply merged values: a status by the lifecycle (``ticket_status.move``), a new version,
    an audit row, activity lines, and a ``ticket.changed`` event with the commit. Returns False
    (and changes nothing) when there is nothing to apply.
    """
    if not values:
        return False
    audit.record(
        session,
        actor,
        at=now,
        action="update",
        entity="ticket",
        entity_id=str(ticket.id),
        detail={"fields": ",".join(sorted(values))},
        customer_id=ticket.customer_id,
    )
    others = {name: value for name, value in values.items() if name != "status"}
    for name, value in others.items():
        setattr(ticket, name, value)
    if "assignee" in others:
        ticket_activity.record(
            session,
            ticket.id,
            actor=actor.username,
            action="assigned",
            at=now,
            detail={"assignee": others["assignee"]},
        )
    edited = sorted(set(others) - {"assignee"})
    if edited:
        ticket_activity.record(
            session,
            ticket.id,
            actor=actor.username,
            action="edited",
            at=now,
            detail={"fields": ",".join(edited)},
        )
    if "status" in values:
        ticket_status.move(
            session,
            ticket,
            TicketStatus(values["status"]),
            actor=actor.username,
            now=now,
            care_days=care_days,
        )
    bump(session, ticket, now)
    return True


def bump(session: Session, ticket: models.Ticket, now: datetime) -> None:
    """A change of ``ticket`` made: its new version, and ``ticket.changed`` on ``/events``
    with the commit (the flush stamps it for the sync feed). The event is the supervisors'
    (their complaint board reloads on it); an agent's desk learns of the change as of every
    synced record, by the "pull now" of the commit."""
    ticket.version += 1
    ticket.updated_at = now
    session.flush()
    data = {"id": ticket.id, "version": ticket.version}
    audience = events.AUDIENCE_SUPERVISORS
    events.publish(session, EventKind.TICKET_CHANGED, data, at=now, audience=audience)


def edit_ticket(
    session: Session,
    ticket_id: int,
    patch: TicketPatch,
    *,
    expected_version: int | None,
    now: datetime,
    actor: Actor,
    person: Person | None = None,
    care_days: int = ticket_status.CARE_TASK_DAYS,
) -> models.Ticket:
    """An edit by ``person`` (``actor`` serving nobody, if not given) of a ticket they read
    at ``expected_version`` (None: whatever it is now), under the change lock. Not committed.

    Raises :class:`UnknownRecord` (also for a ticket they may not see), :class:`NotPermitted`
    (one they may see but not change), :class:`InvalidValue`, and :class:`StaleVersion` (with
    the ticket now) when the version moved on or a field they changed was changed by someone
    else since the ``base`` they saw.
    """
    person = person or actor.person()
    sequence.lock(session)
    ticket = visible_ticket(session, ticket_id, person)
    _require_change(ticket, person, list(patch.changes))
    if expected_version is not None and expected_version != ticket.version:
        raise stale(ticket, "the ticket changed since you read it")
    values, conflicts = merge(ticket, patch, ticket.version)
    if conflicts:
        # The version matched but the agent's base did not: its view was not this version.
        raise stale(ticket, "conflicting fields: " + ", ".join(c.field for c in conflicts))
    check_assignee(session, values, ticket)
    apply_changes(session, ticket, values, now=now, actor=actor, care_days=care_days)
    return ticket


def stale(ticket: models.Ticket, detail: str) -> StaleVersion:
    current = ticket_record(ticket).model_dump(mode="json")
    return StaleVersion("precondition_failed", detail, current=current, version=ticket.version)


# -- pushed mutations (``push.py`` numbers their effects) ------------------------------------


def create_pushed(session: Session, m: Mutation, actor: Actor, now: datetime) -> Effect:
    """``ticket.create`` from a workstation; ``duplicate`` when its client id made one."""
    body = payload(TicketCreate, m.payload)
    existing = by_client_id(session, models.Ticket, m.entity_id, actor.username)
    if existing is None:
        require_customer(session, body.customer_id)
        row = create_ticket(session, body, client_id=m.entity_id, now=now, actor=actor)
        return Effect(ResultStatus.APPLIED, row.id, row.version, _record_json(row))
    return Effect(ResultStatus.DUPLICATE, existing.id, existing.version, _record_json(existing))


def update_pushed(session: Session, m: Mutation, actor: Actor, now: datetime) -> Effect:
    """``ticket.update`` from a workstation: the same merge as ``PATCH /tickets/{id}``; a
    ``conflict`` (and no change) when a field the agent changed was changed here too."""
    patch = payload(TicketPatch, m.payload)
    ticket = find_ticket(session, m.entity_id, actor.username)
    person = actor.person()
    if ticket is None or not may_see_ticket(person, ticket_holders(ticket)):
        raise InvalidValue("sync.ticket_not_found", f"no ticket {m.entity_id}")
    if not may_change_ticket(person, ticket_holders(ticket), list(patch.changes)):
        # Pushed, a refusal is a rejected mutation (the desk sets it aside with its reason).
        raise InvalidValue(
            "ticket.not_permitted", "you may not change this ticket (or hand it to someone)"
        )
    values, conflicts = merge(ticket, patch, m.base_version)
    if conflicts:
        return Effect(
            ResultStatus.CONFLICT, ticket.id, ticket.version, _record_json(ticket), conflicts
        )
    try:
        check_assignee(session, values, ticket)
        apply_changes(session, ticket, values, now=now, actor=actor)
    except MoveNotAllowed as refused:
        # Pushed, a refusal is a rejected mutation (the desk sets it aside with its reason).
        raise InvalidValue(refused.code, refused.detail, fields=_fields_of(refused)) from None
    return Effect(ResultStatus.APPLIED, ticket.id, ticket.version, _record_json(ticket))


def _fields_of(refused: MoveNotAllowed) -> list[FieldIssue]:
    if isinstance(refused, TransitionRefused):
        return [FieldIssue("changes.status", "allowed: " + ", ".join(refused.allowed))]
    return [FieldIssue("changes.assignee", refused.detail)]


def _record_json(t: models.Ticket) -> dict[str, Any]:
    return ticket_record(t).model_dump(mode="json")
