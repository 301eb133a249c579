"""The PBX's IVR identifies a caller (``caller.verified``, a signed webhook event): the server
records the IVR verification of that call (audited), the agent it rings at or is on the line
with is told on their ``/events`` stream, and taking the call up shows them verified by IVR.
The demo's simulated PBX sends it for every third caller it can tell apart."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from agentdesk.server import models
from agentdesk.server.telephony import sign
from agentdesk.server.telephony.simulator import IVR_EVERY, sole_customer
from tests.server.conftest import ZHANG_PHONE, Bank, ClientFactory, assert_problem
from tests.server.test_telephony import (
    SECRET,
    Agent,
    FakeClock,
    hook,
    offer,
    simulator,
    stream_of,
    telephony_client,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tel(make_client: ClientFactory, bank: Bank, migrated_url: str, clock: FakeClock) -> TestClient:
    return telephony_client(make_client, migrated_url, clock)


def verified(client: TestClient, call_id: str, customer_id: int) -> httpx.Response:
    return hook(client, {"type": "caller.verified", "call_id": call_id, "customer_id": customer_id})


def verified_events(client: TestClient, username: str) -> list[dict[str, Any]]:
    return [data for kind, data in stream_of(client, username) if kind == "caller.verified"]


def status(agent: Agent, customer_id: int, call_id: str) -> dict[str, Any]:
    response = agent.client.get(
        f"/customers/{customer_id}/verification",
        params={"call_id": call_id},
        headers=agent.headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def verify_audit(client: TestClient, customer_id: int) -> list[tuple[str, str, str | None]]:
    """(username, outcome, call id) of the customer's ``verify`` audit rows, oldest first."""
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        rows = session.scalars(
            select(models.AuditEvent)
            .where(
                models.AuditEvent.action == "verify",
                models.AuditEvent.entity_id == str(customer_id),
            )
            .order_by(models.AuditEvent.id)
        )
        return [(r.username, r.detail["outcome"], r.detail.get("call_id")) for r in rows]


def test_the_ivr_verifies_a_ringing_caller_and_the_agent_takes_it_up_on_answering(
    tel: TestClient, bank: Bank
) -> None:
    agent = Agent(tel)
    agent.ready()
    call_id = offer(tel)
    response = verified(tel, call_id, bank.zhang)
    assert response.status_code == 200, response.text
    assert (response.json()["call_id"], response.json()["state"]) == (call_id, "ringing")

    [event] = verified_events(tel, "agent01")
    assert event["call_id"] == call_id and event["customer_id"] == bank.zhang
    assert (event["method"], event["agent"]) == ("ivr", "agent01")
    assert verified_events(tel, "agent02") == []  # only the agent of the call hears of it
    assert verify_audit(tel, bank.zhang) == [("ivr", "verified", call_id)]

    # While it rings, naming the call reads the status without taking anything up.
    assert status(agent, bank.zhang, call_id)["status"] == "not_verified"
    agent.act(call_id, "answer")
    taken = status(agent, bank.zhang, call_id)
    assert (taken["status"], taken["method"], taken["call_id"]) == ("verified", "ivr", call_id)
    assert verify_audit(tel, bank.zhang)[-1] == ("agent01", "taken_up", call_id)


def test_the_ivr_verifies_a_caller_already_on_the_line(tel: TestClient, bank: Bank) -> None:
    agent = Agent(tel)
    agent.ready()
    call_id = offer(tel)
    agent.act(call_id, "answer")
    assert status(agent, bank.zhang, call_id)["status"] == "not_verified"

    assert verified(tel, call_id, bank.zhang).json()["state"] == "answered"
    assert [e["call_id"] for e in verified_events(tel, "agent01")] == [call_id]
    taken = status(agent, bank.zhang, call_id)
    assert (taken["status"], taken["method"]) == ("verified", "ivr")


def test_a_retried_delivery_changes_nothing(tel: TestClient, bank: Bank) -> None:
    Agent(tel).ready()
    call_id = offer(tel)
    assert verified(tel, call_id, bank.zhang).status_code == 200
    again = verified(tel, call_id, bank.zhang)
    assert again.status_code == 200, again.text
    assert len(verified_events(tel, "agent01")) == 1
    assert verify_audit(tel, bank.zhang) == [("ivr", "verified", call_id)]


