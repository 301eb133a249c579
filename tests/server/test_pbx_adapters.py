"""The PBX adapters' contract, through the real server routes: an agent's answer, hold, resume,
transfer and hang-up reach a webhook PBX (a real HTTP receiver on a loopback port) as one signed
command each, in order, and leave the same switchboard states as the simulated PBX; a PBX that
refuses or does not answer leaves the call as it was, and the agent can try again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import stamina
from fastapi.testclient import TestClient

from agentdesk.config.settings import load_settings
from agentdesk.errors import ConfigError
from agentdesk.server.signed_webhook import ATTEMPTS
from agentdesk.server.telephony import SimulatedPbx, WebhookPbx
from tests.server.conftest import Bank, ClientFactory, assert_problem
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
    make_client: ClientFactory, url: str, clock: FakeClock, pbx_url: str | None
) -> TestClient:
    """A demo app (agents agent01, agent02: retail; agent03: wealth) telling the PBX at
    ``pbx_url``, or the simulated one."""
    add_agent(url, "agent02")
    add_agent(url, "agent03", team="wealth")
    extra = {"telephony_pbx_url": pbx_url, "telephony_pbx_secret": PBX_SECRET} if pbx_url else {}
    return make_client(demo=True, clock=clock, **telephony_settings(**extra))


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
    """The commands received as (command, call id, agent, transfer target…)."""
    return [
        (c["command"], c["call_id"], c["agent"], *(c[k] for k in ("queue", "to_agent") if k in c))
        for c in receiver.received
    ]


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
