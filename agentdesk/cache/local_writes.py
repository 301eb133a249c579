"""Local writes: the row the agent sees saved, and its outbox entry, in one transaction.

Each function writes the local row and calls :func:`agentdesk.cache.outbox.enqueue` in the
caller's transaction; run it inside ``CacheStore.write(fn)`` with ``durable=True`` (the
default), so after a crash or a power cut either both exist or neither does. A new row is
noted for the store's announcement (changed.py) under the id the cache reads it back by,
``-local_id``, until the server's record arrives.

    client_id = store.write(lambda conn: record_interaction(conn, data, agent=me, now=now))
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import Connection, CursorResult, Table, insert

from agentdesk.cache.changed import note_rows_where
from agentdesk.cache.errors import RecordNotFound
from agentdesk.cache.outbox import enqueue
from agentdesk.cache.records import task_row
from agentdesk.cache.schema import interactions, tasks, tickets
from agentdesk.cache.tickets import find_ticket_row, refresh_ticket, ticket_entity_id
from agentdesk.contract import ids
from agentdesk.contract.sync import (
    TICKET_EDITABLE_FIELDS,
    InteractionCreate,
    Mutation,
    MutationKind,
    Task,
    TaskCreate,
    TicketCreate,
    TicketPatch,
    TicketRecord,
)
from agentdesk.contract.tickets import TicketStatus

__all__ = ["create_task", "create_ticket", "record_interaction", "update_ticket"]

# Until the server answers, an offline ticket shows the China rule's first deadline (decide
# within 15 days); the server's complaint clock replaces it when the ticket syncs.
PROVISIONAL_TICKET_DAYS = 15


def _client_id() -> str:
    return ids.new_id()


def _note_made_here(conn: Connection, table: Table, inserted: CursorResult[Any]) -> None:
    # local_id is the table's INTEGER PRIMARY KEY: SQLite's rowid.
    note_rows_where(conn, table, table.c.local_id == inserted.lastrowid)


def record_interaction(
    conn: Connection, data: InteractionCreate, *, agent: str, now: datetime
) -> str:
    """A wrap-up: a provisional interaction row (customer_id may be None for an unknown
    caller; the server links it by phone) and its ``interaction.create`` entry. Returns the
    client id, which later finds the row once the server has given it an id."""
    client_id = _client_id()
    inserted = conn.execute(
        insert(interactions).values(
            client_id=client_id,
            customer_id=data.customer_id,
            phone_e164=data.phone_e164,
            channel=str(data.channel),
            started_at=data.started_at,
            ended_at=data.ended_at,
            agent=agent,
            queue=data.queue,
            reason=data.reason,
            wrap_up_code=data.wrap_up_code,
            notes=data.notes,
            ticket_id=data.ticket_id,
            call_id=data.call_id,
            offers=json.dumps([o.model_dump(mode="json") for o in data.offers]),
        )
    )
    _note_made_here(conn, interactions, inserted)
    enqueue(conn, MutationKind.INTERACTION_CREATE, client_id, data, now=now)
    return client_id


def create_ticket(
    conn: Connection,
    data: TicketCreate,
    *,
    now: datetime,
    due_at: datetime | None = None,
    regime: str = "cn",
    complaint_type: str = "standard",
    received_on: date | None = None,
    opened_by: str = "",
) -> str:
    """A new complaint ticket made here and its ``ticket.create`` entry; returns the client id.

    ``due_at`` is the deadline to show until the server's record arrives (the caller may compute
    it with the regime's rule pack; by default the China rule's 15 days); ``regime``,
    ``complaint_type`` and ``received_on`` let the desk compute the same clock meanwhile, and
    ``opened_by`` lists it among the agent's own."""
    client_id = _client_id()
    record = TicketRecord(
        id=0,
        reference="",  # the server numbers tickets; the UI shows a pending marker meanwhile
        customer_id=data.customer_id,
        category=data.category,
        severity=data.severity,
        status=TicketStatus.NEW,
        summary=data.summary,
        opened_at=now,
        due_at=due_at or now + timedelta(days=PROVISIONAL_TICKET_DAYS),
        version=0,
        channel=data.channel,
        description=data.description,
        desired_outcome=data.desired_outcome,
        regime=data.regime or regime,
        complaint_type=data.complaint_type or complaint_type,
        regime_override_reason=data.regime_override_reason,
        received_on=received_on,
        parties=data.parties,
        call_id=data.call_id,
        flow_run_id=data.flow_run_id,
        opened_by=opened_by,
        client_id=client_id,
        updated_at=now,
    )
    text = record.model_dump_json()
    inserted = conn.execute(
        insert(tickets).values(
            client_id=client_id,
            customer_id=record.customer_id,
            status=str(record.status),
            due_at=record.due_at,
            version=0,
            updated_at=now,
            record=text,
            base_record=text,
        )
    )
    _note_made_here(conn, tickets, inserted)
    enqueue(conn, MutationKind.TICKET_CREATE, client_id, data, now=now)
    return client_id


def update_ticket(
    conn: Connection, ticket_ref: int | str, patch: TicketPatch, *, now: datetime
) -> Mutation:
    """Edit a ticket here and enqueue ``ticket.update``.

    ``ticket_ref`` is the server id (int) or the client id (str) of a ticket made offline.
    The entry carries ``base_version`` (the server version the edit starts from) and, in the
    patch, ``base``: the values of the changed fields in the last record from the server —
    not what an earlier unsent edit shows, which is no change by someone else — so the server
    can merge non-overlapping edits and report the overlapping ones. ``patch.base`` from the
    caller is replaced by these values. Raises RecordNotFound, or ValueError for a field the
    agent may not edit; an invalid value (e.g. an unknown status) rolls the whole write back.
    """
    if isinstance(ticket_ref, int):
        row = find_ticket_row(conn, server_id=ticket_ref)
    else:
        row = find_ticket_row(conn, client_id=ticket_ref)
    if row is None:
        raise RecordNotFound("no such ticket in the cache", ticket=str(ticket_ref))
    unknown = set(patch.changes) - set(TICKET_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable here: {sorted(unknown)}")
    changes: dict[str, Any] = to_jsonable_python(patch.changes)
    server_base = json.loads(row.base_record)
    base = {field: server_base.get(field) for field in changes}
    mutation = enqueue(
        conn,
        MutationKind.TICKET_UPDATE,
        ticket_entity_id(row),
        TicketPatch(changes=changes, base=base),
        row.version if row.server_id is not None else None,
        now=now,
    )
    refresh_ticket(conn, row.local_id)  # validates the new view: a bad value raises here
    return mutation


def create_task(conn: Connection, data: TaskCreate, *, owner: str, now: datetime) -> str:
    """A follow-up task made here and its ``task.create`` entry; returns the client id."""
    client_id = _client_id()
    task = Task(
        id=0,
        customer_id=data.customer_id,
        kind=data.kind,
        due_at=data.due_at,
        owner=owner,
        note=data.note,
        client_id=client_id,
        version=0,
    )
    inserted = conn.execute(insert(tasks).values(**{**task_row(task), "server_id": None}))
    _note_made_here(conn, tasks, inserted)
    enqueue(conn, MutationKind.TASK_CREATE, client_id, data, now=now)
    return client_id
