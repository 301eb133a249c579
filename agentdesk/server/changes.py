"""The server-wide change sequence: every write to a synced record stamps ``change_seq``.

A workstation pulls ``GET /sync/changes?since=N`` and stores the page's cursor; it must never
later meet a commit with a sequence at or below a cursor it has stored, or it would miss that
change for good. Handing out numbers from a counter is not enough on its own: two transactions
that take 10 and 11 may commit 11 first, and a reader that pulls 11 then skips 10. So sequences
are assigned inside the writing transaction under a lock that is held until its commit:

* PostgreSQL: ``pg_advisory_xact_lock(LOCK_KEY)`` (released by COMMIT/ROLLBACK). Writers that
  stamp queue on it, so they take sequences and commit in the same order. (The counter row's
  own row lock would serialise them too; the advisory lock states the rule outright and keeps
  it if the counter ever moves to a SEQUENCE.)
* SQLite serialises writers already; ``lock`` starts the write transaction at once (a no-op
  UPDATE takes the database's write lock) so that what the caller reads next is not stale.

The counter (``sync_counter``, one row) is transactional, so its committed value is a high-water
mark: every sequence at or below it belongs to a committed record. The change feed reads it
first and serves only records at or below it.

The rule is enforced where it cannot be forgotten: :func:`install` hooks the session factory so
that every flush stamps new and changed customers, tickets, interactions and tasks (and the
customer of a changed phone or holding, or of a new or re-statused ticket, whose open-complaint
alert depends on it), records deletions as tombstones, and every commit that stamped anything
writes the feed entries of what it stamped (``sync_feed.py``, whatever wrote the rows: the ORM
or a Core insert with :func:`reserve`d sequences) and appends a ``sync.changes`` event to the
event log. :func:`stamp` is the one function that hands out sequences; Core bulk writers
reserve a range with :func:`reserve`. The demo seeder, the only writer of a database it fills,
numbers rows itself and writes their feed entries with ``sync_feed.refresh``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, event, func, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.contract.sync import EventKind, SyncEntity
from agentdesk.server import models
from agentdesk.server.clock import utcnow

__all__ = [
    "LOCK_KEY",
    "high_water",
    "install",
    "lock",
    "mark_events_published",
    "published_event_id",
    "reserve",
    "set_counter",
    "stamp",
]

# Any 64-bit number unique to this purpose among the advisory locks of the database.
LOCK_KEY = 0x4147_4E54_5359_4E43  # "AGNTSYNC"

ENTITIES: dict[type[Any], SyncEntity] = {
    models.Customer: SyncEntity.CUSTOMER,
    models.Ticket: SyncEntity.TICKET,
    models.Interaction: SyncEntity.INTERACTION,
    models.Task: SyncEntity.TASK,
}
# Parts of a customer record as synced: changing one re-stamps the customer.
CUSTOMER_PARTS: tuple[type[Any], ...] = (
    models.CustomerPhone,
    models.Account,
    models.Card,
    models.Loan,
    models.WealthHolding,
)

_COUNTER = models.SyncCounter.__table__
_LOCKED = "agentdesk.sync.locked"  # the transaction that holds the lock
_HIGH = "agentdesk.sync.high_seq"  # highest sequence stamped in this transaction
_LOW = "agentdesk.sync.low_seq"  # lowest sequence taken in this transaction
EVENTS_PENDING = "agentdesk.sync.events"  # event rows added in this transaction: ring after it


def lock(session: Session) -> None:
    """Hold the change lock until this transaction ends (idempotent within a transaction).

    Write paths call it first, before they read what they will change, so their reads and
    writes are not interleaved with another writer's.
    """
    session.connection()  # begins the transaction if none is open
    transaction = session.get_transaction()
    if session.info.get(_LOCKED) is transaction:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_advisory_lock())
    else:
        # pysqlite begins a transaction only before a write: make one so the write lock is ours.
        session.execute(update(_COUNTER).where(_COUNTER.c.id == 1).values(id=1))
    session.info[_LOCKED] = transaction


def _advisory_lock() -> Any:
    return select(func.pg_advisory_xact_lock(LOCK_KEY))


def _take(session: Session, count: int) -> int:
    """Reserve ``count`` sequences under the lock; returns the first."""
    lock(session)
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


def reserve(session: Session, count: int) -> int:
    """Reserve ``count`` sequences for rows written without the ORM (bulk inserts); returns
    the first. The commit logs the "pull now" event for them like for any stamped write."""
    return _take(session, count)


def stamp(session: Session, *records: Any) -> int:
    """Give each record the next change sequence (in the order given); returns the highest.

    Called by the flush hook for every write; a caller may stamp explicitly too (a record it
    wants re-sent without changing it).
    """
    if not records:
        return int(session.info.get(_HIGH) or 0)
    first = _take(session, len(records))
    for offset, record in enumerate(records):
        record.change_seq = first + offset
    return first + len(records) - 1


def _tombstones(session: Session, deleted: list[tuple[SyncEntity, int]]) -> None:
    if not deleted:
        return
    first = _take(session, len(deleted))
    for offset, (entity, entity_id) in enumerate(deleted):
        session.add(
            models.SyncTombstone(seq=first + offset, entity=entity.value, entity_id=entity_id)
        )


def _changed(session: Session, obj: Any) -> bool:
    return session.is_modified(obj, include_collections=False)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    to_stamp: dict[int, Any] = {}  # id(obj) → obj, in first-seen order
    customer_ids: set[int] = set()

    def add(obj: Any) -> None:
        to_stamp.setdefault(id(obj), obj)

    for obj in list(session.new):
        if type(obj) in ENTITIES:
            add(obj)
            if isinstance(obj, models.Ticket) and obj.customer_id is not None:
                customer_ids.add(obj.customer_id)
        elif isinstance(obj, CUSTOMER_PARTS) and obj.customer_id is not None:
            customer_ids.add(obj.customer_id)
    for obj in list(session.dirty):
        if not _changed(session, obj):
            continue
        if type(obj) in ENTITIES:
            add(obj)
            if isinstance(obj, models.Ticket) and _status_changed(obj):
                customer_ids.add(obj.customer_id)
        elif isinstance(obj, CUSTOMER_PARTS):
            customer_ids.add(obj.customer_id)
    deleted: list[tuple[SyncEntity, int]] = []
    for obj in list(session.deleted):
        entity = ENTITIES.get(type(obj))
        if entity is not None and obj.id is not None:
            deleted.append((entity, obj.id))
        elif isinstance(obj, CUSTOMER_PARTS):
            customer_ids.add(obj.customer_id)
    for customer_id in sorted(customer_ids):
        customer = session.get(models.Customer, customer_id)
        if customer is not None and customer not in session.deleted:
            add(customer)
    if to_stamp:
        stamp(session, *to_stamp.values())
    _tombstones(session, deleted)


def _status_changed(ticket: models.Ticket) -> bool:
    history = inspect(ticket).attrs.status.history
    return bool(history.added or history.deleted)


def _before_commit(session: Session) -> None:
    # Commit's own flush runs after this hook: flush now so every stamp of the transaction is
    # known, write the feed entries of the records it stamped (every sequence from the first
    # it took to the highest is its own: the lock is held until the commit), then log one
    # "pull now" event with the highest sequence, atomically with them.
    from agentdesk.server import sync_feed  # it reads the counter through this module

    session.flush()
    high = session.info.pop(_HIGH, None)
    low = session.info.pop(_LOW, None)
    if high:
        sync_feed.refresh(session, int(low or high), int(high))
        row = models.EventLog(
            kind=EventKind.CHANGES.value, data={"seq": int(high)}, at=utcnow(), audience="all"
        )
        session.add(row)
        mark_events_published(session, row)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_LOCKED, None)
    session.info.pop(_HIGH, None)
    session.info.pop(_LOW, None)


def _forget_after_rollback(session: Session, *_args: Any) -> None:
    if session.in_transaction():
        # A savepoint rolled back (a rejected mutation of a push batch): the transaction goes
        # on, with its lock and the sequences it took before the savepoint.
        return
    _forget(session)
    session.info.pop(EVENTS_PENDING, None)


def mark_events_published(session: Session, row: models.EventLog) -> None:
    """``row`` was added to the event log in this transaction: the broker is rung after the
    commit with the highest id (see ``published_event_id``)."""
    session.info.setdefault(EVENTS_PENDING, []).append(row)


def published_event_id(session: Session) -> int | None:
    """After a commit: the highest event id it logged (and forget them), or None."""
    rows = session.info.pop(EVENTS_PENDING, None)
    ids = [row.id for row in rows or () if row.id is not None]
    return max(ids) if ids else None


def install(factory: sessionmaker[Session], on_events: Callable[[int], None] | None = None) -> None:
    """Hook a session factory so that every write it makes is stamped (see the module doc);
    after a commit that logged events, ``on_events`` gets the highest event id (the broker's
    doorbell: it runs after the commit, never inside the transaction)."""

    def after_commit(session: Session) -> None:
        _forget(session)
        event_id = published_event_id(session)
        if event_id is not None and on_events is not None:
            on_events(event_id)

    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_commit", after_commit)
    event.listen(factory, "after_rollback", _forget_after_rollback)
    event.listen(factory, "after_soft_rollback", _forget_after_rollback)


def high_water(bind: Session | Connection) -> int:
    """The highest change sequence committed (every record at or below it is visible)."""
    value = bind.execute(select(_COUNTER.c.last_seq).where(_COUNTER.c.id == 1)).scalar()
    return int(value or 0)


def set_counter(conn: Connection, last_seq: int) -> None:
    conn.execute(update(_COUNTER).where(_COUNTER.c.id == 1).values(last_seq=last_seq))


def entity_of(record: Any) -> SyncEntity | None:
    return ENTITIES.get(type(record))
