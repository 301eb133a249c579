"""What applying one pushed mutation did, and the checks every kind's handler makes first.

A handler (``interactions.py``, ``tasks.py``, ``tickets.py``) applies one mutation in the
caller's transaction and returns an :class:`Effect`; ``push.py``, which owns the protocol
(order, idempotency keys, the workstation's sequence), turns it into the workstation's
``MutationResult``. A mutation that cannot apply raises ``InvalidValue``, which the protocol
records as ``rejected`` with its problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.sync import FieldConflict, ResultStatus
from agentdesk.domain.errors import FieldIssue, InvalidValue
from agentdesk.server import models

__all__ = ["Effect", "by_client_id", "payload", "require_customer"]

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", models.Interaction, models.Ticket, models.Task)


@dataclass(frozen=True)
class Effect:
    """The outcome of one mutation: ``applied``, ``duplicate`` (the record its client id made
    before) or ``conflict`` (a ticket edit that overlaps another), with the record as it is now;
    ``rejected`` only as the protocol makes it from ``InvalidValue``, with no record."""

    status: ResultStatus
    entity_id: int | None = None
    version: int | None = None
    record: dict[str, Any] | None = None
    conflicts: list[FieldConflict] = field(default_factory=list)


def payload(model: type[M], values: dict[str, Any]) -> M:
    """The mutation's payload as ``model``, or ``InvalidValue`` naming each field at fault."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise InvalidValue(
            "validation_failed",
            "the mutation's payload is not valid",
            fields=[
                FieldIssue(".".join(map(str, e["loc"])) or "payload", e["msg"])
                for e in exc.errors()
            ],
        ) from exc


def require_customer(session: Session, customer_id: int) -> None:
    if session.get(models.Customer, customer_id) is None:
        raise InvalidValue("sync.customer_not_found", f"no customer {customer_id}")


def _creator(model: type[R]) -> Any:
    """The column naming who made a record of ``model``."""
    if model is models.Ticket:
        return models.Ticket.opened_by
    if model is models.Task:
        return models.Task.owner
    return models.Interaction.agent


def by_client_id(session: Session, model: type[R], client_id: str, creator: str) -> R | None:
    """The record ``creator`` made offline with ``client_id``, if it reached us already.
    Client ids are the creator's own: another agent's is simply a new id for this one."""
    return session.scalars(
        select(model).where(model.client_id == client_id, _creator(model) == creator)
    ).first()
