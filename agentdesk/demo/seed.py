"""``agentdesk seed``: fill an empty database with the demo bank's staff and customers.

The database is migrated first (the server's Alembic migrations), then filled with SQLAlchemy
Core ``executemany`` inserts carrying explicit primary keys, in large transactions. A database
that already has customers is refused: seeding never mixes with real or earlier data.

Speed matters (``--customers 1000000`` must take minutes): the rows come from
:mod:`agentdesk.demo.generator` in batches, and on SQLite the seeding connection alone runs with
``synchronous=OFF`` (a crash mid-seed leaves a half-seeded demo database, which is simply made
again; the server's own connections keep their durable settings). The demo password is hashed
once and the hash shared by every demo user, because Argon2 is slow by design.

Seeded customers, tickets and interactions are stamped with the server-wide change sequence
(a running number in insertion order, a dict assignment per row). Their sync feed entries are
built in one step once every row is in (``feed_build.build``: an INSERT … SELECT for the
interactions and tickets), and the counter is moved past them in that same transaction, so a
workstation's first pull sees all of them, and a server reading meanwhile none of them.

Demo only: every demo user's password is :data:`~agentdesk.demo.generator.DEMO_PASSWORD`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TextIO

from sqlalchemy import Connection, Table, func, select

from agentdesk.demo.generator import DEMO_PASSWORD, TABLE_ORDER, Batch, demo_users, generate
from agentdesk.errors import AgentDeskError
from agentdesk.server import feed_build, models, sequence
from agentdesk.server.db import make_engine, migrate
from agentdesk.server.security import hash_password

__all__ = ["DEFAULT_SEED", "DatabaseNotEmpty", "SeedReport", "seed_database"]

log = logging.getLogger(__name__)

DEFAULT_SEED = 20261122
# Tables whose rows the workstations sync: each row gets a change sequence.
_STAMPED = ("customers", "tickets", "interactions")
# Customers per generator batch (one executemany per table), and per transaction.
DEFAULT_BATCH = 5_000
COMMIT_EVERY = 50_000
# From this many customers on, rows are generated in a second process while this one inserts.
BACKGROUND_FROM = 20_000
_QUEUE_BATCHES = 4  # batches in flight between the processes: bounds the memory used

_TABLES: dict[str, Table] = {
    "users": models.table_of(models.User),
    "customers": models.table_of(models.Customer),
    "customer_phones": models.table_of(models.CustomerPhone),
    "accounts": models.table_of(models.Account),
    "cards": models.table_of(models.Card),
    "loans": models.table_of(models.Loan),
    "wealth_holdings": models.table_of(models.WealthHolding),
    "tickets": models.table_of(models.Ticket),
    "interactions": models.table_of(models.Interaction),
}


class DatabaseNotEmpty(AgentDeskError):
    """The database already holds customers; seeding would mix demo data into it."""

    code = "seed.database_not_empty"


@dataclass
class SeedReport:
    customers: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def customers_per_second(self) -> float:
        return self.customers / self.seconds if self.seconds > 0 else 0.0


def seed_database(
    url: str,
    *,
    customers: int,
    seed: int = DEFAULT_SEED,
    progress: bool = True,
    batch: int = DEFAULT_BATCH,
    reference: date | None = None,
    out: TextIO | None = None,
    background: bool | None = None,
) -> SeedReport:
    """Migrate the database at ``url`` and fill it with demo users and ``customers`` customers.

    ``reference`` is the "today" of the data set (interaction history runs back two years from
    it, open complaints are a few days old); it defaults to today's UTC date so that a fresh
    demo looks current. The same ``(customers, seed, reference)`` always gives the same data.
    Raises :class:`DatabaseNotEmpty` if the database already has customers.

    ``background`` generates the rows in a forked process (Linux), which keeps both cores busy:
    making rows and inserting them cost about the same. By default it is used from
    ``BACKGROUND_FROM`` customers on; the rows are the same either way.
    """
    if customers < 0:
        raise ValueError("customers must be >= 0")
    started = time.monotonic()
    reference = reference or datetime.now(UTC).date()
    migrate(url)
    engine = make_engine(url)
    report = SeedReport(customers=customers)
    bar = _ProgressBar(customers, out or sys.stderr) if progress else None
    try:
        with engine.connect() as conn:
            _refuse_if_seeded(conn)
            if conn.dialect.name == "sqlite":
                # This connection only (it is discarded below): the seed is re-runnable, so it
                # need not survive a power cut mid-way. WAL is the server's mode anyway.
                conn.exec_driver_sql("PRAGMA synchronous=OFF")
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
                conn.exec_driver_sql("PRAGMA cache_size=-200000")  # ~200 MB of page cache
                conn.commit()
            with conn.begin():
                report.rows["users"] = _insert_users(conn)
            done_since_commit = 0
            transaction = conn.begin()
            last_seq = sequence.high_water(conn)
            try:
                if background is None:
                    background = customers >= BACKGROUND_FROM
                for rows in _batches(customers, seed, reference, batch, background=background):
                    last_seq = _stamp(rows, last_seq)
                    _insert_batch(conn, rows, report.rows)
                    done_since_commit += rows.customers
                    if done_since_commit >= COMMIT_EVERY:
                        transaction.commit()
                        transaction = conn.begin()
                        done_since_commit = 0
                    if bar is not None:
                        bar.advance(rows.customers)
                if bar is not None:
                    bar.finish()
                # The feed of every row at once, and the counter past them with it: a server
                # reading meanwhile serves none of them until all of them can be served.
                feed_bar = _ProgressBar(customers, bar.out, label="sync feed") if bar else None
                feed_build.build(conn, feed_bar.show if feed_bar is not None else None)
                sequence.set_counter(conn, last_seq)
                transaction.commit()
            except BaseException:
                transaction.rollback()
                raise
            if feed_bar is not None:
                feed_bar.finish()
            if conn.dialect.name == "postgresql":
                _reset_identities(conn)
            else:
                _empty_wal(conn)
    finally:
        engine.dispose()
    if engine.dialect.name == "sqlite":
        _sync_file(engine.url.database)
    report.seconds = time.monotonic() - started
    if bar is not None:
        bar.out.write(
            f"seeded {customers:,} customers in {_clock(report.seconds)} "
            f"({report.customers_per_second:,.0f}/s)\n"
        )
    return report


def _empty_wal(conn: Connection) -> None:
    """Every page of the WAL copied into the database file, and the WAL emptied: the seeded
    database is one file (the demo launcher renames it into place) with nothing left for the
    first server that opens it to copy."""
    busy, _frames, _copied = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    conn.commit()
    if busy:
        log.warning("the seeded database is in use: its WAL could not be emptied")


def _sync_file(path: str | None) -> None:
    """Wait until the seeded database is on disk (once no connection has it open: closing a
    descriptor of a SQLite file drops the locks of every connection of the process).

    The seed writes with ``synchronous=OFF``, so when it ends gigabytes of the database may
    still be the kernel's dirty pages, and the first server to open it would pay for them: its
    first sync waits until the disk has taken all of them, and a 1M-customer demo backend could
    miss the launcher's 30 s to answer /health. Paid here, it shows in the seed's own time.
    """
    if not path or path == ":memory:":
        return
    descriptor = os.open(path, os.O_RDWR)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _can_fork() -> bool:
    # fork only on Linux: macOS frameworks are not fork-safe, Windows has no fork, and spawn
    # would need freeze_support() in a PyInstaller bundle.
    return sys.platform.startswith("linux")


def _batches(
    customers: int, seed: int, reference: date, batch: int, *, background: bool
) -> Iterator[Batch]:
    """The generator's batches, made here or by a forked producer process."""
    if not (background and _can_fork()):
        yield from generate(customers, seed=seed, reference=reference, batch_size=batch)
        return
    context = multiprocessing.get_context("fork")
    channel: multiprocessing.Queue[Batch | str | None] = context.Queue(maxsize=_QUEUE_BATCHES)
    worker = context.Process(
        target=_produce,
        args=(channel, customers, seed, reference, batch),
        name="agentdesk-seed-generator",
        daemon=True,
    )
    worker.start()
    try:
        while True:
            try:
                item = channel.get(timeout=1.0)
            except queue.Empty:
                if not worker.is_alive():
                    raise RuntimeError(
                        f"the demo data generator process died (exit code {worker.exitcode})"
                    ) from None
                continue
            if item is None:
                break
            if isinstance(item, str):
                raise RuntimeError(f"the demo data generator failed: {item}")
            yield item
        worker.join()
    finally:
        if worker.is_alive():  # this side failed (or was interrupted) first
            worker.terminate()
            worker.join()
        channel.close()


