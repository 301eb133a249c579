"""Calling a customer out from a care task (SQLite and PostgreSQL): the server dials the
customer's phone and the call rings the agent's softphone as a call with the customer; a
customer who said do-not-call is refused (409 with the reason) and nothing rings; each placed
call is audited without the number."""

from __future__ import annotations

from sqlalchemy import select

from agentdesk.server import models
from agentdesk.server.db import make_engine, make_session_factory
from tests.server.conftest import (
    ZHANG_PHONE,
    Bank,
    ClientFactory,
    assert_problem,
    auth_headers,
)


def _do_not_call(url: str, customer_id: int) -> None:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            customer = session.get(models.Customer, customer_id)
            assert customer is not None
            customer.do_not_call = True
            session.commit()
    finally:
        engine.dispose()


def _audit_rows(url: str) -> list[models.AuditEvent]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            rows = list(
                session.scalars(
                    select(models.AuditEvent).where(models.AuditEvent.action == "call_out")
                )
            )
            session.expunge_all()
            return rows
    finally:
        engine.dispose()


def test_a_call_out_rings_the_agent_with_the_customer_and_is_audited(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    client = make_client(telephony_tick_seconds=0, care_scan_seconds=0)
    headers = auth_headers(client)
    not_ready = client.post(
        "/telephony/calls/outbound", json={"customer_id": bank.zhang}, headers=headers
    )
    assert_problem(not_ready, 409)  # never joined: nothing rings
    ready = client.post("/telephony/presence", json={"state": "ready"}, headers=headers)
    assert ready.status_code == 200, ready.text

    placed = client.post(
        "/telephony/calls/outbound", json={"customer_id": bank.zhang}, headers=headers
    )
    assert placed.status_code == 200, placed.text
    state = placed.json()
    assert state["presence"]["state"] == "ringing"
    assert state["call"]["caller"] == ZHANG_PHONE and state["call"]["agent"] == "agent01"
    answered = client.post(f"/telephony/calls/{state['call']['id']}/answer", headers=headers)
    assert answered.status_code == 200, answered.text
    assert answered.json()["presence"]["state"] == "on_call"

    (row,) = _audit_rows(migrated_url)
    assert (row.username, row.entity_id) == ("agent01", str(bank.zhang))
    assert ZHANG_PHONE not in str(row.detail)


def test_a_do_not_call_customer_is_refused_and_nothing_rings(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    _do_not_call(migrated_url, bank.zhang)
    client = make_client(telephony_tick_seconds=0, care_scan_seconds=0)
    headers = auth_headers(client)
    assert client.post("/telephony/presence", json={"state": "ready"}, headers=headers).is_success
    refused = client.post(
        "/telephony/calls/outbound", json={"customer_id": bank.zhang}, headers=headers
    )
    problem = assert_problem(refused, 409, "customer.do_not_call")
    assert "do-not-call" in problem["detail"]
    assert client.get("/telephony/me", headers=headers).json()["presence"]["state"] == "ready"
    assert _audit_rows(migrated_url) == []
    unknown = client.post("/telephony/calls/outbound", json={"customer_id": 999}, headers=headers)
    assert_problem(unknown, 404, "customer.not_found")
    bad_task = client.post(
        "/telephony/calls/outbound",
        json={"customer_id": bank.li, "task_id": 999},
        headers=headers,
    )
    assert_problem(bad_task, 404, "task.not_found")
