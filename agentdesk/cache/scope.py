"""What a working-set cache holds: the customers the server names, and no one else.

The last page of a working-set pull names the working set (``ChangesPage.working_set``);
:func:`leave_scope` removes every cached customer outside it with what the cache holds about
them (record, phones, search entries, synced interactions, finished flow runs) and keeps only
their phone index rows, so a later pop still knows who calls. The store's ``secure_delete``
overwrites what was removed; ``CacheStore.scrub`` then empties the write-ahead log of older
copies. Tickets and tasks stay: they reach a desk by their own rules (whose they are).

Runs in the caller's transaction (inside ``CacheStore.write(fn)``).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, and_, delete, select
from sqlalchemy import text as sql

from agentdesk.cache.customers import customer_records_of, delete_customers
from agentdesk.cache.phone_index import put_phone_index
from agentdesk.cache.schema import bulk_search_tokens, customers, flow_runs, interactions
from agentdesk.cache.sync_state import CURSOR_KEY, get_value, set_value
from agentdesk.contract.sync import CacheScope, PhoneIndexEntry, scope_digest

__all__ = [
    "held_digest",
    "held_ids",
    "leave_scope",
    "stored_scope",
    "switch_scope",
]

SCOPE_KEY = "cache.scope"
_CHUNK = 500
# Merging every segment of a full-text index drops the entries of deleted rows, which
# otherwise stay in the index's pages until later merges.
_OPTIMIZE = ("customer_search", "customer_phone_digits")


def held_ids(conn: Connection) -> list[int]:
    """The ids of the customers the cache holds in full."""
    return [int(cid) for cid in conn.execute(select(customers.c.id)).scalars()]


def held_digest(conn: Connection) -> str:
    return scope_digest(held_ids(conn))


def stored_scope(conn: Connection) -> CacheScope | None:
    value = get_value(conn, SCOPE_KEY)
    return None if value is None else CacheScope(value)


def switch_scope(conn: Connection, scope: CacheScope, *, pull_again: bool = True) -> None:
    """Record that the cache now follows ``scope`` and (``pull_again``) pull everything again
    (the cursor back to 0): a cache filled for another scope holds too much or too little.
    An ``all`` cache needs no phone index."""
    set_value(conn, SCOPE_KEY, scope.value)
    if pull_again:
        set_value(conn, CURSOR_KEY, "0")
    if scope is CacheScope.ALL:
        conn.execute(sql("DELETE FROM phone_index"))


def leave_scope(conn: Connection, key: bytes, members: Collection[int]) -> list[int]:
    """Remove every cached customer outside ``members`` (see the module doc); returns their
    ids. Their numbers stay as phone index rows keyed with ``key``."""
    keep = set(members)
    gone = [cid for cid in held_ids(conn) if cid not in keep and cid > 0]
    if not gone:
        return []
    for start in range(0, len(gone), _CHUNK):
        chunk = gone[start : start + _CHUNK]
        records = customer_records_of(conn, chunk)
        put_phone_index(conn, key, [PhoneIndexEntry(id=r.id, phones=r.phones) for r in records])
        # Synced rows only: a wrap-up saved here and not sent yet stays until the server has it.
        conn.execute(
            delete(interactions).where(
                and_(interactions.c.customer_id.in_(chunk), interactions.c.server_id.is_not(None))
            )
        )
        conn.execute(
            delete(flow_runs).where(flow_runs.c.customer_id.in_(chunk), flow_runs.c.open.is_(False))
        )
        conn.execute(delete(bulk_search_tokens).where(bulk_search_tokens.c.id.in_(chunk)))
        delete_customers(conn, chunk)
    for table in _OPTIMIZE:
        conn.execute(sql(f"INSERT INTO {table}({table}) VALUES ('optimize')"))
    return gone
