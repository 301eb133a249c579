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
  through ``POST /sync/push`` (mutations/s);
- a floor: the least time an initial sync could take on this machine with these parts, from
  work measured in the same run that every initial sync does: the backend's CPU for the pages,
  validating the customers with the contract's models and the raw insert, spread perfectly
  over the cores, plus building the search indexes (which starts once every row is in). Next
  to it, the time the ratio target (``TARGET_RATIO``) asks for: when the floor is above it,
  no arrangement of the desktop's sync pipeline meets the target here.

Writes ``bench/results/sync.json``. The seeded backend database is kept under
``bench/.work/<N>/`` so later runs skip the seeding. Not a test: nothing passes or fails on time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from agentdesk.cache import outbox
from agentdesk.cache.customers import customers_by_phone, search_customers
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.client import ApiClient, build_http_client, parse_changes
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.config.server import ServerSettings
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
RAW_RUNS = 3  # each raw insert (the ratios' references) is the best of this many


def _quiet_disk() -> None:
    """Flush what earlier steps wrote before the next one is timed: a drain measured while the
    kernel writes back the gigabyte the 1M-customer sync just left waits on every fsync."""
    if hasattr(os, "sync"):
        os.sync()


def _percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _ms(seconds: list[float]) -> tuple[float, float]:
    return _percentile(seconds, 50) * 1000, _percentile(seconds, 95) * 1000


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
) -> tuple[int, float]:
    """Insert the rows the sync wrote, as they are, into a new file opened with ``connect``:
    the same tables without indexes, one transaction. Returns (rows, rows/s), the best of
    ``RAW_RUNS`` (a limit is what the machine can do; one run varies by half here)."""
    tables: dict[str, tuple[list[str], list[tuple[object, ...]]]] = {}
    with store.read() as conn:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for table in SYNCED_TABLES:
            cursor.execute(f"select * from {table}")
            tables[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    count = sum(len(rows) for _columns, rows in tables.values())
    best = float("inf")
    for _run in range(RAW_RUNS):
        with tempfile.TemporaryDirectory() as folder:
            _quiet_disk()
            raw = connect(Path(folder) / "raw.db")
            raw.execute("pragma journal_mode=wal")
            raw.execute("pragma synchronous=normal")
            for table, (columns, _rows) in tables.items():
                raw.execute(f"create table {table} ({', '.join(columns)})")
            started = time.perf_counter()
            with raw:
                for table, (columns, rows) in tables.items():
                    marks = ", ".join("?" * len(columns))
                    raw.executemany(f"insert into {table} values ({marks})", rows)
            best = min(best, time.perf_counter() - started)
            raw.close()
    return count, count / best


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU of process ``pid`` so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _validate(pages: list[bytes]) -> float:
    started = time.perf_counter()
    for page in pages:
        parse_changes(page)
    return time.perf_counter() - started


def _validation_seconds(store: CacheStore) -> float:
    """Validate every cached customer record again, in pages, on a sync worker process (as
    the sync validates the pages it pulls): CPU every initial sync spends, wherever it runs."""
    with store.read() as conn:
        records = [row[0] for row in conn.exec_driver_sql("select record from customer_records")]
    pages = [
        (
            '{"cursor":0,"high_water":0,"has_more":false,"customers":['
            + ",".join(records[at : at + PAGE])
            + "]}"
        ).encode()
        for at in range(0, len(records), PAGE)
    ]
    with bulk_pages.start_pool(1) as pool:
        return pool.submit(_validate, pages).result()


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


def _drain_rate(store: CacheStore, api: ApiClient, callers: list[tuple[int, str]]) -> float:
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
            client_id = uuid.uuid4().hex
            outbox.enqueue(conn, MutationKind.INTERACTION_CREATE, client_id, payload, now=now)

    store.write(enqueue_all)
    _quiet_disk()
    engine = SyncEngine(api, store, EventBus(), lambda: datetime.now(UTC), "ws-bench")
    started = time.perf_counter()
    engine.push_pending()
    elapsed = time.perf_counter() - started
    with store.read() as conn:
        left = outbox.waiting_count(conn)
    if left:
        raise SystemExit(f"outbox drain left {left} mutations behind")
    return MUTATIONS / elapsed


def run(customers: int) -> dict[str, Any]:
    rng = random.Random(7)
    with _backend(customers) as backend, tempfile.TemporaryDirectory() as folder:
        api = _signed_in_api(backend.url)
        store = CacheStore.open(Path(folder) / "cache.db", new_cache_key())
        bus = EventBus()
        indexing_from: list[float] = []
        bus.subscribe(
            SyncProgress,
            lambda e: indexing_from.append(time.perf_counter()) if e.indexing else None,
        )
        engine = SyncEngine(api, store, bus, lambda: datetime.now(UTC), "ws-bench")
        pid = backend.process.pid if backend.process else 0
        _quiet_disk()
        server_cpu = _cpu_seconds(pid)
        started = time.perf_counter()
        engine.pull()
        ended = time.perf_counter()
        sync_s = ended - started
        server_after = _cpu_seconds(pid)
        server_cpu_s = (
            server_after - server_cpu
            if server_cpu is not None and server_after is not None
            else 0.0
        )
        index_s = ended - indexing_from[0] if indexing_from else 0.0
        synced = _synced_rows(store)
        callers = _callers(store, 1000)
        rows, raw_rate = _raw_insert_rate(store, _sqlcipher)
        _rows, plain_rate = _raw_insert_rate(store, _plain_sqlite)
        sync_rate = rows / sync_s
        validation_s = _validation_seconds(store)
        raw_s = rows / raw_rate
        cores = os.cpu_count() or 1
        floor_s = (server_cpu_s + validation_s + raw_s) / cores + index_s
        search_p50, search_p95 = _ms(_search_samples(store, rng))
        lookup_p50, lookup_p95 = _ms(_lookup_samples(store))
        drain_rate = _drain_rate(store, api, callers)
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
        "search_p50_ms": round(search_p50, 2),
        "search_p95_ms": round(search_p95, 2),
        "phone_lookup_p50_ms": round(lookup_p50, 3),
        "phone_lookup_p95_ms": round(lookup_p95, 3),
        "outbox_drain_per_s": round(drain_rate),
        "floor_seconds": round(floor_s, 2),
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    runs = []
    for customers in args.customers:
        print(f"bench-sync: {customers:,} customers ...", file=sys.stderr, flush=True)
        runs.append(run(customers))
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
            f"{parts['cores']} cores, + indexes {parts['index_build']:.2f} s); "
            f"ratio {TARGET_RATIO} needs {r['target_seconds']:.2f} s"
        )
        print(f"{'':>10} rows synced: {r['rows_by_table']}")
    result = dict(runs[-1])
    result["runs"] = runs
    (RESULTS / "sync.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"wrote {RESULTS / 'sync.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
