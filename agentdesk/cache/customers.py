"""Customers in the cache: bulk upsert from the server, get, screen-pop by phone, search.

Every function takes the caller's SQLAlchemy ``Connection`` and runs inside the caller's
transaction: reads through ``CacheStore.read()`` on any thread, writes inside
``CacheStore.write(fn)`` (the single writer), which announces the customers written here
(changed.py). Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, bindparam, delete, insert, select
from sqlalchemy import text as sql

from agentdesk.cache.changed import note_customers
from agentdesk.cache.customer_rows import ROW_COLUMNS, CustomerRows, customer_rows
from agentdesk.cache.driver import driver_of
from agentdesk.cache.schema import customer_phones, customer_records, customers
from agentdesk.cache.search_index import phone_digits, plan_query, prefix_upper_bound
from agentdesk.contract.sync import CustomerRecord
from agentdesk.domain.phones import InvalidPhoneNumber, normalize_phone

__all__ = [
    "CustomerRows",
    "customer_records_of",
    "customer_rows",
    "customers_by_phone",
    "delete_customers",
    "get_customer",
    "put_customer_rows",
    "put_customers",
    "search_customers",
    "upsert_customers",
]

T = TypeVar("T")
_CHUNK = 500  # ids per IN (...): well under SQLite's bound-variable limit


def _upsert_sql(table: Table, names: Sequence[str]) -> str:
    """``INSERT … ON CONFLICT (id) DO UPDATE`` of the columns ``names`` (every column of
    ``table``), with ``?`` marks in that order (plain SQL for the driver's executemany: the hot
    path of an initial sync)."""
    if sorted(names) != sorted(table.columns.keys()):
        raise ValueError(f"{table.name}: the upsert names {names}, not the table's columns")
    return (
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
        "ON CONFLICT (id) DO UPDATE SET "
        + ", ".join(f"{name} = excluded.{name}" for name in names if name != "id")
    )


_ID, _VERSION = ROW_COLUMNS.index("id"), ROW_COLUMNS.index("version")
_UPSERT = _upsert_sql(customers, ROW_COLUMNS)
# A record may come as the text the server sent (bytes of UTF-8, sync/bulk_pages.py): CAST
# stores it as the TEXT it is, where binding bytes would store a BLOB.
_UPSERT_RECORD = _upsert_sql(customer_records, ("id", "record")).replace(
    "VALUES (?, ?)", "VALUES (?, CAST(? AS TEXT))"
)
_INSERT_SEARCH = "INSERT INTO customer_search(rowid, tokens) VALUES (?, ?)"
_PUT_BULK_TOKENS = (
    "INSERT OR REPLACE INTO bulk_search_tokens (id, version, tokens) VALUES (?, ?, ?)"
)
_INSERT_DIGITS = sql("INSERT INTO customer_phone_digits(rowid, digits) VALUES (:id, :digits)")
_DELETE_SEARCH = sql("DELETE FROM customer_search WHERE rowid IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
_DELETE_DIGITS = sql("DELETE FROM customer_phone_digits WHERE rowid IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
_MATCH_NAME = sql("SELECT rowid FROM customer_search WHERE customer_search MATCH :q LIMIT :n")
_MATCH_DIGITS = sql(
    "SELECT rowid FROM customer_phone_digits WHERE customer_phone_digits MATCH :q LIMIT :n"
)


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _cached_versions(conn: Connection, ids: Sequence[int]) -> dict[int, int]:
    cached: dict[int, int] = {}
    cursor = driver_of(conn).cursor()
    for chunk in _chunks(ids):
        # Through the driver: SQLAlchemy compiles an expanding IN of 500 ids anew every time.
        marks = ", ".join("?" * len(chunk))
        cursor.execute(f"SELECT id, version FROM customers WHERE id IN ({marks})", chunk)
        cached.update(cursor.fetchall())
    return cached


def _to_write(conn: Connection, keys: Sequence[tuple[int, int]]) -> tuple[list[int], set[int]]:
    """Of customers given as (id, version), the positions to write and the ids among them
    already cached: the latest of each id, and none older than the cached one (an on-demand
    fetch at screen-pop may have brought a newer version than the pull has reached)."""
    latest: dict[int, int] = {}  # id -> position of its latest version
    for i, (cid, version) in enumerate(keys):
        seen = latest.get(cid)
        if seen is None or version >= keys[seen][1]:
            latest[cid] = i
    cached = _cached_versions(conn, list(latest))
    keep = [i for cid, i in latest.items() if keys[i][1] >= cached.get(cid, 0)]
    return keep, {keys[i][0] for i in keep if keys[i][0] in cached}


def _fresh(
    conn: Connection, records: Iterable[CustomerRecord]
) -> tuple[list[CustomerRecord], set[int]]:
    """The records to write and the ids among them already cached (:func:`_to_write`)."""
    records = list(records)
    keep, replaced = _to_write(conn, [(r.id, r.version) for r in records])
    return [records[i] for i in keep], replaced


def _write_rows(
    conn: Connection, rows: Sequence[tuple[Any, ...]], records: Sequence[tuple[int, str | bytes]]
) -> None:
    driver = driver_of(conn)
    driver.executemany(_UPSERT, rows)
    driver.executemany(_UPSERT_RECORD, records)
    note_customers(conn, (row[_ID] for row in rows))


def upsert_customers(conn: Connection, records: Iterable[CustomerRecord]) -> int:
    """Insert or replace ``records`` with their phones and search tokens; return how many were
    written. A record older than the cached one (lower version) is skipped."""
    fresh, replaced = _fresh(conn, records)
    if not fresh:
        return 0
    # Only rows that exist need their old phones and tokens removed; deleting absent rowids
    # from a contentless FTS5 table would still write tombstones.
    for ids in _chunks(sorted(replaced)):
        conn.execute(delete(customer_phones).where(customer_phones.c.customer_id.in_(ids)))
        conn.execute(_DELETE_SEARCH, {"ids": list(ids)})
        conn.execute(_DELETE_DIGITS, {"ids": list(ids)})
    prepared = customer_rows(fresh)
    _write_rows(conn, prepared.rows, prepared.records)
    driver = driver_of(conn)
    driver.executemany(_INSERT_SEARCH, [(cid, tokens) for cid, _v, tokens in prepared.tokens])
    phones = [
        {"e164": e164, "customer_id": r.id} for r in fresh for e164 in dict.fromkeys(r.phones)
    ]
    if phones:
        conn.execute(insert(customer_phones), phones)
    digits = [{"id": r.id, "digits": phone_digits(r.phones)} for r in fresh if r.phones]
    if digits:
        conn.execute(_INSERT_DIGITS, digits)
    return len(fresh)


def put_customers(conn: Connection, records: Sequence[CustomerRecord]) -> int:
    """:func:`upsert_customers` without the phones, search entries and index rows, during a
    bulk load (bulk_load.py builds them all when it finishes)."""
    return put_customer_rows(conn, customer_rows(records))


def put_customer_rows(conn: Connection, prepared: CustomerRows) -> int:
    """:func:`put_customers` of rows made by :func:`customer_rows`; as there, the latest row of
    each id is written, unless the cached customer is newer. The search tokens wait in
    bulk_search_tokens for the load's end."""
    rows, records, tokens = prepared
    keep, _replaced = _to_write(conn, [(row[_ID], row[_VERSION]) for row in rows])
    if keep:
        _write_rows(conn, [rows[i] for i in keep], [records[i] for i in keep])
        driver = driver_of(conn)
        driver.executemany(_PUT_BULK_TOKENS, [tokens[i] for i in keep])
    return len(keep)


