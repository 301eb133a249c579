"""Calling a customer out (``POST /telephony/calls/outbound``), from a care task or the 360.

The server dials: it looks up the customer's phone (the desk never holds it in clear for this),
refuses a customer who said do-not-call (409 naming why), and the switchboard rings the
agent's softphone with the call, which the desk pops as it does an inbound one. Each placed
call is audited (who called which customer, for which task; never the number).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.telephony import AgentCallState, OutboundCallRequest
from agentdesk.domain.errors import MoveNotAllowed, UnknownRecord
from agentdesk.server import audit, models
from agentdesk.server.actor import Actor
from agentdesk.server.telephony.acd_service import AcdService

__all__ = ["call_customer"]


def _phone_of(session: Session, customer_id: int) -> str:
    """The customer's mobile, else their first phone (pending phones are never dialled)."""
    phones = session.execute(
        select(models.CustomerPhone.e164, models.CustomerPhone.kind)
        .where(models.CustomerPhone.customer_id == customer_id)
        .order_by(models.CustomerPhone.id)
    ).all()
    mobiles = [e164 for e164, kind in phones if kind == "mobile"]
    if mobiles:
        return mobiles[0]
    if phones:
        return str(phones[0][0])
    raise MoveNotAllowed("customer.no_phone", "the customer has no phone on file to call")


def _check_task(session: Session, task_id: int, customer_id: int, actor: Actor) -> None:
    task = session.get(models.Task, task_id)
    if task is None or task.customer_id != customer_id or task.owner not in ("", actor.username):
        raise UnknownRecord("task.not_found", f"no task {task_id} of yours for this customer")


def call_customer(
    session: Session,
    switchboard: AcdService,
    body: OutboundCallRequest,
    *,
    actor: Actor,
    now: datetime,
) -> AgentCallState:
    """Ring ``actor``'s softphone with a call to the customer; commits the audit row once the
    call is placed (a refused call is audited by nothing and changes nothing)."""
    customer = session.get(models.Customer, body.customer_id)
    if customer is None or customer.merged_into is not None:
        raise UnknownRecord("customer.not_found", f"no customer {body.customer_id}")
    if customer.do_not_call:
        raise MoveNotAllowed(
            "customer.do_not_call", "the customer asked not to be called (do-not-call)"
        )
    if body.task_id is not None:
        _check_task(session, body.task_id, customer.id, actor)
    phone = _phone_of(session, customer.id)
    queues = switchboard.queues_of(actor.username) or switchboard.queue_names
    state = switchboard.dial(actor.username, phone, queues[0])
    detail = {"call_id": state.call.id if state.call is not None else ""}
    if body.task_id is not None:
        detail["task_id"] = str(body.task_id)
    audit.record(
        session,
        actor,
        at=now,
        action="call_out",
        entity="customer",
        entity_id=str(customer.id),
        detail=detail,
    )
    session.commit()
    return state
