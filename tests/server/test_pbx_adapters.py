"""The PBX adapters' contract, through the real server routes: an agent's answer, hold, resume,
transfer, hang-up and call out, and a supervisor's move of a waiting call, reach a webhook PBX
(a real HTTP receiver on a loopback port) as one signed command each, in order, and leave the
same switchboard states as the simulated PBX; a PBX that refuses or does not answer leaves the
call as it was (nothing dialled, for a call out), and the agent can try again. Of the ACD's own
timers, only an outbound call nobody answered reaches the PBX (a hang-up)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import stamina
from fastapi.testclient import TestClient

from agentdesk.config.settings import load_settings
from agentdesk.domain.calls import CallState
from agentdesk.errors import ConfigError
from agentdesk.server.signed_webhook import ATTEMPTS
from agentdesk.server.telephony import SimulatedPbx, WebhookPbx
from tests.server.conftest import ZHANG_PHONE, Bank, ClientFactory, assert_problem, auth_headers
from tests.server.test_supervisor import audit_rows
from tests.server.test_telephony import (
    Agent,
    FakeClock,
    add_agent,
    call_events,
    offer,
    switchboard,
    telephony_settings,
)
from tests.server.webhook_receiver import WebhookReceiver, closed_port_url, webhook_receiver

PBX_SECRET = "test-pbx-secret"
ADAPTERS = ["simulated", "webhook"]


@pytest.fixture(autouse=True)
def no_backoff() -> Iterator[None]:
    """Retries without their waits, as many tries as in production."""
    with stamina.set_testing(True, attempts=ATTEMPTS):
        yield


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with webhook_receiver(PBX_SECRET) as found:
        yield found


def pbx_client(
    make_client: ClientFactory, url: str, clock: FakeClock, pbx_url: str | None, **settings: Any
) -> TestClient:
    """A demo app (agents agent01, agent02: retail; agent03: wealth; supervisor sup01: retail)
    telling the PBX at ``pbx_url``, or the simulated one."""
    add_agent(url, "agent02")
    add_agent(url, "agent03", team="wealth")
    extra = {"telephony_pbx_url": pbx_url, "telephony_pbx_secret": PBX_SECRET} if pbx_url else {}
    return make_client(demo=True, clock=clock, **telephony_settings(**extra, **settings))


@pytest.fixture
def tel(
    make_client: ClientFactory,
    bank: Bank,
    migrated_url: str,
    clock: FakeClock,
    receiver: WebhookReceiver,
) -> TestClient:
    return pbx_client(make_client, migrated_url, clock, receiver.url)


def commands(receiver: WebhookReceiver) -> list[tuple[str, ...]]:
    """The commands received as (command, call id, agent, queue or transfer target, phone,
    supervisor), each field there when the command has it."""
    fields = ("agent", "queue", "to_agent", "phone", "by")
    return [
        (c["command"], c["call_id"], *(c[k] for k in fields if k in c)) for c in receiver.received
    ]


def move_call(client: TestClient, call_id: str, queue: str) -> Any:
    """sup01 moves a waiting call to ``queue``."""
    headers = auth_headers(client, "sup01")
    return client.post(f"/supervisor/calls/{call_id}/move", json={"queue": queue}, headers=headers)


def state_of(state: Any) -> tuple[str, str | None]:
    return state.presence.state, state.call.state if state.call is not None else None


# -- the same moves, either adapter -------------------------------------------------------------


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_each_move_reaches_the_pbx_once_in_order_with_the_same_states(
    adapter: str,
    make_client: ClientFactory,
    bank: Bank,
    migrated_url: str,
    clock: FakeClock,
    receiver: WebhookReceiver,
) -> None:
    pbx_url = receiver.url if adapter == "webhook" else None
    tel = pbx_client(make_client, migrated_url, clock, pbx_url)
    pbx = switchboard(tel).pbx
    assert isinstance(pbx, WebhookPbx if adapter == "webhook" else SimulatedPbx)
    first, second, third = Agent(tel), Agent(tel, "agent02"), Agent(tel, "agent03")
    states, times = [], []

    def move(agent: Agent, call_id: str, action: str, body: Any = None) -> None:
        clock.advance(3)
        times.append(clock.now.isoformat())
        states.append(state_of(agent.act(call_id, action, body)))

    first.ready()
    call_a = offer(tel)  # rings agent01, the only one ready
    move(first, call_a, "answer")
    move(first, call_a, "hold")
    move(first, call_a, "resume")
    third.ready()
    move(first, call_a, "transfer", {"queue": "wealth"})  # rings agent03
    move(third, call_a, "answer")
    move(third, call_a, "hangup")
    assert first.ok("/wrap-up/finish").presence.state == "ready"
    call_b = offer(tel)
    move(first, call_b, "answer")
    second.ready()
    move(first, call_b, "transfer", {"agent": "agent02"})  # rings agent02

    assert states == [
        ("on_call", "answered"),
        ("hold", "held"),
        ("on_call", "answered"),
        ("wrap_up", "transferred"),
        ("on_call", "answered"),
        ("wrap_up", "ended"),
        ("on_call", "answered"),
        ("wrap_up", "transferred"),
    ]
    assert second.me().presence.state == "ringing"
    if adapter == "simulated":
        assert receiver.received == []
        return
    assert commands(receiver) == [
        ("answer", call_a, "agent01"),
        ("hold", call_a, "agent01"),
        ("resume", call_a, "agent01"),
        ("transfer", call_a, "agent01", "wealth"),
        ("answer", call_a, "agent03"),
        ("hang_up", call_a, "agent03"),
        ("answer", call_b, "agent01"),
        ("transfer", call_b, "agent01", "agent02"),
    ]
    assert receiver.unsigned == 0  # every one signed with pbx_secret
    assert [c["at"] for c in receiver.received] == times  # the server's clock
    assert len({c["id"] for c in receiver.received}) == len(receiver.received)
    assert {frozenset(c) for c in receiver.received} == {
        frozenset({"id", "command", "call_id", "agent", "at"}),
        frozenset({"id", "command", "call_id", "agent", "at", "queue"}),
        frozenset({"id", "command", "call_id", "agent", "at", "to_agent"}),
    }


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_a_call_out_and_a_supervisors_move_reach_the_pbx_with_their_fields(
    adapter: str,
    make_client: ClientFactory,
    bank: Bank,
    migrated_url: str,
    clock: FakeClock,
    receiver: WebhookReceiver,
) -> None:
    pbx_url = receiver.url if adapter == "webhook" else None
    tel = pbx_client(make_client, migrated_url, clock, pbx_url)
    agent = Agent(tel)
    agent.ready()
    placed = agent.ok("/calls/outbound", {"customer_id": bank.zhang})
    assert placed.call is not None and state_of(placed) == ("ringing", "ringing")
    dialled = placed.call.id
    clock.advance(3)
    assert state_of(agent.act(dialled, "answer")) == ("on_call", "answered")
    waiting = offer(tel)  # agent01 is on the call: it waits in general
    clock.advance(3)
    moved = move_call(tel, waiting, "cards")
    assert moved.status_code == 200, moved.text
    assert moved.json()["queue"] == "cards"

    if adapter == "simulated":
        assert receiver.received == []
        return
    assert commands(receiver) == [
        ("dial", dialled, "agent01", "general", ZHANG_PHONE),
        ("answer", dialled, "agent01"),
        ("move", waiting, "cards", "sup01"),
    ]
    assert receiver.unsigned == 0
    assert {frozenset(c) for c in receiver.received} == {
        frozenset({"id", "command", "call_id", "agent", "at", "phone", "queue"}),
        frozenset({"id", "command", "call_id", "agent", "at"}),
        frozenset({"id", "command", "call_id", "at", "queue", "by"}),
    }


def test_the_simulated_pbx_tells_the_demo_callers_of_a_hang_up(
    make_client: ClientFactory, bank: Bank, migrated_url: str, clock: FakeClock
) -> None:
    tel = pbx_client(make_client, migrated_url, clock, None)
    pbx = switchboard(tel).pbx
    assert isinstance(pbx, SimulatedPbx)
    ended: list[str] = []
    pbx.on_hang_up(ended.append)
    agent = Agent(tel)
    agent.ready()
    call_id = offer(tel)
    agent.act(call_id, "answer")
    assert ended == []
    agent.act(call_id, "hangup")
    assert ended == [call_id]


# -- a PBX that says no, or nothing -------------------------------------------------------------


def test_a_move_the_acd_refuses_is_never_sent(tel: TestClient, receiver: WebhookReceiver) -> None:
    agent = Agent(tel)
    agent.ready()
    call_id = offer(tel)
    assert_problem(agent.post(f"/calls/{call_id}/hold"), 409, "illegal_transition")  # ringing
    assert_problem(agent.post("/calls/pbx-other/answer"), 409, "not_your_call")
    assert receiver.received == []


def test_a_refusing_pbx_leaves_the_call_as_it_was_and_the_agent_tries_again(
    tel: TestClient, receiver: WebhookReceiver
) -> None:
    agent = Agent(tel)
    agent.ready()
    call_id = offer(tel)
    agent.act(call_id, "answer")
    before = agent.me()

    receiver.answer_next(409)
    body = assert_problem(agent.post(f"/calls/{call_id}/hold"), 502, "telephony.pbx_refused")
    assert call_id in body["detail"] and "409" in body["detail"]
    after = agent.me()
    assert state_of(after) == state_of(before) == ("on_call", "answered")
    assert after.allowed_actions == before.allowed_actions
    assert ("call.held", call_id) not in call_events(tel, "agent01")

    assert state_of(agent.act(call_id, "hold")) == ("hold", "held")  # the PBX takes it now
    assert [c[0] for c in commands(receiver)] == ["answer", "hold", "hold"]
    assert ("call.held", call_id) in call_events(tel, "agent01")


def test_a_pbx_error_is_sent_again_with_the_same_id(
    tel: TestClient, receiver: WebhookReceiver
) -> None:
    agent = Agent(tel)
    agent.ready()
    call_id = offer(tel)
    receiver.answer_next(503, 502)
    assert state_of(agent.act(call_id, "answer")) == ("on_call", "answered")
    assert [c[0] for c in commands(receiver)] == ["answer"] * 3
    assert len({c["id"] for c in receiver.received}) == 1  # one command, delivered once


def test_a_pbx_failing_every_try_is_unavailable_and_the_call_still_rings(
    tel: TestClient, receiver: WebhookReceiver
) -> None:
    agent = Agent(tel)
    agent.ready()
    call_id = offer(tel)
    receiver.answer_next(*[500] * ATTEMPTS)
    response = agent.post(f"/calls/{call_id}/answer")
    assert_problem(response, 503, "telephony.pbx_unavailable")
    assert response.headers["Retry-After"]
    assert state_of(agent.me()) == ("ringing", "ringing")
    assert len(receiver.received) == ATTEMPTS


def test_an_unreachable_pbx_is_unavailable_and_nothing_changes(
    make_client: ClientFactory, bank: Bank, migrated_url: str, clock: FakeClock
) -> None:
    tel = pbx_client(make_client, migrated_url, clock, closed_port_url())
    agent = Agent(tel)
    agent.ready()
    call_id = offer(tel)
    response = agent.post(f"/calls/{call_id}/answer")
    body = assert_problem(response, 503, "telephony.pbx_unavailable")
    assert "try again" in body["detail"]
    assert response.headers["Retry-After"]
    assert state_of(agent.me()) == ("ringing", "ringing")
    assert ("call.answered", call_id) not in call_events(tel, "agent01")


def test_a_call_out_the_pbx_refuses_or_never_answers_dials_nothing(
    tel: TestClient, bank: Bank, receiver: WebhookReceiver
) -> None:
    agent = Agent(tel)
    agent.ready()
    receiver.answer_next(409)
    refused = agent.post("/calls/outbound", {"customer_id": bank.zhang})
    body = assert_problem(refused, 502, "telephony.pbx_refused")
    assert "nothing was dialled" in body["detail"] and ZHANG_PHONE not in body["detail"]
    assert state_of(agent.me()) == ("ready", None)

    receiver.answer_next(*[500] * ATTEMPTS)
    unanswered = agent.post("/calls/outbound", {"customer_id": bank.zhang})
    assert_problem(unanswered, 503, "telephony.pbx_unavailable")
    assert unanswered.headers["Retry-After"]
    assert state_of(agent.me()) == ("ready", None)
    assert audit_rows(tel, "call_out") == []  # nothing placed, nothing audited

    placed = agent.ok("/calls/outbound", {"customer_id": bank.zhang})  # the PBX takes it now
    assert placed.call is not None and state_of(placed) == ("ringing", "ringing")
    dials = [c["call_id"] for c in receiver.received]
    assert len(dials) == 1 + ATTEMPTS + 1 and len(set(dials)) == 3  # a new call id each time
    assert dials[-1] == placed.call.id
    assert all(switchboard(tel).call(call_id) is None for call_id in set(dials[:-1]))
    assert len(audit_rows(tel, "call_out")) == 1


def test_a_move_the_pbx_refuses_leaves_the_call_waiting_where_it_was(
    tel: TestClient, receiver: WebhookReceiver
) -> None:
    waiting = offer(tel)  # nobody ready: it waits in general
    assert_problem(move_call(tel, waiting, "general"), 409)  # the ACD refuses: never sent
    assert receiver.received == []

    receiver.answer_next(403)
    body = assert_problem(move_call(tel, waiting, "cards"), 502, "telephony.pbx_refused")
    assert waiting in body["detail"]
    call = switchboard(tel).call(waiting)
    assert call is not None and (call.queue, call.state) == ("general", CallState.QUEUED)
    assert audit_rows(tel, "supervisor.move_call") == []

    assert move_call(tel, waiting, "cards").json()["queue"] == "cards"  # the PBX takes it now
    assert [c[0] for c in commands(receiver)] == ["move", "move"]


# -- the ACD's own timers -----------------------------------------------------------------------


def test_of_the_acds_timers_only_an_unanswered_call_out_is_dropped_at_the_pbx(
    make_client: ClientFactory,
    bank: Bank,
    migrated_url: str,
    clock: FakeClock,
    receiver: WebhookReceiver,
) -> None:
    tel = pbx_client(make_client, migrated_url, clock, receiver.url, telephony_wrap_up_limit_s=10)
    first, second, third = Agent(tel), Agent(tel, "agent02"), Agent(tel, "agent03")
    first.ready()
    call_a = offer(tel)
    first.act(call_a, "answer")
    first.act(call_a, "hangup")  # wrap-up, which its limit ends
    third.ready()
    offer(tel, "wealth")  # rings agent03, who will not answer: the next agent, or the queue
    clock.advance(1)
    second.ready()
    placed = second.ok("/calls/outbound", {"customer_id": bank.zhang})
    assert placed.call is not None
    dialled = placed.call.id

    clock.advance(16)  # past the wrap-up limit and both ring timeouts (15 s)
    switchboard(tel).tick()
    # Sent by one thread, in order: a command of the earlier timers would have come first.
    receiver.wait_for(4)
    assert commands(receiver) == [
        ("answer", call_a, "agent01"),
        ("hang_up", call_a, "agent01"),
        ("dial", dialled, "agent02", "general", ZHANG_PHONE),
        ("hang_up", dialled, "agent02"),
    ]
    assert state_of(first.me()) == ("ready", None)
    assert state_of(second.me()) == ("ready", None)  # the call out is over
    assert third.me().presence.state == "not_ready"  # missed the ring


# -- settings -----------------------------------------------------------------------------------


def test_a_pbx_url_without_its_secret_or_encryption_stops_the_server() -> None:
    with pytest.raises(ConfigError, match="pbx_secret is empty"):
        load_settings(telephony_pbx_url="https://pbx.bank/agentdesk")
    with pytest.raises(ConfigError, match="not https://"):
        load_settings(telephony_pbx_url="http://pbx.bank/agentdesk", telephony_pbx_secret="s")
    told = load_settings(telephony_pbx_url="https://pbx.bank/agentdesk", telephony_pbx_secret="s")
    assert told.telephony.pbx_secret.get_secret_value() == "s"
    assert "s" not in repr(told.telephony.pbx_secret)
    local = load_settings(telephony_pbx_url="http://127.0.0.1:9/x", telephony_pbx_secret="s")
    assert local.telephony.pbx_url == "http://127.0.0.1:9/x"
