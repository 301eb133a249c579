"""What a write transaction changed, for the announcement that follows its commit.

``CacheStore.write`` gives each transaction a fresh :class:`ChangedRecords` (on the writer
connection's ``info``); the few functions that write customers, interactions, tickets and
tasks note there what they wrote or deleted, and once the commit has succeeded the store
announces it as one ``RecordsChanged``. A transaction that rolls back announces nothing.

The noting sits in the shared row writers (``records.py``, ``tickets.py``, ``customers.py``)
and in the few statements that write a row by hand (a row made here, a push result linking
it, a dropped create), so that the sync and the services cannot write a record unannounced.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.sql.elements import ColumnElement

from agentdesk.events import RecordKind, RecordsChanged

__all__ = [
    "ChangedRecords",
    "collecting",
    "note_customers",
    "note_rows",
    "note_rows_where",
    "note_written",
]

_KEY = "agentdesk.changed_records"
_KINDS = {
    "interactions": RecordKind.INTERACTION,
    "tickets": RecordKind.TICKET,
    "tasks": RecordKind.TASK,
}


class ChangedRecords:
    """Ids and customer ids of the records one transaction wrote or deleted, by kind."""

    def __init__(self) -> None:
        self._changed: dict[RecordKind, set[int]] = {}
        self._deleted: dict[RecordKind, set[int]] = {}
        self._customers: dict[RecordKind, set[int]] = {}

    def wrote(
        self, kind: RecordKind, ids: Iterable[int], customer_ids: Iterable[int | None]
    ) -> None:
        self._changed.setdefault(kind, set()).update(ids)
        self._note_customers(kind, customer_ids)

    def deleted(
        self, kind: RecordKind, ids: Iterable[int], customer_ids: Iterable[int | None]
    ) -> None:
        self._deleted.setdefault(kind, set()).update(ids)
        self._note_customers(kind, customer_ids)

    def _note_customers(self, kind: RecordKind, customer_ids: Iterable[int | None]) -> None:
        # An unknown caller's interaction has no customer until the server links it.
        found = {customer_id for customer_id in customer_ids if customer_id is not None}
        if found:
            self._customers.setdefault(kind, set()).update(found)

    def __bool__(self) -> bool:
        return any(self._changed.values()) or any(self._deleted.values())

    def event(self) -> RecordsChanged:
        def frozen(by_kind: dict[RecordKind, set[int]]) -> dict[RecordKind, frozenset[int]]:
            return {kind: frozenset(ids) for kind, ids in by_kind.items() if ids}

        return RecordsChanged(
            changed=frozen(self._changed),
            deleted=frozen(self._deleted),
            customers=frozen(self._customers),
        )


@contextmanager
def collecting(conn: Connection) -> Iterator[ChangedRecords]:
    """Collect what is written on ``conn`` until the block ends (``CacheStore.write``)."""
    changes = ChangedRecords()
    conn.info[_KEY] = changes
    try:
        yield changes
    finally:
        conn.info.pop(_KEY, None)


def _noted(conn: Connection) -> ChangedRecords:
    # Outside CacheStore.write (a migration), nothing is announced: a throwaway collects it.
    found = conn.info.get(_KEY)
    return found if isinstance(found, ChangedRecords) else ChangedRecords()


def note_customers(conn: Connection, ids: Iterable[int], *, deleted: bool = False) -> None:
    """Customer records written (or deleted) in this transaction."""
    ids = list(ids)
    noted = _noted(conn)
    if deleted:
        noted.deleted(RecordKind.CUSTOMER, ids, ids)
    else:
        noted.wrote(RecordKind.CUSTOMER, ids, ids)


def note_rows(conn: Connection, table: Table, rows: Iterable[Mapping[str, Any]]) -> None:
    """Rows of interactions, tickets or tasks written from the server's records (each with
    its ``server_id`` and ``customer_id``)."""
    rows = list(rows)
    note_written(conn, table, [row["server_id"] for row in rows], [r["customer_id"] for r in rows])


def note_written(
    conn: Connection, table: Table, ids: Iterable[int], customer_ids: Iterable[int | None]
) -> None:
    """:func:`note_rows` of rows given as their server ids and customer ids."""
    _noted(conn).wrote(_KINDS[table.name], ids, customer_ids)


def note_rows_where(
    conn: Connection, table: Table, *where: ColumnElement[bool], deleted: bool = False
) -> None:
    """The rows of ``table`` that ``where`` selects, as they are now: after writing them, or
    before deleting them (``deleted``). For the few rows a statement writes by hand."""
    query = select(table.c.local_id, table.c.server_id, table.c.customer_id).where(*where)
    rows = conn.execute(query).all()
    ids = [row.server_id if row.server_id is not None else -row.local_id for row in rows]
    customer_ids = [row.customer_id for row in rows]
    noted = _noted(conn)
    if deleted:
        noted.deleted(_KINDS[table.name], ids, customer_ids)
    else:
        noted.wrote(_KINDS[table.name], ids, customer_ids)
