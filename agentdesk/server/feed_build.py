"""The whole change feed in one pass: for a database just seeded, or upgraded to the feed.

``sync_feed.refresh`` writes the entries of what one transaction stamped, reading each record
back; a seed of a million customers written that way ran at a sixth of its speed.
:func:`build` writes the entries of every record at once into a feed that holds none yet:

* interactions and tickets, whose records are their own columns, with one ``INSERT … SELECT``
  each: the database writes their JSON (its ``json_object`` / ``json_build_object``), times
  as Python's ``isoformat`` writes them;
* customers, whose records are masked by the domain's rules and carry their phones and
  holdings, window by window of ids through the code ``refresh`` uses;
* tasks, published flow versions and deletions (few) through ``refresh``'s code too.

The entries are ``refresh``'s: the same JSON once parsed (PostgreSQL spaces its JSON, Python
does not), which a test checks on a seeded database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    DateTime,
    Engine,
    String,
    Table,
    Text,
    case,
    delete,
    func,
    insert,
    literal,
    null,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite

from agentdesk.contract.sync import SyncEntity
from agentdesk.server import models, sequence, sync_feed

__all__ = ["build", "ensure_built", "rebuild"]

log = logging.getLogger(__name__)

WINDOW = 20_000  # customers per step: bounded memory at any size
Progress = Callable[[int, int], None]

_TICKETS = cast(Table, models.Ticket.__table__)  # declared as a FromClause; it is a Table
_INTERACTIONS = cast(Table, models.Interaction.__table__)
_CUSTOMERS = cast(Table, models.Customer.__table__)
_TASKS = cast(Table, models.Task.__table__)
_TOMBSTONES = cast(Table, models.SyncTombstone.__table__)
_FLOWS = models.table_of(models.FlowVersion)
_FEED_COLUMNS = ["entity", "entity_id", "seq", "owner", "started_at", "body"]

# The records' fields, in their contract's order (records.ticket_record_fields,
# customers.interaction_fields); the times among them are written as isoformat does.
_TICKET_FIELDS = (
    "id", "reference", "customer_id", "category", "severity", "status", "summary",
    "opened_at", "due_at", "version", "channel", "description", "desired_outcome",
    "assignee", "team", "opened_by", "regime", "complaint_type", "regime_override_reason",
    "received_on", "parties", "call_id", "flow_run_id", "clock_events", "root_cause",
    "remediation", "resolution", "satisfaction", "notices", "client_id", "updated_at",
)  # fmt: skip
_INTERACTION_FIELDS = (
    "id", "customer_id", "channel", "started_at", "ended_at", "agent", "queue", "reason",
    "wrap_up_code", "notes", "ticket_id", "phone_e164", "client_id", "call_id", "offers",
)  # fmt: skip


def build(conn: Connection, progress: Progress | None = None) -> int:
    """Write the feed entry of every record into a feed that holds none (in the caller's
    transaction); returns how many. ``progress(done, total)`` counts customers."""
    written = _insert_select(conn, SyncEntity.INTERACTION, _INTERACTIONS, _INTERACTION_FIELDS)
    written += _insert_select(conn, SyncEntity.TICKET, _TICKETS, _TICKET_FIELDS)
    written += _customers(conn, progress)
    # Tasks and deletions (a seed has none) last: a deletion replaces an older entry.
    tasks = [
        sync_feed.task_entry(t)
        for t in conn.execute(select(_TASKS).where(_TASKS.c.change_seq.is_not(None)))
    ]
    tasks += [sync_feed.flow_entry(f) for f in conn.execute(select(_FLOWS))]
    if tasks:
        conn.execute(insert(sync_feed.FEED), [entry.row() for entry in tasks])
    stones = _tombstones(conn)
    if stones:
        _upsert_newer(conn, [entry.row() for entry in stones.values()])
    return written + len(tasks) + len(stones)


def rebuild(conn: Connection, progress: Progress | None = None) -> int:
    """Empty the feed and build it again from the records (in the caller's transaction)."""
    conn.execute(delete(sync_feed.FEED))
    return build(conn, progress)


def ensure_built(engine: Engine) -> None:
    """Build the feed if this database hands out sequences but has no feed yet."""
    with engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(sync_feed.FEED)).scalar_one():
            return
        if sequence.high_water(conn) == 0:
            return
        log.info("building the sync feed from the records (once, after an upgrade)")
        written = build(conn)
        log.info("sync feed built: %d entries", written)


