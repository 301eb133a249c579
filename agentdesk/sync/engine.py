"""SyncEngine: drains the outbox through ``/sync/push`` and pulls ``/sync/changes`` into the cache.

Push: mutations leave in outbox order, in batches of at most ``MAX_PUSH_BATCH``; the results of
a batch are recorded in one durable cache transaction after the HTTP call returned. Applied and
duplicate results leave the outbox; conflicts and rejections stay, marked for the agent, and are
announced with MutationNeedsAttention (never dropped silently). A push that fails midway is
simply sent again: the server answers a replayed key with its first result (exactly once).

Pull: pages from the stored cursor; each page and its cursor are applied in one transaction
(``durable=False``: the server can always send them again). The next page is fetched while the
current one is applied (one worker thread), and SyncProgress tells the UI how far it got; the
cache announces the records each page (and each push result) changed, as it announces every
write (RecordsChanged, from ``CacheStore.write``), so open views refresh. A
pull with more changes than the cache holds customers (an initial sync) is a bulk load: rows
first, the search index built once at the end (bulk_load.py); its pages are fetched ahead by
their next links and validated and made into rows on worker processes (bulk_pages.py), and
applied several to a transaction (a page's cursor still commits with the page).

Scope: an engine that follows the ``working-set`` cache scope pulls with ``scope``, ``days``
and the digest of the customers it holds; the server sends the working set in full and a
phone index of everyone else. When the last page names the working set (it changed), every
cached customer outside it is removed (cache/scope.py, then ``CacheStore.scrub``) and those
missing from it are fetched (``POST /sync/working-set``). A cache filled for the other scope
is pulled again from the start.

Threading: the engine is driven by one thread at a time (the sync runner, or a test); it never
holds a cache write transaction across an HTTP call.
"""

from __future__ import annotations

import gc
import logging
import queue
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import Connection

from agentdesk.cache import bulk_load, outbox, scope, sync_state
from agentdesk.cache.customers import put_customer_rows
from agentdesk.cache.records import put_interaction_rows
from agentdesk.cache.store import CacheStore
from agentdesk.client import ApiClient, ChangesBody, parse_changes
from agentdesk.contract.sync import (
    MAX_PAGE,
    MAX_PUSH_BATCH,
    CacheScope,
    ChangesPage,
    Mutation,
    MutationResult,
    PushRequest,
    PushResponse,
    ResultStatus,
    WorkingSetRequest,
)
from agentdesk.domain.clock import Clock
from agentdesk.errors import ProtocolError
from agentdesk.events import EventBus, MutationNeedsAttention, SyncProgress
from agentdesk.sync import bulk_pages
from agentdesk.sync.connectivity import ConnectivityTracker

__all__ = ["CONFLICT_CHOICES", "REJECTED_CHOICES", "PullReport", "PushReport", "SyncEngine"]

log = logging.getLogger(__name__)

PAGE_SIZE = 1000  # a page of customers with holdings stays well under the 8 MiB response cap
CONFLICT_CHOICES = ("keep_mine", "take_theirs")
REJECTED_CHOICES = ("discard",)
# A page of a thousand customers is some 200,000 objects alive until it is applied: at the
# default threshold (700 allocations) the collector runs hundreds of times per page, scanning
# them every time; that was 60% of the page's validation time.
_PULL_GC_THRESHOLD = 200_000
# How long the bulk load waits for a worker's page, when it has no later page to prepare
# itself, before it looks again for one fetched meanwhile (a page takes ~40 ms to prepare).
_LOOK_AGAIN_S = 0.02
# Pages of a bulk load fetched and not yet taken: the next ones are there when a worker or
# this thread is free.
_FETCH_AHEAD = 4
# Prepared pages of a bulk load applied in one transaction: each commit encrypts and writes
# every database page it dirtied, and a page of customers dirties the same last pages of each
# table as the page before it (commits took 1.8-2.0 s of CPU per 100k customers one page at a
# time, 1.3-1.4 s eight at a time). Eight are some 8 MB of rows held; a crash loses at most
# these, which the next pull fetches again.
_PAGES_PER_COMMIT = 8


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often while a pull runs (pages hold no reference cycles)."""
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], _PULL_GC_THRESHOLD), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@dataclass
class PushReport:
    sent: int = 0
    done: int = 0
    needs_attention: list[MutationResult] = field(default_factory=list)


@dataclass
class PullReport:
    pages: int = 0
    cursor: int = 0
    high_water: int = 0
    applied: dict[str, int] = field(default_factory=dict)
    working_set: list[int] | None = None  # named by the last page: the cache follows it
    left_scope: int = 0  # customers removed from the cache: out of the working set
    entered_scope: int = 0  # customers fetched: in the working set, not held


def _prepared_here(body: bytes) -> Future[bulk_pages.PageRows]:
    """A page prepared on this thread, as a worker's result: its error raises at its turn."""
    prepared: Future[bulk_pages.PageRows] = Future()
    try:
        prepared.set_result(bulk_pages.prepare_rows(body))
    except Exception as exc:  # noqa: BLE001 - raised by .result(), after the pages before it
        prepared.set_exception(exc)
    return prepared


