"""The row an interaction from the server becomes in the cache's interactions table
(records.py writes it).

Made for each interaction of an initial sync on the sync's worker processes
(sync/bulk_pages.py), as customer_rows.py makes the customers': without SQLAlchemy, bound as
they are through the driver.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from agentdesk.cache.db_time import to_db_time

if TYPE_CHECKING:
    from agentdesk.contract.interactions import Interaction

__all__ = ["INTERACTION_COLUMNS", "interaction_rows"]

# The interactions table's columns but local_id, in the order of a row.
INTERACTION_COLUMNS = (
    "server_id",
    "client_id",
    "customer_id",
    "phone_e164",
    "channel",
    "started_at",
    "ended_at",
    "agent",
    "queue",
    "reason",
    "wrap_up_code",
    "notes",
    "ticket_id",
    "call_id",
    "offers",
)


def interaction_rows(records: Iterable[Interaction]) -> list[tuple[Any, ...]]:
    """The rows of ``records``, in the order of ``INTERACTION_COLUMNS``."""
    return [
        (
            r.id,
            r.client_id,
            r.customer_id,
            r.phone_e164,
            str(r.channel),
            to_db_time(r.started_at),
            None if r.ended_at is None else to_db_time(r.ended_at),
            r.agent,
            r.queue,
            r.reason,
            r.wrap_up_code,
            r.notes,
            r.ticket_id,
            r.call_id,
            json.dumps([o.model_dump(mode="json") for o in r.offers]) if r.offers else "[]",
        )
        for r in records
    ]
