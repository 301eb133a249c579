"""The ACD through the server: presence, offers, call control, timers, figures and events.

The switchboard's clock is a fake one and its ticker is off (``telephony_tick_seconds=0``):
tests move time themselves and call ``tick``, so nothing sleeps and nothing races. Events are
read from the persisted log as the caller's ``/events`` stream would serve them; one test reads
a real stream over a socket.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from agentdesk.contract.sync import EventKind
from agentdesk.contract.telephony import AgentCallState, OfferedCall, QueueBoard
from agentdesk.domain.phones import normalize_phone
from agentdesk.server import events, models
from agentdesk.server.db import make_engine, make_session_factory
from agentdesk.server.telephony import SimulatorDriver, Switchboard, sign
from agentdesk.server.users import create_user
from tests.server.conftest import (
    FAMILY_PHONE,
    PASSWORD,
    SMITH_PHONE,
    ZHANG_PHONE,
    Bank,
    ClientFactory,
    assert_problem,
    auth_headers,
    server_app,
)
from tests.server.sync_helpers import SseReader, serve_in_thread

SECRET = "test-webhook-secret"
T0 = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def telephony_settings(**extra: Any) -> dict[str, Any]:
    """Deterministic telephony: no ticker, no arrivals of their own, a webhook secret, and
    sign-ins that outlast the simulated hours."""
    return {
        "access_token_minutes": 24 * 60,
        "telephony_tick_seconds": 0,
        "telephony_call_rate": 0,
        "telephony_webhook_secret": SECRET,
        **extra,
    }


def add_agent(url: str, username: str, team: str = "retail") -> None:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            create_user(session, username, username.title(), "agent", PASSWORD, team=team)
            session.commit()
    finally:
        engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def telephony_client(make_client: ClientFactory, url: str, clock: FakeClock) -> TestClient:
    """A demo app whose switchboard runs on ``clock``; agents agent01 and agent02 (retail:
    general and cards) and agent03 (wealth: wealth and general)."""
    add_agent(url, "agent02")
    add_agent(url, "agent03", team="wealth")
    client = make_client(demo=True, clock=clock, **telephony_settings())
    simulator(client).simulator.rng.seed(7)  # the same callers and talk times every run
    return client


@pytest.fixture
def tel(make_client: ClientFactory, bank: Bank, migrated_url: str, clock: FakeClock) -> TestClient:
    return telephony_client(make_client, migrated_url, clock)


def switchboard(client: TestClient) -> Switchboard:
    board: Switchboard = client.app.state.switchboard  # type: ignore[attr-defined]
    return board


def simulator(client: TestClient) -> SimulatorDriver:
    """The demo's simulated callers (a demo app has them)."""
    driver: SimulatorDriver | None = client.app.state.simulator  # type: ignore[attr-defined]
    assert driver is not None
    return driver


def tick(client: TestClient) -> None:
    """One tick of what the demo app's tickers run: the simulated callers, then the ACD."""
    simulator(client).step()
    switchboard(client).tick()


class Agent:
    """One signed-in agent's calls to the telephony API."""

    def __init__(self, client: TestClient, username: str = "agent01") -> None:
        self.client = client
        self.username = username
        self.headers = auth_headers(client, username)

    def post(self, path: str, body: Any = None) -> httpx.Response:
        response: httpx.Response = self.client.post(
            f"/telephony{path}", json=body, headers=self.headers
        )
        return response

    def ok(self, path: str, body: Any = None) -> AgentCallState:
        response = self.post(path, body)
        assert response.status_code == 200, response.text
        return AgentCallState.model_validate(response.json())

    def me(self) -> AgentCallState:
        response = self.client.get("/telephony/me", headers=self.headers)
        assert response.status_code == 200, response.text
        return AgentCallState.model_validate(response.json())

    def ready(self) -> AgentCallState:
        return self.ok("/presence", {"state": "ready"})

    def act(self, call_id: str, action: str, body: Any = None) -> AgentCallState:
        return self.ok(f"/calls/{call_id}/{action}", body)

    def events(self) -> list[tuple[str, dict[str, Any]]]:
        return stream_of(self.client, self.username)


