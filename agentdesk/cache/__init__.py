"""Local encrypted cache: SQLCipher through SQLAlchemy Core, its schema versions, repositories,
the customer search, the outbox and the pull state.

Threading rule: one writer (``CacheStore.write(fn)``, serialised, on the caller's thread) and
one reader connection per thread (``CacheStore.read()``). Repository functions take the
``Connection`` they are given and never commit. See store.py.
"""

from __future__ import annotations

from agentdesk.cache.errors import (
    CacheError,
    CacheKeyInvalid,
    CacheSchemaTooNew,
    OutboxEntryNotFound,
    RecordNotFound,
)
from agentdesk.cache.store import CacheStore, new_cache_key

__all__ = [
    "CacheError",
    "CacheKeyInvalid",
    "CacheSchemaTooNew",
    "CacheStore",
    "OutboxEntryNotFound",
    "RecordNotFound",
    "new_cache_key",
]
