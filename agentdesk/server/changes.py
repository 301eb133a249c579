"""Every write to a synced record is stamped with the change sequence and lands in the feed.

The sequence itself, its lock and the high-water mark are ``sequence.py``'s; this module
enforces the rule where it cannot be forgotten: :func:`install` hooks the session factory so
that every flush stamps new and changed customers, tickets, interactions and tasks (and the
customer of a changed phone or holding, or of a new or re-statused ticket, whose open-complaint
alert depends on it), records deletions as tombstones, and every commit that stamped anything
writes the feed entries of what it stamped (``sync_feed.py``, whatever wrote the rows: the ORM
or a Core insert with ``sequence.reserve``d sequences) and appends a ``sync.changes`` event to
the event log. The demo seeder, the only writer of a database it fills, numbers rows itself and
builds their feed entries in one step once they are all in (``feed_build.build``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.contract.sync import EventKind, SyncEntity
from agentdesk.domain.clock import Clock
from agentdesk.server import models, sequence, sync_feed

__all__ = ["install"]

ENTITIES: dict[type[Any], SyncEntity] = {
    models.Customer: SyncEntity.CUSTOMER,
    models.Ticket: SyncEntity.TICKET,
    models.Interaction: SyncEntity.INTERACTION,
    models.Task: SyncEntity.TASK,
    models.FlowVersion: SyncEntity.FLOW,
}
# Parts of a customer record as synced: changing one re-stamps the customer.
CUSTOMER_PARTS: tuple[type[Any], ...] = (
    models.CustomerPhone,
    models.Account,
    models.Card,
    models.Loan,
    models.WealthHolding,
)


def _tombstones(session: Session, deleted: list[tuple[SyncEntity, int]]) -> None:
    if not deleted:
        return
    first = sequence.reserve(session, len(deleted), [models.SyncTombstone.__tablename__])
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
        sequence.stamp(session, *to_stamp.values())
    _tombstones(session, deleted)


def _status_changed(ticket: models.Ticket) -> bool:
    history = inspect(ticket).attrs.status.history
    return bool(history.added or history.deleted)


def _before_commit(session: Session, clock: Clock) -> None:
    # Commit's own flush runs after this hook: flush now so every stamp of the transaction is
    # known, write the feed entries of the records it stamped, then log one "pull now" event
    # with the highest sequence, atomically with them.
    session.flush()
    stamped = sequence.taken(session)
    if stamped is not None:
        high = stamped.high
        sync_feed.refresh(session, stamped.low, high, stamped.tables)
        sequence.lock_events(session)
        row = models.EventLog(
            kind=EventKind.CHANGES.value, data={"seq": high}, at=clock(), audience="all"
        )
        session.add(row)
        sequence.mark_events_published(session, row)


def _forget_after_rollback(session: Session, *_args: Any) -> None:
    if session.in_transaction():
        # A savepoint rolled back (a rejected mutation of a push batch): the transaction goes
        # on, with its lock and the sequences it took before the savepoint.
        return
    sequence.forget(session)
    sequence.published_event_id(session)  # nothing was published: forget the rows


def install(
    factory: sessionmaker[Session],
    on_events: Callable[[int], None] | None = None,
    *,
    clock: Clock,
) -> None:
    """Hook a session factory so that every write it makes is stamped (see the module doc);
    after a commit that logged events, ``on_events`` gets the highest event id (the broker's
    doorbell: it runs after the commit, never inside the transaction). ``clock`` times the
    ``sync.changes`` events (the server's clock)."""

    def before_commit(session: Session) -> None:
        _before_commit(session, clock)

    def after_commit(session: Session) -> None:
        if session.in_nested_transaction():
            # A savepoint's commit (each mutation of a push): the transaction goes on with
            # its lock, and the broker is rung once it commits. Ringing now took a second
            # connection while the lock was held, and with every other request waiting on the
            # lock and the pool empty, nothing moved until the pool's timeout.
            return
        sequence.forget(session)
        event_id = sequence.published_event_id(session)
        if event_id is not None and on_events is not None:
            on_events(event_id)

    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "before_commit", before_commit)
    event.listen(factory, "after_commit", after_commit)
    event.listen(factory, "after_rollback", _forget_after_rollback)
    event.listen(factory, "after_soft_rollback", _forget_after_rollback)
