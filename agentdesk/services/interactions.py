"""The agent's wrap-up: the record of a finished contact, saved locally first.

``record_wrap_up`` writes the interaction and its outbox entry in one durable cache transaction
(it survives a crash or power loss the moment the call returns) and wakes the sync runner, so
the backend gets it within moments when online, or when it comes back.

Threading: blocking (a cache write); the UI calls it from a background operation.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from agentdesk.cache import flows as cached_flows
from agentdesk.cache import local_writes
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import InteractionCreate, OfferOutcome
from agentdesk.domain.clock import Clock
from agentdesk.errors import SessionExpired
from agentdesk.flows.transcript import Transcript
from agentdesk.services.contract_input import checked
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.session import SessionService
from agentdesk.services.sync import SyncService

__all__ = ["InteractionService", "wrap_up_payload"]


def wrap_up_payload(**fields: Any) -> InteractionCreate:
    """The wrap-up as the contract has it, or InputRejected naming the field the contract
    refuses (checked before anything is saved: a queued change the server would refuse could
    only be set aside)."""
    return checked(InteractionCreate, **fields)


class InteractionService:
    def __init__(
        self,
        session: SessionService,
        cache: LocalCache,
        sync: SyncService,
        *,
        clock: Clock = lambda: datetime.now(UTC),
    ) -> None:
        self._session = session
        self._cache = cache
        self._sync = sync
        self._clock = clock

    def record_wrap_up(
        self,
        *,
        wrap_up_code: str,
        started_at: datetime,
        ended_at: datetime | None = None,
        customer_id: int | None = None,
        phone_e164: str | None = None,
        channel: Channel = Channel.PHONE_IN,
        queue: str = "",
        reason: str = "",
        notes: str = "",
        ticket_id: int | None = None,
        call_id: str | None = None,
        flows: list[Transcript] | None = None,
        offers: list[OfferOutcome] | None = None,
        task_id: int | None = None,
    ) -> str:
        """Save the wrap-up of a contact (durably, with its outbox entry); returns its client
        id (the timeline shows it as pending until the backend has it). ``flows`` are the
        transcripts of the call's flow runs, which the same transaction closes; ``offers`` what the
        customer said to the offers made; ``task_id`` the task the call was made for. InputRejected,
        and nothing saved, for a value the contract refuses."""
        user = self._session.user
        if user is None:
            raise SessionExpired("not signed in")
        wrap_up = wrap_up_payload(
            customer_id=customer_id,
            phone_e164=phone_e164,
            channel=channel,
            started_at=started_at,
            ended_at=ended_at or self._clock(),
            queue=queue,
            reason=reason,
            wrap_up_code=wrap_up_code,
            notes=notes,
            ticket_id=ticket_id,
            call_id=call_id,
            flows=flows or [],
            offers=offers or [],
            task_id=task_id,
        )
        now = self._clock()

        def write(conn: Connection) -> str:
            client_id = local_writes.record_interaction(conn, wrap_up, agent=user.username, now=now)
            if call_id is not None:
                cached_flows.close_runs(conn, call_id, now=now)
            return client_id

        saved = self._cache.open().write(write, durable=True)
        self._sync.changes_saved()
        return saved
