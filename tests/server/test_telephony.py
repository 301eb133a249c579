"""The demo call simulator."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from agentdesk.contract.telephony import OfferedCall
from agentdesk.domain.phones import normalize_phone
from tests.server.conftest import (
    FAMILY_PHONE,
    SMITH_PHONE,
    ZHANG_PHONE,
    Bank,
    ClientFactory,
    assert_problem,
    auth_headers,
)


def test_simulator_is_404_outside_demo(client: TestClient) -> None:
    response = client.post("/telephony/simulate", headers=auth_headers(client))
    assert_problem(response, 404)


def test_simulator_offers_calls_from_known_and_unknown_callers(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(demo=True)
    headers = auth_headers(client, "sup01")
    known = {ZHANG_PHONE, FAMILY_PHONE, SMITH_PHONE}
    calls = [
        OfferedCall.model_validate(client.post("/telephony/simulate", headers=headers).json())
        for _ in range(60)
    ]
    numbers = [normalize_phone(call.phone) for call in calls]
    assert any(n in known for n in numbers)
    assert FAMILY_PHONE in numbers  # the shared number comes up now and then
    assert any(n not in known for n in numbers)  # and so do strangers
    assert len({call.phone for call in calls if normalize_phone(call.phone) == ZHANG_PHONE}) >= 1
    assert all(call.queue == "general" for call in calls)
    assert len({uuid.UUID(call.call_id) for call in calls}) == len(calls)
    # The same number arrives in several spellings, as from real telephony systems.
    spellings = {c.phone for c in calls if normalize_phone(c.phone) in {ZHANG_PHONE, FAMILY_PHONE}}
    assert len(spellings) >= 3


def test_simulator_needs_a_signed_in_user(make_client: ClientFactory, bank: Bank) -> None:
    assert_problem(make_client(demo=True).post("/telephony/simulate"), 401)
