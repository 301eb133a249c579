"""Checkpoints of the embedded SQLite database's write-ahead log, on a thread of their own.

By default SQLite checkpoints in the commit that takes the WAL past 1,000 pages: that writer
copies the pages into the database file and syncs it before its request can answer, holding
the change lock all the while. A push of 500 wrap-ups dirties about 2,000 pages, so every push
paid for a checkpoint. The server's engine (``make_engine(background_checkpoints=True)``)
leaves that to this thread, which checkpoints every half second, on another core, in PASSIVE
mode: it never waits for a reader or a writer, nor makes one wait. A commit checkpoints itself
only if the WAL grows past ``db.BACKGROUND_AUTOCHECKPOINT_PAGES``, should this thread fall
behind. A commit is as durable as before: it is in the synced WAL, and a checkpoint only moves
it into the database file.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from agentdesk.server.db import is_sqlite_file

__all__ = ["INTERVAL_S", "checkpointing"]

INTERVAL_S = 0.5

log = logging.getLogger(__name__)


@contextmanager
def checkpointing(engine: Engine, interval_s: float = INTERVAL_S) -> Iterator[None]:
    """Checkpoint ``engine``'s database every ``interval_s`` while in the block (nothing to do
    for PostgreSQL or an in-memory SQLite)."""
    if not is_sqlite_file(engine.url):
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(
        target=_checkpoint_until, args=(engine, stop, interval_s), name="wal-checkpoints"
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _checkpoint_until(engine: Engine, stop: threading.Event, interval_s: float) -> None:
    with engine.connect() as conn:
        while not stop.wait(interval_s):
            try:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                conn.rollback()  # nothing to keep open between rounds
            except SQLAlchemyError as exc:  # the next round tries again; commits still can
                log.warning("WAL checkpoint failed: %s", type(exc).__name__)
