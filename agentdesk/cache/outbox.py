"""The outbox: local changes waiting for the server, in order, each exactly once.

An entry is made in the same transaction as the local row it describes (local_writes.py), with
the workstation's next sequence number (a counter in ``meta``, so a seq is never reused) and a
fresh idempotency key; both are stored with the row, so a restart re-sends the same mutation and
the server recognises it. Entries are either ``pending`` (the sync engine sends them) or
``needs_attention`` (the server answered conflict or rejected: kept with the result, never
re-sent automatically, shown to the agent). Answered entries are deleted.

All functions run in the caller's transaction; enqueue belongs in a ``write(fn)`` with
``durable=True``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_jsonable_python
from sqlalchemy import Connection, delete, func, insert, select, update

from agentdesk.cache.changed import note_rows_where
from agentdesk.cache.errors import CacheError, OutboxEntryNotFound
from agentdesk.cache.records import upsert_interactions, upsert_tasks
from agentdesk.cache.schema import interactions, meta, outbox, tasks, tickets
from agentdesk.cache.tickets import find_ticket_row, refresh_ticket, upsert_tickets
from agentdesk.contract import ids
from agentdesk.contract.interactions import Interaction
from agentdesk.contract.sync import (
    FieldConflict,
    Mutation,
    MutationKind,
    MutationResult,
    ResultStatus,
    Task,
    TicketRecord,
)

__all__ = [
    "OutboxProblem",
    "discard",
    "enqueue",
    "needing_attention",
    "pending",
    "record_results",
    "requeue",
    "waiting_count",
]

PENDING = "pending"
NEEDS_ATTENTION = "needs_attention"
_SEQ_KEY = "outbox.next_seq"
_CREATED_ROWS = {
    MutationKind.INTERACTION_CREATE: interactions,
    MutationKind.TICKET_CREATE: tickets,
    MutationKind.TASK_CREATE: tasks,
}


class OutboxProblem(BaseModel):
    """An entry the server did not accept: what the agent must see to resolve it."""

    idempotency_key: str
    seq: int
    kind: MutationKind
    entity_id: str
    status: ResultStatus  # conflict | rejected
    problem: str  # the server's own words (detail, else title); ui/ may map problem_code
    problem_code: str | None = None
    fields: list[str] = []  # the fields the server refused (a rejection naming them)
    conflicts: list[FieldConflict] = []  # field by field: base / mine / theirs
    payload: dict[str, Any]
    current: dict[str, Any] | None = None  # the server's record now, when it sent it
    made_at: datetime


def _next_seq(conn: Connection) -> int:
    value = conn.execute(select(meta.c.value).where(meta.c.key == _SEQ_KEY)).scalar_one_or_none()
    seq = int(value) if value is not None else 1
    if value is None:
        conn.execute(insert(meta).values(key=_SEQ_KEY, value=str(seq + 1)))
    else:
        conn.execute(update(meta).where(meta.c.key == _SEQ_KEY).values(value=str(seq + 1)))
    return seq


def _mutation(row: Any) -> Mutation:
    return Mutation(
        seq=row.seq,
        idempotency_key=row.idempotency_key,
        kind=MutationKind(row.kind),
        entity_id=row.entity_id,
        base_version=row.base_version,
        payload=json.loads(row.payload),
        made_at=row.made_at,
    )


def enqueue(
    conn: Connection,
    kind: MutationKind,
    entity_id: str,
    payload: BaseModel | Mapping[str, Any],
    base_version: int | None = None,
    *,
    now: datetime,
) -> Mutation:
    """Add a mutation with the next seq and a new idempotency key (contract.ids)."""
    data = (
        payload.model_dump(mode="json")
        if isinstance(payload, BaseModel)
        else to_jsonable_python(dict(payload))
    )
    mutation = Mutation(
        seq=_next_seq(conn),
        idempotency_key=ids.new_id(),
        kind=kind,
        entity_id=entity_id,
        base_version=base_version,
        payload=data,
        made_at=now,
    )
    conn.execute(
        insert(outbox).values(
            seq=mutation.seq,
            idempotency_key=mutation.idempotency_key,
            kind=kind.value,
            entity_id=entity_id,
            base_version=base_version,
            payload=json.dumps(data, ensure_ascii=False),
            made_at=now,
            state=PENDING,
        )
    )
    return mutation


def pending(conn: Connection, limit: int = 500, *, after_seq: int = 0) -> list[Mutation]:
    """The next entries to send, by seq, from after ``after_seq`` (entries needing attention
    are not re-sent)."""
    query = (
        select(outbox)
        .where(outbox.c.state == PENDING, outbox.c.seq > after_seq)
        .order_by(outbox.c.seq)
        .limit(limit)
    )
    return [_mutation(row) for row in conn.execute(query)]


def waiting_count(conn: Connection) -> int:
    """Changes not yet on the server: pending plus needing attention (the status bar count).
    The views of cached 360s queued for the audit trail are sent like changes but are not the
    agent's changes: they are not counted."""
    query = (
        select(func.count())
        .select_from(outbox)
        .where(outbox.c.kind != MutationKind.CUSTOMER_VIEW.value)
    )
    return int(conn.execute(query).scalar_one())


