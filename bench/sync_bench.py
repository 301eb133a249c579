"""``make bench-sync``: the offline-first data layer's figures, measured in one run.

Prints, for one machine and one run:

- initial sync of N customers from a real backend process, with their phones, the
  interactions of the sync window and the tickets (rows/s over every row it wrote to the cache's
  tables), next to a raw bulk insert of those same rows into the same tables without indexes,
  in one transaction, into a SQLCipher file keyed as the cache is (the physical limit of an
  encrypted cache here), and their ratio; customers/s too. The same insert into plain,
  unencrypted SQLite is printed next to it, with its ratio. Each insert is the best of
  ``RAW_RUNS``;
- customer search p50/p95 and screen-pop phone lookup p50/p95 in the encrypted cache;
- outbox drain of 10,000 wrap-ups shaped as the desktop's (customer, caller's number, call id)
  through ``POST /sync/push`` (mutations/s), its seconds beside the CPU the backend and the
  desk spent over them (they overlap a little: the backend checkpoints on a thread of its own),
  so a run at a third of the others' rate shows whether the backend worked more or both waited;
- a floor: the least time an initial sync could take on this machine with these parts, from
  work measured in the same run that every initial sync does: the backend's CPU for the pages,
  validating each page it pulled (customers and interactions) with the contract's models and
  the raw insert, spread perfectly
  over the cores, plus building the search indexes (which starts once every row is in). Next
  to it, the time the ratio target (``TARGET_RATIO``) asks for: when the floor is above it,
  no arrangement of the desktop's sync pipeline meets the target here.

Each size is measured ``--runs`` times (3; each run a backend process, a cache and sync
workers of its own) and every figure is printed as min / median / max, as ``make bench-pop``
does: on a shared machine one run varies by a third, so one lucky or unlucky run cannot stand
for the figure. The floor is measured within each run, so each run's ratio to its own floor
(``floor_ratio``) is the figure to compare across machines and days. When other work shares
the cores, the sync (which needs every core) loses more time than the floor's parts measured
one at a time, so ``cpu_ratio`` is printed too: the CPU seconds the sync used (the desk's
process, its workers and the backend) over the CPU seconds of the floor's work (backend,
validation, raw insert, index build), which other work on the machine changes far less.

Writes ``bench/results/sync.json``: each figure is the median of the runs (the keys as before),
with ``spread`` (min / median / max of each) and ``each_run``. The seeded backend database is
kept under ``bench/.work/<N>/`` so later runs skip the seeding. Not a test: nothing passes or
fails on time.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
import types
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from figures import median_of_runs, percentile_ms, spread, write_result
from sync_worker_work import validate

from agentdesk.cache import outbox
from agentdesk.cache.customers import customers_by_phone, search_customers
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.client import ApiClient, build_http_client
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.config.server import ServerSettings
from agentdesk.contract import ids
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import InteractionCreate, MutationKind
from agentdesk.demo.launcher import DemoBackend
from agentdesk.events import EventBus, SyncProgress
from agentdesk.sync import bulk_pages
from agentdesk.sync.engine import SyncEngine

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
QUERIES = 400
LOOKUPS = 2000
MUTATIONS = 10_000
TARGET_RATIO = 0.4  # issue 3: an initial sync at 40% of the raw insert rate
PAGE = 1000  # customers per page, as the sync engine pulls them
VALIDATED_AT_ONCE = 50  # pages sent to the worker that validates them again (bounds memory)
RAW_RUNS = 3  # each raw insert (the ratios' references) is the best of this many
# The figures printed and kept as min / median / max over the runs.
SPREAD = (
    "initial_sync_seconds",
    "floor_seconds",
    "floor_ratio",
    "cpu_ratio",
    "search_p50_ms",
    "search_p95_ms",
    "phone_lookup_p50_ms",
    "phone_lookup_p95_ms",
    "outbox_drain_per_s",
)


def _quiet_disk() -> None:
    """Flush what earlier steps wrote before the next one is timed: a drain measured while the
    kernel writes back the gigabyte the 1M-customer sync just left waits on every fsync."""
    if hasattr(os, "sync"):
        os.sync()


def _backend(customers: int) -> DemoBackend:
    work = ROOT / ".work" / str(customers)
    paths = AppPaths(work / "config", work / "data", work / "logs", work / "none.toml")
    return DemoBackend(paths, customers=customers, port=0)


def _signed_in_api(url: str) -> ApiClient:
    api = ApiClient(build_http_client(DesktopSettings(backend_url=url, request_timeout_s=120)))
    api.login("agent01", "demo", "ws-bench")
    return api


# The cache tables an initial sync fills with rows of their own (the FTS indexes and B-trees
# over them are the sync's overhead, not rows).
SYNCED_TABLES = (
    "customers",
    "customer_records",
    "customer_phones",
    "interactions",
    "tickets",
    "tasks",
)


def _synced_rows(store: CacheStore) -> dict[str, int]:
    with store.read() as conn:
        return {
            table: int(conn.exec_driver_sql(f"select count(*) from {table}").scalar_one())
            for table in SYNCED_TABLES
        }


def _plain_sqlite(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


def _sqlcipher(path: Path) -> sqlite3.Connection:
    conn = sqlcipher.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{new_cache_key().hex()}'\"")  # as CacheStore keys a cache
    return conn  # type: ignore[no-any-return]


def _raw_insert_rate(
    store: CacheStore, connect: Callable[[Path], sqlite3.Connection]
) -> tuple[int, float, float]:
    """Insert the rows the sync wrote, as they are, into a new file opened with ``connect``:
    the same tables without indexes, one transaction. Returns (rows, rows/s, CPU seconds), the
    best of ``RAW_RUNS`` (a limit is what the machine can do; one run varies by half here)."""
    tables: dict[str, tuple[list[str], list[tuple[object, ...]]]] = {}
    with store.read() as conn:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for table in SYNCED_TABLES:
            cursor.execute(f"select * from {table}")
            tables[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    count = sum(len(rows) for _columns, rows in tables.values())
    best = least_cpu = float("inf")
    for _run in range(RAW_RUNS):
        with tempfile.TemporaryDirectory() as folder:
            _quiet_disk()
            raw = connect(Path(folder) / "raw.db")
            raw.execute("pragma journal_mode=wal")
            raw.execute("pragma synchronous=normal")
            for table, (columns, _rows) in tables.items():
                raw.execute(f"create table {table} ({', '.join(columns)})")
            started, cpu = time.perf_counter(), time.process_time()
            with raw:
                for table, (columns, rows) in tables.items():
                    marks = ", ".join("?" * len(columns))
                    raw.executemany(f"insert into {table} values ({marks})", rows)
            best = min(best, time.perf_counter() - started)
            least_cpu = min(least_cpu, time.process_time() - cpu)
            raw.close()
    return count, count / best, least_cpu


def _own_cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its children that have ended (the sync's workers
    once their pool is shut down; not the backend, which runs on). Without ``resource``
    (Windows), this process's CPU only."""
    try:
        import resource
    except ImportError:
        return time.process_time(), 0.0
    own = resource.getrusage(resource.RUSAGE_SELF)
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, ended.ru_utime + ended.ru_stime


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU of process ``pid`` so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _validation_seconds(api: ApiClient) -> tuple[float, float]:
    """Validate every page of the initial sync again, as fetched from the backend (customers,
    interactions and all), on a sync worker process, as the sync validates the pages it
    pulls: CPU every initial sync spends, wherever it runs. Returns (seconds, CPU seconds);
    the fetches are not timed."""
    seconds = cpu = 0.0
    with bulk_pages.start_pool(1) as pool:
        since: int | None = 0
        while since is not None:
            pages: list[bytes] = []
            while since is not None and len(pages) < VALIDATED_AT_ONCE:
                page = api.changes_body(since, PAGE)
                pages.append(page.body)
                since = page.next_since
            took, took_cpu = pool.submit(validate, pages).result()
            seconds, cpu = seconds + took, cpu + took_cpu
    return seconds, cpu


