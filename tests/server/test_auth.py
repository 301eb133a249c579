"""Sign-in, refresh-token rotation and theft detection, sign-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from agentdesk.contract.auth import Role, TokenPair
from agentdesk.server.db import make_engine, make_session_factory
from agentdesk.server.models import AuditEvent
from tests.server.conftest import PASSWORD, Bank, ClientFactory, assert_problem, login


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


# Past the default grace window of a refresh token just used (server.refresh_grace_seconds).
GRACE = timedelta(seconds=11)


def test_login_returns_token_pair_with_the_users_role(client: TestClient) -> None:
    pair = TokenPair.model_validate(login(client, "sup01"))
    assert pair.user.username == "sup01"
    assert pair.user.role is Role.SUPERVISOR
    assert pair.expires_in == 15 * 60
    me = client.get("/auth/me", headers={"Authorization": f"Bearer {pair.access_token}"})
    assert me.status_code == 200
    assert me.json()["username"] == "sup01"


def test_login_is_audited_with_the_workstation(client: TestClient, migrated_url: str) -> None:
    login(client, "agent01", workstation_id="ws-desk-42")
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as s:
            rows = s.scalars(select(AuditEvent).where(AuditEvent.action == "login")).all()
    finally:
        engine.dispose()
    assert [(r.username, r.workstation_id) for r in rows] == [("agent01", "ws-desk-42")]


def test_wrong_password_and_unknown_user_get_the_same_401(client: TestClient) -> None:
    desk = {"workstation_id": "ws-test-1"}
    wrong = client.post("/auth/login", json={"username": "agent01", "password": "nope", **desk})
    unknown = client.post("/auth/login", json={"username": "nobody", "password": PASSWORD, **desk})
    for response in (wrong, unknown):
        body = assert_problem(response, 401, "invalid_credentials")
        assert response.headers["www-authenticate"] == "Bearer"
        assert "access_token" not in body
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_signed_in_routes_refuse_missing_or_forged_tokens(client: TestClient) -> None:
    missing = client.get("/auth/me")
    assert_problem(missing, 401)
    assert missing.headers["www-authenticate"] == "Bearer"
    forged = client.get("/auth/me", headers={"Authorization": "Bearer not.a.jwt"})
    assert_problem(forged, 401)


def test_refresh_rotates_and_a_reused_token_ends_the_whole_family(
    make_client: ClientFactory, bank: Bank
) -> None:
    clock = FakeClock()
    client = make_client(clock=clock)
    first = login(client)["refresh_token"]

    rotated = client.post("/auth/refresh", json={"refresh_token": first})
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()["refresh_token"]
    assert second != first
    assert (
        client.get(
            "/auth/me", headers={"Authorization": f"Bearer {rotated.json()['access_token']}"}
        ).json()["username"]
        == "agent01"
    )

    # The old token again, after the grace window: treated as stolen; it and its successor
    # stop working.
    clock.now += GRACE
    replay = client.post("/auth/refresh", json={"refresh_token": first})
    assert_problem(replay, 401, "session_expired")
    assert replay.headers["www-authenticate"] == "Bearer"
    assert_problem(client.post("/auth/refresh", json={"refresh_token": second}), 401)


def test_another_login_is_not_affected_by_a_revoked_family(
    make_client: ClientFactory, bank: Bank
) -> None:
    clock = FakeClock()
    client = make_client(clock=clock)
    stolen = login(client)["refresh_token"]
    other = login(client, workstation_id="ws-other")["refresh_token"]
    client.post("/auth/refresh", json={"refresh_token": stolen})
    clock.now += GRACE
    client.post("/auth/refresh", json={"refresh_token": stolen})  # family of `stolen` revoked
    assert client.post("/auth/refresh", json={"refresh_token": other}).status_code == 200


def test_logout_revokes_the_refresh_token(client: TestClient) -> None:
    token = login(client)["refresh_token"]
    assert client.post("/auth/logout", json={"refresh_token": token}).status_code == 204
    assert_problem(client.post("/auth/refresh", json={"refresh_token": token}), 401)


def test_refreshed_access_token_keeps_the_workstation(
    client: TestClient, migrated_url: str, bank: Bank
) -> None:
    token = login(client, workstation_id="ws-kept")["refresh_token"]
    access = client.post("/auth/refresh", json={"refresh_token": token}).json()["access_token"]
    client.get(f"/customers/{bank.zhang}", headers={"Authorization": f"Bearer {access}"})
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as s:
            view = s.scalars(select(AuditEvent).where(AuditEvent.action == "view")).one()
    finally:
        engine.dispose()
    assert view.workstation_id == "ws-kept"


def test_tokens_expire_after_their_configured_lifetimes(
    make_client: ClientFactory, bank: Bank
) -> None:
    clock = FakeClock()
    client = make_client(clock=clock, access_token_minutes=5, refresh_token_days=1)
    pair = login(client)
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    assert pair["expires_in"] == 300

    clock.now += timedelta(minutes=4)
    assert client.get("/auth/me", headers=headers).status_code == 200
    clock.now += timedelta(minutes=2)
    expired = client.get("/auth/me", headers=headers)
    assert_problem(expired, 401)
    assert expired.headers["www-authenticate"] == "Bearer"
    # The refresh token still works within its day, and the new access token is accepted.
    renewed = client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]}).json()
    me = client.get("/auth/me", headers={"Authorization": f"Bearer {renewed['access_token']}"})
    assert me.status_code == 200

    clock.now += timedelta(days=1, seconds=1)
    late = client.post("/auth/refresh", json={"refresh_token": renewed["refresh_token"]})
    assert_problem(late, 401, "session_expired")
