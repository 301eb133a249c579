"""The phone index of a working-set cache: which customer has a number, for customers whose
record the desk does not hold.

A row is a keyed hash of an E.164 number (HMAC-SHA256, 16 bytes) and a customer id; no name,
no number. Why a hash rather than the number: the index covers every customer of the bank, and
the number is personal data the security office asked to keep off desks that do not serve the
customer. Phone numbers are few enough to be guessed, so the hash is only worth its key: the
key is derived from the cache's own key (``CacheStore.phone_index_key``), which lives in the
OS keyring and never in the file, so the file's tables, exported or copied from a backup, give
no number away. Whoever holds both the file and the keyring entry can read the cached records
anyway, and could test numbers one by one.

Every function runs in the caller's transaction (reads through ``CacheStore.read()``, writes
inside ``CacheStore.write(fn)``).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from sqlalchemy import Connection, delete, insert, select

from agentdesk.cache.schema import phone_index
from agentdesk.contract.sync import PhoneIndexEntry

__all__ = ["customers_with_phone", "forget_phones", "phone_hash", "put_phone_index"]

_CHUNK = 500
_HASH_BYTES = 16  # 128 bits: no collision among a bank's numbers


def phone_hash(key: bytes, e164: str) -> bytes:
    return hmac.new(key, e164.encode(), hashlib.sha256).digest()[:_HASH_BYTES]


def forget_phones(conn: Connection, customer_ids: Sequence[int]) -> None:
    """Remove the index rows of these customers."""
    ids = list(customer_ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        conn.execute(delete(phone_index).where(phone_index.c.customer_id.in_(chunk)))


def put_phone_index(conn: Connection, key: bytes, entries: Sequence[PhoneIndexEntry]) -> None:
    """Replace the index rows of each entry's customer with its numbers (an entry with no
    numbers leaves none)."""
    if not entries:
        return
    forget_phones(conn, [entry.id for entry in entries])
    rows = {(phone_hash(key, e164), entry.id) for entry in entries for e164 in entry.phones}
    if rows:
        conn.execute(
            insert(phone_index), [{"phone_hash": h, "customer_id": cid} for h, cid in rows]
        )


def customers_with_phone(conn: Connection, key: bytes, e164: str) -> list[int]:
    """The ids of the indexed customers with this (normalised) number, ascending."""
    query = (
        select(phone_index.c.customer_id)
        .where(phone_index.c.phone_hash == phone_hash(key, e164))
        .order_by(phone_index.c.customer_id)
    )
    return [int(cid) for cid in conn.execute(query).scalars()]