def _search_samples(store: CacheStore, rng: random.Random) -> list[float]:
    with store.read() as conn:
        sample = conn.exec_driver_sql(
            "select name, name_initials, cif, id_last4 from customers order by random() limit 200"
        ).all()
        phones = [
            row[0]
            for row in conn.exec_driver_sql(
                "select e164 from customer_phones order by random() limit 200"
            )
        ]
    queries: list[str] = []
    for name, initials, cif, last4 in sample:
        queries += [name, initials or name[:1], cif[:8], last4]
    queries += [phone[-8:-2] for phone in phones]
    rng.shuffle(queries)
    samples: list[float] = []
    with store.read() as conn:
        for query in queries[:QUERIES]:
            started = time.perf_counter()
            search_customers(conn, query, limit=20)
            samples.append(time.perf_counter() - started)
    return samples


def _lookup_samples(store: CacheStore) -> list[float]:
    with store.read() as conn:
        phones = [
            row[0]
            for row in conn.exec_driver_sql(
                f"select e164 from customer_phones order by random() limit {LOOKUPS}"
            )
        ]
        samples = []
        for phone in phones:
            started = time.perf_counter()
            customers_by_phone(conn, phone)
            samples.append(time.perf_counter() - started)
    return samples


def _callers(store: CacheStore, count: int) -> list[tuple[int, str]]:
    """Customers of the cache with a number each: who the bench's calls come from."""
    with store.read() as conn:
        rows = conn.exec_driver_sql(
            "select customer_id, min(e164) from customer_phones group by customer_id "
            f"order by customer_id limit {count}"
        )
        return [(int(customer_id), str(e164)) for customer_id, e164 in rows]


