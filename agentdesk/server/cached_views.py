"""``customer.view``: a 360 the agent saw from their desk's cache, recorded in the audit trail.

A desk shows a cached 360 without asking the backend (offline, or before its answer comes), so
the backend's own audit of ``GET /customers/{id}`` never sees that look. The desk queues it in
its outbox and this handler records it as a view at the time it happened (the mutation's
``made_at``, never later than now), by the pushing agent at their workstation; the push's
idempotency key makes it one audit row however often it is sent.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from agentdesk.contract.sync import CustomerView, Mutation, ResultStatus
from agentdesk.server import audit
from agentdesk.server.actor import Actor
from agentdesk.server.effects import Effect, payload, require_customer

__all__ = ["record_view"]


def record_view(session: Session, m: Mutation, actor: Actor, now: datetime) -> Effect:
    body = payload(CustomerView, m.payload)
    require_customer(session, body.customer_id)
    audit.record(
        session,
        actor,
        at=min(m.made_at, now),
        action="view",
        entity="customer",
        entity_id=str(body.customer_id),
        detail={"source": body.source},
    )
    return Effect(ResultStatus.APPLIED, body.customer_id)
