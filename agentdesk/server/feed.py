"""``GET /sync/changes``: one page of the records a caller may cache, in change-sequence order.

Fast enough for a first sync of a million customers: per page a handful of queries, none per
record (customers by sequence, then their phones, holdings and open complaints with
``customer_id IN (...)``; tickets, interactions, tasks and tombstones by sequence), and the
page is serialised straight to JSON from plain dicts, without building a pydantic model per
record (the dicts have the shape of ``ChangesPage``; the tests validate it).

Consistency: the committed high-water mark is read first and nothing above it is served (every
sequence at or below it belongs to a committed record, see ``changes.py``), so a page never
skips a record that commits later. A record written while the page is read reappears in a
later page with its new sequence.

Paging over several tables: each table is read up to ``limit`` rows above ``since``; when a
table fills its ``limit``, the page's upper bound drops to that table's last sequence (rows of
other tables beyond it belong to later pages), so the tables read after it only scan that
window. The rows are merged by sequence and cut at ``limit``. When the page is not full, its
cursor is the upper bound itself: the sequences in between belong to records outside the
caller's scope (another agent's task, an old interaction) or to none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from agentdesk.contract.sync import SyncEntity
from agentdesk.server import changes, customers, models
from agentdesk.server.tickets import ticket_record_fields

__all__ = ["ChangesQuery", "changes_page", "page_json", "task_fields"]

_CUSTOMERS: Table = models.Customer.__table__  # type: ignore[assignment]
_TICKETS: Table = models.Ticket.__table__  # type: ignore[assignment]
_INTERACTIONS: Table = models.Interaction.__table__  # type: ignore[assignment]
_TASKS: Table = models.Task.__table__  # type: ignore[assignment]
_TOMBSTONES: Table = models.SyncTombstone.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class ChangesQuery:
    since: int
    limit: int
    username: str  # tasks are the caller's own
    interactions_from: datetime  # interactions started before this are not synced


def task_fields(t: Any) -> dict[str, Any]:
    return {
        "id": t.id,
        "customer_id": t.customer_id,
        "kind": t.kind,
        "due_at": t.due_at,
        "owner": t.owner,
        "note": t.note,
        "done": t.done,
        "client_id": t.client_id,
        "version": t.version,
    }


def changes_page(session: Session, query: ChangesQuery) -> dict[str, Any]:
    """The page as plain data (the shape of ``ChangesPage``)."""
    since, limit = query.since, query.limit
    high_water = changes.high_water(session)
    upper = high_water
    # (sequence, entity, row) of every candidate, tables read in the order of their volume.
    found: list[tuple[int, str, Any]] = []

    def read(entity: str, table: Table, seq_column: Any, *where: Any) -> None:
        nonlocal upper
        rows = session.execute(
            select(table)
            .where(seq_column > since, seq_column <= upper, *where)
            .order_by(seq_column)
            .limit(limit)
        ).all()
        found.extend((int(getattr(row, seq_column.key)), entity, row) for row in rows)
        if len(rows) == limit:
            upper = min(upper, int(getattr(rows[-1], seq_column.key)))

    read(SyncEntity.CUSTOMER, _CUSTOMERS, _CUSTOMERS.c.change_seq)
    read(
        SyncEntity.INTERACTION,
        _INTERACTIONS,
        _INTERACTIONS.c.change_seq,
        _INTERACTIONS.c.started_at >= query.interactions_from,
    )
    read(SyncEntity.TICKET, _TICKETS, _TICKETS.c.change_seq)
    read(SyncEntity.TASK, _TASKS, _TASKS.c.change_seq, _TASKS.c.owner == query.username)
    read("deleted", _TOMBSTONES, _TOMBSTONES.c.seq)

    found = sorted((item for item in found if item[0] <= upper), key=lambda item: item[0])
    if len(found) > limit:
        found = found[:limit]
        cursor = found[-1][0]
    else:
        cursor = upper

    by_entity: dict[str, list[Any]] = {}
    for _seq, entity, row in found:
        by_entity.setdefault(entity, []).append(row)
    customer_rows = by_entity.get(SyncEntity.CUSTOMER, [])
    ids = [row.id for row in customer_rows]
    phones = customers.phones_of(session, ids)
    holdings = customers.holdings_fields(session, ids)
    complaining = customers.open_ticket_customers(session, ids)
    return {
        "cursor": cursor,
        "high_water": high_water,
        "has_more": cursor < high_water,
        "customers": [
            customers.customer_record_fields(
                row,
                phones=phones[row.id],
                holdings=holdings[row.id],
                has_open_ticket=row.id in complaining,
            )
            for row in customer_rows
        ],
        "tickets": [ticket_record_fields(row) for row in by_entity.get(SyncEntity.TICKET, [])],
        "interactions": [
            customers.interaction_fields(row) for row in by_entity.get(SyncEntity.INTERACTION, [])
        ],
        "tasks": [task_fields(row) for row in by_entity.get(SyncEntity.TASK, [])],
        "deleted": [
            {"entity": row.entity, "id": row.entity_id} for row in by_entity.get("deleted", [])
        ],
    }


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def page_json(page: dict[str, Any]) -> bytes:
    return json.dumps(
        page, default=_json_default, ensure_ascii=False, separators=(",", ":")
    ).encode()


def interactions_from(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)