def _drain_rate(
    store: CacheStore, api: ApiClient, callers: list[tuple[int, str]], backend_pid: int
) -> tuple[float, dict[str, float]]:
    """Mutations/s of the drain, and its seconds beside the CPU the backend and the desk (this
    process) spent over them."""
    now = datetime.now(UTC)
    # Calls from before the sync window: the backend kept for later runs then never syncs them
    # (each run would otherwise pull the previous runs' 10,000 interactions too).
    long_ago = now - timedelta(days=ServerSettings().sync_interaction_days + 30)

    def enqueue_all(conn) -> None:  # type: ignore[no-untyped-def]
        for n in range(MUTATIONS):
            # As the desktop's wrap-up has it (CallService.record_wrap_up): the customer, the
            # caller's number and the telephony's call id, the call's queue and times.
            customer_id, caller = callers[n % len(callers)]
            payload = InteractionCreate(
                customer_id=customer_id,
                phone_e164=caller,
                call_id=f"call-{uuid.uuid4().hex[:16]}",
                channel=Channel.PHONE_IN,
                started_at=long_ago,
                ended_at=long_ago + timedelta(minutes=4),
                queue="general",
                reason="balance_enquiry",
                wrap_up_code="resolved",
                notes=f"bench {n}",
            )
            # A fresh client id per row, as the desktop makes them (a reused one is a duplicate).
            client_id = ids.new_id()
            outbox.enqueue(conn, MutationKind.INTERACTION_CREATE, client_id, payload, now=now)

    store.write(enqueue_all)
    _quiet_disk()
    engine = SyncEngine(api, store, EventBus(), lambda: datetime.now(UTC), "ws-bench")
    backend_cpu, desk_cpu = _cpu_seconds(backend_pid) or 0.0, time.process_time()
    started = time.perf_counter()
    engine.push_pending()
    elapsed = time.perf_counter() - started
    backend_cpu = (_cpu_seconds(backend_pid) or 0.0) - backend_cpu
    desk_cpu = time.process_time() - desk_cpu
    with store.read() as conn:
        left = outbox.waiting_count(conn)
    if left:
        raise SystemExit(f"outbox drain left {left} mutations behind")
    seconds = {
        "seconds": round(elapsed, 2),
        "backend_cpu": round(backend_cpu, 2),
        "desk_cpu": round(desk_cpu, 2),
    }
    return MUTATIONS / elapsed, seconds


