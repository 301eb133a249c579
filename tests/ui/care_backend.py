"""A small stand-in for the backend as the worklist tests need it, as an ``httpx`` transport:
sign-in and the outbound call route (recorded); everything else is unreachable, so the desk
reads its cache and queues its changes as it does offline. The server's own tests pin the
server; tests/e2e/test_care_call.py runs the desk against the real one."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx

from agentdesk.contract.auth import Role, TokenPair, UserInfo
from agentdesk.contract.telephony import AgentCallState, AgentPresenceInfo
from agentdesk.domain.presence import AgentState

__all__ = ["CareBackend"]


class CareBackend:
    def __init__(self, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.user = UserInfo(id=1, username="agent01", display_name="agent01", role=Role.AGENT)
        self.outbound: list[dict[str, Any]] = []  # the bodies of the outbound calls asked for
        self.down = False
        self._now = now

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("backend stopped", request=request)
        path = request.url.path
        if path == "/auth/login":
            tokens = TokenPair(access_token="a", refresh_token="r", expires_in=3600, user=self.user)
            return httpx.Response(200, json=tokens.model_dump(mode="json"))
        if path == "/telephony/calls/outbound" and request.method == "POST":
            self.outbound.append(json.loads(request.content))
            presence = AgentPresenceInfo(
                username="agent01", state=AgentState.READY, since=self._now()
            )
            state = AgentCallState(at=self._now(), presence=presence)
            return httpx.Response(200, json=state.model_dump(mode="json"))
        raise httpx.ConnectError("not served by the care stand-in", request=request)
