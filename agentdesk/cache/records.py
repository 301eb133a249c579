"""Interactions and tasks in the cache (tickets: tickets.py), and the id scheme they share.

A row made on this workstation has a ``client_id`` and no ``server_id`` until the server's
record comes back (by pull or in a push result); an upsert from the server matches a row by
``server_id``, else by ``client_id``, so the local row is completed rather than duplicated.
Rows not yet on the server are returned with ``id = -local_id`` (never a real server id) and
``pending = True``.

Every function runs in the caller's transaction: reads inside ``CacheStore.read()``, writes
inside ``CacheStore.write(fn)``, which announces the records they note (changed.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, bindparam, delete, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from agentdesk.cache.changed import note_rows, note_rows_where, note_written
from agentdesk.cache.driver import driver_of
from agentdesk.cache.interaction_rows import INTERACTION_COLUMNS, interaction_rows
from agentdesk.cache.schema import interactions, outbox, tasks
from agentdesk.contract.interactions import Channel, Interaction
from agentdesk.contract.sync import MutationKind, Task

__all__ = [
    "CachedInteraction",
    "CachedTask",
    "cached_task",
    "count_interactions",
    "delete_by_server_ids",
    "insert_rows",
    "interactions_for_customer",
    "match_rows",
    "put_interaction_rows",
    "split_by_match",
    "task_row",
    "tasks_for_owner",
    "update_matched",
    "upsert_interactions",
    "upsert_tasks",
]

T = TypeVar("T")
_CHUNK = 500


class CachedInteraction(Interaction):
    local_id: int
    pending: bool = False  # made here and not yet on the server


class CachedTask(Task):
    local_id: int
    pending: bool = False


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def match_rows(
    conn: Connection, table: Table, keys: Sequence[tuple[int, str | None]]
) -> dict[int, int]:
    """``{server_id: local_id}`` of the rows that ``(server_id, client_id)`` pairs designate:
    the row with that server id, else the row with that client id."""
    by_server: dict[int, int] = {}
    by_client: dict[str, int] = {}
    server_ids = [server_id for server_id, _ in keys]
    client_ids = [client_id for _, client_id in keys if client_id]
    # Through the driver: SQLAlchemy compiles an expanding IN of 500 ids anew every time (an
    # initial sync matches tens of thousands of interactions).
    cursor = driver_of(conn).cursor()
    for column, values, found_by in (
        ("server_id", server_ids, by_server),
        ("client_id", client_ids, by_client),
    ):
        for chunk in _chunks(values):
            marks = ", ".join("?" * len(chunk))
            cursor.execute(
                f"SELECT {column}, local_id FROM {table.name} WHERE {column} IN ({marks})", chunk
            )
            found_by.update(cursor.fetchall())
    found: dict[int, int] = {}
    for server_id, client_id in keys:
        local_id = by_server.get(server_id)
        if local_id is None and client_id:
            local_id = by_client.get(client_id)
        if local_id is not None:
            found[server_id] = local_id
    return found


def split_by_match(
    conn: Connection, table: Table, rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows (with ``server_id`` and ``client_id``) to insert and rows to update; the latter
    carry ``b_local_id``. The last row wins when a page repeats a record."""
    unique = list({row["server_id"]: row for row in rows}.values())
    existing = match_rows(conn, table, [(r["server_id"], r["client_id"]) for r in unique])
    inserts = [row for row in unique if row["server_id"] not in existing]
    updates = [
        {**row, "b_local_id": existing[row["server_id"]]}
        for row in unique
        if row["server_id"] in existing
    ]
    return inserts, updates


