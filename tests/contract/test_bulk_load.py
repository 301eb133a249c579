"""The initial sync's bulk load against a real backend process: what it leaves in the cache is
what a row-by-row pull leaves, a load cut short (by a crash, by the network) is still indexed,
and a newer cached record is never overwritten by an older one.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from agentdesk.cache import bulk_load, sync_state
from agentdesk.cache.customers import customers_by_phone, get_customer, search_customers
from agentdesk.cache.driver import driver_of
from agentdesk.cache.schema import customer_phones, customers
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.client import ApiClient, build_http_client
from agentdesk.config.desktop import DesktopSettings
from agentdesk.contract.sync import ChangesPage, CustomerRecord
from agentdesk.errors import BackendUnavailable, ProtocolError
from agentdesk.events import EventBus, SyncProgress
from agentdesk.sync import bulk_pages
from agentdesk.sync import engine as engine_module
from agentdesk.sync.engine import SyncEngine
from tests.contract.conftest import Switch

PAGE = 7  # the live backend's 60 customers and their records take many pages
NEVER = 10**9


def _api(url: str, transport: httpx.BaseTransport | None = None) -> ApiClient:
    api = ApiClient(build_http_client(DesktopSettings(backend_url=url), transport=transport))
    api.login("agent01", "demo", "ws-bulk")
    return api


def _engine(
    api: ApiClient,
    store: CacheStore,
    bus: EventBus,
    *,
    bulk_min: int,
    workers: int = 1,
    pages_per_commit: int = 8,
) -> SyncEngine:
    return SyncEngine(
        api,
        store,
        bus,
        lambda: datetime.now(UTC),
        "ws-bulk",
        page_size=PAGE,
        bulk_min_changes=bulk_min,
        bulk_workers=workers,  # one worker process, or none: the pages prepared on the puller
        bulk_pages_per_commit=pages_per_commit,
    )


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[list[CacheStore]]:
    opened = [CacheStore.open(tmp_path / f"cache-{n}.db", new_cache_key()) for n in range(2)]
    yield opened
    for store in opened:
        store.close()


def _dump(store: CacheStore) -> dict[str, Any]:
    """Every row a search or a screen-pop reads, and the indexes the cache has."""
    with store.read() as conn:
        driver = conn.exec_driver_sql
        return {
            "customers": driver("select * from customers order by id").all(),
            # As the cache reads them: a bulk load keeps the JSON the server sent, a row-by-row
            # upsert its own dump of the record (``Z`` for ``+00:00``, say).
            "records": [
                (cid, CustomerRecord.model_validate_json(record))
                for cid, record in driver("select * from customer_records order by id")
            ],
            "phones": driver("select * from customer_phones order by 1, 2").all(),
            "interactions": driver(
                "select server_id, customer_id, started_at from interactions order by server_id"
            ).all(),
            "tickets": driver("select server_id, record from tickets order by server_id").all(),
            "indexes": sorted(
                row[0]
                for row in driver("select name from sqlite_master where type = 'index'")
                if not row[0].startswith("sqlite_autoindex")
            ),
        }


def _probes(store: CacheStore) -> dict[str, list[int]]:
    """What the agent finds, by every kind of query, for every cached customer."""
    found: dict[str, list[int]] = {}
    with store.read() as conn:
        rows = conn.exec_driver_sql(
            "select c.id, c.name, c.name_initials, c.cif, c.id_last4, p.e164 "
            "from customers c join customer_phones p on p.customer_id = c.id order by c.id"
        ).all()
        for cid, name, initials, cif, last4, e164 in rows:
            given = [name[1:]] if not name.isascii() else []  # 张小明 → 小明
            for query in (name, *given, initials, cif, last4, e164[-6:]):
                found[query] = [c.id for c in search_customers(conn, query, limit=50)]
            found[e164] = [c.id for c in customers_by_phone(conn, e164)]
            assert cid in found[e164]
    return found


@pytest.mark.parametrize("workers", [1, 0], ids=["pages-prepared-by-a-worker", "on-the-puller"])
def test_an_initial_sync_in_bulk_leaves_what_a_row_by_row_sync_leaves(
    live_backend: Any, stores: list[CacheStore], workers: int
) -> None:
    bulk_store, row_store = stores
    progress: list[SyncProgress] = []
    bus = EventBus()
    bus.subscribe(SyncProgress, progress.append)

    _engine(_api(live_backend.url), bulk_store, bus, bulk_min=1, workers=workers).pull()
    _engine(_api(live_backend.url), row_store, EventBus(), bulk_min=NEVER).pull()

    indexing = [event for event in progress if event.indexing]
    assert indexing and indexing[-1].done == indexing[-1].total  # it did load in bulk
    assert _dump(bulk_store) == _dump(row_store)
    assert {i.name for i in customers.indexes} <= set(_dump(bulk_store)["indexes"])
    assert len(_dump(bulk_store)["customers"]) == 60
    assert _probes(bulk_store) == _probes(row_store)
    with bulk_store.read() as conn:
        assert not bulk_load.in_progress(conn)


def _autocheckpoint(store: CacheStore) -> int:
    """The pages of write-ahead log past which the cache's writer checkpoints in a commit."""
    return int(
        store.write(lambda conn: driver_of(conn).execute("PRAGMA wal_autocheckpoint").fetchone()[0])
    )


