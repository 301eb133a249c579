"""SQLAlchemy Core tables of the local cache (the latest shape; migrations.py builds it).

Ids: customers come only from the server, so their id is the server id. Interactions, tickets
and tasks can be made on this workstation while offline, so they have a ``local_id`` primary key,
a ``client_id`` (``contract.ids``, made with the local row, sent with its outbox entry) and a
``server_id`` that arrives once the server has the record; either of the last two finds the row.

Whole records are kept as JSON text (``record``) next to the few columns that queries filter or
sort on: the UI wants the whole record back, and the contract models parse JSON fast. A
customer's record has a table of its own (``customer_records``), so the customers table holds
only what search reads.

Datetimes are stored as fixed-width UTC text (``YYYY-MM-DD HH:MM:SS.ffffff``) so that text order
is time order and indexes on them work; they come back as aware UTC datetimes.

The two FTS5 tables of the customer search (``customer_search``, ``customer_phone_digits``) are
virtual tables made by migrations.py; they are not in ``metadata``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Dialect,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

from agentdesk.cache.db_time import from_db_time, to_db_time

__all__ = [
    "UTCDateTime",
    "bulk_search_tokens",
    "customer_phones",
    "customer_records",
    "customers",
    "flow_runs",
    "flow_versions",
    "interactions",
    "meta",
    "metadata",
    "outbox",
    "phone_index",
    "sync_state",
    "tasks",
    "tickets",
    "to_db_time",
]


class UTCDateTime(TypeDecorator[datetime]):
    impl = String(26)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else to_db_time(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return from_db_time(value)


metadata = MetaData()

customers = Table(
    "customers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("cif", Text, nullable=False),
    Column("name", Text, nullable=False),
    # Lower-cased name and pinyin without spaces: the exact and prefix tiers of the search are
    # index probes on these (``zhang san`` and ``zhangsan`` both become ``zhangsan``).
    Column("name_key", Text, nullable=False),
    Column("name_pinyin", Text, nullable=False),
    Column("pinyin_key", Text, nullable=False),
    Column("name_initials", Text, nullable=False),
    Column("tier", Text, nullable=False),
    Column("risk_profile", Text, nullable=False),
    Column("id_last4", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("phones", Text, nullable=False),  # JSON array of E.164 numbers (the record's)
    Index("ix_customers_cif", "cif"),
    Index("ix_customers_name_key", "name_key"),
    Index("ix_customers_pinyin_key", "pinyin_key"),
    Index("ix_customers_name_initials", "name_initials"),
    Index("ix_customers_id_last4", "id_last4"),
)

# Apart from the search columns, so that scanning customers (to build an index) stays cheap.
customer_records = Table(
    "customer_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("record", Text, nullable=False),
)

# Empty but during a bulk load (bulk_load.py): the search tokens of the customers it wrote,
# made with their rows (on the sync's worker processes), of the version they were made from.
bulk_search_tokens = Table(
    "bulk_search_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
    Column("tokens", Text, nullable=False),
)

# The screen-pop: one probe of the primary key (e164 first) finds every customer of a number.
customer_phones = Table(
    "customer_phones",
    metadata,
    Column("e164", Text, primary_key=True),
    Column("customer_id", Integer, primary_key=True, autoincrement=False),
    Index("ix_customer_phones_customer", "customer_id"),
    sqlite_with_rowid=False,
)

interactions = Table(
    "interactions",
    metadata,
    Column("local_id", Integer, primary_key=True, autoincrement=True),
    Column("server_id", Integer, unique=True),
    Column("client_id", Text, unique=True),
    Column("customer_id", Integer),
    Column("phone_e164", Text),
    Column("channel", Text, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime),
    Column("agent", Text, nullable=False, default=""),
    Column("queue", Text, nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("wrap_up_code", Text, nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    Column("ticket_id", Integer),
    Column("call_id", Text),
    Column("offers", Text, nullable=False, default="[]"),  # JSON: [OfferOutcome]
    Index("ix_interactions_customer_started", "customer_id", "started_at"),
    Index("ix_interactions_phone", "phone_e164"),
)

tickets = Table(
    "tickets",
    metadata,
    Column("local_id", Integer, primary_key=True, autoincrement=True),
    Column("server_id", Integer, unique=True),
    Column("client_id", Text, unique=True),
    Column("customer_id", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # What the agent sees: base_record with the changes of every unsent ticket.update entry of
    # this ticket laid over it, in seq order (see tickets.py).
    Column("record", Text, nullable=False),
    # The record as last known before local edits: the server's, or the one made here. Its
    # values are the base of the three-way merge, never an earlier unsent local edit.
    Column("base_record", Text, nullable=False),
    Index("ix_tickets_customer", "customer_id", "due_at"),
)

tasks = Table(
    "tasks",
    metadata,
    Column("local_id", Integer, primary_key=True, autoincrement=True),
    Column("server_id", Integer, unique=True),
    Column("client_id", Text, unique=True),
    Column("customer_id", Integer, nullable=False),
    Column("owner", Text, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("done", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("record", Text, nullable=False),
    Index("ix_tasks_owner_due", "owner", "done", "due_at"),
)

# The outbox keeps an entry until the server has answered it for good; ``seq`` comes from
# meta's counter (not max(seq)), so a seq is never reused after done entries are deleted.
outbox = Table(
    "outbox",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("idempotency_key", Text, nullable=False, unique=True),
    Column("kind", Text, nullable=False),
    Column("entity_id", Text, nullable=False),
    Column("base_version", Integer),
    Column("payload", Text, nullable=False),
    Column("made_at", UTCDateTime, nullable=False),
    Column("state", Text, nullable=False),  # pending | needs_attention
    Column("result", Text),  # MutationResult JSON of a conflict or rejection
    Index("ix_outbox_entity", "entity_id"),
)

# Scripted flows run during a call: the run (plain JSON, so a restarted desktop resumes it) and
# the customer facts it started with; ``open`` until the call's wrap-up has taken its transcript.
flow_runs = Table(
    "flow_runs",
    metadata,
    Column("run_id", Text, primary_key=True),
    Column("call_id", Text, nullable=False),
    Column("customer_id", Integer),
    Column("run", Text, nullable=False),
    Column("facts", Text, nullable=False),
    Column("open", Boolean, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_flow_runs_call", "call_id", "open"),
)

# Published flow versions as the feed brings them (the definitions this desk may run offline).
# A customer outside a working-set cache: a keyed hash of each of their numbers (never the
# number) and their id, so that a screen-pop knows who calls (phone_index.py).
phone_index = Table(
    "phone_index",
    metadata,
    Column("phone_hash", LargeBinary, primary_key=True),
    Column("customer_id", Integer, primary_key=True, autoincrement=False),
    Index("ix_phone_index_customer", "customer_id"),
    sqlite_with_rowid=False,
)

flow_versions = Table(
    "flow_versions",
    metadata,
    Column("flow_id", Text, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("record", Text, nullable=False),
)

sync_state = Table(
    "sync_state",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
