"""The ids a desk makes for what it writes offline: its rows' client ids and its mutations'
idempotency keys.

They are UUIDv7 (RFC 9562): the first 48 bits are the Unix time in milliseconds, the rest are
random (74 bits), as 32 hex digits. Ids made one after another sort one after another, so
the backend's unique indexes over them take each new id at their right-hand edge: a batch of
500 wrap-ups touches a handful of index pages where random ids (UUIDv4) touched one page per
id, each written to the log and checkpointed again at every commit (half of what a push wrote
on a grown backend). The random bits keep them as hard to guess and as unlikely to collide
as any UUID. Python 3.14's ``uuid.uuid7`` makes the same ids; this one runs on 3.11.
"""

from __future__ import annotations

import re
import secrets
import time

__all__ = ["new_id", "time_ordered"]

_RANDOM_BITS = 74
_TIME_ORDERED = re.compile(r"[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}")


def new_id() -> str:
    """A new UUIDv7, as 32 lowercase hex digits."""
    millis = time.time_ns() // 1_000_000
    random = secrets.randbits(_RANDOM_BITS)
    # 48 bits of time, version 7, 12 random bits, variant 0b10, 62 random bits.
    value = (millis & (1 << 48) - 1) << 80 | 0x7 << 76 | (random >> 62) << 64
    value |= 0b10 << 62 | random & (1 << 62) - 1
    return f"{value:032x}"


def time_ordered(key: str) -> bool:
    """Whether ``key`` is a UUIDv7 as :func:`new_id` makes them (its first 12 digits are
    the time it was made)."""
    return _TIME_ORDERED.fullmatch(key) is not None