def stream_of(client: TestClient, username: str) -> list[tuple[str, dict[str, Any]]]:
    """What ``username``'s /events stream serves: (kind, data), oldest first."""
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        user = session.scalars(select(models.User).where(models.User.username == username)).one()
        audiences = events.audiences_of(username, user.role, user.team)
        found = events.read_after(session, 0, audiences=audiences)
    return [(event.kind.value, event.data) for event, _ in found]


def call_events(client: TestClient, username: str) -> list[tuple[str, str]]:
    """The call events of ``username``'s stream as (kind or change, call id)."""
    return [
        (data.get("change", kind), data["call_id"])
        for kind, data in stream_of(client, username)
        if kind in {EventKind.CALL_OFFERED, EventKind.CALL_CHANGED}
    ]


def hook(client: TestClient, event: dict[str, Any], secret: str = SECRET) -> httpx.Response:
    body = httpx.Request("POST", "http://x", json=event).content
    headers = {"X-AgentDesk-Signature": sign(secret, body), "Content-Type": "application/json"}
    response: httpx.Response = client.post("/telephony/events", content=body, headers=headers)
    return response


def offer(client: TestClient, queue: str = "general", caller: str = ZHANG_PHONE) -> str:
    call_id = f"pbx-{uuid.uuid4().hex[:8]}"
    response = hook(
        client, {"type": "call.offered", "call_id": call_id, "caller": caller, "queue": queue}
    )
    assert response.status_code == 200, response.text
    return call_id


def board(client: TestClient, username: str = "sup01") -> QueueBoard:
    response = client.get("/telephony/queues", headers=auth_headers(client, username))
    assert response.status_code == 200, response.text
    return QueueBoard.model_validate(response.json())


def queue_of(board_: QueueBoard, name: str) -> Any:
    return next(q for q in board_.queues if q.queue == name)


# -- the pop, before the answer ---------------------------------------------------------------


def test_the_offer_reaches_the_ringing_agents_stream_before_any_answer(
    migrated_url: str, bank: Bank
) -> None:
    app = server_app(
        migrated_url, demo=True, clock=FakeClock(), sse_ping_seconds=0.2, **telephony_settings()
    )
    with serve_in_thread(app) as base:
        login = {"username": "agent01", "password": PASSWORD, "workstation_id": "ws-1"}
        token = httpx.post(f"{base}/auth/login", json=login, timeout=10).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        reader = SseReader(f"{base}/events", headers)
        try:
            ready = httpx.post(
                f"{base}/telephony/presence", json={"state": "ready"}, headers=headers
            )
            assert ready.status_code == 200, ready.text
            simulated = httpx.post(f"{base}/telephony/simulate", headers=headers, timeout=10)
            assert simulated.status_code == 200, simulated.text
            call_id = simulated.json()["call_id"]

            offered = reader.next(EventKind.CALL_OFFERED)
            data = offered["data"]
            assert data["call_id"] == call_id
            assert data["agent"] == "agent01"
            assert data["call"]["state"] == "ringing"  # popped while it rings, not answered
            assert data["call"]["answered_at"] is None
            assert data["phone"] == data["caller"] == normalize_phone(simulated.json()["phone"])
            assert data["queue"] in {"general", "cards"}  # the agent's team's queues
            me = httpx.get(f"{base}/telephony/me", headers=headers).json()
            assert me["presence"]["state"] == "ringing"
        finally:
            reader.close()


def test_a_call_rings_only_its_agent(tel: TestClient) -> None:
    agent = Agent(tel)
    agent.ready()
    call_id = offer(tel)
    assert ("call.offered", call_id) in call_events(tel, "agent01")
    for other in ("agent02", "sup01"):
        assert call_events(tel, other) == []  # nobody else receives the caller's number
    presence = [data for kind, data in stream_of(tel, "sup01") if kind == "presence.changed"]
    assert [p["state"] for p in presence] == ["ready", "ringing"]  # the agent grid sees all


# -- the life of a call -----------------------------------------------------------------------


