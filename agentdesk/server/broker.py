"""Fan-out of live events to the SSE streams of this worker, and across workers.

The event log (``events.py``) is the truth; a broker only says "there is more" and hands the
new rows to this worker's streams. Each worker keeps one reader that rereads the log by id
above the last it delivered, so a lost doorbell delays an event (until the next poll) but
never loses it.

* :class:`InProcessBroker` (SQLite, one process): the commit hook rings it directly.
* :class:`PostgresBroker` (PostgreSQL, any number of workers): a commit sends
  ``NOTIFY agentdesk_events, '<event id>'`` after its transaction (never inside it: NOTIFY
  serialises commits, and payloads must stay under 8000 bytes, so only the id travels); a
  listener thread with its own psycopg connection LISTENs and rereads the log.

Streams subscribe with a bounded asyncio queue; a stream that falls behind by a full queue is
dropped (its client reconnects with ``Last-Event-ID`` and replays from the log).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine

from agentdesk.contract.sync import ServerEvent
from agentdesk.server import events

__all__ = ["Broker", "InProcessBroker", "PostgresBroker", "Subscription", "make_broker"]

log = logging.getLogger(__name__)

CHANNEL = "agentdesk_events"
POLL_SECONDS = 1.0  # the reread that covers a lost doorbell; also bounds shutdown time
_READ_BATCH = 500


class Subscription:
    """One stream's view of the broker: a bounded queue and whether it was dropped."""

    def __init__(self, audiences: Iterable[str], size: int) -> None:
        self.audiences = frozenset(audiences)
        self.queue: asyncio.Queue[ServerEvent] = asyncio.Queue(maxsize=size)
        self.dropped = False


class Broker(ABC):
    """Delivers new event-log rows to this worker's subscriptions."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._subscriptions: set[Subscription] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._read_lock = threading.Lock()
        self._last_id = 0
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle (the app's lifespan) ------------------------------------------------------

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        with self._engine.connect() as conn:
            self._last_id = events.latest_id(conn)
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name=type(self).__name__, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake()
        if self._thread is not None:
            self._thread.join(timeout=POLL_SECONDS + 5)
            self._thread = None
        self._loop = None

    # -- streams (on the event loop) ---------------------------------------------------------

    def subscribe(self, audiences: Iterable[str], size: int) -> Subscription:
        subscription = Subscription(audiences, size)
        self._subscriptions.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscriptions.discard(subscription)

    def streams(self) -> int:
        """How many streams this worker serves now."""
        return len(self._subscriptions)

    # -- publishers ---------------------------------------------------------------------------

    @abstractmethod
    def ring(self, event_id: int) -> None:
        """Called after a commit of this process that logged events up to ``event_id``."""

    @abstractmethod
    def _run(self) -> None:
        """The broker's thread: wait for doorbells (or the poll interval), then fan out."""

    def _wake(self) -> None:  # noqa: B027 - a hook, not abstract: most brokers need nothing
        """Interrupt the thread's wait (on stop)."""

    # -- the reader --------------------------------------------------------------------------

    def fan_out(self) -> None:
        """Read the log past the last delivered id and hand the rows to the streams."""
        with self._read_lock:
            while True:
                with self._engine.connect() as conn:
                    batch = events.read_after(conn, self._last_id, limit=_READ_BATCH)
                if not batch:
                    return
                self._last_id = batch[-1][0].id
                loop = self._loop
                if loop is not None and not loop.is_closed():
                    loop.call_soon_threadsafe(self._deliver, batch)
                if len(batch) < _READ_BATCH:
                    return

    def _deliver(self, batch: list[tuple[ServerEvent, str]]) -> None:
        for subscription in list(self._subscriptions):
            if subscription.dropped:
                continue
            for event, audience in batch:
                if audience not in subscription.audiences:
                    continue
                try:
                    subscription.queue.put_nowait(event)
                except asyncio.QueueFull:
                    # A slow consumer: drop it rather than buffer without bound.
                    subscription.dropped = True
                    break

    def _fan_out_safely(self) -> None:
        try:
            self.fan_out()
        except Exception:  # the database is away: the next poll tries again
            log.warning("reading the event log failed", exc_info=True)


class InProcessBroker(Broker):
    """One process (the embedded SQLite server): commits ring the broker's thread directly.

    The poll also picks up events another process wrote to the same database file.
    """

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self._doorbell = threading.Event()

    def ring(self, event_id: int) -> None:
        self._doorbell.set()

    def _wake(self) -> None:
        self._doorbell.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._doorbell.wait(POLL_SECONDS)
            self._doorbell.clear()
            if self._stopping.is_set():
                return
            self._fan_out_safely()


class PostgresBroker(Broker):
    """Workers share events through LISTEN/NOTIFY on one channel, the event id as payload."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self._doorbell_lock = threading.Lock()
        self._doorbell: Any = None  # a psycopg connection, made at the first ring

    def ring(self, event_id: int) -> None:
        # On a connection of its own, not the pool's: a commit rings from a request thread or
        # the ACD's leader, and a doorbell that waited for a pooled connection (all of them
        # held by requests waiting on that thread) held everything up until the pool timed out.
        import psycopg

        with self._doorbell_lock:
            try:
                if self._doorbell is None or self._doorbell.closed:
                    self._doorbell = psycopg.connect(self._conninfo(), autocommit=True)
                self._doorbell.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(event_id)))
            except psycopg.Error:  # every listener's poll still finds the event
                log.warning("NOTIFY failed; listeners will find event %s by polling", event_id)
                self._close_doorbell()

    def _close_doorbell(self) -> None:
        if self._doorbell is not None:
            with contextlib.suppress(Exception):
                self._doorbell.close()
            self._doorbell = None

    def stop(self) -> None:
        super().stop()
        with self._doorbell_lock:
            self._close_doorbell()

    def _wake(self) -> None:
        # Any notification on the channel ends the listener's wait (others just reread).
        self.ring(0)

    def _conninfo(self) -> str:
        return self._engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def _run(self) -> None:
        import psycopg

        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo(), autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._fan_out_safely()  # whatever came while (re)connecting
                    while not self._stopping.is_set():
                        for _notice in conn.notifies(timeout=POLL_SECONDS, stop_after=1):
                            pass
                        self._fan_out_safely()
            except psycopg.Error:
                log.warning("event listener lost its connection; reconnecting")
                self._stopping.wait(POLL_SECONDS)


def make_broker(engine: Engine) -> Broker:
    """The broker for the database behind ``engine``."""
    if engine.dialect.name == "postgresql":
        return PostgresBroker(engine)
    return InProcessBroker(engine)
