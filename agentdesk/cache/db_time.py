"""How the cache stores a time: fixed-width UTC text (``YYYY-MM-DD HH:MM:SS.ffffff``), so that
text order is time order and indexes on it work (schema.py's ``UTCDateTime``).

Without SQLAlchemy: the sync's worker processes make rows with it (customer_rows.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["from_db_time", "to_db_time"]


def to_db_time(value: datetime) -> str:
    """The stored text of ``value``; a naive datetime is taken as UTC (the contract's zone)."""
    offset = value.utcoffset()
    if offset:
        value -= offset
    # isoformat always writes the microseconds and a 4-digit year, so its first 26 characters
    # are the UTC time without the offset; 3x astimezone().replace() (an initial sync writes a
    # few hundred thousand of these).
    return value.isoformat(" ", "microseconds")[:26]


def from_db_time(text: str) -> datetime:
    """The time :func:`to_db_time` stored as ``text``, in UTC."""
    # fromisoformat reads exactly that shape, some 20x faster than strptime
    # (a push reads the time of every outbox entry it sends).
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
