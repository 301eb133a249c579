"""The server-wide change sequence and its lock: the lowest layer every writer stands on.

A workstation pulls ``GET /sync/changes?since=N`` and stores the page's cursor; it must never
later meet a commit with a sequence at or below a cursor it has stored, or it would miss that
change for good. Handing out numbers from a counter is not enough on its own: two transactions
that take 10 and 11 may commit 11 first, and a reader that pulls 11 then skips 10. So sequences
are assigned inside the writing transaction under a lock that is held until its commit:

* PostgreSQL: ``pg_advisory_xact_lock(LOCK_KEY)`` (released by COMMIT/ROLLBACK). Writers that
  stamp queue on it, so they take sequences and commit in the same order. (The counter row's
  own row lock would serialise them too; the advisory lock states the rule outright and keeps
  it if the counter ever moves to a SEQUENCE.)
* SQLite serialises writers already; :func:`lock` starts the write transaction at once (a no-op
  UPDATE takes the database's write lock) so that what the caller reads next is not stale.

The counter (``sync_counter``, one row) is transactional, so its committed value is a high-water
mark: every sequence at or below it belongs to a committed record. The change feed reads it
first and serves only records at or below it.

This module also keeps what a transaction took (the lock, its lowest and highest sequence, the
event-log rows to ring the broker for) in ``session.info``, for the commit hooks of
``changes.py``. It imports no other module of the server but the models, so the feed
(``sync_feed``), the event log (``events``) and the change hooks (``changes``) all build on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Table, func, select, update
from sqlalchemy.orm import Session

from agentdesk.server import models

__all__ = [
    "EVENT_LOCK_KEY",
    "LOCK_KEY",
    "Taken",
    "forget",
    "high_water",
    "lock",
    "lock_events",
    "mark_events_published",
    "published_event_id",
    "reserve",
    "set_counter",
    "stamp",
    "taken",
]

# Any 64-bit numbers unique to their purpose among the advisory locks of the database.
LOCK_KEY = 0x4147_4E54_5359_4E43  # "AGNTSYNC"
EVENT_LOCK_KEY = 0x4147_4E54_4556_4E54  # "AGNTEVNT"

_COUNTER = cast(Table, models.SyncCounter.__table__)  # declared as a FromClause; it is a Table
_LOCKED = "agentdesk.sync.locked"  # the transaction that holds the lock
_HIGH = "agentdesk.sync.high_seq"  # highest sequence stamped in this transaction
_LOW = "agentdesk.sync.low_seq"  # lowest sequence taken in this transaction
_TABLES = "agentdesk.sync.tables"  # the tables of the rows that took them (None: unknown)
_EVENTS_PENDING = "agentdesk.sync.events"  # event rows added in this transaction: ring after it
# On the connection (the shared ACD's batch joins several sessions to one): the transaction
# that holds each lock.
_CHANGE_LOCK_HELD = "agentdesk.sync.change_lock"
_EVENT_LOCK_HELD = "agentdesk.sync.event_lock"


def lock(session: Session) -> None:
    """Hold the change lock until this transaction ends (idempotent within a transaction).

    Write paths call it first, before they read what they will change, so their reads and
    writes are not interleaved with another writer's. Never after :func:`lock_events` in the
    same transaction (a writer holding the event lock while waiting for the change lock, and
    one holding the change lock while waiting for the event lock, would wait for each other):
    that is a programming error, raised here before it can deadlock.
    """
    conn = session.connection()  # begins the transaction if none is open
    transaction = session.get_transaction()
    if session.info.get(_LOCKED) is transaction:
        return
    root = conn.get_transaction()
    if conn.dialect.name == "postgresql":
        if conn.info.get(_CHANGE_LOCK_HELD) is not root:
            if conn.info.get(_EVENT_LOCK_HELD) is root:
                raise RuntimeError("the change lock is taken before the event lock, never after")
            session.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))
            conn.info[_CHANGE_LOCK_HELD] = root
    else:
        # pysqlite begins a transaction only before a write: make one so the write lock is ours.
        session.execute(update(_COUNTER).where(_COUNTER.c.id == 1).values(id=1))
    session.info[_LOCKED] = transaction


def lock_events(session: Session) -> None:
    """Hold the event lock until this transaction ends (idempotent within a transaction): event
    ids then commit in id order (``events.py``). Apart from the change lock, so that a writer
    of events alone (the ACD's moves and figures) does not queue behind the record writers
    (pushes, ticket edits), who take it only as they log their events, near their commit.
    SQLite's one write lock is both."""
    conn = session.connection()
    root = conn.get_transaction()
    if conn.info.get(_EVENT_LOCK_HELD) is root:
        return
    if conn.dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(EVENT_LOCK_KEY)))
    else:
        lock(session)
    conn.info[_EVENT_LOCK_HELD] = root


