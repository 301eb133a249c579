"""The SQLCipher connection under a SQLAlchemy one, for the hot paths that go straight to it.

Bulk writes and the large IN-lists of a sync page go through the driver's own ``executemany``
and cursors: SQLAlchemy would compile and bind each statement anew, which costs more than the
write itself at tens of thousands of rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from agentdesk.cache.errors import CacheError

__all__ = ["driver_of"]


def driver_of(conn: Connection) -> Any:
    """The DB-API connection of ``conn`` (sqlcipher3 publishes no types, hence ``Any``)."""
    driver = conn.connection.driver_connection
    if driver is None:  # only for a connection already closed or invalidated
        raise CacheError("the cache connection is closed")
    return driver