def _entry(conn: Connection, key: str) -> Any:
    return conn.execute(select(outbox).where(outbox.c.idempotency_key == key)).one_or_none()


def _ticket_row(conn: Connection, entity_id: str) -> Any:
    if entity_id.isdigit():
        row = find_ticket_row(conn, server_id=int(entity_id))
        if row is not None:
            return row
    return find_ticket_row(conn, client_id=entity_id)


def _link_created(conn: Connection, entry: Any, result: MutationResult) -> None:
    """The server has the record a create made here: give the local row its server id."""
    kind = MutationKind(entry.kind)
    if kind not in _CREATED_ROWS:
        return  # a service request: no row here waits for it
    if result.record is not None:
        # The server's record names the row by our client id (the create's entity id).
        record = {**result.record, "client_id": result.record.get("client_id") or entry.entity_id}
        if kind is MutationKind.INTERACTION_CREATE:
            upsert_interactions(conn, [Interaction.model_validate(record)])
        elif kind is MutationKind.TICKET_CREATE:
            upsert_tickets(conn, [TicketRecord.model_validate(record)])
        else:
            upsert_tasks(conn, [Task.model_validate(record)])
        return
    if result.entity_id is None:
        return
    if kind is MutationKind.TICKET_CREATE:
        row = find_ticket_row(conn, client_id=entry.entity_id)
        if row is not None:
            base = {**json.loads(row.base_record), "id": result.entity_id}
            _rebase_ticket(conn, row, base, version=result.version, server_id=result.entity_id)
        return
    table = _CREATED_ROWS[kind]
    values: dict[str, Any] = {"server_id": result.entity_id}
    if result.version is not None and "version" in table.c:
        values["version"] = result.version
    where = table.c.client_id == entry.entity_id
    conn.execute(update(table).where(where).values(**values))
    note_rows_where(conn, table, where)


def _link_update(conn: Connection, entry: Any, result: MutationResult) -> None:
    """A ticket edit is applied: the server's record (or the base plus these changes, at the
    version the server gave) becomes the new base; unsent later edits stay laid over it."""
    row = _ticket_row(conn, entry.entity_id)
    if row is None:
        return
    if result.record is not None:
        record = {**result.record, "client_id": result.record.get("client_id") or row.client_id}
        upsert_tickets(conn, [TicketRecord.model_validate(record)])
        return
    base = json.loads(row.base_record)
    base.update(json.loads(entry.payload).get("changes", {}))
    _rebase_ticket(conn, row, base, version=result.version)


def _rebase_ticket(
    conn: Connection, row: Any, base: dict[str, Any], *, version: int | None, **columns: Any
) -> None:
    if version is not None:
        base["version"] = version
        columns["version"] = version
    columns["base_record"] = json.dumps(base, ensure_ascii=False)
    conn.execute(update(tickets).where(tickets.c.local_id == row.local_id).values(**columns))
    refresh_ticket(conn, row.local_id)


def record_results(conn: Connection, results: Iterable[MutationResult]) -> None:
    """Apply the server's answers to a push.

    applied / duplicate: the entry is done (deleted) and the local row it made or changed gets
    the server's id, version and record. conflict / rejected: the entry is kept with the result
    as ``needs_attention`` and not re-sent; for a ticket, the server's current record becomes
    the base (the agent's edit stays visible over it until resolved). Results for entries that
    are gone (answered before) are ignored.
    """
    results = list(results)
    keys = [result.idempotency_key for result in results]
    entries = {
        row.idempotency_key: row
        for row in conn.execute(select(outbox).where(outbox.c.idempotency_key.in_(keys)))
    }
    # Wrap-ups are most of any queue: their entries go and their rows are linked in two
    # statements for the whole batch, not a few per entry.
    finished: list[int] = []
    wrap_ups: list[Interaction] = []
    for result in results:
        entry = entries.get(result.idempotency_key)
        if entry is None:
            continue
        kind = MutationKind(entry.kind)
        done = result.status in (ResultStatus.APPLIED, ResultStatus.DUPLICATE)
        if done and kind is MutationKind.INTERACTION_CREATE and result.record is not None:
            finished.append(entry.seq)
            client_id = result.record.get("client_id") or entry.entity_id
            wrap_ups.append(Interaction.model_validate({**result.record, "client_id": client_id}))
            continue
        if done:
            conn.execute(delete(outbox).where(outbox.c.seq == entry.seq))
            if kind is MutationKind.TICKET_UPDATE:
                _link_update(conn, entry, result)
            elif kind is MutationKind.TASK_UPDATE:
                if result.record is not None:
                    upsert_tasks(conn, [Task.model_validate(result.record)])
            else:
                _link_created(conn, entry, result)
            continue
        conn.execute(
            update(outbox)
            .where(outbox.c.seq == entry.seq)
            .values(state=NEEDS_ATTENTION, result=result.model_dump_json())
        )
        current = result.record or (result.problem.current if result.problem else None)
        if current and kind in (MutationKind.TICKET_UPDATE, MutationKind.TICKET_CREATE):
            row = _ticket_row(conn, entry.entity_id)
            if row is not None and row.server_id is not None:
                record = {**current, "client_id": current.get("client_id") or row.client_id}
                upsert_tickets(conn, [TicketRecord.model_validate(record)])
    if finished:
        conn.execute(delete(outbox).where(outbox.c.seq.in_(finished)))
        upsert_interactions(conn, wrap_ups)


