"""Seed speed: customers per second of ``seed_database`` on SQLite and, optionally, PostgreSQL.

    .venv/bin/python bench/seed_speed.py --customers 100000
    .venv/bin/python bench/seed_speed.py --customers 100000 \\
        --postgres postgresql://postgres@127.0.0.1:5432/postgres

The SQLite database goes to a temporary folder; for PostgreSQL a scratch database is created on
the given server and dropped afterwards. Generation alone is timed too, to show how the time
splits between making rows and writing them.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text

from agentdesk.demo.generator import generate
from agentdesk.demo.seed import seed_database

REFERENCE = date(2026, 11, 22)


def _generation_only(customers: int) -> float:
    started = time.perf_counter()
    for _batch in generate(customers, seed=1, reference=REFERENCE):
        pass
    return customers / (time.perf_counter() - started)


def _sqlite(customers: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        report = seed_database(
            f"sqlite:///{Path(folder) / 'bench.db'}",
            customers=customers,
            progress=False,
            reference=REFERENCE,
        )
    return report.customers_per_second


def _postgres(admin_url: str, customers: int) -> float:
    admin = create_engine(
        admin_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    name = f"agentdesk_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = admin_url.rsplit("/", 1)[0] + f"/{name}"
        report = seed_database(url, customers=customers, progress=False, reference=REFERENCE)
        return report.customers_per_second
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--postgres", metavar="ADMIN_URL", help="also bench this PostgreSQL")
    args = parser.parse_args()
    print(f"generation only: {_generation_only(args.customers):,.0f} customers/s")
    print(f"sqlite seed:     {_sqlite(args.customers):,.0f} customers/s")
    if args.postgres:
        print(f"postgresql seed: {_postgres(args.postgres, args.customers):,.0f} customers/s")


if __name__ == "__main__":
    main()