def run(customers: int) -> dict[str, Any]:
    rng = random.Random(7)
    with _backend(customers) as backend, tempfile.TemporaryDirectory() as folder:
        api = _signed_in_api(backend.url)
        store = CacheStore.open(Path(folder) / "cache.db", new_cache_key())
        bus = EventBus()
        indexing_from: list[tuple[float, float]] = []  # (time, this process's CPU)
        bus.subscribe(
            SyncProgress,
            lambda e: (
                indexing_from.append((time.perf_counter(), _own_cpu()[0])) if e.indexing else None
            ),
        )
        engine = SyncEngine(api, store, bus, lambda: datetime.now(UTC), "ws-bench")
        pid = backend.process.pid if backend.process else 0
        _quiet_disk()
        server_cpu = _cpu_seconds(pid)
        own_cpu, workers_cpu = _own_cpu()
        started = time.perf_counter()
        engine.pull()
        ended = time.perf_counter()
        own_after, workers_after = _own_cpu()
        sync_s = ended - started
        server_after = _cpu_seconds(pid)
        server_cpu_s = (
            server_after - server_cpu
            if server_cpu is not None and server_after is not None
            else 0.0
        )
        index_s = ended - indexing_from[0][0] if indexing_from else 0.0
        index_cpu_s = own_after - indexing_from[0][1] if indexing_from else 0.0
        sync_cpu_s = own_after - own_cpu + workers_after - workers_cpu + server_cpu_s
        synced = _synced_rows(store)
        callers = _callers(store, 1000)
        rows, raw_rate, raw_cpu_s = _raw_insert_rate(store, _sqlcipher)
        _rows, plain_rate, _cpu = _raw_insert_rate(store, _plain_sqlite)
        sync_rate = rows / sync_s
        validation_s, validation_cpu_s = _validation_seconds(api)
        raw_s = rows / raw_rate
        cores = os.cpu_count() or 1
        floor_s = (server_cpu_s + validation_s + raw_s) / cores + index_s
        floor_cpu_s = server_cpu_s + validation_cpu_s + raw_cpu_s + index_cpu_s
        searches = _search_samples(store, rng)
        lookups = _lookup_samples(store)
        drain_rate, drain_seconds = _drain_rate(store, api, callers, pid)
        store.close()
    return {
        "customers": synced["customers"],
        "initial_sync_seconds": round(sync_s, 2),
        "initial_sync_customers_per_s": round(synced["customers"] / sync_s),
        "initial_sync_rows_per_s": round(sync_rate),
        "raw_insert_rows_per_s": round(raw_rate),
        "ratio": round(sync_rate / raw_rate, 3),
        "raw_plain_sqlite_rows_per_s": round(plain_rate),
        "ratio_plain_sqlite": round(sync_rate / plain_rate, 3),
        "search_p50_ms": percentile_ms(searches, 50, 2),
        "search_p95_ms": percentile_ms(searches, 95, 2),
        "phone_lookup_p50_ms": percentile_ms(lookups, 50, 3),
        "phone_lookup_p95_ms": percentile_ms(lookups, 95, 3),
        "outbox_drain_per_s": round(drain_rate),
        "drain_seconds": drain_seconds,
        "floor_seconds": round(floor_s, 2),
        "floor_ratio": round(sync_s / floor_s, 2),
        "sync_cpu_seconds": round(sync_cpu_s, 2),
        "floor_cpu_seconds": round(floor_cpu_s, 2),
        "cpu_ratio": round(sync_cpu_s / floor_cpu_s, 2),
        "target_seconds": round(raw_s / TARGET_RATIO, 2),
        "floor_parts_seconds": {
            "cores": cores,
            "server_cpu": round(server_cpu_s, 2),
            "validation": round(validation_s, 2),
            "raw_insert": round(raw_s, 2),
            "index_build": round(index_s, 2),
        },
        "raw_rows": rows,
        "rows_by_table": synced,
    }


def _runs(customers: int, runs: int) -> dict[str, Any]:
    """``runs`` measured runs of ``customers``: each figure the median of the runs (nested
    floor parts too), with ``spread`` (min / median / max of the SPREAD figures) and
    ``each_run``."""
    results = []
    for number in range(runs):
        print(
            f"bench-sync: {customers:,} customers, run {number + 1}/{runs} ...",
            file=sys.stderr,
            flush=True,
        )
        results.append(run(customers))
    merged: dict[str, Any] = {}
    for key, value in results[0].items():
        if isinstance(value, int | float) and key != "customers":
            merged[key] = median_of_runs([r[key] for r in results])
        elif key in ("floor_parts_seconds", "drain_seconds"):
            merged[key] = {part: median_of_runs([r[key][part] for r in results]) for part in value}
        else:
            merged[key] = value
    merged["spread"] = spread(results, SPREAD)
    merged["each_run"] = results
    return merged