def delete_customers(conn: Connection, ids: Sequence[int]) -> None:
    """Remove customers (a tombstone from the server) with their phones and search entries."""
    present = [
        row.id
        for chunk in _chunks(ids)
        for row in conn.execute(select(customers.c.id).where(customers.c.id.in_(chunk)))
    ]
    for chunk in _chunks(present):
        conn.execute(delete(customer_phones).where(customer_phones.c.customer_id.in_(chunk)))
        conn.execute(_DELETE_SEARCH, {"ids": list(chunk)})
        conn.execute(_DELETE_DIGITS, {"ids": list(chunk)})
        conn.execute(delete(customer_records).where(customer_records.c.id.in_(chunk)))
        conn.execute(delete(customers).where(customers.c.id.in_(chunk)))
    note_customers(conn, present, deleted=True)


def _records(conn: Connection, ids: Sequence[int]) -> list[CustomerRecord]:
    """Records of ``ids``, in the order of ``ids``."""
    if not ids:
        return []
    found: dict[int, str] = {}
    for chunk in _chunks(ids):
        query = select(customer_records).where(customer_records.c.id.in_(chunk))
        found.update((row.id, row.record) for row in conn.execute(query))
    return [CustomerRecord.model_validate_json(found[i]) for i in ids if i in found]


