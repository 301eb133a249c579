"""Idempotency keys and client ids belong to one agent at one workstation, on SQLite and
PostgreSQL: replaying another agent's key or client id finds nothing of theirs (it is simply
a new key, or a new record, for the replaying agent)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from agentdesk.contract.sync import MutationResult, ResultStatus
from tests.server.conftest import Bank, ClientFactory, add_user, auth_headers
from tests.server.sync_helpers import mutation

NOTE = "Mrs Zhang asks for a callback about her mortgage arrears"


@pytest.fixture
def api(make_client: ClientFactory, bank: Bank, migrated_url: str) -> TestClient:
    add_user(migrated_url, "agent02")
    return make_client()


def _push(
    client: TestClient, username: str, workstation: str, *mutations: dict[str, Any]
) -> list[MutationResult]:
    response = client.post(
        "/sync/push",
        json={"workstation_id": workstation, "mutations": list(mutations)},
        headers=auth_headers(client, username, workstation),
    )
    assert response.status_code == 200, response.text
    return [MutationResult.model_validate(r) for r in response.json()["results"]]


def _task(bank: Bank, note: str = NOTE, **extra: Any) -> dict[str, Any]:
    payload = {"customer_id": bank.zhang, "due_at": "2030-01-01T09:00:00+00:00", "note": note}
    return mutation(1, "task.create", payload, **extra)


def test_another_agents_key_and_client_id_give_nothing_of_theirs_away(
    api: TestClient, bank: Bank
) -> None:
    sent = _task(bank, key="key-shared-1", entity_id="c-shared-1")
    (mine,) = _push(api, "agent01", "ws-1", sent)
    assert mine.status is ResultStatus.APPLIED

    # agent02 replays agent01's key and client id, with another payload: a new task of theirs.
    replay = {**sent, "payload": {**sent["payload"], "note": "mine"}}
    (theirs,) = _push(api, "agent02", "ws-2", replay)
    assert theirs.status is ResultStatus.APPLIED
    assert theirs.entity_id != mine.entity_id
    assert theirs.record is not None
    assert (theirs.record["owner"], theirs.record["note"]) == ("agent02", "mine")
    assert NOTE not in theirs.model_dump_json()
    # From now on the key is agent02's own too: their replay is a duplicate of their task.
    (again,) = _push(api, "agent02", "ws-2", replay)
    assert (again.status, again.entity_id) == (ResultStatus.DUPLICATE, theirs.entity_id)
    assert NOTE not in again.model_dump_json()

    # agent01's own replay still is a duplicate of their own task.
    (replayed,) = _push(api, "agent01", "ws-1", sent)
    assert (replayed.status, replayed.entity_id) == (ResultStatus.DUPLICATE, mine.entity_id)


def test_a_key_belongs_to_its_workstation_too(api: TestClient, bank: Bank) -> None:
    (first,) = _push(api, "agent01", "ws-1", _task(bank, key="key-ws-desk", entity_id="c-ws-1"))
    other = _task(bank, note="from the other desk", key="key-ws-desk", entity_id="c-ws-2")
    (second,) = _push(api, "agent01", "ws-2", other)
    assert second.status is ResultStatus.APPLIED and second.entity_id != first.entity_id


def test_a_ticket_edit_by_another_agents_client_id_finds_nothing(
    api: TestClient, bank: Bank
) -> None:
    create = mutation(1, "ticket.create", {
        "customer_id": bank.smith, "category": "fees", "severity": "low",
        "channel": "phone_in", "summary": "Charged twice",
    }, entity_id="c-ticket-1")  # fmt: skip
    (created,) = _push(api, "agent01", "ws-1", create)
    assert created.status is ResultStatus.APPLIED
    edit = mutation(2, "ticket.update", {"changes": {"summary": "x"}}, entity_id="c-ticket-1")
    # agent02 is of agent01's team, so may see the ticket by its id, but a client id is the
    # opener's own: by it, agent02 finds nothing.
    (refused,) = _push(api, "agent02", "ws-2", edit)
    assert refused.status is ResultStatus.REJECTED
    assert refused.problem is not None and refused.problem.code == "sync.ticket_not_found"


def test_another_agents_service_request_key_finds_nothing_of_theirs(
    api: TestClient, bank: Bank
) -> None:
    """A scripted flow's request (the step's action key as client id) is the requester's own."""
    request = {
        "customer_id": bank.zhang,
        "action": "subscribe_service",
        "params": {"service": "sms_alerts", "monthly_fee": "3.00", "currency": "CNY"},
        "flow_id": "sms_alerts",
        "flow_version": 1,
        "run_id": "run-shared",
    }
    sent = mutation(1, "service_request.create", request, entity_id="run-shared:4")
    (mine,) = _push(api, "agent01", "ws-1", sent)
    assert mine.status is ResultStatus.APPLIED

    replay = {**sent, "payload": {**request, "customer_id": bank.smith}}
    (theirs,) = _push(api, "agent02", "ws-2", replay)
    assert theirs.status is ResultStatus.APPLIED and theirs.entity_id != mine.entity_id
    (replayed,) = _push(api, "agent01", "ws-1", sent)
    assert (replayed.status, replayed.entity_id) == (ResultStatus.DUPLICATE, mine.entity_id)