def test_a_bulk_load_checkpoints_the_cache_less_often_until_its_indexes_are_built(
    live_backend: Any, stores: list[CacheStore]
) -> None:
    store = stores[0]
    bus = EventBus()
    loading: list[int] = []
    bus.subscribe(
        SyncProgress, lambda e: None if e.indexing else loading.append(_autocheckpoint(store))
    )
    assert _autocheckpoint(store) == bulk_load.AUTOCHECKPOINT_PAGES

    _engine(_api(live_backend.url), store, bus, bulk_min=1).pull()

    assert loading and set(loading) == {bulk_load.BULK_AUTOCHECKPOINT_PAGES}
    assert _autocheckpoint(store) == bulk_load.AUTOCHECKPOINT_PAGES


def test_a_bulk_load_a_crash_cut_short_is_finished_by_the_next_pull(
    live_backend: Any, tmp_path: Path
) -> None:
    key = new_cache_key()
    path = tmp_path / "cache.db"
    api = _api(live_backend.url)
    with CacheStore.open(path, key) as store:
        store.write(bulk_load.begin)
        page = api.changes(0, PAGE)
        store.write(lambda conn: sync_state.apply_changes(conn, page, bulk=True))
    # The workstation died here: rows in, no phone key, no search entries, no indexes.

    with CacheStore.open(path, key) as store:
        _engine(api, store, EventBus(), bulk_min=NEVER).pull()
        dump = _dump(store)
        with store.read() as conn:
            assert not bulk_load.in_progress(conn)
            name = conn.exec_driver_sql("select name from customers where id = 1").scalar_one()
            assert 1 in [c.id for c in search_customers(conn, name)]
    assert {i.name for i in customers.indexes} | {i.name for i in customer_phones.indexes} <= set(
        dump["indexes"]
    )
    assert len(dump["customers"]) == 60
    assert len(dump["phones"]) >= 60


