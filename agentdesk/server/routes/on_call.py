"""The dependency of routes bound to the agent's call: the call they hold now (or None), with
the customers it may be with (``live_call.HeldCall``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from agentdesk.server.deps import SessionDep, StaffUser
from agentdesk.server.live_call import HeldCall, held_call
from agentdesk.server.telephony.acd_service import AcdService

__all__ = ["HeldCallDep"]


def _held_call(request: Request, session: SessionDep, user: StaffUser) -> HeldCall | None:
    switchboard: AcdService = request.app.state.switchboard
    return held_call(session, switchboard, user.username)


HeldCallDep = Annotated[HeldCall | None, Depends(_held_call)]
