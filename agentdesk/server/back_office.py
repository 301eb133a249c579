"""Back-office access to one customer without a call: requested with a reason, approved by a
supervisor of the requester's team for ``GRANT_MINUTES``, and audited as such at every step
(``back_office.request``, ``back_office.approve``; an unmask under a grant names it).

A grant stands in for the call and the verification for unmasking only; it is the
requester's, for that one customer. A request of another team is unknown to a supervisor (a
404, nothing given away); nobody approves their own. Rule violations, never HTTP; functions
add to the caller's session and do not commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.auth import Role
from agentdesk.contract.back_office import GRANT_MINUTES, AccessGrant, GrantStatus
from agentdesk.domain.errors import NotPermitted, UnknownRecord
from agentdesk.server import audit, models
from agentdesk.server.actor import Actor

__all__ = ["approve", "grant_in_force", "grant_view", "grants_for", "request_access"]

GRANT_TIME = timedelta(minutes=GRANT_MINUTES)


def _status(row: models.AccessGrant, now: datetime) -> GrantStatus:
    if row.expires_at is None:
        return GrantStatus.REQUESTED
    return GrantStatus.APPROVED if row.expires_at > now else GrantStatus.EXPIRED


def grant_view(row: models.AccessGrant, now: datetime) -> AccessGrant:
    return AccessGrant(
        id=row.id,
        customer_id=row.customer_id,
        username=row.username,
        reason=row.reason,
        status=_status(row, now),
        requested_at=row.requested_at,
        approved_by=row.approved_by,
        approved_at=row.approved_at,
        expires_at=row.expires_at,
    )


def _audit(
    session: Session, actor: Actor, now: datetime, row: models.AccessGrant, action: str
) -> None:
    audit.record(
        session,
        actor,
        at=now,
        action=action,
        entity="customer",
        entity_id=str(row.customer_id),
        detail={"access": "back_office", "grant_id": str(row.id), "requested_by": row.username},
    )


def request_access(
    session: Session, customer_id: int, reason: str, actor: Actor, now: datetime
) -> models.AccessGrant:
    """``actor`` asks to see ``customer_id`` without a call (audited with the request)."""
    if session.get(models.Customer, customer_id) is None:
        raise UnknownRecord("customer_not_found", "no such customer")
    if actor.user_id is None:
        raise NotPermitted("forbidden", "only a person may ask for back-office access")
    row = models.AccessGrant(
        customer_id=customer_id,
        user_id=actor.user_id,
        username=actor.username,
        team=actor.team,
        reason=reason,
        requested_at=now,
    )
    session.add(row)
    session.flush()
    _audit(session, actor, now, row, "back_office.request")
    return row


def _visible(row: models.AccessGrant | None, actor: Actor) -> models.AccessGrant:
    """The request, if ``actor`` may see it: their own, or their team's as its supervisor."""
    if row is not None and (
        row.username == actor.username
        or (actor.role is Role.SUPERVISOR and bool(actor.team) and row.team == actor.team)
    ):
        return row
    raise UnknownRecord("back_office.not_found", "no such back-office request")


def approve(session: Session, grant_id: int, actor: Actor, now: datetime) -> models.AccessGrant:
    """A supervisor of the requester's team approves: in force for ``GRANT_TIME`` from now."""
    row = _visible(session.get(models.AccessGrant, grant_id), actor)
    if actor.role is not Role.SUPERVISOR or row.username == actor.username:
        raise NotPermitted(
            "back_office.not_permitted",
            "a supervisor of the requester's team approves, never their own request",
        )
    if row.expires_at is None:
        row.approved_by = actor.username
        row.approved_at = now
        row.expires_at = now + GRANT_TIME
        session.flush()
        _audit(session, actor, now, row, "back_office.approve")
    return row


def grants_for(session: Session, actor: Actor, now: datetime) -> list[AccessGrant]:
    """The caller's own requests, or (a supervisor) their team's, newest first."""
    query = select(models.AccessGrant).order_by(models.AccessGrant.id.desc()).limit(200)
    if actor.role is Role.SUPERVISOR and actor.team:
        query = query.where(models.AccessGrant.team == actor.team)
    else:
        query = query.where(models.AccessGrant.username == actor.username)
    return [grant_view(row, now) for row in session.scalars(query)]


def grant_in_force(
    session: Session, customer_id: int, actor: Actor, now: datetime
) -> models.AccessGrant | None:
    """``actor``'s approved, unexpired back-office access to ``customer_id``, if any."""
    if actor.user_id is None:
        return None
    return session.scalars(
        select(models.AccessGrant)
        .where(
            models.AccessGrant.customer_id == customer_id,
            models.AccessGrant.user_id == actor.user_id,
            models.AccessGrant.expires_at > now,
        )
        .order_by(models.AccessGrant.expires_at.desc())
        .limit(1)
    ).first()
