"""The authorization matrix, generated from the route table: every route of the app (method ×
path template) × every kind of caller, with the outcome each must get.

The expected outcomes are declared in ONE table, :data:`MATRIX`, keyed by (method, path
template); a route the app has and the table has not fails the test with its name, so a new
route cannot ship without someone deciding who may call it. Each cell is a real request against
a real server (uvicorn on loopback: the event stream streams) with a real token of that caller
and real objects (the fixture bank's customers and tickets).

Outcomes: ``OK`` (2xx), 401 (not signed in), 403 (signed in, not allowed), 404 (an object the
caller may not see answers as if it did not exist: nothing given away), or the status of a rule
the request reached (409: not the caller's call; documented per row).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from tests.server.actors import ACTORS, Caller, bearer, seed_actors, sign_in
from tests.server.conftest import PASSWORD, ZHANG_PHONE, Bank, server_app
from tests.server.sync_helpers import interaction_payload, mutation, serve_in_thread

OK = "ok"
Outcome = str | int

# The columns, in ACTORS' order.
ANON, AGENT, OTHER_AGENT, SUP, OTHER_SUP, ADMIN = (caller.key for caller in ACTORS)
WEBHOOK_SECRET = "matrix-webhook-secret"
SHIPPED_FLOW = Path(__file__).parents[2] / "resources" / "flows" / "sms_alerts.yaml"


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    return {caller.key: outcome for caller in ACTORS}


def signed_in(outcome: Outcome = OK) -> dict[str, Outcome]:
    return {**everyone(outcome), ANON: 401}


def staff(outcome: Outcome = OK, *, admin: Outcome = 403) -> dict[str, Outcome]:
    """Agents and supervisors (who serve customers); administrators run the system."""
    return {**signed_in(outcome), ADMIN: admin}


def agents(outcome: Outcome = OK) -> dict[str, Outcome]:
    """The agent role only (presence and call control are a softphone's)."""
    return {**signed_in(403), AGENT: outcome, OTHER_AGENT: outcome}


def on_the_call() -> dict[str, Outcome]:
    """Only the agent who holds the call with the customer (agent01)."""
    return {**staff(403), AGENT: OK}


def team_retail() -> dict[str, Outcome]:
    """The fixture ticket's team: both its agents and its supervisor; another team's
    supervisor gets a 404 (nothing given away)."""
    return {**staff(), OTHER_SUP: 404}


def supervisors(outcome: Outcome = OK, *, other_team: Outcome = OK) -> dict[str, Outcome]:
    """The supervisor role only (the console); ``other_team``: what sup02 (team wealth) gets
    acting on team retail's agent or call (404: nothing given away)."""
    return {**signed_in(403), SUP: outcome, OTHER_SUP: other_team}


def _today(_w: World) -> dict[str, Any]:
    day = datetime.now(UTC).date().isoformat()
    return {"start": day, "end": day}


def admins() -> dict[str, Outcome]:
    return {**signed_in(403), ADMIN: OK}


@dataclass
class World:
    """What a request may need: the server, the fixture bank, the call agent01 holds with
    Zhang (the customer of the rows), and the caller at hand."""

    base: str
    bank: Bank
    held_call: str
    caller: Caller
    token: str | None

    def headers(self) -> dict[str, str]:
        return bearer(self.token)


@dataclass(frozen=True)
class Request:
    """How to call a route: its path parameters, and a body and headers made per request."""

    path: Callable[[World], dict[str, Any]] = lambda _w: {}
    query: Callable[[World], dict[str, Any]] = lambda _w: {}
    body: Callable[[World], Any] | None = None
    headers: Callable[[World], dict[str, str]] = lambda _w: {}


@dataclass(frozen=True)
class Row:
    expect: dict[str, Outcome]
    request: Request = Request()
    why: str = ""


def _customer(w: World) -> dict[str, Any]:
    return {"customer_id": w.bank.zhang}


def _ticket(w: World) -> dict[str, Any]:
    return {"ticket_id": w.bank.open_ticket}


def _call(_w: World) -> dict[str, Any]:
    return {"call_id": "pbx-matrix-not-yours"}


def _fresh_refresh_token(w: World) -> dict[str, Any]:
    response = httpx.post(
        f"{w.base}/auth/login",
        json={"username": "agent01", "password": PASSWORD, "workstation_id": "ws-matrix"},
    )
    response.raise_for_status()
    return {"refresh_token": response.json()["refresh_token"]}


def _if_match(w: World) -> dict[str, str]:
    """The ticket's current ETag, read as agent01 (who may read it)."""
    token = sign_in_http(w.base, "agent01")
    response = httpx.get(f"{w.base}/tickets/{w.bank.open_ticket}", headers=bearer(token))
    response.raise_for_status()
    return {"If-Match": response.headers["ETag"]}


def _toggle_status(w: World) -> dict[str, Any]:
    """A move the open ticket may make whatever the callers before did: investigating ⇄
    pending customer (read as agent01)."""
    token = sign_in_http(w.base, "agent01")
    response = httpx.get(f"{w.base}/tickets/{w.bank.open_ticket}", headers=bearer(token))
    response.raise_for_status()
    now = response.json()["status"]
    return {"to": "pending_customer" if now == "investigating" else "investigating"}


def _new_facts(_w: World) -> dict[str, Any]:
    # Today in UTC is never after today in Beijing (the ticket's regime): not in the future.
    return {"kind": "new-facts", "on": datetime.now(UTC).date().isoformat()}


def _grant_asked_by_agent01(w: World) -> dict[str, Any]:
    """A fresh back-office request of agent01 (team retail) for Zhang, waiting for approval."""
    response = httpx.post(
        f"{w.base}/customers/{w.bank.zhang}/back-office-access",
        json={"reason": "a letter from the customer asks for a statement"},
        headers=bearer(sign_in_http(w.base, "agent01")),
    )
    response.raise_for_status()
    return {"grant_id": response.json()["id"]}


def _shipped_flow(_w: World) -> dict[str, Any]:
    """A shipped flow's own text: publishing it again is the version already published."""
    return {"source": SHIPPED_FLOW.read_text(encoding="utf-8"), "file": SHIPPED_FLOW.name}


def _new_user(_w: World) -> dict[str, Any]:
    """An agent of team retail with a username never used before."""
    return {
        "username": f"new.{uuid.uuid4().hex[:12]}",
        "display_name": "New Agent",
        "role": "agent",
        "team": "retail",
        "password": PASSWORD,
    }


def _same_settings(w: World) -> dict[str, Any]:
    """The settings in force, read as admin01: saving them changes nothing."""
    token = sign_in_http(w.base, "admin01")
    response = httpx.get(f"{w.base}/admin/settings", headers=bearer(token))
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def _push(w: World) -> dict[str, Any]:
    mutations = [mutation(1, "interaction.create", interaction_payload(w.bank.zhang))]
    return {"workstation_id": w.caller.workstation_id, "mutations": mutations}


# (method, path template) -> who gets what. The one table of who may call what.
MATRIX: dict[tuple[str, str], Row] = {
    ("GET", "/health"): Row(everyone(OK), why="load balancers"),
    ("POST", "/auth/login"): Row(
        everyone(OK),
        Request(
            body=lambda _w: {
                "username": "agent01",
                "password": PASSWORD,
                "workstation_id": "ws-matrix",
            }
        ),
        why="public: whoever holds the credentials",
    ),
    ("POST", "/auth/refresh"): Row(everyone(OK), Request(body=_fresh_refresh_token)),
    ("POST", "/auth/logout"): Row(
        everyone(OK), Request(body=lambda _w: {"refresh_token": "not-a-token-" + "x" * 40})
    ),
    ("GET", "/auth/me"): Row(signed_in()),
    ("GET", "/customers/lookup"): Row(staff(), Request(query=lambda _w: {"phone": ZHANG_PHONE})),
    ("GET", "/customers/{customer_id}"): Row(staff(), Request(path=_customer)),
    ("GET", "/customers/{customer_id}/verification"): Row(
        on_the_call(),
        # Naming agent01's call takes up its IVR verification: only agent01 may.
        Request(path=_customer, query=lambda w: {"call_id": w.held_call}),
        why="an IVR verification goes only to the agent who holds the call",
    ),
    ("POST", "/customers/{customer_id}/verification"): Row(
        on_the_call(),
        # A code never sent: a refused attempt (200 with the failure) that does not count
        # towards the customer's lock.
        Request(
            path=_customer,
            body=lambda w: {"method": "otp", "code": "000000", "call_id": w.held_call},
        ),
        why="verification is bound to the call with the customer (verification.call_required)",
    ),
    ("POST", "/customers/{customer_id}/otp"): Row(
        on_the_call(), Request(path=_customer), why="a code goes out only during the call"
    ),
    ("POST", "/customers/{customer_id}/unmask"): Row(
        staff(403),
        Request(path=_customer, body=lambda _w: {"field": "id_number"}),
        why="nobody unmasks a caller they have not verified (verification.required)",
    ),
    # The open ticket is team retail's (agent01, agent02, sup01): sup02 (team wealth) is told
    # nothing exists.
    ("GET", "/tickets/{ticket_id}"): Row(team_retail(), Request(path=_ticket)),
    ("PATCH", "/tickets/{ticket_id}"): Row(
        team_retail(),
        Request(
            path=_ticket,
            body=lambda _w: {"changes": {"severity": "high"}},
            headers=_if_match,
        ),
    ),
    # The complaint work on it: whoever may change it moves it, records clock events and
    # sends letters; whoever may see it reads its log and whom it may be assigned to.
    ("POST", "/tickets/{ticket_id}/transitions"): Row(
        team_retail(), Request(path=_ticket, body=_toggle_status, headers=_if_match)
    ),
    ("POST", "/tickets/{ticket_id}/clock-events"): Row(
        team_retail(), Request(path=_ticket, body=_new_facts, headers=_if_match)
    ),
    ("POST", "/tickets/{ticket_id}/notices"): Row(
        team_retail(),
        Request(
            path=_ticket,
            body=lambda _w: {"kind": "acknowledgement", "language": "en"},
            headers=_if_match,
        ),
    ),
    ("GET", "/tickets/{ticket_id}/activity"): Row(team_retail(), Request(path=_ticket)),
    ("GET", "/tickets/{ticket_id}/assignable"): Row(team_retail(), Request(path=_ticket)),
    ("GET", "/sync/changes"): Row(staff(), Request(query=lambda _w: {"limit": 5})),
    ("POST", "/sync/push"): Row(staff(), Request(body=_push)),
    # The records of the caller's own working set (ids outside it are left out, not refused).
    ("POST", "/sync/working-set"): Row(
        staff(), Request(body=lambda w: {"ids": [w.bank.zhang], "days": 30})
    ),
    ("GET", "/events"): Row(signed_in()),
    ("GET", "/admin/audit"): Row(admins()),
    ("GET", "/admin/audit.csv"): Row(admins(), Request(query=lambda _w: {"action": "login"})),
    ("GET", "/admin/users"): Row(admins()),
    # Staff accounts: the writes act on agent03, who signs in to none of the matrix's cells.
    ("POST", "/admin/users"): Row(admins(), Request(body=_new_user)),
    ("PATCH", "/admin/users/{username}"): Row(
        admins(),
        Request(path=lambda _w: {"username": "agent03"}, body=lambda _w: {"branch": "BR-01"}),
    ),
    ("POST", "/admin/users/{username}/password"): Row(
        admins(),
        Request(path=lambda _w: {"username": "agent03"}, body=lambda _w: {"password": PASSWORD}),
    ),
    ("GET", "/admin/teams"): Row(admins()),
    ("PUT", "/admin/teams/{name}"): Row(
        admins(),
        # The queues the team has: agent01's call and skills stay as they are.
        Request(
            path=lambda _w: {"name": "wealth"}, body=lambda _w: {"queues": ["wealth", "general"]}
        ),
    ),
    ("GET", "/admin/settings"): Row(admins()),
    ("PUT", "/admin/settings"): Row(
        admins(), Request(body=_same_settings, headers=lambda _w: {"If-Match": "*"})
    ),
    ("POST", "/admin/products/{code}/price"): Row(
        admins(),
        Request(path=lambda _w: {"code": "WM-R4-001"}, body=lambda _w: {"nav": "1.0"}),
        why="a fund's price is set by the bank's systems, not at a desk",
    ),
    ("POST", "/telephony/presence"): Row(
        agents(), Request(body=lambda _w: {"state": "not_ready", "reason": "break"})
    ),
    ("GET", "/telephony/me"): Row(agents()),
    # Call control acts on the caller's own call: another's call id is a 409 for an agent.
    ("POST", "/telephony/calls/{call_id}/answer"): Row(agents(409), Request(path=_call)),
    ("POST", "/telephony/calls/{call_id}/hold"): Row(agents(409), Request(path=_call)),
    ("POST", "/telephony/calls/{call_id}/resume"): Row(agents(409), Request(path=_call)),
    ("POST", "/telephony/calls/{call_id}/hangup"): Row(agents(409), Request(path=_call)),
    ("POST", "/telephony/calls/{call_id}/transfer"): Row(
        agents(409), Request(path=_call, body=lambda _w: {"queue": "general"})
    ),
    ("POST", "/telephony/wrap-up/finish"): Row(agents(409), why="no wrap-up to finish"),
    ("POST", "/telephony/calls/outbound"): Row(
        agents(409),
        Request(body=lambda w: {"customer_id": w.bank.zhang}),
        why="a softphone's: an agent on a call or not ready has nothing rung (409)",
    ),
    ("GET", "/telephony/queues"): Row(staff()),
    # The supervisor's console: supervisors only, each on their own team.
    ("GET", "/supervisor/snapshot"): Row(supervisors()),
    ("GET", "/supervisor/intervals"): Row(supervisors(), Request(query=_today)),
    ("GET", "/supervisor/intervals.csv"): Row(supervisors(), Request(query=_today)),
    ("POST", "/supervisor/agents/{username}/not-ready"): Row(
        supervisors(other_team=404),
        Request(path=lambda _w: {"username": "agent01"}, body=lambda _w: {"reason": "coaching"}),
        why="agent01 holds a call: not ready is pending until after it",
    ),
    ("POST", "/supervisor/agents/{username}/logout"): Row(
        supervisors(409, other_team=404),
        Request(path=lambda _w: {"username": "agent01"}, body=lambda _w: {}),
        why="agent01 holds a call: no logout during it (409)",
    ),
    ("POST", "/supervisor/calls/{call_id}/move"): Row(
        supervisors(404, other_team=404),
        Request(path=_call, body=lambda _w: {"queue": "general"}),
        why="no such call waits in the team's queues",
    ),
    ("POST", "/supervisor/tickets/{ticket_id}/extension"): Row(
        supervisors(409, other_team=404),
        Request(path=_ticket, body=lambda _w: {"approve": False, "note": "not needed"}),
        why="no extension request waits on the fixture ticket (409)",
    ),
    ("POST", "/tickets/{ticket_id}/extension-request"): Row(
        {**staff(403), OTHER_SUP: 404},
        Request(path=_ticket, body=lambda _w: {"kind": "extended", "reason": "complex case"}),
        why="only the assignee asks, and the fixture ticket has none (403)",
    ),
    ("POST", "/supervisor/broadcast"): Row(
        supervisors(), Request(body=lambda _w: {"text": "matrix broadcast"})
    ),
    ("POST", "/telephony/simulate"): Row(agents(404), why="the simulator runs in demo only"),
    ("POST", "/telephony/events"): Row(
        everyone(401),
        Request(
            body=lambda _w: {"type": "call.hung_up", "call_id": "pbx-matrix"},
        ),
        why="the PBX's webhook: an HMAC of the body, no user token opens it",
    ),
    ("GET", "/reference/products"): Row(signed_in()),
    ("GET", "/reference/wrap-up-codes"): Row(signed_in()),
    ("GET", "/reference/complaint-categories"): Row(signed_in()),
    ("GET", "/reference/queues"): Row(signed_in()),
    # Scripted flows: every desk runs them; administrators publish them.
    ("GET", "/flows"): Row(signed_in()),
    ("GET", "/flows/{flow_id}/versions/{version}"): Row(
        signed_in(), Request(path=lambda _w: {"flow_id": "sms_alerts", "version": 1})
    ),
    ("POST", "/flows"): Row(admins(), Request(body=_shipped_flow)),
    # Back-office access without a call: staff ask with a reason, a supervisor of the
    # requester's team approves (another team's supervisor is told nothing exists).
    ("POST", "/customers/{customer_id}/back-office-access"): Row(
        staff(),
        Request(
            path=_customer,
            body=lambda _w: {"reason": "a letter from the customer asks for a statement"},
        ),
    ),
    ("POST", "/back-office-access/{grant_id}/approve"): Row(
        {**staff(403), SUP: OK, OTHER_SUP: 404},
        Request(path=_grant_asked_by_agent01),
        why="only a supervisor of the requester's team approves",
    ),
    ("GET", "/back-office-access"): Row(staff()),
}


def sign_in_http(base: str, username: str, workstation_id: str = "ws-matrix") -> str:
    with httpx.Client(base_url=base) as client:
        return sign_in(client, username, workstation_id)


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path template) the app serves, from its routes (not from a list).

    FastAPI keeps included routers as such; ``iter_route_contexts`` walks them as the OpenAPI
    generator does, with each route's full path."""
    table: list[tuple[str, str]] = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and context.path is not None:
            table.extend((method, context.path) for method in (route.methods or set()) - {"HEAD"})
    return sorted(table)


