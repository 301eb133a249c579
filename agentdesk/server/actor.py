"""Who is asking, or who made a change: the one description of a person (or system) acting on
the server, for the audit trail, tickets, verification and telephony.

The routes get it from the access token (``deps.CurrentUser``); the telephony's IVR acts as an
actor with no user id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from agentdesk.contract.auth import Role
from agentdesk.domain.access import Person

__all__ = ["Actor"]


@dataclass(frozen=True)
class Actor:
    """A signed-in user at a workstation, or a system (``user_id`` None, ``role`` None)."""

    user_id: int | None
    username: str
    workstation_id: str
    role: Role | None = None
    display_name: str = ""
    team: str = ""  # the user's team now (tickets and presence follow it)

    def person(self, serving: Iterable[int] = ()) -> Person:
        """This actor as the access rules know them, serving the customers ``serving`` (those
        of the call they hold)."""
        role = None if self.role is None else self.role.value
        return Person(self.username, role, self.team, frozenset(serving))
