"""Complaint tickets in the cache, with unsent local edits laid over the server's record.

Each row keeps two records: ``base_record`` (the server's last record, or the one made here
for a ticket created offline) and ``record`` (what the agent sees: the base with the changes
of every unsent ``ticket.update`` outbox entry of this ticket applied in seq order). When the
server's record arrives (pull or push result) it becomes the base and the unsent edits are laid
over it again, so a pull never wipes out an edit the agent saw saved; when an entry is applied
or discarded, the view is rebuilt the same way (:func:`refresh_ticket`).

Same id scheme and transaction rule as records.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, or_, select, update

from agentdesk.cache.changed import note_rows, note_rows_where
from agentdesk.cache.records import insert_rows, split_by_match, update_matched
from agentdesk.cache.schema import outbox, tickets
from agentdesk.contract.sync import MutationKind, TicketRecord

__all__ = [
    "CachedTicket",
    "all_tickets",
    "find_ticket_row",
    "get_ticket",
    "get_ticket_by_local_id",
    "refresh_ticket",
    "ticket_entity_id",
    "tickets_for_customer",
    "upsert_tickets",
]


class CachedTicket(TicketRecord):
    local_id: int
    pending: bool = False  # made here and not yet on the server
    unsent_changes: bool = False  # edits waiting in the outbox (or needing attention)


def ticket_entity_id(row: Any) -> str:
    """The outbox entity id of a ticket: its server id, or its client id while it has none."""
    return str(row.server_id) if row.server_id is not None else str(row.client_id)


def _unsent_changes(conn: Connection, row: Any) -> list[dict[str, Any]]:
    """``changes`` of the ticket's unsent update entries, in seq order. An update made before
    the ticket had a server id names it by client id, so both ids are looked up."""
    names = [str(row.server_id)] if row.server_id is not None else []
    if row.client_id:
        names.append(row.client_id)
    if not names:
        return []
    query = (
        select(outbox.c.payload)
        .where(outbox.c.kind == MutationKind.TICKET_UPDATE.value, outbox.c.entity_id.in_(names))
        .order_by(outbox.c.seq)
    )
    return [json.loads(payload).get("changes", {}) for payload in conn.scalars(query)]


def _view(base: dict[str, Any], changes: list[dict[str, Any]]) -> TicketRecord:
    merged = dict(base)
    for change in changes:
        merged.update(change)
    return TicketRecord.model_validate(merged)


def _view_columns(record: TicketRecord) -> dict[str, Any]:
    return {
        "status": str(record.status),
        "due_at": record.due_at,
        "updated_at": record.updated_at,
        "record": record.model_dump_json(),
    }


def refresh_ticket(conn: Connection, local_id: int) -> None:
    """Rebuild the ticket's view from its base and its unsent edits."""
    row = conn.execute(select(tickets).where(tickets.c.local_id == local_id)).one_or_none()
    if row is None:
        return
    view = _view(json.loads(row.base_record), _unsent_changes(conn, row))
    where = tickets.c.local_id == local_id
    conn.execute(update(tickets).where(where).values(**_view_columns(view)))
    note_rows_where(conn, tickets, where)


def upsert_tickets(conn: Connection, records: Iterable[TicketRecord]) -> None:
    """Take the server's tickets as the new base of each row (matched by server id, else
    client id) and lay unsent local edits over them. An older version than cached is ignored."""
    rows = []
    for record in records:
        base = record.model_dump(mode="json")
        rows.append(
            {
                "server_id": record.id,
                "client_id": record.client_id,
                "customer_id": record.customer_id,
                "version": record.version,
                "base_record": json.dumps(base, ensure_ascii=False),
                **_view_columns(record),
            }
        )
    if not rows:
        return
    note_rows(conn, tickets, rows)
    inserts, updates = split_by_match(conn, tickets, rows)
    if inserts:
        insert_rows(conn, tickets, inserts)
    if not updates:
        return
    cached: dict[int, Any] = {}
    local_ids = [row["b_local_id"] for row in updates]
    for start in range(0, len(local_ids), 500):
        query = select(tickets.c.local_id, tickets.c.version, tickets.c.client_id).where(
            tickets.c.local_id.in_(local_ids[start : start + 500])
        )
        cached.update((row.local_id, row) for row in conn.execute(query))
    fresh = [row for row in updates if row["version"] >= cached[row["b_local_id"]].version]
    update_matched(conn, tickets, fresh)
    # Lay unsent edits over the new base; most pulls touch no edited ticket, so look first.
    query = select(outbox.c.entity_id).where(outbox.c.kind == MutationKind.TICKET_UPDATE.value)
    edited = set(conn.scalars(query))
    for row in fresh if edited else []:
        names = {str(row["server_id"]), row["client_id"], cached[row["b_local_id"]].client_id}
        if names & edited:
            refresh_ticket(conn, row["b_local_id"])


def find_ticket_row(
    conn: Connection, *, server_id: int | None = None, client_id: str | None = None
) -> Any:
    """The ticket row by server id or client id (either may name it), or None."""
    if server_id is None and client_id is None:
        raise ValueError("give server_id or client_id")
    clauses = []
    if server_id is not None:
        clauses.append(tickets.c.server_id == server_id)
    if client_id is not None:
        clauses.append(tickets.c.client_id == client_id)
    return conn.execute(select(tickets).where(or_(*clauses)).limit(1)).one_or_none()


def _cached(conn: Connection, row: Any) -> CachedTicket:
    record = TicketRecord.model_validate_json(row.record)
    ticket_id = row.server_id if row.server_id is not None else -row.local_id
    return CachedTicket(
        **{**record.model_dump(), "id": ticket_id},
        local_id=row.local_id,
        pending=row.server_id is None,
        unsent_changes=bool(_unsent_changes(conn, row)),
    )


def get_ticket(
    conn: Connection, server_id: int | None = None, client_id: str | None = None
) -> CachedTicket | None:
    row = find_ticket_row(conn, server_id=server_id, client_id=client_id)
    return None if row is None else _cached(conn, row)


def tickets_for_customer(
    conn: Connection, customer_id: int, *, open_only: bool = False
) -> list[CachedTicket]:
    """The customer's tickets, soonest deadline first."""
    query = select(tickets).where(tickets.c.customer_id == customer_id)
    if open_only:
        query = query.where(tickets.c.status.not_in(("resolved", "closed")))
    query = query.order_by(tickets.c.due_at, tickets.c.local_id)
    return [_cached(conn, row) for row in conn.execute(query)]


def get_ticket_by_local_id(conn: Connection, local_id: int) -> CachedTicket | None:
    """A ticket made here and not on the server yet is known by ``-local_id``."""
    row = conn.execute(select(tickets).where(tickets.c.local_id == local_id)).one_or_none()
    return None if row is None else _cached(conn, row)


def all_tickets(conn: Connection) -> list[CachedTicket]:
    """Every cached ticket, soonest deadline first: the sync feed brings only those this
    agent may see (their own, their team's), a few hundred at most."""
    query = select(tickets).order_by(tickets.c.due_at, tickets.c.local_id)
    return [_cached(conn, row) for row in conn.execute(query)]