def update_matched(conn: Connection, table: Table, updates: list[dict[str, Any]]) -> None:
    """Write ``updates`` (from :func:`split_by_match`) over their rows in one executemany. A
    record without a client id never erases the row's own: unsent entries may name the row
    by it."""
    if not updates:
        return
    columns: dict[str, Any] = {name: bindparam(name) for name in updates[0]}
    del columns["b_local_id"]
    columns["client_id"] = func.coalesce(bindparam("b_client_id"), table.c.client_id)
    statement = update(table).where(table.c.local_id == bindparam("b_local_id"))
    params = [{**row, "b_client_id": row["client_id"]} for row in updates]
    for row in params:
        del row["client_id"]
    conn.execute(statement.values(columns), params)


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """``conn.execute(insert(table), rows)`` for rows that all have the same keys, through the
    driver's executemany: the values go through the columns' own bind processors and the
    missing columns get their scalar defaults, as through SQLAlchemy, without its per-row
    parameter building (4x slower; an initial sync inserts tens of thousands of interactions)."""
    if not rows:
        return
    names = list(rows[0])
    processors = [table.c[name].type.bind_processor(conn.dialect) for name in names]
    defaults = {
        column.name: column.default.arg
        for column in table.columns
        if column.name not in rows[0] and isinstance(column.default, ScalarElementColumnDefault)
    }
    columns = [*names, *defaults]
    statement = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    filled = list(defaults.values())
    processed = [(i, process) for i, process in enumerate(processors) if process is not None]
    values_of = itemgetter(*names)
    params = []
    for row in rows:
        values = [*values_of(row), *filled] if len(names) > 1 else [row[names[0]], *filled]
        for i, process in processed:
            values[i] = process(values[i])
        params.append(values)
    driver_of(conn).executemany(statement, params)


