"""Pull state: the changes cursor and small key/values (e.g. the last SSE event id).

:func:`apply_changes` writes a whole page and its cursor in the caller's transaction, so the
cursor moves only with the page it belongs to: a crash or an error half-way leaves both as they
were, and the next pull asks for the same page again. Run it inside
``CacheStore.write(fn, durable=False)`` (refilled data: a lost commit is fetched again).
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from agentdesk.cache.customers import delete_customers, put_customers, upsert_customers
from agentdesk.cache.flows import upsert_flow_versions
from agentdesk.cache.phone_index import forget_phones, put_phone_index
from agentdesk.cache.records import delete_by_server_ids, upsert_interactions, upsert_tasks
from agentdesk.cache.schema import interactions, sync_state, tasks, tickets
from agentdesk.cache.tickets import upsert_tickets
from agentdesk.contract.sync import CacheScope, ChangesPage, SyncEntity

__all__ = ["CURSOR_KEY", "apply_changes", "get_cursor", "get_value", "set_value"]

CURSOR_KEY = "changes.cursor"
HIGH_WATER_KEY = "changes.high_water"


def get_value(conn: Connection, key: str, default: str | None = None) -> str | None:
    found = conn.execute(select(sync_state.c.value).where(sync_state.c.key == key)).scalar()
    return default if found is None else str(found)


def set_value(conn: Connection, key: str, value: str | None) -> None:
    """Store ``value`` under ``key``; None removes the key."""
    if value is None:
        conn.execute(delete(sync_state).where(sync_state.c.key == key))
        return
    statement = sqlite_insert(sync_state).values(key=key, value=value)
    conn.execute(statement.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def get_cursor(conn: Connection) -> int:
    """The ``since`` of the next ``GET /sync/changes`` (0 before the first pull)."""
    return int(get_value(conn, CURSOR_KEY) or 0)


def apply_changes(
    conn: Connection,
    page: ChangesPage,
    *,
    bulk: bool = False,
    index_key: bytes = b"",
    move_cursor: bool = True,
) -> None:
    """Upsert every list of ``page``, remove its tombstoned rows, then store its cursor.
    ``bulk`` (during a bulk load, see bulk_load.py) writes customers without their index rows.
    A working-set page's phone index entries are written with ``index_key``
    (phone_index.py); a customer now held in full loses its index rows (its record's phones
    are the truth). ``move_cursor=False``: a page that is not the feed's (the working set's
    customers fetched on their own), or one followed by later pages of the feed in the same
    transaction (the last one moves the cursor).

    Tombstones go last: a page holds each record's latest state, so a record that is both
    listed and deleted in one page ends deleted. The cursor never moves backwards (a page
    replayed after a crash is applied again, harmlessly: upserts are idempotent).
    """
    if bulk:
        put_customers(conn, page.customers)
    else:
        upsert_customers(conn, page.customers)
    if page.scope is CacheScope.WORKING_SET:
        if page.customers:
            forget_phones(conn, [c.id for c in page.customers])
        if page.phone_index:
            if not index_key:
                raise ValueError("a phone index entry needs the cache's phone index key")
            put_phone_index(conn, index_key, page.phone_index)
    upsert_tickets(conn, page.tickets)
    upsert_interactions(conn, page.interactions)
    upsert_tasks(conn, page.tasks)
    upsert_flow_versions(conn, page.flows)
    gone: dict[SyncEntity, list[int]] = {}
    for tombstone in page.deleted:
        gone.setdefault(tombstone.entity, []).append(tombstone.id)
    if SyncEntity.CUSTOMER in gone:
        delete_customers(conn, gone[SyncEntity.CUSTOMER])
        forget_phones(conn, gone[SyncEntity.CUSTOMER])
    for entity, table in (
        (SyncEntity.INTERACTION, interactions),
        (SyncEntity.TICKET, tickets),
        (SyncEntity.TASK, tasks),
    ):
        if entity in gone:
            delete_by_server_ids(conn, table, gone[entity])
    if move_cursor:
        set_value(conn, CURSOR_KEY, str(max(get_cursor(conn), page.cursor)))
        set_value(conn, HIGH_WATER_KEY, str(page.high_water))