def _produce(
    channel: multiprocessing.Queue[Batch | str | None],
    customers: int,
    seed: int,
    reference: date,
    batch: int,
) -> None:
    """Producer process: every batch, then ``None``; or the error as text."""
    try:
        for rows in generate(customers, seed=seed, reference=reference, batch_size=batch):
            channel.put(rows)
        channel.put(None)
    except BaseException as exc:  # reported to the parent, which raises it
        channel.put(f"{type(exc).__name__}: {exc}")


def _refuse_if_seeded(conn: Connection) -> None:
    existing = conn.execute(select(func.count()).select_from(_TABLES["customers"])).scalar_one()
    conn.rollback()  # end the implicit transaction before the pragmas
    if existing:
        where = conn.engine.url.render_as_string(hide_password=True)
        raise DatabaseNotEmpty(
            f"{where} already has {existing:,} customers; seed only an empty database "
            "(delete it, use a new database URL, or `agentdesk demo --reset` for the demo one)"
        )


def _insert_users(conn: Connection) -> int:
    """Demo staff, all with the password "demo" (one Argon2 hash shared by all of them)."""
    table = _TABLES["users"]
    taken = set(conn.execute(select(table.c.username)).scalars())
    password_hash = hash_password(DEMO_PASSWORD)
    rows = [
        {**user, "password_hash": password_hash}
        for user in demo_users()
        if user["username"] not in taken
    ]
    if taken:
        # Users made by someone else (e.g. an admin created at first start) keep their ids.
        top = conn.execute(select(func.max(table.c.id))).scalar_one() or 0
        for offset, row in enumerate(rows, start=1):
            row["id"] = top + offset
    if rows:
        conn.execute(table.insert(), rows)
    return len(rows)