def _outcome_of(status: int) -> Outcome:
    return OK if 200 <= status < 300 else status


def _send(world: World, method: str, path: str, row: Row) -> int:
    request = row.request
    url = world.base + path.format(**request.path(world))
    headers = {**world.headers(), **request.headers(world)}
    body = request.body(world) if request.body is not None else None
    with (
        httpx.Client(timeout=10) as client,
        client.stream(
            method, url, params=request.query(world), json=body, headers=headers
        ) as response,
    ):
        return response.status_code  # headers are in; a stream is left unread


@pytest.fixture
def matrix_server(bank: Bank, migrated_url: str) -> Iterator[tuple[FastAPI, str]]:
    seed_actors(migrated_url)
    app = server_app(migrated_url, telephony_webhook_secret=WEBHOOK_SECRET, sse_ping_seconds=0.2)
    with serve_in_thread(app) as base:
        yield app, base


def hold_a_call(app: FastAPI, base: str, caller: Caller, phone: str) -> str:
    """``caller`` (an agent) goes ready, a call from ``phone`` rings them as the PBX offers it,
    and they answer it; the call's id."""
    headers = bearer(sign_in_http(base, caller.username or "", caller.workstation_id))
    ready = httpx.post(f"{base}/telephony/presence", json={"state": "ready"}, headers=headers)
    assert ready.status_code == 200, ready.text
    switchboard = app.state.switchboard
    call = switchboard.offer(phone, switchboard.queues_of(caller.username)[0])
    assert call.agent == caller.username, "another ready agent took the call"
    answered = httpx.post(f"{base}/telephony/calls/{call.id}/answer", headers=headers)
    assert answered.status_code == 200, answered.text
    return str(call.id)


