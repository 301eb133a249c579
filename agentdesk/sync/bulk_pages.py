"""The pages of a bulk load, made ready on worker processes.

An initial sync is bound by Python work, not by SQLite: validating a page of a thousand
customers and making their rows takes longer than writing them, and it holds the GIL the whole
time. So during a bulk load the engine fetches pages ahead on a thread (following the server's
``Link: rel="next"``), a pool of spawned processes validates each page and makes the rows of
its customers and interactions (:func:`prepare`), and the engine's own thread writes them, in
page order (it prepares a page itself only when the workers fall behind:
engine._pull_prepared). A customer's record is cached as the JSON the page holds (validated,
not dumped again): a worker sends back where each record lies in the page, and the engine,
which holds the page, cuts them out (PageRows).

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

__all__ = ["PageRows", "PreparedPage", "default_workers", "prepare", "prepare_rows", "start_pool"]

MAX_WORKERS = 4
# The workers run below the desk's priority (POSIX niceness; on Windows they run at the desk's):
# the desk's UI thread and the thread that writes the pages in order come first, and the
# workers take the time those leave. The writer prepares a page itself when the workers fall
# behind. A 1M load on 2 cores, its row phase: 58.1 / 60.4 s at the desk's priority, 54.2 s at
# +10 (nothing else running).
WORKER_NICENESS = 10
# As the engine's own pull (engine._PULL_GC_THRESHOLD): a page is ~200,000 objects, no cycles.
_GC_THRESHOLD = 200_000


@dataclass(frozen=True)
class PreparedPage:
    page: ChangesPage  # without its customers and interactions, which travel as rows
    customers: CustomerRows
    interactions: list[tuple[Any, ...]]  # interaction_rows.py


@dataclass(frozen=True)
class PageRows:
    """What :func:`prepare_rows` makes of a page: the :class:`PreparedPage` less its records,
    which it gives as where each lies in the page's bytes, (id, start, end). The engine holds
    those bytes already: a worker that sent the records back would send as many bytes again
    as the page it was sent. A page not laid out as the server writes it has its records
    dumped instead (``spans`` None, ``customers.records`` set)."""

    page: ChangesPage
    customers: CustomerRows
    spans: list[tuple[int, int, int]] | None
    interactions: list[tuple[Any, ...]]

    def prepared(self, body: bytes) -> PreparedPage:
        """The page ready to write, its records cut from ``body`` (the page's bytes)."""
        customers = self.customers
        if self.spans is not None:
            records = [(cid, body[start:end]) for cid, start, end in self.spans]
            customers = customers._replace(records=records)
        return PreparedPage(self.page, customers, self.interactions)


def prepare(body: bytes) -> PreparedPage:
    """Validate one page (ProtocolError if it is not a ChangesPage) and make its customers'
    and interactions' rows."""
    return prepare_rows(body).prepared(body)


def prepare_rows(body: bytes) -> PageRows:
    """:func:`prepare` as a worker process runs it: the records stay in ``body``."""
    page = parse_changes(body)
    spans = _spans_as_sent(body, page.customers)
    # With spans, the rows' records are left empty: PageRows.prepared() cuts them.
    rows = customer_rows(page.customers, as_sent=[] if spans is not None else None)
    return PageRows(
        page.model_copy(update={"customers": [], "interactions": []}),
        rows,
        spans,
        interaction_rows(page.interactions),
    )


# How the server lays out a page's customers (contract.sync.records_json): one per line.
_CUSTOMERS_FROM = b',"customers":[\n'
_CUSTOMERS_TO = b"\n]"
_NEXT_LINE = b",\n"

# The page's bytes are cast to TEXT in SQLite (no decoding to a Python str and back) and each
# record comes back as UTF-8 bytes, found again in the page's bytes.
_SPLIT_CUSTOMERS = (
    "SELECT CAST(value AS BLOB) FROM json_each(CAST(? AS TEXT), '$.customers') ORDER BY key"
)
_splitters = threading.local()  # an in-memory database per thread (the puller prepares too)


def _spans_as_sent(
    body: bytes, customers: Sequence[CustomerRecord]
) -> list[tuple[int, int, int]] | None:
    """Where each customer's JSON lies in the page's bytes, as (id, start, end): the cache
    keeps the record as sent rather than dumping every validated record again (that took over
    half as long as the validation). Found by their lines (:func:`_spans_by_line`), or, in a
    page laid out otherwise (a server of an earlier version), by SQLite's JSON functions
    (:func:`_spans_found_by_sqlite`). Only when each is the JSON of the validated record at
    its place (its id first, as the server writes a record); otherwise, which no server of
    ours sends, None (the records are dumped)."""
    if not customers:
        return []
    return _spans_by_line(body, customers) or _spans_found_by_sqlite(body, customers)


def _spans_by_line(
    body: bytes, customers: Sequence[CustomerRecord]
) -> list[tuple[int, int, int]] | None:
    """The spans of a page whose customers are one per line, as the server writes them: a
    search of the page's bytes per customer (3.6 ms a page of 1,000, where SQLite's parse of
    the page took 9.4 ms). The page was validated: no JSON text holds a raw newline, so when
    the customers' list holds exactly one newline between each two customers and each line
    starts with the id of the customer validated at its place, the lines are the records."""
    start = body.find(_CUSTOMERS_FROM)
    end = body.find(_CUSTOMERS_TO, start)
    if start < 0 or end < 0:
        return None
    start += len(_CUSTOMERS_FROM)
    if body.count(b"\n", start, end) != len(customers) - 1:
        return None
    spans: list[tuple[int, int, int]] = []
    for customer in customers:
        stop = body.find(_NEXT_LINE, start, end)
        stop = end if stop < 0 else stop
        if not body.startswith(b'{"id":%d,' % customer.id, start) or body[stop - 1 : stop] != b"}":
            return None
        spans.append((customer.id, start, stop))
        start = stop + len(_NEXT_LINE)
    return spans


def _spans_found_by_sqlite(
    body: bytes, customers: Sequence[CustomerRecord]
) -> list[tuple[int, int, int]] | None:
    """The spans found by SQLite's JSON functions, in C, in under half the dump's time; each
    is then found in ``body`` (the next one is where the last one ends, after a comma), so
    what is cached is the very JSON SQLite found."""
    splitter = getattr(_splitters, "conn", None)
    if splitter is None:
        splitter = _splitters.conn = sqlcipher.connect(":memory:")
    found = splitter.execute(_SPLIT_CUSTOMERS, (body,)).fetchall()
    if len(found) != len(customers):
        return None
    spans: list[tuple[int, int, int]] = []
    end = 0
    for (record,), customer in zip(found, customers, strict=True):
        if not record.startswith(b'{"id":%d,' % customer.id):
            return None
        start = end + 1 if body.startswith(record, end + 1) else body.find(record, end)
        if start < 0:
            return None
        end = start + len(record)
        spans.append((customer.id, start, end))
    return spans


def default_workers() -> int:
    """One core stays with the thread that writes the pages."""
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1) - 1))


def _start_worker() -> None:
    gc.set_threshold(_GC_THRESHOLD, *gc.get_threshold()[1:])
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)


def start_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker
    )
