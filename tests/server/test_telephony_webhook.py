"""The PBX webhook: HMAC-signed events drive the same switchboard as the agents' requests."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from agentdesk.server.telephony import sign
from tests.server.conftest import Bank, ClientFactory, assert_problem
from tests.server.test_telephony import (
    SECRET,
    Agent,
    FakeClock,
    call_events,
    hook,
    telephony_client,
    telephony_settings,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tel(make_client: ClientFactory, bank: Bank, migrated_url: str, clock: FakeClock) -> TestClient:
    return telephony_client(make_client, migrated_url, clock)


OFFER = {"type": "call.offered", "call_id": "pbx-1", "caller": "138 1234 5678", "queue": "cards"}


def _raw(event: dict[str, Any]) -> bytes:
    return httpx.Request("POST", "http://x", json=event).content


def test_a_signed_offer_rings_a_ready_agent(tel: TestClient) -> None:
    Agent(tel).ready()
    response = hook(tel, OFFER)
    assert response.status_code == 200, response.text
    ack = response.json()
    assert ack["call_id"] == "pbx-1" and ack["state"] == "ringing"
    assert ack["call"]["caller"] == "+8613812345678" and ack["call"]["agent"] == "agent01"
    assert call_events(tel, "agent01") == [("call.offered", "pbx-1")]


def test_the_pbx_reports_the_answer_and_the_hang_up(tel: TestClient, clock: FakeClock) -> None:
    agent = Agent(tel)
    agent.ready()
    hook(tel, OFFER)
    clock.advance(3)
    answered = hook(tel, {"type": "call.answered", "call_id": "pbx-1"})
    assert answered.json()["state"] == "answered"
    assert agent.me().presence.state == "on_call"
    clock.advance(90)
    ended = hook(tel, {"type": "call.hung_up", "call_id": "pbx-1"})
    assert ended.json()["state"] == "ended"
    assert agent.me().presence.state == "wrap_up"  # the agent still writes the wrap-up
    again = hook(tel, {"type": "call.answered", "call_id": "pbx-1"})
    assert_problem(again, 404, "call_not_found")


def test_a_missing_or_wrong_signature_is_401(tel: TestClient) -> None:
    body = _raw(OFFER)
    json_type = {"Content-Type": "application/json"}
    assert_problem(tel.post("/telephony/events", content=body, headers=json_type), 401)
    wrong = {**json_type, "X-AgentDesk-Signature": sign("not-the-secret", body)}
    assert_problem(tel.post("/telephony/events", content=body, headers=wrong), 401, "bad_signature")
    bare = {**json_type, "X-AgentDesk-Signature": sign(SECRET, body).removeprefix("sha256=")}
    assert_problem(tel.post("/telephony/events", content=body, headers=bare), 401)
    # Signed for another body: the signature covers the exact bytes.
    other = {**json_type, "X-AgentDesk-Signature": sign(SECRET, body + b" ")}
    assert_problem(tel.post("/telephony/events", content=body, headers=other), 401)
    # Unauthenticated garbage is refused as unauthenticated, before it is read.
    garbage = {**json_type, "X-AgentDesk-Signature": "sha256=00"}
    assert_problem(tel.post("/telephony/events", content=b"{", headers=garbage), 401)


def test_a_signed_but_invalid_event_is_422(tel: TestClient) -> None:
    assert_problem(hook(tel, {"type": "call.offered", "call_id": "x"}), 422, "validation_failed")
    assert_problem(hook(tel, {**OFFER, "queue": "nowhere"}), 422, "unknown_queue")
    assert_problem(hook(tel, {**OFFER, "caller": "not a number"}), 422, "invalid_phone")
    # Well formed, but no mobile network has 120: refused, never offered as +8612012345678.
    wrong_prefix = hook(tel, {**OFFER, "caller": "120 1234 5678"})
    problem = assert_problem(wrong_prefix, 422, "invalid_phone")
    assert problem["detail"] == "caller: not a valid number for its region (CN)"
    assert_problem(hook(tel, {"type": "call.exploded", "call_id": "x"}), 422)


def test_a_repeated_offer_is_409_and_changes_nothing(tel: TestClient) -> None:
    hook(tel, OFFER)
    assert_problem(hook(tel, OFFER), 409, "telephony_conflict")


def test_without_a_secret_the_webhook_is_off(make_client: ClientFactory, bank: Bank) -> None:
    client = make_client(**telephony_settings(telephony_webhook_secret=""))
    body = _raw(OFFER)
    headers = {"X-AgentDesk-Signature": sign("", body), "Content-Type": "application/json"}
    assert_problem(client.post("/telephony/events", content=body, headers=headers), 503)


def test_the_webhook_is_documented_with_examples(tel: TestClient) -> None:
    operation = tel.get("/openapi.json").json()["paths"]["/telephony/events"]["post"]
    content = operation["requestBody"]["content"]["application/json"]
    assert set(content["examples"]) == {"offered", "answered", "hung_up", "caller_verified"}
    assert content["schema"]["properties"]["type"]["enum"] == [
        "call.offered",
        "call.answered",
        "call.hung_up",
        "caller.verified",
    ]
    headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
    assert headers == ["X-AgentDesk-Signature"]
    assert "401" in operation["responses"]
