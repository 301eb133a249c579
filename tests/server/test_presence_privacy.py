"""Presence is personal: on a real server's ``/events`` stream (and the queue wall), an agent's
presence reaches only themself and their team's supervisors; other agents, and other teams'
supervisors, get no presence event of theirs at all (nobody else's desk uses one: at 1,000
desks it was most of the traffic), and read on the queue wall only what a transfer needs
(who is ready)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from agentdesk.contract.sync import EventKind
from agentdesk.server.telephony import Switchboard
from tests.server.conftest import PASSWORD, Bank, add_user, server_app
from tests.server.sync_helpers import WORKSTATION, SseReader, serve_in_thread

SETTINGS: dict[str, Any] = {
    "telephony_tick_seconds": 0,
    "telephony_call_rate": 0,
    "sse_ping_seconds": 0.2,
}


def _headers(base: str, username: str) -> dict[str, str]:
    response = httpx.post(
        f"{base}/auth/login",
        json={"username": username, "password": PASSWORD, "workstation_id": WORKSTATION},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _agent01_presence_and_wall(base: str, username: str) -> tuple[dict[str, Any] | None, list[Any]]:
    """What ``username``'s stream replays of agent01's presence change (None: nothing), and
    the agents of the queue wall as ``username`` reads it. The stream is read up to the
    queue.stats event of the tick that followed the changes (it carries no agents: the
    queues' figures only, whatever the size of the floor)."""
    headers = _headers(base, username)
    reader = SseReader(f"{base}/events?last_event_id=0", headers)
    presence = None
    try:
        event = reader.next()
        while event["event"] != EventKind.QUEUE_STATS:
            if event["event"] == EventKind.PRESENCE_CHANGED:
                assert event["data"]["username"] in {username, "agent01", "agent03"}
                if event["data"]["username"] == "agent01":
                    presence = event["data"]
            event = reader.next()
    finally:
        reader.close()
    assert event["data"]["queues"] and "agents" not in event["data"]
    wall = httpx.get(f"{base}/telephony/queues", headers=headers, timeout=10)
    assert wall.status_code == 200, wall.text
    return presence, wall.json()["agents"]


@pytest.fixture
def users(migrated_url: str, bank: Bank) -> str:
    """agent01, agent02 and sup01 in retail; agent03 and sup02 in cards."""
    add_user(migrated_url, "agent02")
    add_user(migrated_url, "agent03", team="cards")
    add_user(migrated_url, "sup02", role="supervisor", team="cards")
    return migrated_url


def test_a_not_ready_reason_reaches_only_the_agent_and_their_teams_supervisor(users: str) -> None:
    app = server_app(users, **SETTINGS)
    with serve_in_thread(app) as base:
        lunch = httpx.post(
            f"{base}/telephony/presence",
            json={"state": "not_ready", "reason": "lunch"},
            headers=_headers(base, "agent01"),
        )
        assert lunch.status_code == 200, lunch.text
        ready = {"state": "ready"}
        httpx.post(f"{base}/telephony/presence", json=ready, headers=_headers(base, "agent03"))
        switchboard: Switchboard = app.state.switchboard
        switchboard.tick()  # the queue wall's figures

        for username in ("agent01", "sup01"):
            presence, wall = _agent01_presence_and_wall(base, username)
            assert presence is not None
            assert (presence["state"], presence["reason"]) == ("not_ready", "lunch")
            assert "since" in presence
            [mine] = [a for a in wall if a["username"] == "agent01"]
            assert mine["reason"] == "lunch"

        for username in ("agent02", "agent03", "sup02"):
            presence, wall = _agent01_presence_and_wall(base, username)
            assert presence is None
            assert "lunch" not in str(wall)
            # Whom one could transfer to: the ready agents.
            assert "agent01" not in {a["username"] for a in wall}
            assert "agent03" in {a["username"] for a in wall}

        # The queue wall over REST says the same.
        rest = httpx.get(f"{base}/telephony/queues", headers=_headers(base, "agent02")).json()
        assert "lunch" not in str(rest["agents"])
        rest = httpx.get(f"{base}/telephony/queues", headers=_headers(base, "sup01")).json()
        assert [a["reason"] for a in rest["agents"] if a["username"] == "agent01"] == ["lunch"]
