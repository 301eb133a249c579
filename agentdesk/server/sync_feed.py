"""The change feed as workstations read it: one row per synced record, by change sequence.

``sync_feed`` holds, for every customer, ticket, interaction and task and for every deletion,
the record's JSON as the workstation caches it (phones in full, the rest masked; None for a
deletion) at the change sequence of its last write. ``changes.py`` calls :func:`refresh` before
every commit that took sequences, for exactly the sequences it took, so the feed commits with
the writes it describes. ``GET /sync/changes`` is then one range scan of ``sync_feed.seq`` and a
concatenation of stored JSON (:func:`changes_page`): a customer's record (phones, holdings, open
complaints, masking) is built once per write, not once per page for every workstation.

The whole feed at once (a seeded database; the first start after the migration that added the
feed, or after one that emptied it because what a body holds changed) is ``feed_build.py``'s.

Consistency is ``changes.py``'s: the committed high-water mark is read first and nothing above
it is served, so a page never skips a row that commits later.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, false, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from agentdesk.contract.sync import CacheScope, SyncEntity, records_json, scope_digest
from agentdesk.server import customers, models, sequence, working_set
from agentdesk.server.records import flow_version_fields, task_fields, ticket_record_fields

__all__ = [
    "ChangesQuery",
    "Entry",
    "FeedPage",
    "body_json",
    "changes_page",
    "customer_entries",
    "flow_entry",
    "interaction_entry",
    "interactions_from",
    "refresh",
    "task_entry",
    "working_set_page",
    "write",
]

log = logging.getLogger(__name__)

FEED = models.table_of(models.SyncFeedEntry)
_CUSTOMERS = models.table_of(models.Customer)
_TICKETS = models.table_of(models.Ticket)
_INTERACTIONS = models.table_of(models.Interaction)
_TASKS = models.table_of(models.Task)
_TOMBSTONES = models.table_of(models.SyncTombstone)
_FLOWS = models.table_of(models.FlowVersion)

# The page's list of each entity, in the order ChangesPage declares them.
_LISTS: dict[str, str] = {
    SyncEntity.CUSTOMER: "customers",
    SyncEntity.TICKET: "tickets",
    SyncEntity.INTERACTION: "interactions",
    SyncEntity.TASK: "tasks",
    SyncEntity.FLOW: "flows",
}


@dataclass(frozen=True)
class ChangesQuery:
    since: int
    limit: int
    username: str  # tasks are the caller's own
    interactions_from: datetime  # interactions started before this are not synced
    role: str = "agent"  # tickets: those the caller may see (``domain.access``)
    team: str = ""
    # The working set to serve in full (None: every customer, the ``all`` scope) and the
    # digest of the customers the desk holds (the working set is named when it differs).
    scope: working_set.Scope | None = None
    have: str = ""


def interactions_from(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def body_json(fields: dict[str, Any]) -> str:
    """A record's fields as the feed stores and serves them."""
    return json.dumps(fields, default=_json_default, ensure_ascii=False, separators=(",", ":"))


# -- writing the feed ----------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One row of the feed: a record's latest JSON (None: deleted) at its sequence."""

    entity: str
    entity_id: int
    seq: int
    owner: str | None = None
    started_at: datetime | None = None
    body: str | None = None

    def row(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "entity_id": self.entity_id,
            "seq": self.seq,
            "owner": self.owner,
            "started_at": self.started_at,
            "body": self.body,
        }


def _in_range(
    bind: models.Bind, table: Table, low: int, high: int, tables: Collection[str] | None
) -> list[Any]:
    if tables is not None and table.name not in tables:
        return []  # none of the transaction's rows: a query less under the change lock
    seq = table.c.change_seq
    return list(bind.execute(select(table).where(seq >= low, seq <= high)).all())


def customer_entries(bind: models.Bind, rows: Sequence[Any]) -> Iterable[Entry]:
    ids = [row.id for row in rows]
    phones = customers.phones_of(bind, ids)
    holdings = customers.holdings_fields(bind, ids)
    complaining = customers.open_ticket_customers(bind, ids)
    for row in rows:
        fields = customers.customer_record_fields(
            row,
            phones=phones[row.id],
            holdings=holdings[row.id],
            has_open_ticket=row.id in complaining,
        )
        yield Entry(SyncEntity.CUSTOMER, row.id, row.change_seq, body=body_json(fields))


def task_entry(t: Any) -> Entry:
    """A task reaches its owner's desk; a task of a queue (care) reaches every desk, waiting
    or taken, so that a take or a done leaves no desk showing it as still waiting."""
    owner = None if t.queue else t.owner
    return Entry(SyncEntity.TASK, t.id, t.change_seq, owner=owner, body=body_json(task_fields(t)))


