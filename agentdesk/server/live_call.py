"""The call an agent holds now, and the customers it may be with: what verification, unmask
and reading a complaint are bound to (DESIGN.md §3: no call, no verification).

The switchboard knows the call (``Switchboard.held_call``: answered or on hold, by this agent,
a transferred call included once the agent answered it); this module adds the customers whose
phone is the caller's number (E.164, as the screen-pop's candidates are found). Routes read it
once per request and hand it to the rules as a value.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.server import models
from agentdesk.server.telephony.acd_service import AcdService

__all__ = ["HeldCall", "held_call"]


@dataclass(frozen=True)
class HeldCall:
    """The agent's call on the line: its id, the caller's number, and the customers with
    that number (the screen-pop's candidates: a family may share one)."""

    call_id: str
    caller: str
    candidates: frozenset[int]


def held_call(session: Session, switchboard: AcdService, username: str) -> HeldCall | None:
    """The call ``username`` holds now, or None."""
    call = switchboard.held_call(username)
    if call is None:
        return None
    ids = session.scalars(
        select(models.CustomerPhone.customer_id).where(models.CustomerPhone.e164 == call.caller)
    )
    return HeldCall(call.id, call.caller, frozenset(ids))
