"""Bulk load: a pull with more changes than the cache holds customers writes rows first and
builds the customer indexes once, at the end.

Kept up to date row by row, the customers' five search indexes, the phone key and the two FTS5
tables cost about seven times the insert itself: every row lands on random B-tree pages, each
of which is encrypted again at every commit. An initial sync (or a pull after a long time
away) instead:

1. :func:`begin`: drops the customers' secondary indexes and sets the ``bulk_load`` flag, in
   one transaction, and has the writer checkpoint its write-ahead log less often;
2. applies its pages with ``apply_changes(..., bulk=True)``: customers go to their two tables,
   and their search tokens, made with the rows, wait in bulk_search_tokens
   (customers.put_customers);
3. runs :data:`FINISH_STEPS`, one transaction each: the phone key, the name search (from the
   waiting tokens), the phone digits search (each rebuilt whole from the customers table) and
   the indexes; the last step clears the flag and checkpoints as before.

The flag makes it crash-safe: a cache left half-way is finished by the next pull, which also
finishes when it fails (the engine runs the steps in a ``finally``), so search never stays on
full scans. While the load runs, a customer is found by id; phone and name search find only
customers cached before it (the screen-pop asks the backend on a cache miss).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, select
from sqlalchemy import text as sql

from agentdesk.cache.driver import driver_of
from agentdesk.cache.schema import bulk_search_tokens, customer_phones, customers
from agentdesk.cache.search_index import search_tokens
from agentdesk.cache.sync_state import get_value, set_value

__all__ = ["FINISH_STEPS", "MIN_CHANGES", "begin", "in_progress", "worth_it"]

FLAG_KEY = "bulk_load"
# Below this many changes the row-by-row upsert is quick enough, and rebuilding the indexes of
# a large cache would cost more than it saves.
MIN_CHANGES = 20_000
# A commit checkpoints once the write-ahead log passes this many pages (SQLite's default at
# other times, 1,000: 4 MB). A load commits ~10 MB every eight pages of 1,000 customers, so
# each commit copied its pages into the file and synced it, with the writer waiting; every
# 64 MB, the writes took 7% less time (160 pages of the 1M backend, 3 runs each).
BULK_AUTOCHECKPOINT_PAGES = 16_384
AUTOCHECKPOINT_PAGES = 1_000


def in_progress(conn: Connection) -> bool:
    return get_value(conn, FLAG_KEY) is not None


def worth_it(conn: Connection, changes: int, *, minimum: int = MIN_CHANGES) -> bool:
    """Whether ``changes`` waiting to be pulled call for a bulk load: at least ``minimum``, and
    more than the customers already cached (whose indexes the load rebuilds)."""
    if changes < minimum:
        return False
    cached = conn.execute(select(customers.c.id).limit(1).offset(changes)).first()
    return cached is None


def begin(conn: Connection) -> None:
    for index in customers.indexes:
        index.drop(conn, checkfirst=True)
    set_value(conn, FLAG_KEY, "1")
    _checkpoint_every(conn, BULK_AUTOCHECKPOINT_PAGES)


def _checkpoint_every(conn: Connection, pages: int) -> None:
    # The writer connection's own setting: a load a crash cut short resumes with the default.
    driver_of(conn).execute(f"PRAGMA wal_autocheckpoint = {pages:d}")


def _rebuild_phones(conn: Connection) -> None:
    conn.execute(customer_phones.delete())
    for index in customer_phones.indexes:
        index.drop(conn, checkfirst=True)
    # In key order: the WITHOUT ROWID table is then written as an append.
    conn.execute(
        sql(
            "INSERT INTO customer_phones (e164, customer_id) "
            "SELECT DISTINCT phone.value, customers.id "
            "FROM customers, json_each(customers.phones) AS phone ORDER BY 1, 2"
        )
    )
    for index in customer_phones.indexes:
        index.create(conn)


def _rebuild_name_search(conn: Connection) -> None:
    # The tokens the pages came with; a customer without them (cached before the load, or
    # replaced by an on-demand fetch since) has them made here.
    driver = driver_of(conn)
    driver.create_function("agentdesk_search_tokens", 3, search_tokens, deterministic=True)
    conn.execute(sql("INSERT INTO customer_search (customer_search) VALUES ('delete-all')"))
    conn.execute(
        sql(
            "INSERT INTO customer_search (rowid, tokens) "
            "SELECT c.id, coalesce(t.tokens, "
            "agentdesk_search_tokens(c.name, c.name_pinyin, c.name_initials)) "
            "FROM customers AS c LEFT JOIN bulk_search_tokens AS t "
            "ON t.id = c.id AND t.version = c.version"
        )
    )
    conn.execute(bulk_search_tokens.delete())


def _rebuild_phone_digits(conn: Connection) -> None:
    # search_index.phone_digits in SQL: each number without its +, space-separated.
    conn.execute(
        sql("INSERT INTO customer_phone_digits (customer_phone_digits) VALUES ('delete-all')")
    )
    conn.execute(
        sql(
            "INSERT INTO customer_phone_digits (rowid, digits) "
            "SELECT customer_id, group_concat(ltrim(e164, '+'), ' ') "
            "FROM customer_phones GROUP BY customer_id"
        )
    )


def _index_customers(conn: Connection) -> None:
    for index in customers.indexes:
        index.create(conn, checkfirst=True)
    set_value(conn, FLAG_KEY, None)
    _checkpoint_every(conn, AUTOCHECKPOINT_PAGES)


FINISH_STEPS: list[Callable[[Connection], None]] = [
    _rebuild_phones,
    _rebuild_name_search,
    _rebuild_phone_digits,
    _index_customers,
]