def test_answer_hold_resume_hang_up_and_finish_wrap_up(tel: TestClient, clock: FakeClock) -> None:
    agent = Agent(tel)
    state = agent.me()
    assert state.presence.state == "offline" and state.call is None
    assert set(state.allowed_actions) == {"go_ready", "go_not_ready"}

    agent.ready()
    call_id = offer(tel, caller="+86 139 0000 1111")
    ringing = agent.me()
    assert ringing.presence.state == "ringing"
    assert ringing.call is not None and ringing.call.id == call_id
    assert ringing.call.caller == FAMILY_PHONE  # normalised to E.164
    assert "answer" in ringing.allowed_actions

    clock.advance(4)
    on_call = agent.act(call_id, "answer")
    assert on_call.presence.state == "on_call"
    assert on_call.call is not None and on_call.call.state == "answered"
    assert set(on_call.allowed_actions) >= {"hold", "hang_up", "transfer"}
    clock.advance(60)
    assert agent.act(call_id, "hold").presence.state == "hold"
    clock.advance(20)
    assert agent.act(call_id, "resume").presence.state == "on_call"
    clock.advance(100)
    wrap = agent.act(call_id, "hangup")
    assert wrap.presence.state == "wrap_up"
    assert wrap.call is not None and wrap.call.state == "ended"  # kept for the wrap-up
    clock.advance(30)
    done = agent.ok("/wrap-up/finish")
    assert done.presence.state == "ready" and done.call is None

    assert call_events(tel, "agent01") == [
        ("call.offered", call_id),
        ("call.answered", call_id),
        ("call.held", call_id),
        ("call.resumed", call_id),
        ("call.ended", call_id),
        ("call.wrap_up_finished", call_id),
    ]
    states = [d["state"] for k, d in agent.events() if k == "presence.changed"]
    assert states == ["ready", "ringing", "on_call", "hold", "on_call", "wrap_up", "ready"]

    with tel.app.state.sessions() as session:  # type: ignore[attr-defined]
        row = session.scalars(select(models.CallRecord)).one()
    assert (row.call_id, row.agent, row.queue, row.state) == (
        call_id,
        "agent01",
        "general",
        "ended",
    )
    assert (row.wait_s, row.talk_s, row.hold_s, row.wrap_up_s) == (4.0, 160.0, 20.0, 30.0)
    assert row.caller == FAMILY_PHONE


def test_not_ready_during_a_call_applies_after_wrap_up(tel: TestClient) -> None:
    agent = Agent(tel)
    agent.ready()
    call_id = offer(tel)
    agent.act(call_id, "answer")
    pending = agent.ok("/presence", {"state": "not_ready", "reason": "lunch"})
    assert pending.presence.state == "on_call" and pending.presence.pending_reason == "lunch"
    agent.act(call_id, "hangup")
    after = agent.ok("/wrap-up/finish")
    assert after.presence.state == "not_ready" and after.presence.reason == "lunch"


def test_transfer_to_a_queue_rings_an_agent_with_its_skill(tel: TestClient) -> None:
    first, wealth = Agent(tel), Agent(tel, "agent03")
    first.ready()
    wealth.ready()  # agent03 also serves general, but agent01 has been idle longer
    call_id = offer(tel)
    first.act(call_id, "answer")
    after = first.act(call_id, "transfer", {"queue": "wealth"})
    assert after.presence.state == "wrap_up"
    assert after.call is not None and after.call.state == "transferred"
    state = wealth.me()
    assert state.presence.state == "ringing"
    assert state.call is not None and state.call.id == call_id and state.call.leg == 1
    assert state.call.queue == "wealth"
    assert ("call.transferred", call_id) in call_events(tel, "agent01")
    assert call_events(tel, "agent03") == [("call.offered", call_id)]


# -- routing and timers -----------------------------------------------------------------------


def test_an_unanswered_ring_goes_to_the_next_agent(tel: TestClient, clock: FakeClock) -> None:
    first, second = Agent(tel), Agent(tel, "agent02")
    first.ready()
    clock.advance(1)
    second.ready()
    call_id = offer(tel)
    assert first.me().presence.state == "ringing"  # the longest idle rings first

    clock.advance(15)  # exactly the ring timeout still rings
    switchboard(tel).tick()
    assert first.me().presence.state == "ringing"
    clock.advance(1)
    switchboard(tel).tick()

    missed = first.me()
    assert missed.presence.state == "not_ready" and missed.presence.reason == "missed_call"
    assert missed.call is None
    assert call_events(tel, "agent01") == [("call.offered", call_id), ("call.missed", call_id)]
    assert second.me().call is not None
    assert call_events(tel, "agent02") == [("call.offered", call_id)]