def _insert_select(
    conn: Connection, entity: SyncEntity, table: Table, fields: tuple[str, ...]
) -> int:
    dialect = conn.dialect.name
    pairs: list[Any] = []
    for name in fields:
        column = table.c[name]
        if name.endswith("_at"):
            value = _isoformat(dialect, column)
        elif isinstance(column.type, JSON) and dialect != "postgresql":
            # SQLite keeps JSON as text: json() makes json_object embed it, not quote it.
            value = func.json(column, type_=JSON)
        else:
            value = column
        pairs += [literal(name, String), value]
    body = (
        func.json_build_object(*pairs).cast(Text)
        if dialect == "postgresql"
        else func.json_object(*pairs, type_=Text)
    )
    no_time = null().cast(DateTime(timezone=True))
    started_at = table.c.started_at if entity is SyncEntity.INTERACTION else no_time
    rows = select(
        literal(entity.value, String),
        table.c.id,
        table.c.change_seq,
        null().cast(String),
        started_at,
        body,
    ).where(table.c.change_seq.is_not(None))
    result = conn.execute(insert(sync_feed.FEED).from_select(_FEED_COLUMNS, rows))
    return int(result.rowcount or 0)


def _isoformat(dialect: str, column: ColumnElement[Any]) -> ColumnElement[str]:
    """A stored UTC time as ``datetime.isoformat`` writes it: ``2026-11-22T01:00:00+00:00``,
    with ``.ffffff`` before the offset unless the microseconds are 0 (NULL stays NULL)."""
    if dialect == "postgresql":
        utc = func.timezone("UTC", column)
        micro = func.to_char(utc, "US", type_=String)
        fraction = case((micro == "000000", ""), else_="." + micro)
        return func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS', type_=String) + fraction + "+00:00"
    # SQLite keeps them as text: "2026-11-22 01:00:00.000000" (SQLAlchemy's storage format).
    day = func.substr(column, 1, 10, type_=String)
    second = func.substr(column, 12, 8, type_=String)
    rest = func.substr(column, 20, type_=String)
    fraction = case((rest.in_(["", ".000000"]), ""), else_=rest)
    return day + "T" + second + fraction + "+00:00"


def _customers(conn: Connection, progress: Progress | None) -> int:
    stamped = _CUSTOMERS.c.change_seq.is_not(None)
    low, high, total = conn.execute(
        select(func.min(_CUSTOMERS.c.id), func.max(_CUSTOMERS.c.id), func.count()).where(stamped)
    ).one()
    written = 0
    for start in range(int(low or 1), int(high or 0) + 1, WINDOW):
        rows = conn.execute(
            select(_CUSTOMERS)
            .where(stamped, _CUSTOMERS.c.id >= start, _CUSTOMERS.c.id < start + WINDOW)
            .order_by(_CUSTOMERS.c.id)
        ).all()
        entries = [entry.row() for entry in sync_feed.customer_entries(conn, rows)]
        if entries:
            conn.execute(insert(sync_feed.FEED), entries)
        written += len(entries)
        if progress is not None:
            progress(written, int(total))
    return written


def _tombstones(conn: Connection) -> dict[tuple[str, int], sync_feed.Entry]:
    latest: dict[tuple[str, int], sync_feed.Entry] = {}
    for stone in conn.execute(select(_TOMBSTONES).order_by(_TOMBSTONES.c.seq)):
        latest[(stone.entity, stone.entity_id)] = sync_feed.Entry(
            stone.entity, stone.entity_id, stone.seq
        )
    return latest


def _upsert_newer(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Write ``rows``, each over an entry of the same record only when it is newer (a record
    deleted after it was written, or an id written again after a deletion)."""
    feed = sync_feed.FEED
    statement = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(feed)
    statement = statement.on_conflict_do_update(
        index_elements=[feed.c.entity, feed.c.entity_id],
        set_={name: statement.excluded[name] for name in ("seq", "owner", "started_at", "body")},
        where=feed.c.seq < statement.excluded.seq,
    )
    conn.execute(statement, rows)
