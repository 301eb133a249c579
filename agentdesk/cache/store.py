"""The encrypted cache file: opening it with its key, one writer, readers per thread.

Threading rule. There is exactly one writer connection. ``write(fn)`` takes the write lock,
runs ``fn(conn)`` on the caller's thread inside one ``BEGIN IMMEDIATE`` transaction and commits
(or rolls back if ``fn`` raises), so a local write and its outbox entry land together or not at
all. Reads go through ``read()``: each thread gets its own reader connection (the UI thread and
the sync thread never share one), opened on first use and kept until ``close()``; a ``read()``
block is one transaction, so it sees one consistent snapshot of committed data (WAL: readers
never wait for the writer and never see half a transaction). Readers are ``query_only``.

Never hold a ``write()`` across network I/O: the sync runner fetches first, then writes.

Announcements: the record writers note what each ``write(fn)`` changed (changed.py); once it
has committed, the store hands that to its ``announce`` callback as one RecordsChanged, on the
writer's thread and after the write lock is released (a listener may read or write at once).
Two writers may announce in the other order than they committed: views re-read what they
show, so only *that* something changed matters.

Encryption: SQLCipher with a random 256-bit raw key (``PRAGMA key = "x'…'"``), no passphrase
KDF, so opening takes milliseconds (DESIGN §8). The key lives in the credential store; the
caller fetches it and passes bytes (the cache does not import credentials).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import NullPool, StaticPool

from agentdesk.cache import migrations
from agentdesk.cache.changed import collecting
from agentdesk.cache.errors import CacheError, CacheKeyInvalid
from agentdesk.events import RecordsChanged

__all__ = ["KEY_BYTES", "CacheStore", "new_cache_key"]

T = TypeVar("T")
Announce = Callable[[RecordsChanged], None]
KEY_BYTES = 32
BUSY_TIMEOUT_MS = 5000
# Per-connection page cache (negative = KiB). SQLCipher decrypts a page once per load, so a
# warm cache is what keeps search probes in the low milliseconds; mmap does not apply to it.
_WRITER_CACHE_KIB = 65536
_READER_CACHE_KIB = 32768


# The driver binds int, float, str and bytearray as they are, and looks every other value up
# in its adapter registry, then on the value itself (``__conform__``), before it binds it
# as it is: about 2 µs for each None and bytes value, and an initial sync binds some 300,000
# of them per 100,000 customers (a customer's record comes as UTF-8 bytes, an interaction
# from the server has up to four NULL columns). Found in the registry, one costs 0.1 µs.
# The registry is the driver module's, so these hold for every SQLCipher connection of the
# process; they bind what they are given.
sqlcipher.register_adapter(type(None), lambda value: value)
sqlcipher.register_adapter(bytes, lambda value: value)


def new_cache_key() -> bytes:
    """A fresh random key for a new cache (store it in the credential store)."""
    return secrets.token_bytes(KEY_BYTES)


def _key_pragma(key: bytes) -> str:
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise ValueError(f"a cache key is {KEY_BYTES} raw bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _connect(path: Path, key_pragma: str, *, cache_kib: int) -> Any:
    """A keyed connection in autocommit mode (we issue BEGIN ourselves); CacheKeyInvalid if the
    key does not decrypt the file."""
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        # A wrong key is an expected case with its own error; keep SQLCipher's own logging of
        # the failed HMAC check off stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(key_pragma)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            raise CacheKeyInvalid("the key does not open this cache file", path=str(path)) from exc
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        conn.execute(f"PRAGMA cache_size = -{cache_kib:d}")
        conn.execute("PRAGMA temp_store = MEMORY")
        # A customer removed from the cache (out of the working set, deleted) is overwritten
        # in the file, not only unlinked: the security office asks that it be gone.
        conn.execute("PRAGMA secure_delete = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _engine(creator: Callable[[], Any], begin: str, *, static: bool) -> Engine:
    engine = create_engine(
        "sqlite://",
        creator=creator,
        module=sqlcipher,
        poolclass=StaticPool if static else NullPool,
    )

    # The driver is in autocommit mode; SQLAlchemy's begin() emits our BEGIN, so the writer
    # takes the write lock up front (IMMEDIATE) and a reader's snapshot spans its whole block.
    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin)

    return engine


_CLOSE_WAIT_S = 10.0


class CacheStore:
    """An open cache file. Build it with :meth:`open`; share one per process."""

    def __init__(
        self,
        path: Path,
        key_pragma: str,
        writer_dbapi: Any,
        announce: Announce | None = None,
        *,
        phone_index_key: bytes = b"",
    ) -> None:
        self.path = path
        # The key of the phone index's hashes (phone_index.py): derived from the cache's key,
        # so it is in the keyring with it and never in the file.
        self.phone_index_key = phone_index_key
        self._key_pragma = key_pragma
        self._writer_dbapi = writer_dbapi
        self._announce = announce
        self._write_lock = threading.Lock()
        # Reader connections are pooled, not kept per thread: a thread Python did not start
        # (a Qt thread-pool worker) tears thread-local storage down at exit in a way that
        # crashes the interpreter when a SQLite connection lives there. Nothing here is tied
        # to a thread's lifetime; ``_in_use`` maps a thread to its open read block (nesting).
        self._idle_readers: list[Connection] = []
        self._all_readers: list[Connection] = []
        self._in_use: dict[int, tuple[Connection, int]] = {}
        self._writing: set[int] = set()
        self._readers_lock = threading.Lock()
        # Signalled when a read block ends: close() waits for reads in progress, since closing
        # a connection another thread is reading with crashes SQLite.
        self._reads_done = threading.Condition(self._readers_lock)
        self._closed = False
        self._writer_engine = _engine(lambda: writer_dbapi, "BEGIN IMMEDIATE", static=True)
        self._writer = self._writer_engine.connect()
        self._reader_engine = _engine(self._new_reader, "BEGIN", static=False)

    @classmethod
    def open(cls, path: Path, key: bytes, *, announce: Announce | None = None) -> CacheStore:
        """Open (or create) the cache at ``path`` with ``key`` and migrate its schema;
        ``announce`` receives what each committed write changed (the app passes its bus).

        Raises CacheKeyInvalid when the key does not open the file, CacheSchemaTooNew when
        a newer AgentDesk wrote it; ValueError when ``key`` is not 32 bytes.
        """
        key_pragma = _key_pragma(key)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = _connect(path, key_pragma, cache_kib=_WRITER_CACHE_KIB)
        try:
            writer.execute("PRAGMA journal_mode = WAL")
            migrations.migrate(
                writer, path, lambda target: _connect(target, key_pragma, cache_kib=2048)
            )
            index_key = hmac.new(key, b"agentdesk phone index", hashlib.sha256).digest()
            return cls(path, key_pragma, writer, announce, phone_index_key=index_key)
        except BaseException:
            writer.close()
            raise

    def _new_reader(self) -> Any:
        conn = _connect(self.path, self._key_pragma, cache_kib=_READER_CACHE_KIB)
        conn.execute("PRAGMA query_only = 1")  # a reader that tries to write fails loudly
        return conn

    def _check_open(self) -> None:
        if self._closed:
            raise CacheError("the cache is closed", path=str(self.path))

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A reader connection for this thread, inside one read transaction (one snapshot).

        A nested ``read()`` on the same thread shares the outer block's snapshot.
        """
        me = threading.get_ident()
        with self._readers_lock:
            # Checked under the lock that close() takes: a read either registers before the
            # close starts (and the close waits for it) or is refused.
            self._check_open()
            held = self._in_use.get(me)
            if held is not None:
                conn: Connection | None = held[0]
                self._in_use[me] = (held[0], held[1] + 1)
            else:
                conn = self._idle_readers.pop() if self._idle_readers else None
                # Registered before it connects (below), so close() waits for this read too.
                self._in_use[me] = (conn, 1)  # type: ignore[assignment]  # None until connected
        if held is not None:
            try:
                yield held[0]
            finally:
                with self._readers_lock:
                    outer, depth = self._in_use[me]
                    self._in_use[me] = (outer, depth - 1)
            return
        try:
            if conn is None:
                conn = self._reader_engine.connect()
                with self._readers_lock:
                    self._all_readers.append(conn)
                    self._in_use[me] = (conn, 1)
            transaction = conn.begin()
            try:
                yield conn
            finally:
                transaction.rollback()  # nothing to keep: ends the snapshot
        finally:
            with self._readers_lock:
                del self._in_use[me]
                if conn is not None and not self._closed:
                    self._idle_readers.append(conn)
                self._reads_done.notify_all()

    def write(self, fn: Callable[[Connection], T], *, durable: bool = True) -> T:
        """Run ``fn(conn)`` in one transaction on the single writer and return its result;
        once committed, announce the records it changed (none when it raised: rolled back).

        ``durable=True`` commits with ``synchronous=FULL`` (the WAL is synced before the commit
        returns: outbox entries survive power loss); ``durable=False`` uses NORMAL, for data
        refilled from the server, which a lost commit only makes us fetch again.
        Calling ``write()`` from inside ``fn`` is a programming error (RuntimeError).
        """
        self._check_open()
        me = threading.get_ident()
        if me in self._writing:
            raise RuntimeError("CacheStore.write() called inside a write()")
        with self._write_lock:
            self._check_open()
            self._writing.add(me)
            try:
                # Outside the transaction: SQLite applies it to the next commit.
                mode = "FULL" if durable else "NORMAL"
                self._writer_dbapi.execute(f"PRAGMA synchronous = {mode}")
                with collecting(self._writer) as changes, self._writer.begin():
                    result = fn(self._writer)
            finally:
                self._writing.discard(me)
        if changes and self._announce is not None:
            self._announce(changes.event())
        return result

    def scrub(self) -> None:
        """Move every committed page into the file and empty the write-ahead log, so that rows
        deleted with ``secure_delete`` leave no older copy of their pages in the log (best
        effort: a page a reader still sees stays until the next scrub or checkpoint)."""
        self._check_open()
        with self._write_lock:
            self._check_open()
            self._writer_dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def close(self) -> None:
        """Close every connection (the pooled readers, then the writer), after the reads in
        progress on other threads end (at most a few seconds). Idempotent."""
        with self._write_lock:
            if self._closed:
                return
            self._closed = True  # no new read starts from here on
            with self._readers_lock:
                self._reads_done.wait_for(lambda: not self._in_use, timeout=_CLOSE_WAIT_S)
                readers, self._all_readers, self._idle_readers = self._all_readers, [], []
            for conn in readers:
                conn.close()
            self._reader_engine.dispose()
            self._writer.close()
            self._writer_engine.dispose()
            self._writer_dbapi.close()

    def __enter__(self) -> CacheStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