def test_with_no_ready_agent_the_call_waits(tel: TestClient, clock: FakeClock) -> None:
    agent = Agent(tel)
    call_id = offer(tel, queue="cards")
    clock.advance(25)
    waiting = queue_of(board(tel), "cards")
    assert waiting.waiting.value == 1
    assert waiting.longest_wait.value == 25.0
    assert "oldest waiting call" in waiting.longest_wait.formula

    state = agent.ready()  # the oldest waiting call rings at once
    assert state.presence.state == "ringing"
    assert state.call is not None and state.call.id == call_id
    clock.advance(2)
    agent.act(call_id, "answer")
    answered = queue_of(board(tel), "cards")
    assert answered.answered == 1 and answered.service_level.value == 0.0  # 27 s > 20 s
    assert answered.service_level.formula.startswith("answered within 20 s (0) ÷")


def test_a_caller_who_hangs_up_first_has_abandoned(tel: TestClient, clock: FakeClock) -> None:
    agent = Agent(tel)
    waiting = offer(tel)
    clock.advance(40)
    assert hook(tel, {"type": "call.hung_up", "call_id": waiting}).json()["state"] == "abandoned"

    agent.ready()
    ringing = offer(tel)
    clock.advance(8)
    gone = hook(tel, {"type": "call.hung_up", "call_id": ringing})
    assert gone.json()["state"] == "abandoned"
    assert agent.me().presence.state == "ready"  # the ring was cancelled, no missed call
    assert call_events(tel, "agent01")[-1] == ("call.abandoned", ringing)

    general = queue_of(board(tel), "general")
    assert general.abandoned == 2 and general.offered == 2
    assert general.abandonment_rate.value == 1.0
    assert general.abandonment_rate.formula.startswith("abandoned after 5 s (2) ÷")
    with tel.app.state.sessions() as session:  # type: ignore[attr-defined]
        rows = session.scalars(select(models.CallRecord).order_by(models.CallRecord.id)).all()
    assert [(r.call_id, r.state, r.wait_s) for r in rows] == [
        (waiting, "abandoned", 40.0),
        (ringing, "abandoned", 8.0),
    ]


def test_simulated_callers_run_out_of_patience(tel: TestClient, clock: FakeClock) -> None:
    agent = Agent(tel)
    call_id = OfferedCall.model_validate(agent.post("/simulate").json()).call_id
    clock.advance(16)
    switchboard(tel).tick()  # missed: the agent goes not ready, the call waits
    assert agent.me().presence.reason == "missed_call"
    clock.advance(1200)  # far past any patience drawn, inside the figures' hour
    switchboard(tel).tick()
    assert call_events(tel, "agent01")[:2] == [("call.offered", call_id), ("call.missed", call_id)]
    assert queue_of(board(tel), "general").abandoned + queue_of(board(tel), "cards").abandoned == 1


# -- queue figures ----------------------------------------------------------------------------


def test_queue_stats_are_published_with_their_formulas(tel: TestClient, clock: FakeClock) -> None:
    def stats() -> list[dict[str, Any]]:
        return [data for kind, data in stream_of(tel, "sup01") if kind == "queue.stats"]

    agent = Agent(tel)
    agent.ready()
    call_id = offer(tel)
    clock.advance(5)
    agent.act(call_id, "answer")
    clock.advance(100)
    agent.act(call_id, "hangup")
    clock.advance(20)
    agent.ok("/wrap-up/finish")
    switchboard(tel).tick()

    published = stats()
    assert len(published) == 1  # the ticker publishes the change, not every step of it
    general = QueueBoard.model_validate(published[-1]).queues[0]
    assert general.queue == "general" and general.answered == 1
    assert general.service_level.value == 1.0
    assert general.asa.formula == "total wait of answered calls (5.0 s) ÷ answered (1) = 5.0 s"
    assert general.aht.value == 120.0
    assert general.aht.formula.startswith("(talk 100.0 s + hold 0.0 s + wrap-up 20.0 s)")
    assert general.agents_ready == 1

    clock.advance(10)
    switchboard(tel).tick()
    assert len(stats()) == 1  # nothing moved: no event
    offer(tel, queue="complaints")  # nobody serves it: it waits, and its wait grows
    switchboard(tel).tick()
    clock.advance(6)
    switchboard(tel).tick()
    waiting = QueueBoard.model_validate(stats()[-1])
    assert len(stats()) == 3
    assert queue_of(waiting, "complaints").longest_wait.value == 6.0