def test_a_bulk_load_the_network_cut_short_indexes_what_it_has(
    live_backend: Any, stores: list[CacheStore]
) -> None:
    store = stores[0]
    switch = Switch(httpx.HTTPTransport())
    pages: list[httpx.URL] = []

    class CutAfterFourPages(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/sync/changes"):
                pages.append(request.url)
                if len(pages) == 5:  # once: the backend comes back below
                    switch.down = True
            return switch.handle_request(request)

    # Two pages a transaction: the pages fetched before the cut are applied, the last of them
    # alone, before the error is raised.
    api = _api(live_backend.url, CutAfterFourPages())
    engine = _engine(api, store, EventBus(), bulk_min=1, pages_per_commit=2)

    with pytest.raises(BackendUnavailable):
        engine.pull()

    cached = _dump(store)
    assert len(cached["customers"]) == 4 * PAGE  # the first 60 changes are the customers
    assert {i.name for i in customers.indexes} <= set(cached["indexes"])
    with store.read() as conn:
        assert not bulk_load.in_progress(conn)
    with_phones = {cid for cid, record in cached["records"] if record.phones}
    assert with_phones and {cid for _e164, cid in cached["phones"]} == with_phones
    for query, found in _probes(store).items():
        assert found, query  # every cached customer is found, whatever the agent types
    # The backend is back: the rest arrives and the cache ends complete.
    switch.down = False
    engine.pull()
    assert len(_dump(store)["customers"]) == 60


def _page_of(*records: CustomerRecord) -> ChangesPage:
    return ChangesPage(cursor=0, high_water=0, has_more=False, customers=list(records))


def test_a_bulk_load_keeps_a_newer_record_fetched_on_demand(
    live_backend: Any, stores: list[CacheStore]
) -> None:
    store = stores[0]
    api = _api(live_backend.url)
    first = api.changes(0, PAGE).customers[0]
    newer = first.model_copy(update={"version": first.version + 1, "name": "新名字"})
    store.write(lambda conn: sync_state.apply_changes(conn, _page_of(newer)))

    _engine(api, store, EventBus(), bulk_min=1).pull()

    with store.read() as conn:
        cached = get_customer(conn, first.id)
        assert cached is not None and cached.name == "新名字"
        assert first.id in [c.id for c in search_customers(conn, "新名字")]


class CorruptPage(httpx.BaseTransport):
    """The app's transport, but the ``nth`` page of changes comes back cut in half."""

    def __init__(self, inner: httpx.BaseTransport, nth: int) -> None:
        self.inner = inner
        self.nth = nth
        self.pages = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.url.path != "/sync/changes":
            return response
        self.pages += 1
        body = response.read()
        if self.pages == self.nth:
            body = body[: len(body) // 2]
        return httpx.Response(response.status_code, headers=response.headers, content=body)


def test_a_malformed_page_in_a_bulk_load_stops_it_with_the_pages_before_it_indexed(
    live_backend: Any, stores: list[CacheStore]
) -> None:
    store = stores[0]
    engine = _engine(_api(live_backend.url, CorruptPage(httpx.HTTPTransport(), 4)), store,
                     EventBus(), bulk_min=1)  # fmt: skip

    with pytest.raises(ProtocolError):
        engine.pull()

    cached = _dump(store)
    assert len(cached["customers"]) == 3 * PAGE  # the three pages before the bad one
    assert {i.name for i in customers.indexes} <= set(cached["indexes"])
    with store.read() as conn:
        assert not bulk_load.in_progress(conn)
        assert sync_state.get_cursor(conn) == 3 * PAGE  # the next pull asks for page 4 again
    for query, found in _probes(store).items():
        assert found, query
    _engine(_api(live_backend.url), store, EventBus(), bulk_min=1).pull()
    assert len(_dump(store)["customers"]) == 60


def _pools_starting_with(initializer: Callable[[], None]) -> Callable[[int], ProcessPoolExecutor]:
    """bulk_pages.start_pool, but each worker runs ``initializer`` first."""

    def start_pool(workers: int) -> ProcessPoolExecutor:
        spawn = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(workers, mp_context=spawn, initializer=initializer)

    return start_pool


def _die_at_start() -> None:
    os._exit(3)


def _start_slowly() -> None:
    time.sleep(2)  # a cold start on a busy desktop


def test_a_bulk_load_does_not_wait_for_workers_that_are_slow_to_start(
    live_backend: Any, stores: list[CacheStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared_here: list[bytes] = []
    real = engine_module._prepared_here

    def counted(body: bytes) -> Future[bulk_pages.PageRows]:
        prepared_here.append(body)
        return real(body)

    monkeypatch.setattr(bulk_pages, "start_pool", _pools_starting_with(_start_slowly))
    monkeypatch.setattr(engine_module, "_prepared_here", counted)
    bulk_store, row_store = stores

    _engine(_api(live_backend.url), bulk_store, EventBus(), bulk_min=1).pull()
    _engine(_api(live_backend.url), row_store, EventBus(), bulk_min=NEVER).pull()

    assert prepared_here  # the puller went on with later pages while the workers slept
    assert _dump(bulk_store) == _dump(row_store)
    assert _probes(bulk_store) == _probes(row_store)


def test_a_bulk_load_whose_workers_die_prepares_its_pages_itself(
    live_backend: Any,
    stores: list[CacheStore],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(bulk_pages, "start_pool", _pools_starting_with(_die_at_start))
    store = stores[0]

    with caplog.at_level(logging.WARNING, logger="agentdesk.sync.engine"):
        _engine(_api(live_backend.url), store, EventBus(), bulk_min=1).pull()

    assert "worker processes failed" in caplog.text
    cached = _dump(store)
    assert len(cached["customers"]) == len(cached["records"]) == 60
    with store.read() as conn:
        assert not bulk_load.in_progress(conn)
    for query, found in _probes(store).items():
        assert found, query
