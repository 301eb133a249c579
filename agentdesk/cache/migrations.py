"""Versions of the cache schema (``PRAGMA user_version``) and the steps between them.

The cache has its own versions, independent of the server's Alembic history: step ``n``
upgrades a version ``n - 1`` file to version ``n``. Steps are frozen SQL (never built from
schema.py, which is only the latest shape), so an old file upgrades the same way forever.
Each step and its version bump commit in one transaction.

Before an existing file (version ≥ 1) is upgraded it is copied next to itself as
``<name>.v<old>.bak`` with SQLite's backup API, keyed with the same key (the copy stays
encrypted), as Vorta does before it migrates its database: an upgrade that goes wrong leaves
the agent's unsent outbox recoverable. A file newer than this program knows is refused.

Runs on the opening thread, on the writer connection, before any reader exists.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentdesk.cache.errors import CacheSchemaTooNew
from agentdesk.cache.search_index import phone_digits, search_tokens

__all__ = ["LATEST_VERSION", "STEPS", "backup_path", "migrate", "user_version"]

DBAPIConnection = Any  # a sqlcipher3 connection in autocommit mode (isolation_level=None)
Step = Callable[[DBAPIConnection], None]
Connect = Callable[[Path], DBAPIConnection]

_V1 = """
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    cif TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    name_pinyin TEXT NOT NULL,
    pinyin_key TEXT NOT NULL,
    name_initials TEXT NOT NULL,
    tier TEXT NOT NULL,
    risk_profile TEXT NOT NULL,
    id_last4 TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at VARCHAR(26) NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX ix_customers_cif ON customers (cif);
CREATE INDEX ix_customers_name_key ON customers (name_key);
CREATE INDEX ix_customers_pinyin_key ON customers (pinyin_key);
CREATE INDEX ix_customers_name_initials ON customers (name_initials);
CREATE INDEX ix_customers_id_last4 ON customers (id_last4);
CREATE TABLE customer_phones (
    e164 TEXT NOT NULL,
    customer_id INTEGER NOT NULL,
    PRIMARY KEY (e164, customer_id)
) WITHOUT ROWID;
CREATE INDEX ix_customer_phones_customer ON customer_phones (customer_id);
CREATE TABLE interactions (
    local_id INTEGER PRIMARY KEY AUTOINCREMENT,
    server_id INTEGER UNIQUE,
    client_id TEXT UNIQUE,
    customer_id INTEGER,
    phone_e164 TEXT,
    channel TEXT NOT NULL,
    started_at VARCHAR(26) NOT NULL,
    ended_at VARCHAR(26),
    agent TEXT NOT NULL,
    queue TEXT NOT NULL,
    reason TEXT NOT NULL,
    wrap_up_code TEXT NOT NULL,
    notes TEXT NOT NULL,
    ticket_id INTEGER
);
CREATE INDEX ix_interactions_customer_started ON interactions (customer_id, started_at);
CREATE INDEX ix_interactions_phone ON interactions (phone_e164);
CREATE TABLE tickets (
    local_id INTEGER PRIMARY KEY AUTOINCREMENT,
    server_id INTEGER UNIQUE,
    client_id TEXT UNIQUE,
    customer_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    due_at VARCHAR(26) NOT NULL,
    version INTEGER NOT NULL,
    updated_at VARCHAR(26) NOT NULL,
    record TEXT NOT NULL,
    base_record TEXT NOT NULL
);
CREATE INDEX ix_tickets_customer ON tickets (customer_id, due_at);
CREATE TABLE tasks (
    local_id INTEGER PRIMARY KEY AUTOINCREMENT,
    server_id INTEGER UNIQUE,
    client_id TEXT UNIQUE,
    customer_id INTEGER NOT NULL,
    owner TEXT NOT NULL,
    due_at VARCHAR(26) NOT NULL,
    done BOOLEAN NOT NULL,
    version INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX ix_tasks_owner_due ON tasks (owner, done, due_at);
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    base_version INTEGER,
    payload TEXT NOT NULL,
    made_at VARCHAR(26) NOT NULL,
    state TEXT NOT NULL,
    result TEXT
);
CREATE INDEX ix_outbox_entity ON outbox (entity_id);
CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_V2 = """
CREATE VIRTUAL TABLE customer_search USING fts5(
    tokens, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE VIRTUAL TABLE customer_phone_digits USING fts5(
    digits, content='', contentless_delete=1, tokenize='trigram'
);
"""


def _run_script(conn: DBAPIConnection, script: str) -> None:
    # executescript would COMMIT the step's transaction half-way; run statement by statement.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _step_1_tables(conn: DBAPIConnection) -> None:
    """v1: records, phones, outbox, sync state."""
    _run_script(conn, _V1)


def _step_2_search_index(conn: DBAPIConnection) -> None:
    """v2: the FTS5 search index (per-character, pinyin and initials tokens; phone trigrams),
    filled from the customers already cached."""
    _run_script(conn, _V2)
    phones: dict[int, list[str]] = {}
    for e164, customer_id in conn.execute("SELECT e164, customer_id FROM customer_phones"):
        phones.setdefault(customer_id, []).append(e164)
    rows = conn.execute("SELECT id, name, name_pinyin, name_initials FROM customers").fetchall()
    conn.executemany(
        "INSERT INTO customer_search(rowid, tokens) VALUES (?, ?)",
        [(cid, search_tokens(name, pinyin, initials)) for cid, name, pinyin, initials in rows],
    )
    conn.executemany(
        "INSERT INTO customer_phone_digits(rowid, digits) VALUES (?, ?)",
        [(cid, phone_digits(numbers)) for cid, numbers in phones.items()],
    )