def interaction_entry(i: Any) -> Entry:
    """``i``: its row, or anything with its columns (a row inserted in bulk)."""
    fields = customers.interaction_fields(i)
    return Entry(
        SyncEntity.INTERACTION, i.id, i.change_seq, started_at=i.started_at, body=body_json(fields)
    )


def flow_entry(f: Any) -> Entry:
    return Entry(SyncEntity.FLOW, f.id, f.change_seq, body=body_json(flow_version_fields(f)))


def _entries(
    bind: models.Bind, low: int, high: int, tables: Collection[str] | None
) -> dict[tuple[str, int], Entry]:
    """The feed entry of every record and deletion stamped in ``[low, high]``."""
    changed_customers = _in_range(bind, _CUSTOMERS, low, high, tables)
    found: list[Entry] = list(customer_entries(bind, changed_customers))
    found += [
        Entry(SyncEntity.TICKET, t.id, t.change_seq, body=body_json(ticket_record_fields(t)))
        for t in _in_range(bind, _TICKETS, low, high, tables)
    ]
    found += [interaction_entry(i) for i in _in_range(bind, _INTERACTIONS, low, high, tables)]
    found += [task_entry(t) for t in _in_range(bind, _TASKS, low, high, tables)]
    found += [flow_entry(f) for f in _in_range(bind, _FLOWS, low, high, tables)]
    if tables is None or _TOMBSTONES.name in tables:
        stones = bind.execute(
            select(_TOMBSTONES).where(_TOMBSTONES.c.seq >= low, _TOMBSTONES.c.seq <= high)
        )
        found += [Entry(stone.entity, stone.entity_id, stone.seq) for stone in stones]
    latest: dict[tuple[str, int], Entry] = {}
    for entry in found:
        key = (entry.entity, entry.entity_id)
        if key not in latest or entry.seq > latest[key].seq:
            latest[key] = entry
    return latest


def _upsert(bind: models.Bind, rows: list[dict[str, Any]]) -> None:
    dialect = bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(FEED)
    statement = statement.on_conflict_do_update(
        index_elements=[FEED.c.entity, FEED.c.entity_id],
        set_={name: statement.excluded[name] for name in ("seq", "owner", "started_at", "body")},
    )
    bind.execute(statement, rows)


def write(bind: models.Bind, entries: Sequence[Entry]) -> None:
    """The feed entries of rows their writer inserted in bulk and made the entries of, from
    what it inserted (``sequence.reserve`` with no table: the commit reads none of them back,
    which was a tenth of a push of wrap-ups). The caller holds the change lock."""
    if entries:
        _upsert(bind, [entry.row() for entry in entries])


def refresh(bind: models.Bind, low: int, high: int, tables: Collection[str] | None = None) -> int:
    """Write the feed entries of the sequences ``[low, high]`` (in the caller's transaction),
    carried by rows of ``tables`` (None: of any synced table); returns how many. The caller
    holds the change lock or is the only writer (the seeder)."""
    if high < low:
        return 0
    entries = _entries(bind, low, high, tables)
    if entries:
        _upsert(bind, [entry.row() for entry in entries.values()])
    return len(entries)


# -- reading the feed ----------------------------------------------------------------------


@dataclass(frozen=True)
class FeedPage:
    body: bytes  # the JSON of a ChangesPage
    cursor: int
    has_more: bool


def _tickets_seen(query: ChangesQuery) -> ColumnElement[bool]:
    """``domain.access.may_see_ticket`` in SQL, for the feed (which serves no customer "being
    served": a desk caches what stays its caller's): a ticket the caller opened, holds, or
    whose team is theirs. A deleted ticket's tombstone (no ticket row) is served to all."""
    if query.role not in ("agent", "supervisor"):
        return false()
    owned = or_(_TICKETS.c.opened_by == query.username, _TICKETS.c.assignee == query.username)
    if query.team:
        owned = or_(owned, _TICKETS.c.team == query.team)
    return or_(_TICKETS.c.id.is_(None), owned)


