"""Database plumbing of the backend: engines, sessions and Alembic migrations.

An SQLite database file holds customers' personal data: it and its ``-wal``/``-shm``/``-journal``
side files are readable by their owner only (0600), whatever the umask; SQLite gives the side
files it creates the database file's mode.

The Alembic environment lives inside the package (``agentdesk/server/migrations``) and its
configuration is built here, in code, so an installed server needs no ``alembic.ini``. The app
never calls ``create_all``: the schema is whatever the migrations say.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.domain.clock import Clock
from agentdesk.server import changes, feed_build
from agentdesk.server.clock import utcnow

__all__ = ["alembic_config", "make_engine", "make_session_factory", "migrate", "normalize_url"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5_000
PRIVATE_FILE_MODE = 0o600
_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def normalize_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever driver the URL names (or leaves out)."""
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def is_sqlite_file(url: str | URL) -> bool:
    """Whether ``url`` is an SQLite database in a file (with a write-ahead log)."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")


# With checkpoints on a thread of their own (sqlite_checkpoints.py), a commit checkpoints only
# past this many pages of WAL (40 MB): the bound, should that thread fall behind.
BACKGROUND_AUTOCHECKPOINT_PAGES = 10_000


def make_engine(url: str, *, background_checkpoints: bool = False, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets WAL, enforced foreign keys and a busy timeout, and
    with ``background_checkpoints`` leaves checkpoints to ``sqlite_checkpoints.checkpointing``
    (the server's engine, which runs it)."""
    url = normalize_url(url)
    if not _is_sqlite(url):
        return create_engine(url, pool_pre_ping=True, **kwargs)
    database = make_url(url).database
    if database not in (None, "", ":memory:") and not database.startswith("file:"):
        _keep_private(Path(database))
    # FastAPI runs sync routes in a thread pool, so one connection may serve several threads.
    engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            if is_sqlite_file(url):
                cursor.execute("PRAGMA journal_mode=WAL")
                if background_checkpoints:
                    cursor.execute(f"PRAGMA wal_autocheckpoint={BACKGROUND_AUTOCHECKPOINT_PAGES}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        finally:
            cursor.close()

    return engine


# Beside the requests in progress: the event streams' reads of the log (threads of their own
# share), the broker's reads and the tickers' steps.
STREAM_READ_THREADS = 4
BACKGROUND_CONNECTIONS = 4
# The shared ACD's pool (its leader, its listener's reads, the requests' questions), kept open.
ACD_CONNECTIONS = 8


def pool_for(url: str, concurrent_requests: int) -> dict[str, Any]:
    """The server's pool on PostgreSQL: a connection for every request in progress (capped at
    ``concurrent_requests``, ``middleware.ConcurrencyLimitMiddleware``), every thread an event
    stream reads on, and the background work, and no more: nobody waits for a connection
    that only a request waiting for a thread would give back. SQLite: its own pool."""
    if _is_sqlite(url):
        return {}
    size = concurrent_requests + STREAM_READ_THREADS + BACKGROUND_CONNECTIONS
    return {"pool_size": size, "max_overflow": 0}


def _keep_private(database: Path) -> None:
    """Create the database file 0600 before SQLite does (its side files then follow), and
    take an existing one and its side files back to 0600 (made before this rule, or copied)."""
    if not database.exists() and database.parent.is_dir():
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE))
    for path in (database, *(Path(f"{database}{side}") for side in _SQLITE_SIDE_FILES)):
        if path.exists():
            path.chmod(PRIVATE_FILE_MODE)


def make_session_factory(
    engine: Engine, on_events: Callable[[int], None] | None = None, *, clock: Clock = utcnow
) -> sessionmaker[Session]:
    """Sessions whose every write stamps the change sequence (``changes.install``);
    ``on_events`` is rung with the highest event id after a commit that logged events.
    ``clock`` is the server's (``create_app`` passes its own)."""
    # expire_on_commit=False: routes build responses from objects after the commit.
    factory = sessionmaker(engine, expire_on_commit=False)
    changes.install(factory, on_events, clock=clock)
    return factory


def alembic_config(url: str) -> Config:
    """Alembic's configuration, built in code from the package's own migrations folder."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would choke on a '%' in a password.
    config.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return config


# Any 64-bit number unique to this purpose among the database's advisory locks.
MIGRATION_LOCK_KEY = 0x4147_4E54_4D49_4752  # "AGNTMIGR"


def migrate(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision`` (the newest by default); at the newest,
    build the sync feed if the upgrade left it empty (see ``feed_build``). On PostgreSQL, one
    server at a time: hosts started together queue on a lock, and the later ones find the
    schema up to date."""
    engine = make_engine(url)
    try:
        with contextlib.ExitStack() as held:
            if not _is_sqlite(url):
                conn = held.enter_context(engine.connect())
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                held.callback(
                    conn.execute,
                    text("SELECT pg_advisory_unlock(:key)"),
                    {"key": MIGRATION_LOCK_KEY},
                )
            command.upgrade(alembic_config(url), revision)
            if revision == "head":
                feed_build.ensure_built(engine)
    finally:
        engine.dispose()