def _counts(page: ChangesPage) -> dict[str, int]:
    return {
        "customers": len(page.customers),
        "tickets": len(page.tickets),
        "interactions": len(page.interactions),
        "tasks": len(page.tasks),
        "deleted": len(page.deleted),
    }


class SyncEngine:
    def __init__(
        self,
        api: ApiClient,
        store: CacheStore,
        bus: EventBus,
        clock: Clock,
        workstation_id: str,
        *,
        connectivity: ConnectivityTracker | None = None,
        page_size: int = PAGE_SIZE,
        push_batch: int = MAX_PUSH_BATCH,
        bulk_min_changes: int = bulk_load.MIN_CHANGES,
        bulk_workers: int | None = None,
        bulk_pages_per_commit: int = _PAGES_PER_COMMIT,
        scope: CacheScope = CacheScope.ALL,
        working_set_days: int = 30,
    ) -> None:
        self._api = api
        self._store = store
        self._bus = bus
        self._clock = clock
        self._workstation_id = workstation_id
        self._connectivity = connectivity
        self._page_size = page_size
        self._push_batch = min(push_batch, MAX_PUSH_BATCH)
        self._bulk_min_changes = bulk_min_changes
        # Worker processes that prepare a bulk load's pages; 0: on the pulling thread.
        self._workers = bulk_pages.default_workers() if bulk_workers is None else bulk_workers
        self._pages_per_commit = max(1, bulk_pages_per_commit)  # of the pages workers prepared
        self._scope = scope
        self._days = working_set_days
        self._scope_params: dict[str, str | int] | None = None  # this pull's; None: all

    @property
    def api(self) -> ApiClient:
        return self._api

    # -- push ----------------------------------------------------------------------------

    def push_pending(self) -> PushReport:
        """Send every pending mutation, in order; raises ApiError when the backend fails (what
        was not recorded stays pending and goes again next time).

        The next batch is read from the outbox while the one before is on the wire, and sent
        while this thread records the results of the one before (the server has applied it:
        its answer came back), so the server is never idle waiting for the cache. A batch whose
        results were not recorded (a failure in between) is simply sent again next time: the
        server answers it as duplicates."""
        report = PushReport()
        self._report_waiting()  # changes saved since the last round show before the push
        with ThreadPoolExecutor(1, thread_name_prefix="agentdesk-push") as sender:
            batch = self._batch_after(0)
            sending = sender.submit(self._send, batch) if batch else None
            while sending is not None:
                sent, batch = batch, []
                # Read while the batch is on the wire: the next goes the moment it is answered.
                if len(sent) == self._push_batch:
                    batch = self._batch_after(sent[-1].seq)
                results = sending.result().results
                sending = sender.submit(self._send, batch) if batch else None
                self._store.write(partial(outbox.record_results, results=results), durable=True)
                self._count(report, sent, results)
        self._report_waiting()
        return report

    def _batch_after(self, seq: int) -> list[Mutation]:
        with self._store.read() as conn:
            return list(outbox.pending(conn, self._push_batch, after_seq=seq))

    def _send(self, batch: list[Mutation]) -> PushResponse:
        return self._api.push(PushRequest(workstation_id=self._workstation_id, mutations=batch))

    def _count(
        self, report: PushReport, batch: Sequence[Mutation], results: Sequence[MutationResult]
    ) -> None:
        report.sent += len(batch)
        for result in results:
            if result.status in (ResultStatus.APPLIED, ResultStatus.DUPLICATE):
                report.done += 1
            else:
                report.needs_attention.append(result)
                self._announce(result, batch)

    def _announce(self, result: MutationResult, batch: Sequence[Mutation]) -> None:
        mutation = next((m for m in batch if m.idempotency_key == result.idempotency_key), None)
        conflict = result.status is ResultStatus.CONFLICT
        self._bus.publish(
            MutationNeedsAttention(
                key=result.idempotency_key,
                kind=mutation.kind.value if mutation else "",
                entity_id=mutation.entity_id if mutation else str(result.entity_id or ""),
                status=result.status.value,
                fields=tuple(c.field for c in result.conflicts),
                code=(result.problem.code or "") if result.problem else "",
                choices=CONFLICT_CHOICES if conflict else REJECTED_CHOICES,
            )
        )

    def waiting(self) -> int:
        with self._store.read() as conn:
            return int(outbox.waiting_count(conn))

    def _report_waiting(self) -> None:
        if self._connectivity is not None:
            self._connectivity.set_waiting(self.waiting())

    # -- pull ----------------------------------------------------------------------------

    def pull(self) -> PullReport:
        """Apply every page of changes after the stored cursor; raises ApiError on failure,
        with the cursor at the last page applied (the pull resumes from there).

        Many changes to apply (an initial sync) make it a bulk load (bulk_load.py), whose
        indexes are built when the pull ends, whether it succeeded or not, and whose pages
        are made ready on worker processes (bulk_pages.py)."""
        self._follow_scope()
        with self._store.read() as conn:
            start = int(sync_state.get_cursor(conn))
            bulk = bulk_load.in_progress(conn)  # a load a crash interrupted
            if self._scope is CacheScope.WORKING_SET:
                have = scope.held_digest(conn)
                self._scope_params = {"scope": self._scope.value, "days": self._days, "have": have}
            else:
                self._scope_params = None
        report = PullReport(cursor=start, high_water=start)
        try:
            with _fewer_collections():
                first = self._fetch(start)
                page = parse_changes(first.body)
                bulk = bulk or self._begin_bulk_load(page.high_water - start)
                self._apply(page, start, report, bulk=bulk)
                finished = not page.has_more
                if not finished and bulk and first.next_since is not None and self._workers:
                    finished = self._pull_prepared(first.next_since, start, report)
                if not finished:
                    self._pull_pages(report.cursor, start, report, bulk=bulk)
        except BaseException:
            if bulk:
                self._finish_bulk_load_after_failure()
            raise
        if bulk:
            self._finish_bulk_load()
        if report.working_set is not None:
            self._follow_working_set(report)
        return report

    def _fetch(self, since: int) -> ChangesBody:
        return self._api.changes_body(since, self._page_size, self._scope_params)

    def _follow_scope(self) -> None:
        """A cache filled for another scope than IT's setting now says is pulled again."""

        def follow(conn: Connection) -> None:
            stored = scope.stored_scope(conn)
            if stored is None and self._scope is CacheScope.ALL:
                # A cache from before scopes holds every customer: it is an ``all`` cache.
                scope.switch_scope(conn, self._scope, pull_again=False)
            elif stored is not self._scope:
                log.info("cache scope is now %s: pulling again", self._scope.value)
                scope.switch_scope(conn, self._scope)

        with self._store.read() as conn:
            if scope.stored_scope(conn) is self._scope:
                return
        self._store.write(follow, durable=False)

    def _follow_working_set(self, report: PullReport) -> None:
        """Remove the cached customers outside the working set the last page named, fetch
        those in it the cache lacks (they entered without changing)."""
        members = report.working_set or []
        key = self._store.phone_index_key
        gone = self._store.write(
            partial(scope.leave_scope, key=key, members=members), durable=False
        )
        with self._store.read() as conn:
            held = set(scope.held_ids(conn))
        missing = [cid for cid in members if cid not in held]
        for start in range(0, len(missing), MAX_PAGE):
            request = WorkingSetRequest(ids=missing[start : start + MAX_PAGE], days=self._days)
            page = self._api.working_set(request)
            self._store.write(
                partial(sync_state.apply_changes, page=page, index_key=key, move_cursor=False),
                durable=False,
            )
            report.entered_scope += len(page.customers)
        report.left_scope = len(gone)
        if gone:
            log.info("%d customers left the working set: removed from the cache", len(gone))
            self._store.scrub()

    def _pull_pages(self, since: int, start: int, report: PullReport, *, bulk: bool) -> None:
        """Pages from ``since`` to the end, each validated and applied on this thread."""
        with ThreadPoolExecutor(1, thread_name_prefix="agentdesk-pull") as fetcher:
            # One worker fetches the next page while this thread validates and applies the
            # current one. Validation stays here: it holds the GIL for the whole page, and on
            # the worker it stalled every row of this thread's inserts (each releases the GIL
            # for SQLite and must get it back), which cost more than the overlap gained.
            pending = fetcher.submit(self._fetch, since)
            try:
                while True:
                    page = parse_changes(pending.result().body)
                    if page.has_more:
                        pending = fetcher.submit(self._fetch, page.cursor)
                    self._apply(page, start, report, bulk=bulk)
                    if not page.has_more:
                        break
            except BaseException:
                pending.cancel()
                raise

    def _pull_prepared(self, since: int, start: int, report: PullReport) -> bool:
        """Pages from ``since``, fetched ahead by following their next links, validated and
        made into rows on worker processes, applied here in order. True when the last page
        was applied; False when a page named no next page, or the workers failed (the caller
        goes on page by page from the cursor). A page that is not a ChangesPage, or a fetch
        that failed, raises once the pages before it are applied.

        When the page to apply next is not ready, this thread prepares a later page itself
        rather than wait: the workers share the cores with the backend (on a desktop, with
        the rest of the machine), so a fixed split of the work leaves one side idle."""
        pool = bulk_pages.start_pool(self._workers)  # its processes start with the first page
        # Pages each worker holds, being prepared or queued: enough to keep it busy while this
        # thread applies a transaction's pages (~150 ms at 1,000 customers a page).
        with_workers = 4 * self._workers
        # Pages held at once, prepared or not (bounds the memory: ~2 MB each).
        most = 4 * with_workers
        bodies: queue.Queue[tuple[int, ChangesBody] | None] = queue.Queue(maxsize=_FETCH_AHEAD)
        stop = threading.Event()
        fetcher = ThreadPoolExecutor(1, thread_name_prefix="agentdesk-pull")
        fetching = fetcher.submit(self._fetch_ahead, since, bodies, stop)
        # Pages in order, each with its bytes and its preparation: by a worker, or done here
        # (already set).
        in_flight: deque[tuple[int, bytes, Future[bulk_pages.PageRows]]] = deque()
        ready: list[bulk_pages.PreparedPage] = []  # in order, to apply in one transaction
        fetched_all = False

        def next_body(*, block: bool) -> tuple[int, ChangesBody] | None:
            """The next page fetched; None once all were, or when none is there yet (not
            blocking)."""
            nonlocal fetched_all
            if fetched_all:
                return None
            try:
                item = bodies.get(block=block)
            except queue.Empty:
                return None
            fetched_all = item is None
            return item

        def feed_workers(*, block: bool) -> None:
            """Hand the workers pages fetched until they hold ``with_workers`` pages not
            prepared yet; ``block``: wait for a page when none is held at all."""
            while (
                len(in_flight) < most
                and sum(not f.done() for _s, _b, f in in_flight) < with_workers
                and (item := next_body(block=block and not in_flight))
            ):
                body = item[1].body
                in_flight.append((item[0], body, pool.submit(bulk_pages.prepare_rows, body)))

        try:
            while True:
                feed_workers(block=True)
                # While the next page to apply is not ready, prepare here, at once, each later
                # page fetched meanwhile (waiting a while first left this thread idle for a
                # fifth of a 1M load), handing the workers their next pages after each.
                while in_flight and not in_flight[0][2].done():
                    if len(in_flight) < most and (item := next_body(block=False)):
                        body = item[1].body
                        in_flight.append((item[0], body, _prepared_here(body)))
                    else:
                        wait([in_flight[0][2]], timeout=_LOOK_AGAIN_S)
                    feed_workers(block=False)
                if not in_flight:
                    break
                page_since, body, preparing = in_flight.popleft()
                cursor = ready[-1].page.cursor if ready else report.cursor
                try:
                    prepared = preparing.result().prepared(body)
                    if page_since != cursor:
                        raise ProtocolError(
                            f"changes: the next link says {page_since}, the cursor is {cursor}"
                        )
                except BaseException:
                    self._apply_prepared(ready, start, report)  # the pages before it
                    raise
                ready.append(prepared)
                last = not prepared.page.has_more
                if last or len(ready) >= self._pages_per_commit:
                    self._apply_prepared(ready, start, report)
                    ready.clear()
                if last:
                    return True
            self._apply_prepared(ready, start, report)
            fetching.result()  # the error that stopped the fetch, if any
            return False
        except (BrokenProcessPool, OSError) as exc:
            # A worker that could not start or died: what it held is fetched again.
            log.warning("bulk load: worker processes failed (%s); pages prepared here", exc)
            return False
        finally:
            stop.set()  # a fetcher waiting to put a page sees it within its put timeout
            fetcher.shutdown(wait=True)
            pool.shutdown(wait=True, cancel_futures=True)

    def _fetch_ahead(
        self, since: int, bodies: queue.Queue[tuple[int, ChangesBody] | None], stop: threading.Event
    ) -> None:
        """Fetch pages from ``since`` by their next links into ``bodies``, then None."""

        def put(item: tuple[int, ChangesBody] | None) -> None:
            while not stop.is_set():
                try:
                    bodies.put(item, timeout=0.1)
                    return
                except queue.Full:
                    continue

        try:
            next_since: int | None = since
            while next_since is not None and not stop.is_set():
                fetched = self._fetch(next_since)
                put((next_since, fetched))
                next_since = fetched.next_since
        finally:
            put(None)

    def _begin_bulk_load(self, changes: int) -> bool:
        with self._store.read() as conn:
            if not bulk_load.worth_it(conn, changes, minimum=self._bulk_min_changes):
                return False
        log.info("bulk load of %d changes: the search index is built at the end", changes)
        self._store.write(bulk_load.begin, durable=False)
        return True

    def _finish_bulk_load(self) -> None:
        steps = len(bulk_load.FINISH_STEPS)
        for done, step in enumerate(bulk_load.FINISH_STEPS):
            self._bus.publish(SyncProgress(done, steps, indexing=True))
            self._store.write(step, durable=False)
        self._bus.publish(SyncProgress(steps, steps, indexing=True))

    def _finish_bulk_load_after_failure(self) -> None:
        # What arrived is searchable even while the backend stays away; if this fails too (the
        # cache closing), the flag stays and the next pull finishes the load.
        try:
            self._finish_bulk_load()
        except Exception:  # noqa: BLE001 - the pull's own error is the one to raise
            log.warning("bulk load: building the search index failed; the next pull retries")

    def _apply(self, page: ChangesPage, start: int, report: PullReport, *, bulk: bool) -> None:
        """Apply ``page`` and its cursor in one transaction."""
        self._apply_pages([(page, None)], start, report, bulk=bulk)

    def _apply_prepared(
        self, pages: Sequence[bulk_pages.PreparedPage], start: int, report: PullReport
    ) -> None:
        """Apply pages of a bulk load made ready on workers, in one transaction."""
        if pages:
            self._apply_pages([(p.page, p) for p in pages], start, report, bulk=True)

    def _apply_pages(
        self,
        pages: Sequence[tuple[ChangesPage, bulk_pages.PreparedPage | None]],
        start: int,
        report: PullReport,
        *,
        bulk: bool,
    ) -> None:
        """Apply ``pages`` in order, and the cursor of the last, in one transaction; a page
        that comes with its prepared rows (bulk_pages.py) has its customers and interactions
        as those rows, instead of in its own lists (empty then)."""
        cursor = report.cursor
        for page, _prepared in pages:
            if page.cursor < cursor:
                # A cursor that goes back would re-apply old changes over newer ones.
                raise ProtocolError(f"changes cursor went back from {cursor} to {page.cursor}")
            cursor = page.cursor

        key = self._store.phone_index_key

        def apply(conn: Connection) -> None:
            last = len(pages) - 1
            for at, (page, prepared) in enumerate(pages):
                if prepared is not None:
                    put_customer_rows(conn, prepared.customers)
                    put_interaction_rows(conn, prepared.interactions)
                # The cursor of the last page is the one this transaction commits.
                sync_state.apply_changes(
                    conn, page, bulk=bulk, index_key=key, move_cursor=at == last
                )

        self._store.write(apply, durable=False)
        for page, prepared in pages:
            counts = _counts(page)
            if prepared is not None:
                counts["customers"] = len(prepared.customers.rows)
                counts["interactions"] = len(prepared.interactions)
            report.pages += 1
            report.cursor = page.cursor
            if page.working_set is not None:
                report.working_set = page.working_set
            report.high_water = max(page.high_water, page.cursor)
            for name, count in counts.items():
                report.applied[name] = report.applied.get(name, 0) + count
        page = pages[-1][0]
        total = report.high_water - start
        done = total if not page.has_more else min(page.cursor - start, total)
        if total > 0:
            self._bus.publish(SyncProgress(done, total))