def reserve(session: Session, count: int, tables: Iterable[str] | None = None) -> int:
    """Reserve ``count`` sequences under the lock; returns the first. Rows written without the
    ORM (bulk inserts) carry them; the commit writes their feed entries and logs the "pull now"
    event for them like for any stamped write. ``tables`` names the tables of those rows: the
    commit reads back only the tables named (None: every synced table; none: the caller
    writes the rows' feed entries itself, ``sync_feed.write``)."""
    lock(session)
    named = session.info.setdefault(_TABLES, set())
    named.update([None] if tables is None else tables)
    last = session.execute(
        update(_COUNTER)
        .where(_COUNTER.c.id == 1)
        .values(last_seq=_COUNTER.c.last_seq + count)
        .returning(_COUNTER.c.last_seq)
    ).scalar_one()
    first = int(last) - count + 1
    session.info[_HIGH] = max(int(session.info.get(_HIGH) or 0), int(last))
    session.info.setdefault(_LOW, first)
    return first


def stamp(session: Session, *records: Any) -> int:
    """Give each record the next change sequence (in the order given); returns the highest.

    Called by the flush hook for every write; a caller may stamp explicitly too (a record it
    wants re-sent without changing it).
    """
    if not records:
        return int(session.info.get(_HIGH) or 0)
    first = reserve(session, len(records), {record.__tablename__ for record in records})
    for offset, record in enumerate(records):
        record.change_seq = first + offset
    return first + len(records) - 1


class Taken(NamedTuple):
    """The sequences a transaction took: every one from ``low`` to ``high`` is its own (the
    lock is held until its commit), carried by rows of ``tables`` (None: any synced table)."""

    low: int
    high: int
    tables: frozenset[str] | None


def taken(session: Session) -> Taken | None:
    """The sequences this transaction took (and forget them), or None."""
    high = session.info.pop(_HIGH, None)
    low = session.info.pop(_LOW, None)
    named = session.info.pop(_TABLES, None)
    if not high:
        return None
    tables = None if named is None or None in named else frozenset(named)
    return Taken(int(low or high), int(high), tables)


def forget(session: Session) -> None:
    """The transaction ended: its lock and sequences are gone with it."""
    session.info.pop(_LOCKED, None)
    session.info.pop(_HIGH, None)
    session.info.pop(_LOW, None)
    session.info.pop(_TABLES, None)


def mark_events_published(session: Session, row: models.EventLog) -> None:
    """``row`` was added to the event log in this transaction: the broker is rung after the
    commit with the highest id (see :func:`published_event_id`)."""
    session.info.setdefault(_EVENTS_PENDING, []).append(row)


def published_event_id(session: Session) -> int | None:
    """After a commit: the highest event id it logged (and forget them), or None. After a
    rollback: None, and the rows are forgotten all the same."""
    rows = session.info.pop(_EVENTS_PENDING, None)
    ids = [row.id for row in rows or () if row.id is not None]
    return max(ids) if ids else None


def high_water(bind: Session | Connection) -> int:
    """The highest change sequence committed (every record at or below it is visible)."""
    value = bind.execute(select(_COUNTER.c.last_seq).where(_COUNTER.c.id == 1)).scalar()
    return int(value or 0)


def set_counter(conn: Connection, last_seq: int) -> None:
    """Move the counter to ``last_seq`` (a writer that numbered its rows itself: the seeder)."""
    conn.execute(update(_COUNTER).where(_COUNTER.c.id == 1).values(last_seq=last_seq))