def customer_records_of(conn: Connection, ids: Sequence[int]) -> list[CustomerRecord]:
    """The cached records of ``ids`` (those it holds), in the order of ``ids``."""
    return _records(conn, ids)


def get_customer(conn: Connection, customer_id: int) -> CustomerRecord | None:
    found = _records(conn, [customer_id])
    return found[0] if found else None


def customers_by_phone(conn: Connection, e164: str) -> list[CustomerRecord]:
    """Every customer with this (normalised) number — several for a family's shared number,
    which the screen-pop shows as candidates, never a guess. One probe of the phone key."""
    query = (
        select(customer_records.c.record)
        .join(customer_phones, customer_phones.c.customer_id == customer_records.c.id)
        .where(customer_phones.c.e164 == e164)
        .order_by(customer_records.c.id)
    )
    return [CustomerRecord.model_validate_json(row.record) for row in conn.execute(query)]


def search_customers(conn: Connection, text: str, limit: int = 20) -> list[CustomerRecord]:
    """Customers matching what the agent typed, best first: exact (name, pinyin, initials, CIF,
    ID last 4, a whole phone number), then prefix (name, pinyin, initials, CIF), then the rest
    (a character or pair inside the name, a syllable or given name in pinyin, 4+ digits inside a
    phone). Each tier is an index probe with a LIMIT (see search_index.py)."""
    if limit <= 0:
        return []
    phone: str | None = None
    try:
        phone = normalize_phone(text)
    except InvalidPhoneNumber:
        pass
    plan = plan_query(text, phone=phone)
    ids: dict[int, None] = {}  # ordered set: tier order, first tier wins

    def take(rows: Iterable[Any]) -> bool:
        for row in rows:
            ids.setdefault(row[0], None)
        return len(ids) >= limit

    for column, value in plan.exact:
        col = customers.c[column]
        if take(conn.execute(select(customers.c.id).where(col == value).limit(limit))):
            return _records(conn, list(ids)[:limit])
    if plan.phone is not None:
        query = select(customer_phones.c.customer_id).where(customer_phones.c.e164 == plan.phone)
        if take(conn.execute(query.limit(limit))):
            return _records(conn, list(ids)[:limit])
    for column, prefix in plan.prefix:
        col = customers.c[column]
        query = (
            select(customers.c.id)
            .where(col >= prefix, col < prefix_upper_bound(prefix))
            .order_by(col)
            .limit(limit)
        )
        if take(conn.execute(query)):
            return _records(conn, list(ids)[:limit])
    searches = [(match, _MATCH_NAME) for match in plan.name_matches]
    if plan.digits_match:
        searches.append((plan.digits_match, _MATCH_DIGITS))
    for match, statement in searches:
        if take(conn.execute(statement, {"q": match, "n": limit})):
            break
    return _records(conn, list(ids)[:limit])
