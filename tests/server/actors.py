"""The people of the security suites (API fuzzing, the RBAC matrix): one account per kind of
caller an attacker could be, signed in through the real ``/auth`` routes.

``seed_bank`` (conftest) makes agent01, sup01 (team retail) and admin01; :func:`seed_actors`
adds another agent of the same team and a supervisor (with an agent) of another team. Every
sign-in of these suites goes through :func:`sign_in`, so a change of the login contract (a
required workstation id, a second factor) is made here once.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from agentdesk.server.db import make_engine, make_session_factory
from agentdesk.server.users import create_user
from tests.server.conftest import PASSWORD

__all__ = ["ACTORS", "Caller", "bearer", "seed_actors", "sign_in"]


@dataclass(frozen=True)
class Caller:
    """A kind of caller: ``key`` names it in the matrix; ``username`` None is anonymous."""

    key: str
    username: str | None
    workstation_id: str


ACTORS: tuple[Caller, ...] = (
    Caller("anonymous", None, ""),
    Caller("agent", "agent01", "ws-sec-agent01"),
    Caller("other_agent", "agent02", "ws-sec-agent02"),
    Caller("supervisor", "sup01", "ws-sec-sup01"),
    Caller("other_supervisor", "sup02", "ws-sec-sup02"),
    Caller("admin", "admin01", "ws-sec-admin01"),
)


def seed_actors(url: str) -> None:
    """The accounts ``seed_bank`` does not make: agent02 (agent01's team), sup02 and agent03
    (team wealth)."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            create_user(session, "agent02", "Agent Two", "agent", PASSWORD, team="retail")
            create_user(session, "sup02", "Supervisor Two", "supervisor", PASSWORD, team="wealth")
            create_user(session, "agent03", "Agent Three", "agent", PASSWORD, team="wealth")
            session.commit()
    finally:
        engine.dispose()


def sign_in(client: httpx.Client, username: str, workstation_id: str) -> str:
    """An access token of ``username`` from ``POST /auth/login`` (a TestClient or an
    httpx.Client on a live server)."""
    response = client.post(
        "/auth/login",
        json={"username": username, "password": PASSWORD, "workstation_id": workstation_id},
    )
    assert response.status_code == 200, f"sign-in of {username}: {response.text}"
    token: str = response.json()["access_token"]
    return token


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}
