"""A session is bound to its workstation and ends at once: sign-in needs a workstation id, the
token carries it and push and audit use it; signing out or a detected refresh-token theft ends
the access tokens too; two refreshes racing from one desk do not sign it out. On SQLite and
PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from agentdesk.server.db import make_engine, make_session_factory
from agentdesk.server.models import AuditEvent
from tests.server.conftest import (
    PASSWORD,
    Bank,
    ClientFactory,
    assert_problem,
    login,
    server_app,
)
from tests.server.sync_helpers import interaction_payload, mutation, serve_in_thread
from tests.signing import TEST_KEYS


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def _bearer(pair: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


def _audit(url: str, action: str) -> list[AuditEvent]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as s:
            query = select(AuditEvent).where(AuditEvent.action == action)
            return list(s.scalars(query.order_by(AuditEvent.id)))
    finally:
        engine.dispose()


# -- the workstation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("workstation", "sent"),
    [("missing", False), ("", True), ("ws 1; drop", True), ("w" * 65, True)],
)
def test_sign_in_without_a_proper_workstation_id_is_refused(
    client: TestClient, workstation: str, sent: bool
) -> None:
    body = {"username": "agent01", "password": PASSWORD}
    if sent:
        body["workstation_id"] = workstation
    response = client.post("/auth/login", json=body)
    problem = assert_problem(response, 422, "validation_failed")
    assert [e["field"] for e in problem["errors"]] == ["workstation_id"]


def test_the_token_names_the_workstation_and_a_push_for_another_is_refused(
    client: TestClient, bank: Bank
) -> None:
    pair = login(client, workstation_id="ws-desk-a")
    assert jwt.decode(pair["access_token"], options={"verify_signature": False})["ws"] == (
        "ws-desk-a"
    )
    batch = [mutation(1, "interaction.create", interaction_payload(bank.zhang))]
    push = {"workstation_id": "ws-desk-b", "mutations": batch}
    refused = client.post("/sync/push", json=push, headers=_bearer(pair))
    assert_problem(refused, 403, "sync.workstation_mismatch")
    mine = {"workstation_id": "ws-desk-a", "mutations": batch}
    assert client.post("/sync/push", json=mine, headers=_bearer(pair)).status_code == 200


def test_a_token_without_a_workstation_is_refused(client: TestClient) -> None:
    """Tokens of old sign-ins named no workstation: they no longer pass (the desk signs in)."""
    pair = login(client)
    header = jwt.get_unverified_header(pair["access_token"])
    claims = jwt.decode(pair["access_token"], options={"verify_signature": False})
    forged = jwt.encode(
        {**claims, "ws": ""}, TEST_KEYS.current.secret, algorithm="HS256", headers=header
    )
    assert_problem(client.get("/auth/me", headers={"Authorization": f"Bearer {forged}"}), 401)


# -- the session ends at once ------------------------------------------------------------------


def test_sign_out_ends_the_access_token_at_once(client: TestClient) -> None:
    pair = login(client)
    assert client.get("/auth/me", headers=_bearer(pair)).status_code == 200
    out = client.post("/auth/logout", json={"refresh_token": pair["refresh_token"]})
    assert out.status_code == 204
    assert_problem(client.get("/auth/me", headers=_bearer(pair)), 401)
    # Another sign-in of the same user at another desk goes on.
    other = login(client, workstation_id="ws-other")
    assert client.get("/auth/me", headers=_bearer(other)).status_code == 200


def test_a_refresh_within_the_grace_window_gets_a_valid_pair(
    make_client: ClientFactory, bank: Bank
) -> None:
    clock = FakeClock()
    client = make_client(clock=clock, refresh_grace_seconds=5)
    first = login(client)
    a = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    clock.now += timedelta(seconds=4)
    b = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert a.status_code == b.status_code == 200, b.text
    for pair in (a.json(), b.json()):
        assert client.get("/auth/me", headers=_bearer(pair)).status_code == 200
        again = client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert again.status_code == 200, again.text


def test_reuse_after_the_grace_window_ends_the_session_and_its_access_tokens(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    clock = FakeClock()
    client = make_client(clock=clock, refresh_grace_seconds=5)
    first = login(client, workstation_id="ws-victim")
    rotated = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
    assert client.get("/auth/me", headers=_bearer(rotated)).status_code == 200
    clock.now += timedelta(seconds=6)
    stolen = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert_problem(stolen, 401, "session_expired")
    # Every token of the session stops at once: access tokens old and new, the successor.
    assert_problem(client.get("/auth/me", headers=_bearer(rotated)), 401)
    assert_problem(client.get("/auth/me", headers=_bearer(first)), 401)
    successor = client.post("/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert_problem(successor, 401)
    (row,) = _audit(migrated_url, "token_reuse")
    assert (row.username, row.workstation_id, row.detail["client"]) == (
        "agent01",
        "ws-victim",
        "testclient",
    )
    assert row.user_id is not None


def test_two_concurrent_refreshes_from_one_desk_keep_it_signed_in(
    migrated_url: str, bank: Bank
) -> None:
    with serve_in_thread(server_app(migrated_url)) as base:
        body = {"username": "agent01", "password": PASSWORD, "workstation_id": "ws-racing"}
        pair = httpx.post(f"{base}/auth/login", json=body, timeout=30).json()
        start = threading.Barrier(2)
        replies: list[httpx.Response] = []

        def refresh() -> None:
            start.wait()
            token = {"refresh_token": pair["refresh_token"]}
            replies.append(httpx.post(f"{base}/auth/refresh", json=token, timeout=30))

        threads = [threading.Thread(target=refresh) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert [r.status_code for r in replies] == [200, 200], [r.text for r in replies]
        for reply in replies:
            me = httpx.get(f"{base}/auth/me", headers=_bearer(reply.json()), timeout=30)
            assert me.status_code == 200, me.text