def needing_attention(conn: Connection) -> list[OutboxProblem]:
    query = select(outbox).where(outbox.c.state == NEEDS_ATTENTION).order_by(outbox.c.seq)
    problems = []
    for row in conn.execute(query):
        result = MutationResult.model_validate_json(row.result)
        problem = result.problem
        problems.append(
            OutboxProblem(
                idempotency_key=row.idempotency_key,
                seq=row.seq,
                kind=MutationKind(row.kind),
                entity_id=row.entity_id,
                status=result.status,
                problem=(problem.detail or problem.title) if problem else str(result.status),
                problem_code=problem.code if problem else None,
                fields=[e.field for e in (problem.errors or [])] if problem else [],
                conflicts=result.conflicts,
                payload=json.loads(row.payload),
                current=result.record or (problem.current if problem else None),
                made_at=row.made_at,
            )
        )
    return problems


def _forget_local_create(conn: Connection, kind: MutationKind, client_id: str) -> None:
    """The agent dropped a create the server never took: remove the row it made here, and
    any later edits of it (they could never apply)."""
    table = _CREATED_ROWS[kind]
    where = (table.c.client_id == client_id, table.c.server_id.is_(None))
    note_rows_where(conn, table, *where, deleted=True)
    conn.execute(delete(table).where(*where))
    conn.execute(delete(outbox).where(outbox.c.entity_id == client_id))


def discard(conn: Connection, key: str) -> None:
    """The agent gives up a change that needs attention: the entry goes, and so does its local
    effect (a ticket shows the server's values again; a create's local row is removed)."""
    entry = _entry(conn, key)
    if entry is None:
        raise OutboxEntryNotFound("no such outbox entry", key=key)
    if entry.state != NEEDS_ATTENTION:
        raise CacheError("only an entry that needs attention can be discarded", key=key)
    kind = MutationKind(entry.kind)
    conn.execute(delete(outbox).where(outbox.c.seq == entry.seq))
    if kind is MutationKind.TICKET_UPDATE:
        row = _ticket_row(conn, entry.entity_id)
        if row is not None:
            refresh_ticket(conn, row.local_id)
    elif kind in _CREATED_ROWS:
        _forget_local_create(conn, kind, entry.entity_id)
    elif kind is MutationKind.TASK_UPDATE:
        # The task shows the server's record again, when the refusal sent it.
        result = MutationResult.model_validate_json(entry.result)
        current = result.record or (result.problem.current if result.problem else None)
        if current:
            upsert_tasks(conn, [Task.model_validate(current)])


def requeue(
    conn: Connection,
    key: str,
    payload: BaseModel | Mapping[str, Any] | None = None,
    base_version: int | None = None,
    *,
    now: datetime | None = None,
) -> Mutation:
    """The agent's resolution of an entry that needs attention: send it again, possibly changed
    (e.g. a TicketPatch with the merged values and the server's current version as base).

    The new entry gets a NEW idempotency key and the NEXT seq, never the old ones: the server
    stored its first answer under the old key and returns it unchanged to any replay (so the
    same conflict would come back forever), a key reused with another payload is a 422 for the
    whole push, and seqs only go up. The old entry is removed in the same transaction, so the
    change is never twice in the queue. ``payload``/``base_version`` default to the old ones;
    ``now`` (the new ``made_at``) defaults to the old entry's time.
    """
    entry = _entry(conn, key)
    if entry is None:
        raise OutboxEntryNotFound("no such outbox entry", key=key)
    if entry.state != NEEDS_ATTENTION:
        # A pending entry may be on the wire right now: a second key would apply it twice.
        raise CacheError("only an entry that needs attention can be re-sent", key=key)
    conn.execute(delete(outbox).where(outbox.c.seq == entry.seq))
    mutation = enqueue(
        conn,
        MutationKind(entry.kind),
        entry.entity_id,
        payload if payload is not None else json.loads(entry.payload),
        base_version if base_version is not None else entry.base_version,
        now=now or entry.made_at,
    )
    if mutation.kind is MutationKind.TICKET_UPDATE:
        row = _ticket_row(conn, entry.entity_id)
        if row is not None:
            refresh_ticket(conn, row.local_id)
    return mutation
