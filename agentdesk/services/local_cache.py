"""The workstation's encrypted cache: where its key comes from and what happens without one.

The key is a random 256-bit value made on first run and kept in the OS keyring through
CredentialStore (one entry per workstation), never on disk. Two things can go wrong:

- the keyring holds no key that opens the file (it was reset, or the file came from elsewhere):
  the unreadable file is moved aside (``cache.db.unreadable-<time>``) and a fresh cache starts;
- there is no secure keyring at all: the product never writes the key in plaintext. This
  session uses a key held in memory and a separate session file (removed when the app closes
  or next starts); ``cache.db`` itself is left untouched, so its queued changes come back once
  the keyring does. ``problem`` then says so, for the UI to show.

Every committed write announces the records it changed through ``announce`` (the app's bus:
RecordsChanged), whichever cache file this session uses.

Threading: ``open`` is idempotent and guarded by a lock; ``read(fn)`` runs on the calling
thread with a pooled reader connection of the CacheStore, writes go through its single writer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection

from agentdesk.cache.errors import CacheError, CacheKeyInvalid
from agentdesk.cache.store import KEY_BYTES, Announce, CacheStore, new_cache_key
from agentdesk.credentials import HOW_TO_FIX, CredentialStore
from agentdesk.errors import CredentialStoreUnavailable

__all__ = ["CACHE_FILE", "LocalCache"]

log = logging.getLogger(__name__)

T = TypeVar("T")

CACHE_FILE = "cache.db"
SESSION_CACHE_FILE = "cache.session.db"
NO_KEYRING = "offline changes will not survive a restart: {how}"


class LocalCache:
    def __init__(
        self,
        data_dir: Path,
        credentials: CredentialStore,
        workstation_id: str,
        *,
        announce: Announce | None = None,
    ) -> None:
        self._dir = data_dir
        self._announce = announce
        self._credentials = credentials
        self._key_name = f"cache-key:{workstation_id}"
        self._lock = threading.Lock()
        self._store: CacheStore | None = None
        self.problem: str | None = None

    @property
    def path(self) -> Path:
        return self._dir / CACHE_FILE

    @property
    def persistent(self) -> bool:
        """False when this session's cache is lost at exit (no secure keyring)."""
        return self.problem is None

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def open(self) -> CacheStore:
        with self._lock:
            if self._store is None:
                self._store = self._open()
            return self._store

    @property
    def phone_index_key(self) -> bytes:
        """The key of the phone index's hashes (derived from the cache key; see
        ``cache/phone_index.py``)."""
        return self.open().phone_index_key

    def read(self, fn: Callable[[Connection], T]) -> T:
        """``fn(conn)`` in one read transaction (one snapshot), on the calling thread."""
        with self.open().read() as conn:
            return fn(conn)

    def peek(self, fn: Callable[[Connection], T]) -> T:
        """``fn(conn)`` on the cache as it is, from another process too (diagnostics): with
        the key the keyring holds, never making a new key or moving the file aside.

        Raises CacheError when there is no cache or no key for it, and what opening raises.
        """
        if self.is_open:
            return self.read(fn)
        key = self._stored_key() if self.path.exists() else None
        if key is None:
            raise CacheError("no cache with a stored key on this desktop", path=str(self.path))
        store = CacheStore.open(self.path, key)
        try:
            with store.read() as conn:
                return fn(conn)
        finally:
            store.close()

    def close(self) -> None:
        with self._lock:
            store, self._store = self._store, None
        if store is not None:
            store.close()
            if not self.persistent:
                _remove_session_files(self._dir)

    # -- internals -----------------------------------------------------------------------

    def _open(self) -> CacheStore:
        _remove_session_files(self._dir)  # a session cache left by a crash is unreadable
        try:
            key = self._stored_key() or self._new_key()
        except CredentialStoreUnavailable as exc:
            return self._open_for_this_session(exc.detail)
        try:
            return CacheStore.open(self.path, key, announce=self._announce)
        except CacheKeyInvalid:
            aside = self._move_aside()
            log.warning("the cache key does not open %s; moved it to %s", self.path, aside.name)
            return CacheStore.open(self.path, self._new_key(), announce=self._announce)

    def _stored_key(self) -> bytes | None:
        value = self._credentials.get(self._key_name)
        if not value:
            return None
        try:
            key = bytes.fromhex(value)
        except ValueError:
            return None
        return key if len(key) == KEY_BYTES else None

    def _new_key(self) -> bytes:
        key = new_cache_key()
        self._credentials.put(self._key_name, key.hex())  # 64 characters: fits every keyring
        if self.path.exists():
            # A new key cannot open an old file: make room for the new cache.
            self._move_aside()
        return key

    def _move_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{CACHE_FILE}.unreadable-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = self.path.with_name(CACHE_FILE + suffix)
            if source.exists():
                source.replace(aside.with_name(aside.name + suffix))
        return aside

    def _open_for_this_session(self, why: str) -> CacheStore:
        self.problem = NO_KEYRING.format(how=HOW_TO_FIX)
        log.warning("no secure keyring (%s): the cache lives for this session only", why)
        return CacheStore.open(
            self._dir / SESSION_CACHE_FILE, new_cache_key(), announce=self._announce
        )


def _remove_session_files(folder: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        (folder / (SESSION_CACHE_FILE + suffix)).unlink(missing_ok=True)
