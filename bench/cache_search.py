"""Customer search and screen-pop in the encrypted cache at 100k / 1M customers.

Fills a SQLCipher cache with demo customers (agentdesk/demo/generator.py, made into the
CustomerRecords the server syncs, holdings included), then times, on a reader connection:
search by name (2 and 3 characters), pinyin, initials, pinyin prefix, 4 phone digits, CIF
prefix, ID last 4; and customers_by_phone (the screen-pop). Prints p50 / p95 / max per kind.
Figures, not a pass/fail: the target is search p95 ≤ 30 ms at 1M.

    .venv/bin/python bench/cache_search.py --customers 100000
    .venv/bin/python bench/cache_search.py --customers 1000000 --keep   # reuse with --keep

The file (and its key, beside it: bench data only) stays under --dir when --keep is given.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from agentdesk.cache.customers import (
    customers_by_phone,
    get_customer,
    search_customers,
    upsert_customers,
)
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.contract.sync import CustomerRecord
from agentdesk.demo.generator import generate
from agentdesk.domain.masking import mask_account_number, mask_email, mask_id_number, mask_pan

SEED = 20250601
REFERENCE = date(2025, 6, 1)


def _records(batch_rows: dict[str, list[dict[str, Any]]]) -> Iterator[CustomerRecord]:
    by_customer: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for table in ("customer_phones", "accounts", "cards", "loans", "wealth_holdings"):
        grouped: dict[int, list[dict[str, Any]]] = {}
        for row in batch_rows[table]:
            grouped.setdefault(row["customer_id"], []).append(row)
        by_customer[table] = grouped
    for c in batch_rows["customers"]:
        cid = c["id"]
        holdings = {
            "accounts": [
                {**a, "number_masked": mask_account_number(a["number"])}
                for a in by_customer["accounts"].get(cid, [])
            ],
            "cards": [
                {**card, "pan_masked": mask_pan(card["pan"])}
                for card in by_customer["cards"].get(cid, [])
            ],
            "loans": by_customer["loans"].get(cid, []),
            "wealth": by_customer["wealth_holdings"].get(cid, []),
        }
        yield CustomerRecord.model_validate(
            {
                **c,
                "birth_year": c["birth_date"].year,
                "id_number_masked": mask_id_number(c["id_number"]),
                "id_last4": c["id_number"][-4:],
                "email_masked": mask_email(c["email"]) if c["email"] else "",
                "phones": [p["e164"] for p in by_customer["customer_phones"].get(cid, [])],
                "holdings": holdings,
            }
        )


def fill(store: CacheStore, customers: int) -> list[CustomerRecord]:
    """Load the cache; return a sample of records to draw queries from."""
    sample: list[CustomerRecord] = []
    rng = random.Random(SEED)
    started = time.perf_counter()
    done = 0
    for batch in generate(customers, seed=SEED, reference=REFERENCE, batch_size=5000):
        records = list(_records(batch.rows))
        store.write(partial(upsert_customers, records=records), durable=False)
        sample.extend(r for r in records if rng.random() < 2000 / customers)
        done += len(records)
        if done % 100_000 == 0 or done == customers:
            rate = done / (time.perf_counter() - started)
            print(f"  loaded {done:>9,} customers ({rate:,.0f}/s)", file=sys.stderr)
    return sample


def queries(sample: list[CustomerRecord], rng: random.Random) -> dict[str, list[str]]:
    zh = [r for r in sample if not r.name.isascii()]
    two = [r for r in zh if len(r.name) == 2] or zh
    three = [r for r in zh if len(r.name) >= 3] or zh
    with_phone = [r for r in sample if r.phones]
    picks: dict[str, Callable[[], str]] = {
        "name 2 chars": lambda: rng.choice(two).name,
        "name 3+ chars": lambda: rng.choice(three).name,
        "surname 1 char": lambda: rng.choice(zh).name[0],
        "pinyin spaced": lambda: rng.choice(zh).name_pinyin,
        "pinyin run": lambda: rng.choice(zh).name_pinyin.replace(" ", ""),
        "pinyin prefix": lambda: rng.choice(zh).name_pinyin.replace(" ", "")[:6],
        "initials": lambda: rng.choice(zh).name_initials,
        "english name": lambda: rng.choice([r for r in sample if r.name.isascii()] or sample).name,
        "4 phone digits": lambda: (p := rng.choice(rng.choice(with_phone).phones))[
            (i := rng.randrange(5, len(p) - 4)) : i + 4
        ],
        "cif prefix": lambda: rng.choice(sample).cif[:8],
        "id last 4": lambda: rng.choice(sample).id_last4,
    }
    return {kind: [pick() for _ in range(200)] for kind, pick in picks.items()}


def timed(fn: Callable[[], object], runs: list[float]) -> None:
    started = time.perf_counter()
    fn()
    runs.append((time.perf_counter() - started) * 1000)


def report(kind: str, runs: list[float]) -> None:
    runs = sorted(runs)
    p95 = runs[min(len(runs) - 1, int(len(runs) * 0.95))]
    print(
        f"{kind:<18} n={len(runs):<4} p50 {statistics.median(runs):7.2f} ms"
        f"   p95 {p95:7.2f} ms   max {runs[-1]:7.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/agentdesk-bench"))
    parser.add_argument("--keep", action="store_true", help="keep and reuse the filled cache")
    args = parser.parse_args()

    args.dir.mkdir(parents=True, exist_ok=True)
    path = args.dir / f"cache-{args.customers}.db"
    key_file = path.with_suffix(".key")
    reuse = args.keep and path.exists() and key_file.exists()
    if not reuse:
        for stale in args.dir.glob(f"{path.name}*"):
            stale.unlink()
        key_file.write_bytes(new_cache_key())
    key = key_file.read_bytes()

    started = time.perf_counter()
    store = CacheStore.open(path, key)
    print(f"open: {(time.perf_counter() - started) * 1000:.1f} ms", file=sys.stderr)
    if reuse:
        rng = random.Random(SEED)
        with store.read() as conn:
            ids = rng.sample(range(1, args.customers + 1), 2000)
            sample = [r for i in ids if (r := get_customer(conn, i)) is not None]
    else:
        started = time.perf_counter()
        sample = fill(store, args.customers)
        print(f"fill: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        store.write(lambda conn: conn.exec_driver_sql("PRAGMA optimize"), durable=False)
    size = sum(p.stat().st_size for p in args.dir.glob(f"{path.name}*"))
    print(f"{args.customers:,} customers, cache files {size / 1e6:,.0f} MB")

    rng = random.Random(SEED + 1)
    all_search: list[float] = []
    with store.read() as conn:
        for kind, texts in queries(sample, rng).items():
            runs: list[float] = []
            for text in texts:
                timed(partial(search_customers, conn, text, 20), runs)
            report(kind, runs)
            all_search.extend(runs)
        report("SEARCH (all)", all_search)
        phones = [rng.choice(r.phones) for r in rng.choices(sample, k=1000) if r.phones]
        runs = []
        for phone in phones:
            timed(partial(customers_by_phone, conn, phone), runs)
        report("PHONE LOOKUP", runs)
    store.close()
    if not args.keep:
        for leftover in args.dir.glob(f"{path.name}*"):
            leftover.unlink()
        key_file.unlink()


if __name__ == "__main__":
    main()
