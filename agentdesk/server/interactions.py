"""Pushed wrap-ups (``interaction.create``): one at a time, or a batch's worth in one INSERT.

A wrap-up as the desktop sends it (``CallService.record_wrap_up``) carries the caller's number
and the telephony's call id beside the customer the cache knew (or none, for a caller it did
not), the queue, reason, wrap-up code, notes and ticket. The number is stored normalised. A
wrap-up without a customer is linked to the one customer who has the number; a number a family
shares is left for the agent to resolve, never guessed.

Interactions are append-only and depend on no other mutation of a batch, so a batch's
wrap-ups may be applied ahead of the rest: every wrap-up whose payload, number, customer and
ticket check out, the first of its client id, goes into one INSERT with sequences reserved for
them. They are checked and made into rows before the change lock (:func:`prepare_in_bulk`) and
inserted under it (:func:`insert_in_bulk`). Anything else (a client id already stored or
repeated in the batch, an invalid payload or number, a customer or ticket that does not exist)
is left to :func:`create_interaction`, which applies or rejects it and says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from agentdesk.contract.interactions import Interaction
from agentdesk.contract.sync import InteractionCreate, Mutation, MutationKind, ResultStatus
from agentdesk.domain.errors import InvalidValue
from agentdesk.domain.phones import InvalidPhoneNumber, normalize_phone
from agentdesk.flows.transcript import check_transcript
from agentdesk.server import customers, models, sequence, sync_feed
from agentdesk.server.actor import Actor
from agentdesk.server.effects import Effect, by_client_id, payload, require_customer
from agentdesk.server.flow_versions import flow_version

__all__ = ["BulkWrapUps", "create_interaction", "insert_in_bulk", "prepare_in_bulk"]

_TABLE = cast(Table, models.Interaction.__table__)  # declared as a FromClause; it is a Table


def create_interaction(session: Session, m: Mutation, actor: Actor, now: datetime) -> Effect:
    """Apply one wrap-up: ``duplicate`` when its client id made one already; ``InvalidValue``
    for a payload, number, customer or ticket at fault."""
    body = payload(InteractionCreate, m.payload)
    existing = by_client_id(session, models.Interaction, m.entity_id, actor.username)
    if existing is not None:
        return Effect(ResultStatus.DUPLICATE, existing.id, record=_record_of(existing))
    phone = None
    if body.phone_e164:
        try:
            phone = normalize_phone(body.phone_e164)
        except InvalidPhoneNumber as exc:
            raise InvalidValue("invalid_phone", f"phone_e164: {exc}") from exc
    customer_id = body.customer_id
    if customer_id is not None:
        require_customer(session, customer_id)
    elif phone is not None:
        customer_id = _sole_customers(session, [phone]).get(phone)
    if body.ticket_id is not None and session.get(models.Ticket, body.ticket_id) is None:
        raise InvalidValue("sync.ticket_not_found", f"no ticket {body.ticket_id}")
    for transcript in body.flows:
        check_transcript(flow_version(session, transcript.flow_id, transcript.version), transcript)
    row = models.Interaction(**_values(m, body, customer_id, phone, actor))
    session.add(row)
    session.flush()
    return Effect(ResultStatus.APPLIED, row.id, record=_record_of(row))


@dataclass(frozen=True)
class _WrapUp:
    mutation: Mutation
    body: InteractionCreate
    phone: str | None  # normalised


@dataclass(frozen=True)
class _Ready:
    """A wrap-up made ready for the batch's INSERT: its row and record but for what only the
    change lock may decide (a caller's customer, its id and sequence)."""

    wrap_up: _WrapUp
    row: dict[str, Any]
    record: dict[str, Any]


@dataclass(frozen=True)
class BulkWrapUps:
    """A batch's wrap-ups that :func:`insert_in_bulk` applies in one INSERT, made ready by
    :func:`prepare_in_bulk` before the change lock."""

    ready: list[_Ready]


def prepare_in_bulk(session: Session, mutations: Iterable[Mutation], actor: Actor) -> BulkWrapUps:
    """Before the change lock: the wrap-ups of ``mutations`` that need no one-by-one decision
    (see the module doc), checked and made into rows. ``mutations`` leaves out those whose keys
    were applied before.

    What it reads cannot turn false under the lock: customers and tickets are never deleted,
    and interactions are append-only, so a customer or ticket found stays there and a client
    id found stored stays stored. A client id stored after this read (a retry racing its own
    first attempt) is refused by the INSERT's unique index, and the push goes again one
    mutation at a time under the lock (``push.py``)."""
    wrap_ups = _first_of_each_client_id(mutations)
    if not wrap_ups:
        return BulkWrapUps([])
    stored = set(
        session.scalars(
            select(models.Interaction.client_id).where(
                models.Interaction.client_id.in_(list(wrap_ups)),
                models.Interaction.agent == actor.username,
            )
        )
    )
    present = _existing(session, models.Customer, (w.body.customer_id for w in wrap_ups.values()))
    tickets = _existing(session, models.Ticket, (w.body.ticket_id for w in wrap_ups.values()))
    ready: list[_Ready] = []
    for client_id, w in wrap_ups.items():
        customer_id, ticket_id = w.body.customer_id, w.body.ticket_id
        if client_id in stored or (customer_id is not None and customer_id not in present):
            continue
        if ticket_id is not None and ticket_id not in tickets:
            continue
        row = _values(w.mutation, w.body, customer_id, w.phone, actor)
        # The id and a caller's customer are set once known (insert_in_bulk): plain ints.
        record = Interaction.model_validate(row | {"id": 0}).model_dump(mode="json")
        ready.append(_Ready(w, row, record))
    return BulkWrapUps(ready)


def insert_in_bulk(session: Session, bulk: BulkWrapUps) -> dict[str, Effect]:
    """Apply ``bulk`` with one INSERT under the change lock (taken here if the caller has
    not); returns the effects by idempotency key. A caller's customer, who has the number now,
    is looked up here: a phone linked or shared since would change it."""
    if not bulk.ready:
        return {}
    callers = {r.wrap_up.phone for r in bulk.ready if r.row["customer_id"] is None}
    # No table to read back at the commit: the feed entries are written here, from the rows.
    first = sequence.reserve(session, len(bulk.ready), tables=())
    owners = _sole_customers(session, (phone for phone in callers if phone))
    rows = []
    for offset, r in enumerate(bulk.ready):
        customer_id = r.row["customer_id"]
        if customer_id is None:
            customer_id = owners.get(r.wrap_up.phone or "")
        rows.append(r.row | {"customer_id": customer_id, "change_seq": first + offset})
    # Matched back by their change sequence, each row's own: asking for the ids in the rows'
    # order instead makes SQLAlchemy insert one row per statement on SQLite.
    inserted = session.execute(_TABLE.insert().returning(_TABLE.c.id, _TABLE.c.change_seq), rows)
    id_of_seq = {seq: new_id for new_id, seq in inserted}
    effects: dict[str, Effect] = {}
    entries: list[sync_feed.Entry] = []
    for r, row in zip(bulk.ready, rows, strict=True):
        new_id = id_of_seq[row["change_seq"]]
        entries.append(sync_feed.interaction_entry(SimpleNamespace(**row, id=new_id)))
        record = r.record | {"id": new_id, "customer_id": row["customer_id"]}
        effects[r.wrap_up.mutation.idempotency_key] = Effect(
            ResultStatus.APPLIED, new_id, record=record
        )
    sync_feed.write(session, entries)
    return effects


def _first_of_each_client_id(mutations: Iterable[Mutation]) -> dict[str, _WrapUp]:
    """The batch's wrap-ups whose payload and number are valid, by client id; a client id
    seen twice keeps its first (the second is a duplicate, for the one-at-a-time path)."""
    found: dict[str, _WrapUp] = {}
    seen: set[str] = set()
    for m in mutations:
        if m.kind is not MutationKind.INTERACTION_CREATE or m.entity_id in seen:
            continue
        seen.add(m.entity_id)
        try:
            body = InteractionCreate.model_validate(m.payload)
            phone = normalize_phone(body.phone_e164) if body.phone_e164 else None
        except (ValidationError, InvalidPhoneNumber):
            continue
        if body.flows:
            continue  # transcripts are checked one wrap-up at a time
        found[m.entity_id] = _WrapUp(m, body, phone)
    return found


def _existing(
    session: Session, model: type[models.Customer] | type[models.Ticket], ids: Iterable[int | None]
) -> set[int]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return set()
    return set(session.scalars(select(model.id).where(model.id.in_(wanted))))


def _sole_customers(session: Session, phones: Iterable[str]) -> dict[str, int]:
    """Each of ``phones`` that exactly one customer has, with that customer."""
    wanted = set(phones)
    if not wanted:
        return {}
    owners: dict[str, set[int]] = {}
    for e164, customer_id in session.execute(
        select(models.CustomerPhone.e164, models.CustomerPhone.customer_id)
        .where(models.CustomerPhone.e164.in_(wanted))
        .distinct()
    ):
        owners.setdefault(e164, set()).add(customer_id)
    return {phone: ids.pop() for phone, ids in owners.items() if len(ids) == 1}


def _values(
    m: Mutation,
    body: InteractionCreate,
    customer_id: int | None,
    phone: str | None,
    actor: Actor,
) -> dict[str, Any]:
    """The interaction row of a wrap-up (the agent is whoever pushed it)."""
    return {
        "customer_id": customer_id,
        "channel": body.channel.value,
        "started_at": body.started_at,
        "ended_at": body.ended_at,
        "agent": actor.username,
        "queue": body.queue,
        "reason": body.reason,
        "wrap_up_code": body.wrap_up_code,
        "notes": body.notes,
        "ticket_id": body.ticket_id,
        "phone_e164": phone,
        "call_id": body.call_id,
        "client_id": m.entity_id,
        "flows": [t.model_dump(mode="json") for t in body.flows],
        # What the customer said to each offer: the next ranking keeps declined ones off.
        "offers": [o.model_dump(mode="json") for o in body.offers],
        "task_id": body.task_id,
    }


def _record_of(row: models.Interaction) -> dict[str, Any]:
    return Interaction.model_validate(customers.interaction_fields(row)).model_dump(mode="json")
