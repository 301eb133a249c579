"""The pages of a bulk load, made ready on worker processes.

An initial sync is bound by Python work, not by SQLite: validating a page of a thousand
customers and making their rows takes longer than writing them, and it holds the GIL the whole
time. So during a bulk load the engine fetches pages ahead on a thread (following the server's
``Link: rel="next"``), a pool of spawned processes validates each page and makes the rows of
its customers and interactions (:func:`prepare`), and the engine's own thread writes them, in
page order (it prepares a page itself only when the workers fall behind:
engine._pull_prepared). A customer's record is cached as the JSON the page holds (validated,
not dumped again), and travels back as bytes.

A worker imports only what this needs (no SQLAlchemy, httpx or cache store: customer_rows.py,
interaction_rows.py, client/changes_page.py): 0.2 s of CPU at its start, where those took 0.5 s.

Workers are spawned, not forked: the desktop forks nothing from a process that runs Qt and
threads. A frozen app needs ``multiprocessing.freeze_support()`` in its entry point
(``agentdesk/__main__.py``).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from agentdesk.cache.customer_rows import CustomerRows, customer_rows
from agentdesk.cache.interaction_rows import interaction_rows
from agentdesk.client.changes_page import parse_changes
from agentdesk.contract.sync import ChangesPage, CustomerRecord

__all__ = ["PreparedPage", "default_workers", "prepare", "start_pool"]

MAX_WORKERS = 4
# As the engine's own pull (engine._PULL_GC_THRESHOLD): a page is ~200,000 objects, no cycles.
_GC_THRESHOLD = 200_000


@dataclass(frozen=True)
class PreparedPage:
    page: ChangesPage  # without its customers and interactions, which travel as rows
    customers: CustomerRows
    interactions: list[tuple[Any, ...]]  # interaction_rows.py


def prepare(body: bytes) -> PreparedPage:
    """Validate one page (ProtocolError if it is not a ChangesPage) and make its customers'
    and interactions' rows. Runs on a worker process."""
    page = parse_changes(body)
    rows = customer_rows(page.customers, as_sent=_records_as_sent(body, page.customers))
    return PreparedPage(
        page.model_copy(update={"customers": [], "interactions": []}),
        rows,
        interaction_rows(page.interactions),
    )


# The page's bytes are cast to TEXT in SQLite (no decoding to a Python str and back) and each
# record comes back as UTF-8 bytes, which the cache stores as TEXT as they are.
_SPLIT_CUSTOMERS = (
    "SELECT CAST(value AS BLOB) FROM json_each(CAST(? AS TEXT), '$.customers') ORDER BY key"
)
_splitters = threading.local()  # an in-memory database per thread (the puller prepares too)


def _records_as_sent(body: bytes, customers: Sequence[CustomerRecord]) -> list[tuple[int, bytes]]:
    """Each customer's JSON as the page has it, as (id, UTF-8 JSON): the cache keeps the record
    as sent rather than dumping every validated record again (that took over half as long as
    the validation). SQLite's JSON functions find the records, in C, in under half the dump's
    time. Only when each is the JSON of the validated record at its place (its id first, as
    the server writes a record); otherwise, which no server of ours sends, each record is
    dumped."""
    splitter = getattr(_splitters, "conn", None)
    if splitter is None:
        splitter = _splitters.conn = sqlcipher.connect(":memory:")
    found = splitter.execute(_SPLIT_CUSTOMERS, (body,)).fetchall()
    if len(found) == len(customers) and all(
        record.startswith(b'{"id":%d,' % customer.id)
        for (record,), customer in zip(found, customers, strict=True)
    ):
        return [(customer.id, record) for (record,), customer in zip(found, customers, strict=True)]
    return [(customer.id, customer.model_dump_json().encode()) for customer in customers]


def default_workers() -> int:
    """One core stays with the thread that writes the pages."""
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1) - 1))


def _start_worker() -> None:
    gc.set_threshold(_GC_THRESHOLD, *gc.get_threshold()[1:])


def start_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker
    )