def test_agents_get_their_teams_queue_figures_at_their_pace_and_the_wall_every_change(
    tel: TestClient, clock: FakeClock
) -> None:
    """An agent's bar shows its queue's figures: each team's agents get those of the queues
    their team serves, at most every ``agent_stats_seconds`` (2 s); the supervisors' wall
    gets every board with every queue; the agents' next board is the latest one."""

    def boards(username: str) -> list[QueueBoard]:
        found = [d for kind, d in stream_of(tel, username) if kind == "queue.stats"]
        return [QueueBoard.model_validate(d) for d in found]

    def waiting(username: str, queue: str = "cards") -> list[int]:
        return [int(queue_of(b, queue).waiting.value or 0) for b in boards(username)]

    for username in ("agent01", "agent03"):  # retail: general and cards; wealth: wealth, general
        Agent(tel, username).ok("/presence", {"state": "not_ready", "reason": "break"})
    switchboard(tel).tick()
    clock.advance(2)
    switchboard(tel).tick()
    seen = {name: len(boards(name)) for name in ("sup01", "agent01", "agent02", "agent03")}

    offer(tel, queue="cards")  # nobody ready: each call waits
    switchboard(tel).tick()
    clock.advance(0.5)
    offer(tel, queue="cards")
    switchboard(tel).tick()
    clock.advance(0.5)
    offer(tel, queue="cards")
    switchboard(tel).tick()
    assert waiting("sup01")[seen["sup01"] :] == [1, 2, 3]
    assert waiting("agent01")[seen["agent01"] :] == [1]  # 1 s on: not yet

    clock.advance(1)
    switchboard(tel).tick()  # nothing moved, but the agents are owed the latest board
    assert waiting("agent01")[seen["agent01"] :] == [1, 3]
    assert waiting("agent02") == waiting("agent01")  # the team's, agent02 not yet signed in
    assert waiting("sup01")[seen["sup01"] :] == [1, 2, 3, 3]

    queues = {name: {q.queue for b in boards(name) for q in b.queues} for name in seen}
    assert queues["agent01"] == {"general", "cards"}
    assert queues["agent03"] == {"wealth", "general"}  # no cards: not their team's
    assert queues["sup01"] == {"general", "cards", "wealth", "complaints"}
    assert len(boards("agent03")) == len(boards("agent01"))  # at the same pace


def test_the_queue_wall_is_for_agents_and_supervisors(tel: TestClient) -> None:
    assert board(tel, "agent01").queues
    assert [q.queue for q in board(tel).queues] == ["general", "cards", "wealth", "complaints"]
    admin = auth_headers(tel, "admin01")
    assert_problem(tel.get("/telephony/queues", headers=admin), 403)
    assert_problem(tel.get("/telephony/queues"), 401)


# -- refusals ---------------------------------------------------------------------------------


def test_an_illegal_move_is_a_409_problem_with_the_domain_reason(tel: TestClient) -> None:
    agent = Agent(tel)
    assert_problem(agent.post("/calls/nope/answer"), 409, "not_logged_in")
    assert_problem(agent.post("/wrap-up/finish"), 409, "not_logged_in")
    agent.ready()
    call_id = offer(tel)
    held = assert_problem(agent.post(f"/calls/{call_id}/hold"), 409, "illegal_transition")
    assert "ringing" in held["detail"] and "hold" in held["detail"]
    assert_problem(agent.post("/calls/someone-elses/answer"), 409, "not_your_call")
    assert_problem(agent.post("/wrap-up/finish"), 409, "illegal_transition")
    agent.act(call_id, "answer")
    assert_problem(agent.post(f"/calls/{call_id}/transfer", {"queue": "nowhere"}), 422)
    both = agent.post(f"/calls/{call_id}/transfer", {"queue": "cards", "agent": "agent02"})
    assert_problem(both, 422)
    busy = agent.post(f"/calls/{call_id}/transfer", {"agent": "agent02"})
    assert_problem(busy, 409, "agent_not_available")  # agent02 never logged in
    assert agent.me().presence.state == "on_call"  # refusals changed nothing


