"""Pushed service requests (``service_request.create``): what a scripted flow asked the bank
to do for the customer, recorded once per flow step for the back office.

A new risk profile from the re-assessment questionnaire is the one request the contact center
completes itself: the customer's profile takes it at once (with today's assessment date), and
every workstation gets the changed customer through the sync feed. The others (block or
reissue a card, subscribe a service, send an SMS notice, change contact data, record a sale)
wait, ``open``, for the systems that carry them out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.sync import Mutation, ResultStatus, ServiceRequestCreate
from agentdesk.domain.errors import InvalidValue
from agentdesk.domain.risk import RiskProfile
from agentdesk.flows.definition import ActionKind, ActionNode
from agentdesk.server import care, models
from agentdesk.server.actor import Actor
from agentdesk.server.effects import Effect, payload, require_customer
from agentdesk.server.flow_versions import flow_version

__all__ = ["create_service_request"]


def create_service_request(session: Session, m: Mutation, actor: Actor, now: datetime) -> Effect:
    """A new request; ``duplicate`` when this agent's action key made one already (another
    agent's key is simply a new one). The flow version it
    names must have such an action: a desk cannot ask for what no flow offers."""
    body = payload(ServiceRequestCreate, m.payload)
    existing = session.scalars(
        select(models.ServiceRequest).where(
            models.ServiceRequest.client_id == m.entity_id,
            models.ServiceRequest.requested_by == actor.username,
        )
    ).first()
    if existing is not None:
        return Effect(ResultStatus.DUPLICATE, existing.id, record=_record_of(existing))
    definition = flow_version(session, body.flow_id, body.flow_version)
    offered = {n.action for n in definition.nodes.values() if isinstance(n, ActionNode)}
    if body.action not in offered:
        raise InvalidValue(
            "flow_action_unknown", f"{definition.key} has no {body.action.value} step"
        )
    require_customer(session, body.customer_id)
    row = models.ServiceRequest(
        client_id=m.entity_id,
        customer_id=body.customer_id,
        action=body.action.value,
        params=body.params,
        flow_id=body.flow_id,
        flow_version=body.flow_version,
        run_id=body.run_id,
        call_id=body.call_id,
        requested_by=actor.username,
        requested_at=now,
        status="open",
    )
    if body.action is ActionKind.UPDATE_RISK_PROFILE:
        _assess(session, body, now)
        row.status = "done"
    session.add(row)
    session.flush()
    return Effect(ResultStatus.APPLIED, row.id, record=_record_of(row))


def _assess(session: Session, body: ServiceRequestCreate, now: datetime) -> None:
    try:
        profile = RiskProfile(body.params.get("risk_profile", ""))
    except ValueError:
        raise InvalidValue(
            "risk_profile_invalid", "params.risk_profile: not one of C1-C5"
        ) from None
    customer = session.get(models.Customer, body.customer_id)
    assert customer is not None  # require_customer checked it
    customer.risk_profile = profile.value
    customer.risk_assessed_on = now.date()
    # A new assessment moves the risk-appetite segment and may end the need for a
    # re-assessment call: the rules read it now, not at the next scan.
    care.close_reassessments(session, customer.id, now=now)
    care.evaluate(session, [customer.id], now=now)


def _record_of(row: models.ServiceRequest) -> dict[str, Any]:
    return {
        "id": row.id,
        "client_id": row.client_id,
        "action": row.action,
        "status": row.status,
        "flow_id": row.flow_id,
        "flow_version": row.flow_version,
    }
