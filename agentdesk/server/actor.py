"""Who is asking, or who made a change: the one description of a person (or system) acting on
the server, for the audit trail, tickets, verification and telephony.

The routes get it from the access token (``deps.CurrentUser``); the telephony's IVR acts as an
actor with no user id.
"""

from __future__ import annotations

from dataclasses import dataclass

from agentdesk.contract.auth import Role

__all__ = ["Actor"]


@dataclass(frozen=True)
class Actor:
    """A signed-in user at a workstation, or a system (``user_id`` None, ``role`` None)."""

    user_id: int | None
    username: str
    workstation_id: str
    role: Role | None = None
    display_name: str = ""
