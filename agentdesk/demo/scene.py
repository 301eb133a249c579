"""A shift under way for ``agentdesk demo --as supervisor``: a few demo agents of the retail
team signed in at their own (headless) desks, with calls in every state, so the console opens
on something to watch instead of a team that is all logged out.

agent02 is talking, agent03 is in wrap-up, agent06 took a call and is ready again (the service
level has calls to count), agent04 is on a break and agent05 is ready. Each agent is its own
API client, as a real desk would be; a step the server refuses (a demo database kept from an
earlier run, with agents already in some state) is skipped, never fatal.
"""

from __future__ import annotations

import logging

import httpx

from agentdesk.client import ApiClient
from agentdesk.domain.presence import AgentState, NotReadyReason
from agentdesk.errors import AgentDeskError

__all__ = ["stage_supervisor_scene"]

log = logging.getLogger(__name__)


def stage_supervisor_scene(url: str, password: str) -> list[ApiClient]:
    """Stage the shift; returns the agents' clients (close them when the demo ends)."""
    clients: list[ApiClient] = []

    def agent(username: str) -> ApiClient:
        api = ApiClient(httpx.Client(base_url=url, timeout=10))
        api.login(username, password, f"demo-{username}")
        clients.append(api)
        return api

    def talk(api: ApiClient) -> str:
        offered = api.simulate_call()
        api.call_action(offered.call_id, "answer")
        return offered.call_id

    # A simulated call rings the longest-idle ready agent of its queue: each agent takes theirs
    # while nobody else is ready (the ready ones come last).
    steps = (
        ("agent02", talk),
        ("agent03", lambda a: a.call_action(talk(a), "hangup")),
        ("agent06", lambda a: (a.call_action(talk(a), "hangup"), a.finish_wrap_up())),
        (
            "agent04",
            lambda a: (
                a.set_presence(AgentState.READY),
                a.set_presence(AgentState.NOT_READY, NotReadyReason.BREAK),
            ),
        ),
        ("agent05", lambda a: a.set_presence(AgentState.READY)),
    )
    for username, step in steps:
        try:
            step(agent(username))
        except AgentDeskError as exc:
            log.info("demo scene: %s skipped (%s)", username, exc.detail)
    return clients
