"""The admin console's server side: only administrators manage staff, teams and the server's
settings; a new agent signs in; deactivating a user or resetting their password ends their
sessions at once; settings apply at once (the queue wall's service level) under If-Match; a
team's queues change what its agents serve; every admin action is audited. On SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from agentdesk.contract.telephony import QueueBoard
from agentdesk.domain.presence import AgentState
from tests.server.conftest import (
    PASSWORD,
    Bank,
    ClientFactory,
    assert_problem,
    auth_headers,
    login,
)

NEW_PASSWORD = "a brand new first password"


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def admin_client(make_client: ClientFactory, bank: Bank, clock: FakeClock) -> TestClient:
    return make_client(clock=clock, telephony_tick_seconds=0)


def _admin(client: TestClient) -> dict[str, str]:
    return auth_headers(client, "admin01", "ws-admin")


def _audit(client: TestClient, **filters: Any) -> list[dict[str, Any]]:
    response = client.get("/admin/audit", params=filters, headers=_admin(client))
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()["events"]
    return events


def _new_agent(client: TestClient, username: str = "agent.new", **extra: Any) -> dict[str, Any]:
    body = {
        "username": username,
        "display_name": "New Agent",
        "role": "agent",
        "team": "retail",
        "password": PASSWORD,
        **extra,
    }
    response = client.post("/admin/users", json=body, headers=_admin(client))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _board(client: TestClient) -> QueueBoard:
    response = client.get("/telephony/queues", headers=auth_headers(client, "sup01"))
    assert response.status_code == 200, response.text
    return QueueBoard.model_validate(response.json())


# -- only administrators ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["agent01", "sup01"])
def test_only_admins_manage_users_teams_and_settings(admin_client: TestClient, who: str) -> None:
    headers = auth_headers(admin_client, who)
    body = {"username": "x.y", "display_name": "X", "role": "agent", "team": "retail"}
    refused = [
        admin_client.get("/admin/users", headers=headers),
        admin_client.post("/admin/users", json={**body, "password": PASSWORD}, headers=headers),
        admin_client.patch("/admin/users/agent01", json={"active": False}, headers=headers),
        admin_client.post(
            "/admin/users/agent01/password", json={"password": NEW_PASSWORD}, headers=headers
        ),
        admin_client.get("/admin/teams", headers=headers),
        admin_client.put("/admin/teams/retail", json={"queues": ["general"]}, headers=headers),
        admin_client.get("/admin/settings", headers=headers),
        admin_client.get("/admin/audit", headers=headers),
        admin_client.get("/admin/audit.csv", headers=headers),
    ]
    for response in refused:
        assert_problem(response, 403, "forbidden")
    # Nothing happened: agent01 still signs in, nobody new exists.
    login(admin_client, "agent01")
    names = [
        u["username"] for u in admin_client.get("/admin/users", headers=_admin(admin_client)).json()
    ]
    assert "x.y" not in names


# -- staff --------------------------------------------------------------------------------------


def test_an_admin_creates_an_agent_who_then_signs_in(admin_client: TestClient) -> None:
    created = _new_agent(admin_client, skills=["cards"], branch="BR-01")
    assert created == {
        "username": "agent.new",
        "display_name": "New Agent",
        "role": "agent",
        "team": "retail",
        "branch": "BR-01",
        "skills": ["cards"],
        "active": True,
    }
    me = login(admin_client, "agent.new")["user"]
    assert (me["username"], me["role"], me["team"]) == ("agent.new", "agent", "retail")
    listed = admin_client.get("/admin/users", headers=_admin(admin_client)).json()
    assert created in listed
    [event] = _audit(admin_client, action="create", entity="user")
    assert (event["username"], event["entity_id"]) == ("admin01", "agent.new")
    assert event["detail"]["role"] == "agent" and event["detail"]["skills"] == "cards"
    assert PASSWORD not in str(event)


def test_a_taken_username_is_409_and_a_teamless_agent_422(admin_client: TestClient) -> None:
    body = {"display_name": "X", "role": "agent", "team": "retail", "password": PASSWORD}
    taken = admin_client.post(
        "/admin/users", json={**body, "username": "agent01"}, headers=_admin(admin_client)
    )
    assert_problem(taken, 409, "user.username_taken")
    for role in ("agent", "supervisor"):
        teamless = admin_client.post(
            "/admin/users",
            json={**body, "username": f"{role}.x", "role": role, "team": ""},
            headers=_admin(admin_client),
        )
        assert_problem(teamless, 422)
    no_team = {k: v for k, v in body.items() if k != "team"}
    assert_problem(
        admin_client.post(
            "/admin/users", json={**no_team, "username": "ag.x"}, headers=_admin(admin_client)
        ),
        422,
        "user.team_required",
    )
    unknown_skill = admin_client.post(
        "/admin/users",
        json={**body, "username": "ag.y", "skills": ["mortgages"]},
        headers=_admin(admin_client),
    )
    assert "mortgages" in str(assert_problem(unknown_skill, 422, "unknown_queue"))
    admin = admin_client.post(
        "/admin/users",
        json={**no_team, "username": "admin.two", "role": "admin"},
        headers=_admin(admin_client),
    )
    assert admin.status_code == 201, admin.text


def test_a_deactivated_user_is_signed_out_at_once(admin_client: TestClient) -> None:
    pair = login(admin_client, "agent01")
    bearer = {"Authorization": f"Bearer {pair['access_token']}"}
    assert admin_client.get("/auth/me", headers=bearer).status_code == 200
    ready = admin_client.post("/telephony/presence", json={"state": "ready"}, headers=bearer)
    assert ready.status_code == 200, ready.text

    response = admin_client.patch(
        "/admin/users/agent01", json={"active": False}, headers=_admin(admin_client)
    )
    assert response.status_code == 200 and response.json()["active"] is False

    assert_problem(admin_client.get("/auth/me", headers=bearer), 401)
    # No more calls are offered to them.
    switchboard = admin_client.app.state.switchboard  # type: ignore[attr-defined]
    assert switchboard.state("agent01").presence.state == AgentState.OFFLINE
    refreshed = admin_client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert refreshed.status_code == 401
    signed_in = admin_client.post(
        "/auth/login",
        json={"username": "agent01", "password": PASSWORD, "workstation_id": "ws-again"},
    )
    assert signed_in.status_code == 401
    [event] = _audit(admin_client, action="update", entity="user")
    assert event["detail"]["active"] == "True → False"
    assert event["detail"]["sessions_ended"] == "1"

    # Active again: they sign in, but the old session stays ended.
    admin_client.patch(
        "/admin/users/agent01", json={"active": True}, headers=_admin(admin_client)
    ).raise_for_status()
    login(admin_client, "agent01", "ws-again")
    assert (
        admin_client.post(
            "/auth/refresh", json={"refresh_token": pair["refresh_token"]}
        ).status_code
        == 401
    )


def test_an_admin_cannot_deactivate_or_demote_themself(admin_client: TestClient) -> None:
    for change in ({"active": False}, {"role": "supervisor", "team": "retail"}):
        response = admin_client.patch(
            "/admin/users/admin01", json=change, headers=_admin(admin_client)
        )
        assert_problem(response, 409)
    # Another admin may.
    admin_client.post(
        "/admin/users",
        json={"username": "admin.two", "display_name": "A2", "role": "admin", "password": PASSWORD},
        headers=_admin(admin_client),
    ).raise_for_status()
    other = auth_headers(admin_client, "admin.two")
    demoted = admin_client.patch(
        "/admin/users/admin01", json={"role": "supervisor", "team": "retail"}, headers=other
    )
    assert demoted.status_code == 200 and demoted.json()["role"] == "supervisor"
    assert_problem(admin_client.get("/admin/users", headers=_admin(admin_client)), 403)


def test_a_password_reset_ends_the_sessions_and_the_new_one_signs_in(
    admin_client: TestClient,
) -> None:
    pair = login(admin_client, "agent01")
    bearer = {"Authorization": f"Bearer {pair['access_token']}"}
    response = admin_client.post(
        "/admin/users/agent01/password",
        json={"password": NEW_PASSWORD},
        headers=_admin(admin_client),
    )
    assert response.status_code == 204, response.text
    assert_problem(admin_client.get("/auth/me", headers=bearer), 401)
    assert (
        admin_client.post(
            "/auth/refresh", json={"refresh_token": pair["refresh_token"]}
        ).status_code
        == 401
    )
    old = admin_client.post(
        "/auth/login", json={"username": "agent01", "password": PASSWORD, "workstation_id": "w"}
    )
    assert old.status_code == 401
    new = admin_client.post(
        "/auth/login", json={"username": "agent01", "password": NEW_PASSWORD, "workstation_id": "w"}
    )
    assert new.status_code == 200
    [event] = _audit(admin_client, action="password_reset")
    assert event["entity_id"] == "agent01" and event["detail"] == {"sessions_ended": "1"}
    assert NEW_PASSWORD not in str(_audit(admin_client))


def test_unknown_users_are_404(admin_client: TestClient) -> None:
    assert_problem(
        admin_client.patch(
            "/admin/users/nobody", json={"active": False}, headers=_admin(admin_client)
        ),
        404,
        "user.not_found",
    )


# -- teams and queues ---------------------------------------------------------------------------


def test_teams_come_from_the_configuration_with_their_people(admin_client: TestClient) -> None:
    response = admin_client.get("/admin/teams", headers=_admin(admin_client))
    assert response.status_code == 200, response.text
    retail = next(t for t in response.json() if t["name"] == "retail")
    assert retail == {
        "name": "retail",
        "queues": ["general", "cards"],
        "agents": 1,
        "supervisors": ["sup01"],
    }
    assert {t["name"] for t in response.json()} >= {"retail", "cards", "wealth", "complaints"}

    added = admin_client.put(
        "/admin/teams/premier", json={"queues": ["wealth"]}, headers=_admin(admin_client)
    )
    assert added.status_code == 200, added.text
    listed = admin_client.get("/admin/teams", headers=_admin(admin_client)).json()
    assert {"name": "premier", "queues": ["wealth"], "agents": 0, "supervisors": []} in listed


def test_team_queues_change_what_a_joining_agent_serves(admin_client: TestClient) -> None:
    agent = auth_headers(admin_client, "agent01")
    admin_client.post("/telephony/presence", json={"state": "ready"}, headers=agent)
    switchboard = admin_client.app.state.switchboard  # type: ignore[attr-defined]
    assert switchboard.queues_of("agent01") == ["general", "cards"]

    unknown = admin_client.put(
        "/admin/teams/retail",
        json={"queues": ["general", "mortgages"]},
        headers=_admin(admin_client),
    )
    assert "mortgages" in str(assert_problem(unknown, 422, "unknown_queue"))

    changed = admin_client.put(
        "/admin/teams/retail", json={"queues": ["complaints"]}, headers=_admin(admin_client)
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["queues"] == ["complaints"]
    # The agent in the ACD serves the new queues (at the latest at their next presence change).
    admin_client.post("/telephony/presence", json={"state": "ready"}, headers=agent)
    assert switchboard.queues_of("agent01") == ["complaints"]
    call = switchboard.offer("+8613700000001", "complaints")
    assert call.agent == "agent01"

    # A new agent of the team joins with the team's queues; one with skills of their own
    # serves those instead.
    _new_agent(admin_client, "agent.team")
    _new_agent(admin_client, "agent.own", skills=["wealth"])
    for username in ("agent.team", "agent.own"):
        admin_client.post(
            "/telephony/presence",
            json={"state": "ready"},
            headers=auth_headers(admin_client, username),
        ).raise_for_status()
    assert switchboard.queues_of("agent.team") == ["complaints"]
    assert switchboard.queues_of("agent.own") == ["wealth"]

    [event] = _audit(admin_client, entity="team")
    assert (event["entity_id"], event["detail"]) == (
        "retail",
        {"queues": "general,cards → complaints"},
    )


# -- the server's settings ----------------------------------------------------------------------


def test_settings_apply_at_once_under_if_match(admin_client: TestClient, clock: FakeClock) -> None:
    got = admin_client.get("/admin/settings", headers=_admin(admin_client))
    assert got.status_code == 200, got.text
    settings = got.json()
    assert settings["version"] == 0 and got.headers["ETag"] == 'W/"0"'
    assert settings["queue_targets"]["general"] == {"threshold_s": 20.0, "target": 0.8}
    assert settings["care_holding_loss_pct"] == 10.0

    # One call answered after 25 s (nobody was ready): outside the 20 s threshold.
    switchboard = admin_client.app.state.switchboard  # type: ignore[attr-defined]
    switchboard.offer("+8613700000002", "general")
    clock.advance(25)
    state = switchboard.set_presence("agent01", "retail", AgentState.READY, None)
    assert state.call is not None
    switchboard.answer("agent01", state.call.id)
    general = next(q for q in _board(admin_client).queues if q.queue == "general")
    assert general.service_level.value == 0.0

    wanted = {**settings, "queue_targets": {"general": {"threshold_s": 30, "target": 0.9}}}
    assert_problem(
        admin_client.put("/admin/settings", json=wanted, headers=_admin(admin_client)), 428
    )
    saved = admin_client.put(
        "/admin/settings", json=wanted, headers={**_admin(admin_client), "If-Match": 'W/"0"'}
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 1 and saved.headers["ETag"] == 'W/"1"'
    assert saved.json()["queue_targets"]["cards"] == {"threshold_s": 20.0, "target": 0.8}

    general = next(q for q in _board(admin_client).queues if q.queue == "general")
    assert general.service_level_threshold_s == 30.0 and general.service_level_target == 0.9
    assert general.service_level.value == 1.0

    stale = admin_client.put(
        "/admin/settings",
        json={**wanted, "short_abandon_s": 9},
        headers={**_admin(admin_client), "If-Match": 'W/"0"'},
    )
    body = assert_problem(stale, 412)
    assert body["current"]["version"] == 1
    unknown = admin_client.put(
        "/admin/settings",
        json={**wanted, "queue_targets": {"mortgages": {"threshold_s": 30, "target": 0.9}}},
        headers={**_admin(admin_client), "If-Match": 'W/"1"'},
    )
    assert "mortgages" in str(assert_problem(unknown, 422, "unknown_queue"))

    [event] = _audit(admin_client, entity="settings")
    assert event["detail"]["queue_targets.general.threshold_s"] == "20.0 → 30.0"
    assert event["detail"]["version"] == "1"
    assert admin_client.get("/admin/settings", headers=_admin(admin_client)).json()["version"] == 1
