"""The PBX with the shared ACD (PostgreSQL): the worker that got a move tells the PBX, between
the leader's check and the leader's apply, and the leader never tells it again.

So a PBX slow to answer one agent's move holds up that move only: while the PBX keeps agent01's
answer unanswered, agent02's answer and agent03's presence change go through the leader. Every
move reaches the PBX once, in order; a move the leader refuses never reaches it; a PBX that
refuses leaves the call ringing, as in the one-process server.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from agentdesk.server.db import migrate
from agentdesk.server.telephony.shared_acd import SharedAcd
from tests.server.conftest import ZHANG_PHONE, Bank, assert_problem, seed_bank, server_app
from tests.server.test_pbx_adapters import PBX_SECRET, commands, move_call, state_of
from tests.server.test_telephony import Agent, FakeClock, add_agent, offer, telephony_settings
from tests.server.webhook_receiver import WebhookReceiver, webhook_receiver

pytestmark = pytest.mark.pg

WAIT_S = 30.0  # a bound for the test's own waits, far above what each takes


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with webhook_receiver(PBX_SECRET) as found:
        yield found


@pytest.fixture
def bank_url(pg_database_factory: Any) -> tuple[Bank, str]:
    url = str(pg_database_factory())
    migrate(url)
    bank = seed_bank(url)  # agent01 (retail), sup01 (retail)
    add_agent(url, "agent02")
    add_agent(url, "agent03", team="wealth")
    return bank, url


@pytest.fixture
def shared(bank_url: tuple[Bank, str], receiver: WebhookReceiver) -> Iterator[TestClient]:
    """A server whose ACD is the shared one (it leads it), telling the PBX at ``receiver``."""
    settings = telephony_settings(
        telephony_acd="shared",
        telephony_acd_failover_seconds=0.2,
        telephony_pbx_url=receiver.url,
        telephony_pbx_secret=PBX_SECRET,
    )
    app = server_app(bank_url[1], clock=FakeClock(), **settings)
    with TestClient(app) as client:
        assert isinstance(app.state.switchboard, SharedAcd)
        yield client


def test_a_slow_pbx_holds_up_only_the_move_it_was_told(
    shared: TestClient, receiver: WebhookReceiver
) -> None:
    first, second, third = Agent(shared), Agent(shared, "agent02"), Agent(shared, "agent03")
    first.ready()
    call_a = offer(shared)  # rings agent01, the only one ready
    second.ready()
    call_b = offer(shared)  # rings agent02
    held = receiver.hold("answer", "agent01")

    with ThreadPoolExecutor(max_workers=1) as desk:
        answering = desk.submit(first.post, f"/calls/{call_a}/answer")
        try:
            assert held.arrived.wait(WAIT_S), "agent01's answer never reached the PBX"
            # The PBX has not answered agent01: the others' moves go on meanwhile.
            assert state_of(second.act(call_b, "answer")) == ("on_call", "answered")
            assert third.ready().presence.state == "ready"
            assert state_of(first.me()) == ("ringing", "ringing")
        finally:
            held.release.set()
        answered = answering.result(timeout=WAIT_S)

    assert answered.status_code == 200, answered.text
    assert state_of(first.me()) == ("on_call", "answered")
    assert commands(receiver) == [("answer", call_a, "agent01"), ("answer", call_b, "agent02")]


def test_each_move_reaches_the_pbx_once_from_the_worker_that_got_it(
    shared: TestClient, bank_url: tuple[Bank, str], receiver: WebhookReceiver
) -> None:
    bank = bank_url[0]
    first, third = Agent(shared), Agent(shared, "agent03")
    first.ready()
    call_a = offer(shared)
    assert_problem(first.post(f"/calls/{call_a}/hold"), 409, "illegal_transition")  # ringing
    assert receiver.received == []  # the leader refused it: the PBX never heard of it
    first.act(call_a, "answer")
    first.act(call_a, "hold")
    first.act(call_a, "resume")
    third.ready()
    first.act(call_a, "transfer", {"queue": "wealth"})  # rings agent03
    third.act(call_a, "answer")
    assert state_of(third.act(call_a, "hangup")) == ("wrap_up", "ended")
    assert first.ok("/wrap-up/finish").presence.state == "ready"
    placed = first.ok("/calls/outbound", {"customer_id": bank.zhang})
    assert placed.call is not None and state_of(placed) == ("ringing", "ringing")
    dialled = placed.call.id
    first.act(dialled, "answer")
    waiting = offer(shared)  # agent01 is on the call: it waits in general
    moved = move_call(shared, waiting, "cards")
    assert moved.status_code == 200, moved.text

    assert commands(receiver) == [
        ("answer", call_a, "agent01"),
        ("hold", call_a, "agent01"),
        ("resume", call_a, "agent01"),
        ("transfer", call_a, "agent01", "wealth"),
        ("answer", call_a, "agent03"),
        ("hang_up", call_a, "agent03"),
        ("dial", dialled, "agent01", "general", ZHANG_PHONE),
        ("answer", dialled, "agent01"),
        ("move", waiting, "cards", "sup01"),
    ]
    assert len({c["id"] for c in receiver.received}) == len(receiver.received)


def test_a_refusing_pbx_leaves_the_call_ringing_and_dials_nothing(
    shared: TestClient, bank_url: tuple[Bank, str], receiver: WebhookReceiver
) -> None:
    agent, other = Agent(shared), Agent(shared, "agent02")
    agent.ready()
    call_id = offer(shared)
    receiver.answer_next(409)
    body = assert_problem(agent.post(f"/calls/{call_id}/answer"), 502, "telephony.pbx_refused")
    assert call_id in body["detail"]
    assert state_of(agent.me()) == ("ringing", "ringing")
    assert state_of(agent.act(call_id, "answer")) == ("on_call", "answered")  # taken now

    other.ready()
    receiver.answer_next(409)
    refused = other.post("/calls/outbound", {"customer_id": bank_url[0].zhang})
    assert_problem(refused, 502, "telephony.pbx_refused")
    assert state_of(other.me()) == ("ready", None)
    assert [c[0] for c in commands(receiver)] == ["answer", "answer", "dial"]