def _print_spread(r: dict[str, Any]) -> None:
    print(
        f"{r['customers']:>10,} customers, {len(r['each_run'])} runs: {'sync s':>7} "
        f"{'floor s':>7} {'x floor':>7} {'x CPU':>6} {'search p50/p95 ms':>18} "
        f"{'phone p50/p95 ms':>17} "
        f"{'drain mut/s':>12}"
    )
    spread = r["spread"]
    for which in ("min", "median", "max"):
        f = {key: spread[key][which] for key in SPREAD}
        print(
            f"{which:>31} {f['initial_sync_seconds']:>7.2f} {f['floor_seconds']:>7.2f} "
            f"{f['floor_ratio']:>7.2f} {f['cpu_ratio']:>6.2f} "
            f"{f['search_p50_ms']:>8.2f} / {f['search_p95_ms']:<7.2f} "
            f"{f['phone_lookup_p50_ms']:>7.3f} / {f['phone_lookup_p95_ms']:<7.3f} "
            f"{f['outbox_drain_per_s']:>12,}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="measured runs of each size")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    RESULTS.mkdir(parents=True, exist_ok=True)
    runs = [_runs(customers, args.runs) for customers in args.customers]
    for r in runs:
        _print_spread(r)
    print("medians of the runs:")
    header = (
        f"{'customers':>10} {'cust/s':>7} {'sync rows/s':>12} {'raw rows/s':>11} {'ratio':>6} "
        f"{'search p50/p95 ms':>18} {'phone p50/p95 ms':>17} {'drain mut/s':>12}"
    )
    print(header)
    for r in runs:
        print(
            f"{r['customers']:>10,} {r['initial_sync_customers_per_s']:>7,} "
            f"{r['initial_sync_rows_per_s']:>12,} "
            f"{r['raw_insert_rows_per_s']:>11,} {r['ratio']:>6.2f} "
            f"{r['search_p50_ms']:>8.2f} / {r['search_p95_ms']:<7.2f} "
            f"{r['phone_lookup_p50_ms']:>7.3f} / {r['phone_lookup_p95_ms']:<7.3f} "
            f"{r['outbox_drain_per_s']:>12,}"
        )
        print(
            f"{'':>10} raw rows/s into plain (unencrypted) SQLite: "
            f"{r['raw_plain_sqlite_rows_per_s']:,}, ratio {r['ratio_plain_sqlite']:.2f}"
        )
        parts = r["floor_parts_seconds"]
        print(
            f"{'':>10} sync {r['initial_sync_seconds']:.2f} s; the least it could take here "
            f"{r['floor_seconds']:.2f} s (backend {parts['server_cpu']:.2f} + validation "
            f"{parts['validation']:.2f} + raw insert {parts['raw_insert']:.2f} s of CPU over "
            f"{parts['cores']} cores, + indexes {parts['index_build']:.2f} s): "
            f"{r['floor_ratio']:.2f}x the floor; ratio {TARGET_RATIO} needs "
            f"{r['target_seconds']:.2f} s"
        )
        print(
            f"{'':>10} CPU: the sync {r['sync_cpu_seconds']:.2f} s (desk, its workers and the "
            f"backend), the floor's work {r['floor_cpu_seconds']:.2f} s: "
            f"{r['cpu_ratio']:.2f}x"
        )
        drain = r["drain_seconds"]
        print(
            f"{'':>10} drain of {MUTATIONS:,}: {drain['seconds']:.2f} s; CPU over it: the "
            f"backend {drain['backend_cpu']:.2f} s, the desk {drain['desk_cpu']:.2f} s"
        )
        print(f"{'':>10} rows synced: {r['rows_by_table']}")
    result = dict(runs[-1])
    result["runs"] = runs
    write_result(result, RESULTS / "sync.json")
    return 0


if __name__ == "__main__":
    # A spawned worker (the sync's, and _validation_seconds') first runs its parent's main
    # module again, as __mp_main__: this file, which imports the desk and the backend (0.3 s of
    # CPU each time, counted against the sync), where the desktop's own entry point,
    # ``python -m agentdesk``, is not run again at all. The workers find a main module without
    # a file instead; what they run is imported by its module's name (sync_worker_work.py).
    sys.modules["__main__"] = types.ModuleType("__main__")
    raise SystemExit(main())
