"""Back-office access without a call, against the real app on SQLite and PostgreSQL: an agent
asks with a reason, only a supervisor of their team approves, the grant is time-boxed and for
one customer and its requester, and every step and unmask is audited as back-office access."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from agentdesk.contract.back_office import GRANT_MINUTES
from agentdesk.server import models
from agentdesk.server.db import make_engine, make_session_factory
from tests.server.conftest import (
    ZHANG_ID,
    Bank,
    ClientFactory,
    add_user,
    assert_problem,
    auth_headers,
)

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
REASON = "Written complaint CMP-2025-0001 needs the ID number checked against the file"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def api(make_client: ClientFactory, bank: Bank, clock: Clock, migrated_url: str) -> TestClient:
    """agent01, agent02 and sup01 in retail; sup02 in cards. Nobody is on a call."""
    add_user(migrated_url, "agent02")
    add_user(migrated_url, "sup02", role="supervisor", team="cards")
    return make_client(clock=clock, access_token_minutes=24 * 60, telephony_tick_seconds=0)


def _unmask(client: TestClient, customer: int, username: str) -> Any:
    return client.post(
        f"/customers/{customer}/unmask",
        json={"field": "id_number"},
        headers=auth_headers(client, username),
    )


def _audit(url: str) -> list[tuple[str, str, dict[str, str]]]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as s:
            rows = s.scalars(select(models.AuditEvent).order_by(models.AuditEvent.id))
            return [(r.action, r.username, dict(r.detail or {})) for r in rows]
    finally:
        engine.dispose()


def test_a_supervisor_approved_request_opens_one_customer_to_its_requester_for_a_while(
    api: TestClient, bank: Bank, clock: Clock, migrated_url: str
) -> None:
    assert_problem(_unmask(api, bank.zhang, "agent02"), 403, "verification.call_required")
    asked = api.post(
        f"/customers/{bank.zhang}/back-office-access",
        json={"reason": REASON},
        headers=auth_headers(api, "agent02"),
    )
    assert asked.status_code == 201, asked.text
    grant = asked.json()
    assert (grant["status"], grant["username"], grant["expires_at"]) == (
        "requested",
        "agent02",
        None,
    )
    assert_problem(_unmask(api, bank.zhang, "agent02"), 403, "verification.call_required")

    approve = f"/back-office-access/{grant['id']}/approve"
    # Another team's supervisor does not even see it; an agent may not approve.
    assert_problem(api.post(approve, headers=auth_headers(api, "sup02")), 404)
    assert_problem(api.post(approve, headers=auth_headers(api, "agent01")), 403, "forbidden")
    approved = api.post(approve, headers=auth_headers(api, "sup01"))
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert datetime.fromisoformat(approved.json()["expires_at"]) == NOW + timedelta(
        minutes=GRANT_MINUTES
    )

    shown = _unmask(api, bank.zhang, "agent02")
    assert shown.status_code == 200, shown.text
    assert shown.json()["value"] == ZHANG_ID
    # For its requester and its customer only.
    assert_problem(_unmask(api, bank.zhang, "agent01"), 403, "verification.call_required")
    assert_problem(_unmask(api, bank.li, "agent02"), 403, "verification.call_required")
    # Time-boxed.
    clock.now = NOW + timedelta(minutes=GRANT_MINUTES, seconds=1)
    assert_problem(_unmask(api, bank.zhang, "agent02"), 403, "verification.call_required")

    trail = [(a, u, d) for a, u, d in _audit(migrated_url) if a != "login"]
    assert [(a, u) for a, u, _ in trail] == [
        ("back_office.request", "agent02"),
        ("back_office.approve", "sup01"),
        ("unmask", "agent02"),
    ]
    assert all(
        d["access"] == "back_office" and d["grant_id"] == str(grant["id"]) for *_, d in trail
    )
    assert REASON not in str(trail) and ZHANG_ID not in str(trail)

    listed = api.get("/back-office-access", headers=auth_headers(api, "sup01")).json()
    assert [(g["id"], g["status"]) for g in listed] == [(grant["id"], "expired")]
    assert api.get("/back-office-access", headers=auth_headers(api, "sup02")).json() == []


def test_a_request_needs_a_reason(api: TestClient, bank: Bank) -> None:
    refused = api.post(
        f"/customers/{bank.zhang}/back-office-access",
        json={"reason": "pls"},
        headers=auth_headers(api, "agent02"),
    )
    body = assert_problem(refused, 422)
    assert [e["field"].split(".")[-1] for e in body["errors"]] == ["reason"]