_V3 = """
CREATE TABLE customer_records (id INTEGER PRIMARY KEY, record TEXT NOT NULL);
INSERT INTO customer_records (id, record) SELECT id, record FROM customers;
ALTER TABLE customers ADD COLUMN phones TEXT NOT NULL DEFAULT '[]';
UPDATE customers SET phones = coalesce(json_extract(record, '$.phones'), '[]');
ALTER TABLE customers DROP COLUMN record
"""


def _step_3_narrow_customers(conn: DBAPIConnection) -> None:
    """v3: customers' records in a table of their own, the phones as a column: the customers
    table is then narrow, and building its indexes after a bulk load reads megabytes, not
    every record."""
    _run_script(conn, _V3)


def _step_4_interaction_call_id(conn: DBAPIConnection) -> None:
    """v4: interactions keep the telephony's call id."""
    conn.execute("ALTER TABLE interactions ADD COLUMN call_id TEXT")


def _step_5_bulk_search_tokens(conn: DBAPIConnection) -> None:
    """v5: where a bulk load keeps the search tokens its pages came with, until it builds the
    search index from them."""
    conn.execute(
        "CREATE TABLE bulk_search_tokens "
        "(id INTEGER PRIMARY KEY, version INTEGER NOT NULL, tokens TEXT NOT NULL)"
    )


def _step_6_flow_runs(conn: DBAPIConnection) -> None:
    """v6: the scripted flows run during calls, kept so a restarted desktop resumes them."""
    _run_script(
        conn,
        """
CREATE TABLE flow_runs (
    run_id TEXT PRIMARY KEY,
    call_id TEXT NOT NULL,
    customer_id INTEGER,
    run TEXT NOT NULL,
    facts TEXT NOT NULL,
    open BOOLEAN NOT NULL,
    updated_at VARCHAR(26) NOT NULL
);
CREATE INDEX ix_flow_runs_call ON flow_runs (call_id, open)
""",
    )


def _step_7_flow_versions(conn: DBAPIConnection) -> None:
    """v7: the published flow versions the feed brings, so flows run offline."""
    conn.execute(
        "CREATE TABLE flow_versions (flow_id TEXT NOT NULL, version INTEGER NOT NULL, "
        "record TEXT NOT NULL, PRIMARY KEY (flow_id, version))"
    )


def _step_8_interaction_offers(conn: DBAPIConnection) -> None:
    """v8: interactions keep what the customer said to the offers made on them (the ranking
    reads them)."""
    conn.execute("ALTER TABLE interactions ADD COLUMN offers TEXT NOT NULL DEFAULT '[]'")


def _step_9_phone_index(conn: DBAPIConnection) -> None:
    """v9: the phone index of the customers outside a working-set cache: a keyed hash of each
    number and the customer's id, nothing else (phone_index.py)."""
    _run_script(
        conn,
        """
CREATE TABLE phone_index (
    phone_hash BLOB NOT NULL,
    customer_id INTEGER NOT NULL,
    PRIMARY KEY (phone_hash, customer_id)
) WITHOUT ROWID;
CREATE INDEX ix_phone_index_customer ON phone_index (customer_id)
""",
    )


STEPS: list[Step] = [
    _step_1_tables,
    _step_2_search_index,
    _step_3_narrow_customers,
    _step_4_interaction_call_id,
    _step_5_bulk_search_tokens,
    _step_6_flow_runs,
    _step_7_flow_versions,
    _step_8_interaction_offers,
    _step_9_phone_index,
]
LATEST_VERSION = len(STEPS)


def user_version(conn: DBAPIConnection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.v{version}.bak")


def _backup(conn: DBAPIConnection, path: Path, version: int, connect: Connect) -> Path:
    target = backup_path(path, version)
    target.unlink(missing_ok=True)  # a stale copy from an earlier, failed upgrade
    copy = connect(target)  # keyed like the cache: a backup is never a plaintext copy
    try:
        conn.backup(copy)
    finally:
        copy.close()
    return target


def migrate(
    conn: DBAPIConnection, path: Path, connect: Connect, *, target: int = LATEST_VERSION
) -> Path | None:
    """Bring the file at ``path`` (open on ``conn``) to version ``target``.

    ``connect(path)`` opens a connection keyed like ``conn`` (for the backup). Returns the
    backup made before upgrading an existing file, or None (a new file, or already current).
    Raises CacheSchemaTooNew for a file from a newer AgentDesk.
    """
    current = user_version(conn)
    if current > LATEST_VERSION:
        raise CacheSchemaTooNew(
            f"cache schema v{current} is newer than this program's v{LATEST_VERSION}",
            found=current,
            known=LATEST_VERSION,
        )
    if current >= target:
        return None
    backup = _backup(conn, path, current, connect) if current >= 1 else None
    for version in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            STEPS[version - 1](conn)
            conn.execute(f"PRAGMA user_version = {version:d}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return backup