def test_every_route_has_a_row_in_the_matrix(matrix_server: tuple[FastAPI, str]) -> None:
    app, _base = matrix_server
    routes = route_table(app)
    missing = [f"{method} {path}" for method, path in routes if (method, path) not in MATRIX]
    assert not missing, "routes without a row in MATRIX (decide who may call them): " + ", ".join(
        missing
    )
    stale = [f"{m} {p}" for m, p in MATRIX if (m, p) not in routes]
    assert not stale, "rows of MATRIX for routes the app no longer has: " + ", ".join(stale)


def test_every_route_answers_each_caller_as_the_matrix_says(
    matrix_server: tuple[FastAPI, str], bank: Bank
) -> None:
    app, base = matrix_server
    tokens = {
        caller.key: sign_in_http(base, caller.username, caller.workstation_id)
        if caller.username
        else None
        for caller in ACTORS
    }
    held_call = hold_a_call(app, base, ACTORS[1], ZHANG_PHONE)
    routes = [route for route in route_table(app) if route in MATRIX]
    wrong: list[str] = []
    for method, path in routes:
        row = MATRIX[method, path]
        for caller in ACTORS:
            world = World(base, bank, held_call, caller, tokens[caller.key])
            got = _outcome_of(_send(world, method, path, row))
            want = row.expect[caller.key]
            if got != want:
                wrong.append(f"{method} {path} as {caller.key}: got {got}, want {want}")
    print(
        f"\nRBAC matrix: {len(routes)} routes × {len(ACTORS)} callers = {len(routes) * len(ACTORS)}"
    )
    assert not wrong, f"{len(wrong)} cells differ from MATRIX:\n" + "\n".join(wrong)


def test_the_contract_and_its_docs_stay_public(matrix_server: tuple[FastAPI, str]) -> None:
    """``/openapi.json`` is the contract and ``/docs`` reads it: both open to anyone."""
    _app, base = matrix_server
    contract = httpx.get(f"{base}/openapi.json")
    assert contract.status_code == 200 and "/auth/login" in contract.json()["paths"]
    docs = httpx.get(f"{base}/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text
