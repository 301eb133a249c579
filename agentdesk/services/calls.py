"""Calls offered to this agent. For now the demo simulator; the ACD arrives with the call work."""

from __future__ import annotations

from agentdesk.events import CallOffered, EventBus
from agentdesk.services.session import SessionService

__all__ = ["CallService"]


class CallService:
    def __init__(self, session: SessionService, bus: EventBus) -> None:
        self._session = session
        self._bus = bus

    def simulate_incoming_call(self) -> CallOffered:
        """Ask the demo backend to offer a call; publishes CallOffered like a real offer would."""
        offered = self._session.api.simulate_call()
        event = CallOffered(offered.call_id, offered.phone, offered.queue)
        self._bus.publish(event)
        return event