def _stamp(batch: Batch, last_seq: int) -> int:
    """Number the batch's synced rows after ``last_seq``; returns the last number used.

    Nothing else writes while the demo database is seeded (it is refused unless empty), so a
    running number stands in for ``sequence.stamp``'s locked counter.
    """
    for name in _STAMPED:
        for row in batch.rows[name]:
            last_seq += 1
            row["change_seq"] = last_seq
    return last_seq


def _insert_batch(conn: Connection, batch: Batch, counts: dict[str, int]) -> None:
    for name in TABLE_ORDER:
        rows = batch.rows[name]
        if rows:
            conn.execute(_TABLES[name].insert(), rows)
            counts[name] = counts.get(name, 0) + len(rows)


def _reset_identities(conn: Connection) -> None:
    """Explicit ids bypass PostgreSQL's identity sequences; move each past the highest id."""
    with conn.begin():
        for name, table in _TABLES.items():
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )


class _ProgressBar:
    """``seeding ███████░░░ 70% 700,000/1,000,000 customers 9,812/s ETA 0:31`` on stderr."""

    WIDTH = 24

    def __init__(
        self,
        total: int,
        out: TextIO,
        clock: Callable[[], float] = time.monotonic,
        *,
        label: str = "seeding",
    ) -> None:
        self.total = total
        self.out = out
        self.label = label
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.shown_at = 0.0
        self.tty = bool(getattr(out, "isatty", lambda: False)())

    def advance(self, count: int) -> None:
        self.show(self.done + count, self.total)

    def show(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        now = self.clock()
        # A terminal redraws in place a few times a second; a log file gets a line every 10 s.
        if now - self.shown_at >= (0.25 if self.tty else 10.0) or self.done >= self.total:
            self.shown_at = now
            self._draw(now)

    def finish(self) -> None:
        self._draw(self.clock(), final=True)

    def _draw(self, now: float, *, final: bool = False) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        fraction = self.done / self.total if self.total else 1.0
        filled = int(fraction * self.WIDTH)
        remaining = (self.total - self.done) / rate if rate > 0 else 0.0
        tail = f"in {_clock(elapsed)}" if final else f"ETA {_clock(remaining)}"
        line = (
            f"{self.label} {'█' * filled}{'░' * (self.WIDTH - filled)} {fraction:4.0%} "
            f"{self.done:,}/{self.total:,} customers {rate:,.0f}/s {tail}"
        )
        if self.tty:
            self.out.write("\r" + line + ("\n" if final else ""))
        else:
            self.out.write(line + "\n")
        self.out.flush()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