def test_a_waiting_call_is_verified_without_telling_anyone(tel: TestClient, bank: Bank) -> None:
    call_id = offer(tel)  # nobody is ready: the call waits
    response = verified(tel, call_id, bank.zhang)
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "queued"
    assert all(verified_events(tel, name) == [] for name in ("agent01", "agent02", "agent03"))
    assert verify_audit(tel, bank.zhang) == [("ivr", "verified", call_id)]

    agent = Agent(tel)
    agent.ready()  # the waiting call rings them; answering takes the verification up
    agent.act(call_id, "answer")
    assert status(agent, bank.zhang, call_id)["method"] == "ivr"


def test_an_unsigned_or_wrongly_signed_identification_is_401(tel: TestClient, bank: Bank) -> None:
    Agent(tel).ready()
    call_id = offer(tel)
    event = {"type": "caller.verified", "call_id": call_id, "customer_id": bank.zhang}
    body = httpx.Request("POST", "http://x", json=event).content
    json_type = {"Content-Type": "application/json"}
    assert_problem(tel.post("/telephony/events", content=body, headers=json_type), 401)
    wrong = {**json_type, "X-AgentDesk-Signature": sign("not-the-secret", body)}
    assert_problem(tel.post("/telephony/events", content=body, headers=wrong), 401, "bad_signature")
    assert hook(tel, event, secret="not-" + SECRET).status_code == 401
    assert verified_events(tel, "agent01") == []
    assert verify_audit(tel, bank.zhang) == []


def test_an_identification_names_the_customer(tel: TestClient) -> None:
    Agent(tel).ready()
    call_id = offer(tel)
    missing = hook(tel, {"type": "caller.verified", "call_id": call_id})
    body = assert_problem(missing, 422, "validation_failed")
    assert "customer_id" in str(body["errors"])
    zero = hook(tel, {"type": "caller.verified", "call_id": call_id, "customer_id": 0})
    assert_problem(zero, 422, "validation_failed")


def test_only_a_live_call_and_a_known_customer_are_identified(
    tel: TestClient, bank: Bank, clock: FakeClock
) -> None:
    assert_problem(verified(tel, "pbx-nobody-knows", bank.zhang), 404, "call_not_found")

    agent = Agent(tel)
    agent.ready()
    call_id = offer(tel, caller=ZHANG_PHONE)
    assert_problem(verified(tel, call_id, 10**9), 404, "customer_not_found")
    agent.act(call_id, "answer")
    clock.advance(60)
    assert hook(tel, {"type": "call.hung_up", "call_id": call_id}).status_code == 200
    ended = assert_problem(verified(tel, call_id, bank.zhang), 409, "call_ended")
    assert call_id in ended["detail"]
    assert verified_events(tel, "agent01") == []
    assert verify_audit(tel, bank.zhang) == []


def test_the_demo_ivr_identifies_every_third_caller_it_can_tell_apart(tel: TestClient) -> None:
    driver = simulator(tel)
    offered = [driver.simulate_for("agent01", "retail") for _ in range(12)]
    with tel.app.state.sessions() as session:  # type: ignore[attr-defined]
        sole = [(o.call_id, sole_customer(session, o.call.caller)) for o in offered if o.call]
        ivr = session.execute(
            select(models.Verification.call_id, models.Verification.customer_id)
            .where(models.Verification.method == "ivr")
            .order_by(models.Verification.verified_at, models.Verification.id)
        ).all()
    identifiable = [(call_id, customer) for call_id, customer in sole if customer is not None]
    assert len(identifiable) >= IVR_EVERY  # the seeded draws include callers it can tell apart
    chosen = identifiable[IVR_EVERY - 1 :: IVR_EVERY]
    assert sorted(map(tuple, ivr)) == sorted(chosen)
    # Only the first call rings agent01 (the others wait): only it is anyone's to hear of.
    heard = [e["call_id"] for e in verified_events(tel, "agent01")]
    assert heard == [call_id for call_id, _ in chosen if call_id == offered[0].call_id]