def test_presence_requests_are_validated(tel: TestClient) -> None:
    agent = Agent(tel)
    assert_problem(agent.post("/presence", {"state": "not_ready"}), 422)
    assert_problem(agent.post("/presence", {"state": "ready", "reason": "lunch"}), 422)
    missed = agent.post("/presence", {"state": "not_ready", "reason": "missed_call"})
    assert_problem(missed, 422)
    assert_problem(agent.post("/presence", {"state": "on_call"}), 422)
    away = agent.ok("/presence", {"state": "not_ready", "reason": "training"})
    assert away.presence.state == "not_ready" and away.presence.reason == "training"
    assert agent.ok("/presence", {"state": "offline"}).presence.state == "offline"


def test_call_control_is_for_agents(tel: TestClient) -> None:
    supervisor = auth_headers(tel, "sup01")
    response = tel.post("/telephony/presence", json={"state": "ready"}, headers=supervisor)
    assert_problem(response, 403)
    assert_problem(tel.post("/telephony/presence", json={"state": "ready"}), 401)


# -- the demo simulator -----------------------------------------------------------------------


def test_the_simulator_is_404_outside_demo(make_client: ClientFactory, bank: Bank) -> None:
    client = make_client(**telephony_settings())
    assert_problem(client.post("/telephony/simulate", headers=auth_headers(client)), 404)


def test_simulate_makes_the_agent_ready_and_rings_them(tel: TestClient) -> None:
    agent = Agent(tel)
    agent.ok("/presence", {"state": "not_ready", "reason": "break"})
    offered = OfferedCall.model_validate(agent.post("/simulate").json())
    state = agent.me()
    assert state.presence.state == "ringing"
    assert state.call is not None and state.call.id == offered.call_id
    assert offered.call is not None and offered.call.state == "ringing"
    assert offered.queue in {"general", "cards"}


def test_simulated_callers_are_known_shared_and_unknown_numbers(tel: TestClient) -> None:
    agent = Agent(tel)
    calls = [OfferedCall.model_validate(agent.post("/simulate").json()) for _ in range(60)]
    numbers = [normalize_phone(call.phone) for call in calls]
    known = {ZHANG_PHONE, FAMILY_PHONE, SMITH_PHONE}
    assert any(n in known for n in numbers)
    assert FAMILY_PHONE in numbers  # the shared number comes up now and then
    assert any(n not in known for n in numbers)  # and so do strangers
    assert len({uuid.UUID(call.call_id) for call in calls}) == len(calls)
    spellings = {c.phone for c in calls if normalize_phone(c.phone) in {ZHANG_PHONE, FAMILY_PHONE}}
    assert len(spellings) >= 3  # as from real telephony systems
    # One rings the agent; the others wait in the agent's queues.
    waiting = sum(q.waiting.value or 0 for q in board(tel).queues)
    assert waiting == 59


def test_simulated_callers_hang_up_after_talking(
    make_client: ClientFactory, bank: Bank, clock: FakeClock
) -> None:
    client = make_client(demo=True, clock=clock, **telephony_settings(telephony_mean_talk_s=60))
    simulator(client).simulator.rng.seed(7)
    agent = Agent(client)
    call_id = OfferedCall.model_validate(agent.post("/simulate").json()).call_id
    agent.act(call_id, "answer")
    for _ in range(120):  # ten simulated minutes in 5 s ticks: far past any talk time drawn
        clock.advance(5)
        tick(client)
    assert agent.me().presence.state == "wrap_up"
    assert ("call.ended", call_id) in call_events(client, "agent01")
