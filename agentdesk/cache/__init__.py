"""Local encrypted cache: SQLCipher through SQLAlchemy Core, its schema versions, repositories,
the customer search, the outbox and the pull state.

Threading rule: one writer (``CacheStore.write(fn)``, serialised, on the caller's thread) and
one reader connection per thread (``CacheStore.read()``). Repository functions take the
``Connection`` they are given and never commit. See store.py.

The store is imported when first named here, not with the package: the sync's worker processes
import the modules that make rows (customer_rows.py), and SQLAlchemy and the store would be a
third of their start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from agentdesk.cache.errors import (
    CacheError,
    CacheKeyInvalid,
    CacheSchemaTooNew,
    OutboxEntryNotFound,
    RecordNotFound,
)

if TYPE_CHECKING:
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

_FROM_STORE = ("CacheStore", "new_cache_key")


def __getattr__(name: str) -> object:
    if name in _FROM_STORE:
        return getattr(importlib.import_module("agentdesk.cache.store"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
