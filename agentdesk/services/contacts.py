"""An unknown caller's number, kept: linked to the customer the agent found (``phone.link``:
a pending phone, verified later, never used to pop or verify until then), or a provisional
contact made for them (``contact.create``: name, language, note), which the server links or
merges when a real customer matches.

Offline-first like the wrap-up: each is one durable write of its outbox entry, then the sync
runner sends it once (the entry's idempotency key makes a resend a duplicate). Nothing is
written when the contract refuses a value.

Threading: blocking (a cache write); the UI calls it from background operations.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from agentdesk.cache.outbox import enqueue
from agentdesk.contract import ids
from agentdesk.contract.customers import PhoneLink, ProvisionalContactCreate
from agentdesk.contract.sync import MutationKind
from agentdesk.errors import SessionExpired
from agentdesk.services.contract_input import checked
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.session import SessionService
from agentdesk.services.sync import SyncService

__all__ = ["ContactService"]


class ContactService:
    def __init__(
        self,
        session: SessionService,
        cache: LocalCache,
        sync: SyncService,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._session = session
        self._cache = cache
        self._sync = sync
        self._clock = clock

    def create_provisional(
        self, phone_e164: str, name: str, language: Literal["zh", "en"] = "zh", note: str = ""
    ) -> str:
        """Queue a provisional contact for the caller; returns its client id. InputRejected,
        and nothing queued, for a value the contract refuses (an empty name, say)."""
        self._signed_in()
        data = checked(
            ProvisionalContactCreate,
            phone_e164=phone_e164,
            name=name.strip(),
            language=language,
            note=note.strip(),
        )
        client_id = ids.new_id()
        now = self._clock()
        self._cache.open().write(
            lambda conn: enqueue(conn, MutationKind.CONTACT_CREATE, client_id, data, now=now),
            durable=True,
        )
        self._sync.changes_saved()
        return client_id

    def link_phone(self, customer_id: int, phone_e164: str) -> None:
        """Queue the caller's number as a pending phone of this customer."""
        self._signed_in()
        data = checked(PhoneLink, customer_id=customer_id, phone_e164=phone_e164)
        now = self._clock()
        entity = str(customer_id)
        self._cache.open().write(
            lambda conn: enqueue(conn, MutationKind.PHONE_LINK, entity, data, now=now),
            durable=True,
        )
        self._sync.changes_saved()

    def _signed_in(self) -> None:
        if self._session.user is None:
            raise SessionExpired("not signed in")
