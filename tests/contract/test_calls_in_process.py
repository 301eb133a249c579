"""The real ApiClient and CallService against the real app, in process: presence and call
control over REST, and the agent's state tracked from the events the /events stream serves.

The in-process TestClient buffers whole responses, so it cannot hold a live stream open: the
events are read from the server's event log (what the stream replays) and handed to the
listener's own mapping, ``core_event``. The switchboard runs on a fake clock with its ticker
off, so every step is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from agentdesk.client import ApiClient
from agentdesk.config.server import ServerSettings
from agentdesk.config.telephony import SimulatorSettings, TelephonySettings
from agentdesk.credentials import CredentialStore
from agentdesk.demo.generator import DEMO_PASSWORD
from agentdesk.demo.seed import seed_database
from agentdesk.domain.calls import CallState
from agentdesk.domain.presence import Action, AgentState, NotReadyReason
from agentdesk.errors import InvalidRequest, PermissionDenied
from agentdesk.events import CallOffered, CallStateChanged, EventBus
from agentdesk.server import events as server_events
from agentdesk.server.app import create_app
from agentdesk.services.calls import CallService
from agentdesk.services.session import SessionService
from agentdesk.sync.listener import core_event
from tests.signing import TEST_KEYS

SERVER = "http://testserver"
T0 = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


class Desk:
    """One agent's desktop: session, bus, CallService, and a pump for their events."""

    def __init__(self, client: TestClient, tmp_path: Path, username: str) -> None:
        self.client = client
        self.bus = EventBus()
        self.session = SessionService(
            lambda url: ApiClient(client),
            CredentialStore(),
            self.bus,
            data_dir=tmp_path / username,
            workstation_id=f"ws-{username}",
        )
        self.session.login(SERVER, username, DEMO_PASSWORD)
        self.calls = CallService(self.session, self.bus)
        self.username = username
        self.last_id = 0
        self.seen: list[object] = []
        self.bus.subscribe(CallOffered, self.seen.append)
        self.bus.subscribe(CallStateChanged, self.seen.append)

    def pump(self) -> None:
        """Deliver the events the agent's stream would have delivered since the last pump."""
        sessions = self.client.app.state.sessions  # type: ignore[attr-defined]
        with sessions() as db:
            found = server_events.read_after(
                db, self.last_id, audiences=server_events.audiences_of(self.username)
            )
        for event, _ in found:
            self.last_id = event.id
            core = core_event(event)
            if core is not None:
                self.bus.publish(core)


@pytest.fixture
def app_client(database_url: str) -> Iterator[tuple[TestClient, FakeClock]]:
    seed_database(database_url, customers=30, progress=False)
    clock = FakeClock()
    app = create_app(
        ServerSettings(access_token_minutes=24 * 60),
        database_url,
        telephony=TelephonySettings(tick_seconds=0, simulator=SimulatorSettings(call_rate=0)),
        demo=True,
        clock=clock,
        signing_keys=TEST_KEYS,
    )
    with TestClient(app) as client:
        yield client, clock


def test_the_softphone_over_rest_and_events(
    app_client: tuple[TestClient, FakeClock], tmp_path: Path
) -> None:
    client, clock = app_client
    desk = Desk(client, tmp_path, "agent01")
    calls = desk.calls

    assert calls.me().state is AgentState.OFFLINE
    ready = calls.set_ready()
    assert ready.state is AgentState.READY and Action.GO_NOT_READY in ready.allowed

    offered = calls.simulate_incoming_call()
    desk.pump()
    pops = [e for e in desk.seen if isinstance(e, CallOffered)]
    assert [p.call_id for p in pops] == [offered.call_id]  # the pop came from the stream
    current = calls.current
    assert current is not None and current.state is AgentState.RINGING
    assert current.call is not None and current.call.id == offered.call_id
    assert current.call.caller == pops[0].phone  # E.164 from the ACD

    clock.now += timedelta(seconds=3)
    assert calls.answer().state is AgentState.ON_CALL
    clock.now += timedelta(seconds=30)
    assert calls.hold().state is AgentState.HOLD
    with pytest.raises(InvalidRequest) as refused:
        calls.hold()
    assert refused.value.status == 409 and "hold" in refused.value.detail
    clock.now += timedelta(seconds=10)
    calls.resume()
    clock.now += timedelta(seconds=60)
    wrap = calls.hang_up()
    assert wrap.state is AgentState.WRAP_UP
    assert wrap.call is not None and wrap.call.state is CallState.ENDED
    context = calls.wrap_up_context()
    assert context is not None and context.call_id == offered.call_id
    assert context.started_at == T0 + timedelta(seconds=3)
    assert context.ended_at == T0 + timedelta(seconds=103)

    desk.pump()
    changes = [e.change for e in desk.seen if isinstance(e, CallStateChanged)]
    assert changes == ["call.answered", "call.held", "call.resumed", "call.ended"]
    calls.set_not_ready(NotReadyReason.BREAK)  # after this call
    done = calls.finish_wrap_up()
    assert done.state is AgentState.NOT_READY and done.call is None
    desk.pump()
    after = calls.current
    assert after is not None and after.state is AgentState.NOT_READY and after.call is None

    board = calls.queue_board()
    figures = {q.queue: q for q in board.queues}
    served = [q for q in figures.values() if q.answered == 1]
    assert len(served) == 1 and served[0].asa.value == 3.0
    assert "answered within 20 s (1)" in served[0].service_level.formula
    assert [q.name for q in calls.queues()] == list(figures)


def test_a_supervisor_sees_the_wall_but_takes_no_calls(
    app_client: tuple[TestClient, FakeClock], tmp_path: Path
) -> None:
    client, _ = app_client
    desk = Desk(client, tmp_path, "sup01")
    assert desk.calls.queue_board().queues
    with pytest.raises(PermissionDenied):
        desk.calls.set_ready()
