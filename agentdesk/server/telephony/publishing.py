"""What the ACD's domain events become: rows of the persisted event log (``GET /events``) and
of the call history (``calls``), written in the caller's transaction.

Audiences: ``call.offered``, ``call.changed`` and ``caller.verified`` go to the agent of the
leg only (they carry the caller's number, or who the caller is); ``presence.changed`` goes to
the agent and, as a second row, to their team's supervisors (``supervisors:<team>``): nobody
else's desk uses it (a transfer reads the queue wall), and at 1,000 desks sending every change
to every desk was most of the event traffic; a call waiting with no agent yet is announced by
the queue figures (``queue.stats``), not by a call event, so no agent receives the numbers of
calls that are not theirs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.sync import EventKind
from agentdesk.contract.verification import VerificationMethod
from agentdesk.domain.acd_events import (
    AcdEvent,
    CallAbandoned,
    CallEnded,
    CallEvent,
    CallMissed,
    CallOffered,
    CallQueued,
    CallTransferred,
    PresenceChanged,
    WrapUpFinished,
)
from agentdesk.domain.calls import Call
from agentdesk.server import events, models

__all__ = ["publish_acd_events", "publish_caller_verified", "record_leg", "user_audience"]

# Legs whose snapshot is worth keeping: the leg ended (abandoned, hung up, transferred), or
# its wrap-up did (the row gets the wrap-up time).
_RECORDED = (CallAbandoned, CallEnded, CallTransferred, WrapUpFinished)


def user_audience(username: str) -> str:
    """The audience of one user's events (as ``events.audiences_of`` subscribes them)."""
    return f"user:{username}"


def event_payload(
    event: AcdEvent,
    teams: Mapping[str, str] | None = None,
    by: Mapping[str, tuple[str, str]] | None = None,
) -> tuple[EventKind, dict[str, Any], tuple[str, ...]] | None:
    """The event-log kind, data and audiences of a domain event (None: not published); it is
    logged once per audience."""
    at = event.at.isoformat()
    if isinstance(event, PresenceChanged):
        presence = event.presence
        data: dict[str, Any] = {
            "username": event.agent,
            "team": (teams or {}).get(event.agent, ""),
            "state": presence.state.value,
            "reason": presence.reason.value if presence.reason else None,
            "pending_reason": presence.pending_reason.value if presence.pending_reason else None,
            "since": presence.since.isoformat(),
            "previous": event.previous.value,
            "at": at,
        }
        setter = (by or {}).get(event.agent)
        if setter:  # the supervisor who set this state, and the name their agents know
            data["by"], data["by_name"] = setter
        team = str(data["team"])
        audiences: tuple[str, ...] = (user_audience(event.agent),)
        if team:
            audiences += (events.supervisors_audience(team),)
        return EventKind.PRESENCE_CHANGED, data, audiences
    if not isinstance(event, CallEvent) or isinstance(event, CallQueued):
        return None
    call = event.call
    if isinstance(event, CallOffered):
        assert call.agent is not None  # an offer rings an agent
        data = {
            "call_id": call.id,
            "phone": call.caller,
            "caller": call.caller,
            "queue": call.queue,
            "agent": call.agent,
            "at": at,
            "call": call.to_dict(),
        }
        return EventKind.CALL_OFFERED, data, (user_audience(call.agent),)
    agent = event.missed_agent if isinstance(event, CallMissed) else call.agent
    if not agent:
        return None  # abandoned while waiting: nobody's call yet
    data = {
        "change": event.kind,
        "call_id": call.id,
        "agent": agent,
        "at": at,
        "call": call.to_dict(),
    }
    if isinstance(event, CallMissed):
        data["missed_agent"] = event.missed_agent
    return EventKind.CALL_CHANGED, data, (user_audience(agent),)


def publish_caller_verified(session: Session, call: Call, customer_id: int, at: datetime) -> None:
    """``caller.verified`` to the agent ``call`` rings at or is on the line with: the IVR
    identified its caller as ``customer_id``. Nothing while the call waits for an agent:
    whoever gets it reads the verification when the call pops."""
    if call.agent is None:
        return
    data = {
        "call_id": call.id,
        "customer_id": customer_id,
        "method": VerificationMethod.IVR.value,
        "agent": call.agent,
        "at": at.isoformat(),
    }
    events.publish(
        session, EventKind.CALLER_VERIFIED, data, at=at, audience=user_audience(call.agent)
    )


def record_leg(session: Session, call: Call) -> None:
    """Insert or update the history row of a finished leg (one row per call id and leg)."""
    row = session.scalar(
        select(models.CallRecord).where(
            models.CallRecord.call_id == call.id, models.CallRecord.leg == call.leg
        )
    )
    if row is None:
        row = models.CallRecord(call_id=call.id, leg=call.leg)
        session.add(row)
    answered = call.answered_at is not None
    row.queue = call.queue
    row.caller = call.caller
    row.agent = call.agent
    row.state = call.state.value
    row.direct = call.direct
    row.offered_at = call.offered_at
    row.queued_at = call.queued_at
    row.answered_at = call.answered_at
    row.ended_at = call.ended_at
    row.wrap_up_ends_at = call.wrap_up_ends_at
    row.wait_s = call.wait_s() if answered or call.ended_at is not None else 0.0
    row.talk_s = call.talk_s()
    row.hold_s = call.hold_s()
    row.wrap_up_s = call.wrap_up_s() if call.wrap_up_ends_at is not None else None
    row.snapshot = call.to_dict()


def publish_acd_events(
    session: Session,
    acd_events: list[AcdEvent],
    teams: Mapping[str, str] | None = None,
    *,
    by: Mapping[str, tuple[str, str]] | None = None,
) -> None:
    """Log every publishable event and record every finished leg, in ``session``'s
    transaction (the caller commits; the broker delivers after the commit)."""
    for event in acd_events:
        payload = event_payload(event, teams, by)
        if payload is not None:
            kind, data, audiences = payload
            for audience in audiences:
                events.publish(session, kind, data, at=event.at, audience=audience)
        if isinstance(event, _RECORDED):
            record_leg(session, event.call)
