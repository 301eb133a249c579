"""What the daily care scan costs on the server: a seeded bank of N customers on SQLite, the scan
run twice (the first makes the care tasks, the second finds nothing new to make), against the
floor of reading every customer with their holdings once, measured in the same run. Figures,
not pass/fail.

    .venv/bin/python bench/care_bench.py [--customers 2000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from agentdesk.demo.seed import seed_database
from agentdesk.server import care, models
from agentdesk.server.db import make_engine, make_session_factory, migrate

NOW = datetime(2026, 12, 6, 1, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        migrate(url)
        seed_database(url, customers=args.customers, progress=False)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        with sessions() as session:
            started = time.perf_counter()
            customers = session.scalars(select(models.Customer).options(selectinload("*"))).all()
            floor = time.perf_counter() - started
            assert len(customers) >= args.customers
        timings = []
        for _ in range(2):
            with sessions() as session:
                started = time.perf_counter()
                made = care.scan(session, NOW)
                timings.append((time.perf_counter() - started, made))
        engine.dispose()
    per = timings[0][0] / args.customers * 1000
    print(f"{args.customers:,} customers on SQLite")
    print(f"  read every customer with holdings (floor) {floor:7.2f} s")
    print(
        f"  first scan  {timings[0][0]:7.2f} s  {timings[0][1]:5d} tasks  {per:.2f} ms/customer"
        f"  ({timings[0][0] / floor:.1f}x the floor)"
    )
    print(f"  second scan {timings[1][0]:7.2f} s  {timings[1][1]:5d} tasks")


if __name__ == "__main__":
    main()
