"""Errors of the local cache, with stable codes (see agentdesk.errors for the tree).

AgentDeskError                      agentdesk.error
└── CacheError                      cache.error
    ├── CacheKeyInvalid             cache.key_invalid      (wrong key, or not a cache file)
    ├── CacheSchemaTooNew           cache.schema_too_new   (written by a newer AgentDesk)
    ├── OutboxEntryNotFound         cache.outbox_not_found (discard/requeue of a gone entry)
    └── RecordNotFound              cache.record_not_found (a local write names no row)
"""

from __future__ import annotations

from agentdesk.errors import AgentDeskError

__all__ = [
    "CacheError",
    "CacheKeyInvalid",
    "CacheSchemaTooNew",
    "OutboxEntryNotFound",
    "RecordNotFound",
]


class CacheError(AgentDeskError):
    code = "cache.error"


class CacheKeyInvalid(CacheError):
    """The key does not open this file (another workstation's key, a lost keyring entry, or a
    file that is not an AgentDesk cache). The caller may start a fresh cache; the old file stays
    untouched so nothing is destroyed by mistake."""

    code = "cache.key_invalid"


class CacheSchemaTooNew(CacheError):
    """The file was written by a newer AgentDesk; this version must not guess at its shape."""

    code = "cache.schema_too_new"


class OutboxEntryNotFound(CacheError):
    code = "cache.outbox_not_found"


class RecordNotFound(CacheError):
    code = "cache.record_not_found"