def changes_page(bind: models.Bind, query: ChangesQuery) -> FeedPage:
    """One page of ``GET /sync/changes``: its JSON (the shape of ``ChangesPage``) and cursor.

    The page holds the first ``limit`` entries above ``since`` that the caller may cache; its
    cursor is the last one's sequence, or the high-water mark when fewer were left (sequences in
    between belong to records outside the caller's scope: another agent's task, a ticket they
    may not see, an interaction older than the window). A ticket that leaves the caller's
    scope (reassigned to another team) stays in their cache as it was last seen.

    With a working set (``query.scope``), a customer outside it is served as a phone index
    entry (id and phones only), interactions only for customers in it, and the last page
    names the working set (see ``ChangesPage``).
    """
    high_water = sequence.high_water(bind)
    is_ticket = FEED.c.entity == SyncEntity.TICKET.value
    is_interaction = FEED.c.entity == SyncEntity.INTERACTION.value
    joined = FEED.outerjoin(_TICKETS, and_(is_ticket, _TICKETS.c.id == FEED.c.entity_id))
    conditions = [
        FEED.c.seq > query.since,
        FEED.c.seq <= high_water,
        or_(FEED.c.owner.is_(None), FEED.c.owner == query.username),
        or_(FEED.c.started_at.is_(None), FEED.c.started_at >= query.interactions_from),
        or_(~is_ticket, _tickets_seen(query)),
    ]
    in_scope: ColumnElement[bool] = literal(True)
    if query.scope is not None:
        members = working_set.members(query.scope)
        joined = joined.outerjoin(
            _INTERACTIONS, and_(is_interaction, _INTERACTIONS.c.id == FEED.c.entity_id)
        )
        # An interaction with no customer (an unknown caller's, or a deletion) as before.
        conditions.append(
            or_(
                ~is_interaction,
                _INTERACTIONS.c.customer_id.is_(None),
                _INTERACTIONS.c.customer_id.in_(members),
            )
        )
        in_scope = FEED.c.entity_id.in_(members)
    rows = bind.execute(
        select(FEED.c.seq, FEED.c.entity, FEED.c.entity_id, FEED.c.body, in_scope.label("in_scope"))
        .select_from(joined)
        .where(*conditions)
        .order_by(FEED.c.seq)
        .limit(query.limit)
    ).all()
    cursor = int(rows[-1].seq) if len(rows) == query.limit else high_water
    lists: dict[str, list[str]] = {name: [] for name in _LISTS.values()}
    deleted: list[str] = []
    outside: list[int] = []
    for row in rows:
        if row.body is None:
            deleted.append(body_json({"entity": row.entity, "id": int(row.entity_id)}))
        elif row.entity == SyncEntity.CUSTOMER and not row.in_scope:
            outside.append(int(row.entity_id))
        else:
            lists[_LISTS[row.entity]].append(row.body)
    has_more = cursor < high_water
    head = body_json({"cursor": cursor, "high_water": high_water, "has_more": has_more})[:-1]
    parts = [head]
    for name, bodies in lists.items():
        parts.append(f',"{name}":{records_json(bodies)}')
    parts.append(f',"deleted":[{",".join(deleted)}]')
    if query.scope is not None:
        parts.append(_scope_json(bind, query, outside, last_page=not has_more))
    parts.append("}")
    return FeedPage("".join(parts).encode(), cursor, has_more)


def _scope_json(
    bind: models.Bind, query: ChangesQuery, outside: list[int], *, last_page: bool
) -> str:
    """The working-set part of a page: the phone index entries of the customers outside it,
    and on the last page the working set itself (unless the desk holds exactly it)."""
    assert query.scope is not None
    phones = customers.phones_of(bind, outside)
    index = [{"id": cid, "phones": phones[cid]} for cid in outside]
    named: list[int] | None = None
    if last_page:
        ids = working_set.member_ids(bind, query.scope)
        named = None if scope_digest(ids) == query.have else ids
    scope = {"scope": CacheScope.WORKING_SET.value, "phone_index": index, "working_set": named}
    return "," + body_json(scope)[1:-1]


def working_set_page(bind: models.Bind, query: ChangesQuery, ids: Sequence[int]) -> bytes:
    """``POST /sync/working-set``: the records of the customers ``ids`` that are in the
    caller's working set (others are left out: the desk does not decide who is), with their
    interactions of the window, as a ``ChangesPage`` that moves no cursor."""
    assert query.scope is not None
    members = working_set.members(query.scope)
    wanted = list(dict.fromkeys(ids))
    customer_rows = bind.execute(
        select(FEED.c.body).where(
            FEED.c.entity == SyncEntity.CUSTOMER.value,
            FEED.c.entity_id.in_(wanted),
            FEED.c.entity_id.in_(members),
            FEED.c.body.is_not(None),
        )
    ).scalars()
    bodies = list(customer_rows)
    is_interaction = FEED.c.entity == SyncEntity.INTERACTION.value
    interaction_rows = bind.execute(
        select(FEED.c.body)
        .select_from(FEED.join(_INTERACTIONS, _INTERACTIONS.c.id == FEED.c.entity_id))
        .where(
            is_interaction,
            _INTERACTIONS.c.customer_id.in_(wanted),
            _INTERACTIONS.c.customer_id.in_(members),
            FEED.c.started_at >= query.interactions_from,
            FEED.c.body.is_not(None),
        )
        .order_by(FEED.c.seq)
    ).scalars()
    interactions = list(interaction_rows)
    head = body_json({"cursor": query.since, "high_water": query.since, "has_more": False})[:-1]
    return (
        f'{head},"customers":{records_json(bodies)},"interactions":{records_json(interactions)},'
        f'"scope":"{CacheScope.WORKING_SET.value}"}}'
    ).encode()