def _write(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    inserts, updates = split_by_match(conn, table, rows)
    insert_rows(conn, table, inserts)
    update_matched(conn, table, updates)
    note_rows(conn, table, rows)


def delete_by_server_ids(conn: Connection, table: Table, ids: Sequence[int]) -> None:
    for chunk in _chunks(ids):
        where = table.c.server_id.in_(chunk)
        note_rows_where(conn, table, where, deleted=True)
        conn.execute(delete(table).where(where))


# -- interactions --------------------------------------------------------------------------


_INSERT_INTERACTION = (
    f"INSERT INTO interactions ({', '.join(INTERACTION_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(INTERACTION_COLUMNS))})"
)
# As update_matched: a record without a client id never erases the row's own.
_UPDATE_INTERACTION = (
    "UPDATE interactions SET "
    + ", ".join(f"{name} = ?" for name in INTERACTION_COLUMNS if name != "client_id")
    + ", client_id = coalesce(?, client_id) WHERE local_id = ?"
)
_SERVER_ID, _CLIENT_ID, _CUSTOMER_ID = (
    INTERACTION_COLUMNS.index(name) for name in ("server_id", "client_id", "customer_id")
)


def upsert_interactions(conn: Connection, records: Iterable[Interaction]) -> None:
    """Insert or complete interactions from the server. Interactions are append-only, so the
    server's record simply replaces the local one (and links a provisional row to its
    customer)."""
    put_interaction_rows(conn, interaction_rows(records))


def put_interaction_rows(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """:func:`upsert_interactions` of rows made by ``interaction_rows`` (on a worker process,
    during an initial sync). The last row wins when a page repeats a record."""
    if not rows:
        return
    unique = list({row[_SERVER_ID]: row for row in rows}.values())
    existing = match_rows(conn, interactions, [(r[_SERVER_ID], r[_CLIENT_ID]) for r in unique])
    driver = driver_of(conn)
    driver.executemany(_INSERT_INTERACTION, [r for r in unique if r[_SERVER_ID] not in existing])
    updates = [
        (*r[:_CLIENT_ID], *r[_CLIENT_ID + 1 :], r[_CLIENT_ID], existing[r[_SERVER_ID]])
        for r in unique
        if r[_SERVER_ID] in existing
    ]
    if updates:
        driver.executemany(_UPDATE_INTERACTION, updates)
    note_written(conn, interactions, [r[_SERVER_ID] for r in rows], [r[_CUSTOMER_ID] for r in rows])


def _interaction_filter(
    customer_id: int, channel: Channel | str | None, text: str | None
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [interactions.c.customer_id == customer_id]
    if channel is not None:
        where.append(interactions.c.channel == str(channel))
    if text:
        where.append(
            or_(
                *(
                    column.contains(text, autoescape=True)
                    for column in (
                        interactions.c.notes,
                        interactions.c.reason,
                        interactions.c.wrap_up_code,
                        interactions.c.agent,
                    )
                )
            )
        )
    return where


def _cached_interaction(row: Any) -> CachedInteraction:
    return CachedInteraction(
        id=row.server_id if row.server_id is not None else -row.local_id,
        local_id=row.local_id,
        pending=row.server_id is None,
        customer_id=row.customer_id,
        channel=row.channel,
        started_at=row.started_at,
        ended_at=row.ended_at,
        agent=row.agent,
        queue=row.queue,
        reason=row.reason,
        wrap_up_code=row.wrap_up_code,
        notes=row.notes,
        ticket_id=row.ticket_id,
        phone_e164=row.phone_e164,
        client_id=row.client_id,
        call_id=row.call_id,
        offers=json.loads(row.offers),
    )


def interactions_for_customer(
    conn: Connection,
    customer_id: int,
    *,
    channel: Channel | str | None = None,
    text: str | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[CachedInteraction]:
    """A page of the customer's timeline, newest first (the UI fetches more as it scrolls).
    ``text`` matches inside notes, reason, wrap-up code or agent."""
    query = (
        select(interactions)
        .where(*_interaction_filter(customer_id, channel, text))
        .order_by(interactions.c.started_at.desc(), interactions.c.local_id.desc())
        .offset(offset)
        .limit(limit)
    )
    return [_cached_interaction(row) for row in conn.execute(query)]


def count_interactions(
    conn: Connection,
    customer_id: int,
    *,
    channel: Channel | str | None = None,
    text: str | None = None,
) -> int:
    query = select(func.count()).where(*_interaction_filter(customer_id, channel, text))
    return int(conn.execute(query.select_from(interactions)).scalar_one())


# -- tasks ---------------------------------------------------------------------------------


def task_row(record: Task) -> dict[str, Any]:
    return {
        "server_id": record.id,
        "client_id": record.client_id,
        "customer_id": record.customer_id,
        "owner": record.owner,
        "due_at": record.due_at,
        "done": record.done,
        "version": record.version,
        "record": record.model_dump_json(),
    }


def _tasks_changed_here(conn: Connection, records: Sequence[Task]) -> set[str]:
    """Server and client ids of these tasks with a ``task.update`` made here and not yet
    answered (an update of a task made offline names it by client id)."""
    names = [str(r.id) for r in records] + [r.client_id for r in records if r.client_id]
    changed: set[str] = set()
    for chunk in _chunks(names):
        query = select(outbox.c.entity_id).where(
            outbox.c.kind == MutationKind.TASK_UPDATE.value, outbox.c.entity_id.in_(chunk)
        )
        changed.update(conn.scalars(query))
    return changed


def upsert_tasks(conn: Connection, records: Iterable[Task]) -> None:
    records = list(records)
    # A feed record from before the agent's unsent change (done, moved, handed back) would
    # undo it on screen; the server's answer to the change brings the record after it.
    changed = _tasks_changed_here(conn, records)
    rows = [
        task_row(record)
        for record in records
        if str(record.id) not in changed and (record.client_id or "") not in changed
    ]
    if rows:
        _write(conn, tasks, rows)


def cached_task(row: Any) -> CachedTask:
    task = Task.model_validate_json(row.record)
    return CachedTask(
        **{
            **task.model_dump(),
            "id": row.server_id if row.server_id is not None else -row.local_id,
            "version": row.version,  # a push result may give the version without a record
        },
        local_id=row.local_id,
        pending=row.server_id is None,
    )


def tasks_for_owner(
    conn: Connection, owner: str, *, include_done: bool = False, limit: int = 500
) -> list[CachedTask]:
    """The owner's tasks, soonest due first."""
    query = select(tasks).where(tasks.c.owner == owner)
    if not include_done:
        query = query.where(tasks.c.done.is_(False))
    query = query.order_by(tasks.c.due_at, tasks.c.local_id).limit(limit)
    return [cached_task(row) for row in conn.execute(query)]
