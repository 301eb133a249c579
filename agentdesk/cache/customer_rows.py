"""The rows a customer record becomes in the cache: its customers row, its cached record and
its search tokens (customers.py writes them).

Made once per customer of an initial sync, on the sync's worker processes (sync/bulk_pages.py),
so this module imports neither SQLAlchemy nor the store: a spawned worker imports only what
making the rows needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic_core import to_json

from agentdesk.cache.db_time import to_db_time
from agentdesk.cache.search_index import compact_pinyin, name_key, search_tokens

if TYPE_CHECKING:
    from agentdesk.contract.sync import CustomerRecord

__all__ = ["ROW_COLUMNS", "CustomerRows", "customer_rows"]

ROW_COLUMNS = (
    "id",
    "cif",
    "name",
    "name_key",
    "name_pinyin",
    "pinyin_key",
    "name_initials",
    "tier",
    "risk_profile",
    "id_last4",
    "version",
    "updated_at",
    "phones",
)
_NAME_KEY = ROW_COLUMNS.index("name_key")


def _row(record: CustomerRecord) -> tuple[Any, ...]:
    """The customers row of ``record``, in the order of ``ROW_COLUMNS`` (a tuple built in one
    expression: this runs once per customer of an initial sync)."""
    return (
        record.id,
        record.cif,
        record.name,
        name_key(record.name),
        record.name_pinyin,
        compact_pinyin(record.name_pinyin),
        record.name_initials.casefold(),
        # Their values: the driver binds only an exact str without looking for an adapter.
        record.tier.value,
        record.risk_profile.value,
        record.id_last4.upper(),
        record.version,
        to_db_time(record.updated_at),
        to_json(list(dict.fromkeys(record.phones))).decode(),
    )


class CustomerRows(NamedTuple):
    """The rows of some customers in the customers table (in ``ROW_COLUMNS`` order), in
    customer_records, and their search tokens as (id, version, tokens): made once per record,
    on a worker process during an initial sync (sync/bulk_pages.py)."""

    rows: list[tuple[Any, ...]]
    records: Sequence[tuple[int, str | bytes]]  # bytes: the record's JSON as UTF-8
    tokens: list[tuple[int, int, str]]


def customer_rows(
    records: Sequence[CustomerRecord], *, as_sent: Sequence[tuple[int, bytes]] | None = None
) -> CustomerRows:
    """The rows of ``records``. ``as_sent``: their JSON as the server sent it, as (id, JSON)
    in the same order, kept as the cached record instead of dumping each record again (half
    the work of making the rows); the caller checked it is the JSON of ``records``."""
    rows = [_row(r) for r in records]
    return CustomerRows(
        rows,
        as_sent if as_sent is not None else [(r.id, r.model_dump_json()) for r in records],
        [
            # The name's key once per customer: the row has it.
            (
                r.id,
                r.version,
                search_tokens(r.name, r.name_pinyin, r.name_initials, key=row[_NAME_KEY]),
            )
            for r, row in zip(records, rows, strict=True)
        ],
    )
