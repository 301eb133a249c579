"""The supervisor's console through the server: the team's snapshot, the actions (each
audited), the live ``supervisor.*`` events and broadcasts, interval statistics and their CSV,
and a restart that changes nothing a supervisor sees.

The switchboard runs on a fake clock with its ticker off, as in ``test_telephony.py``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from agentdesk.server import events, models
from tests.server.complaint_helpers import open_complaint
from tests.server.conftest import (
    PASSWORD,
    ZHANG_PHONE,
    Bank,
    ClientFactory,
    assert_problem,
    auth_headers,
    server_app,
)
from tests.server.sync_helpers import SseReader, serve_in_thread
from tests.server.test_telephony import (
    Agent,
    FakeClock,
    switchboard,
    telephony_client,
    telephony_settings,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tel(make_client: ClientFactory, bank: Bank, migrated_url: str, clock: FakeClock) -> TestClient:
    return telephony_client(make_client, migrated_url, clock)


def sup(client: TestClient) -> dict[str, str]:
    return auth_headers(client, "sup01")


def stream(client: TestClient, username: str, role: str, team: str) -> list[tuple[str, Any]]:
    """What the /events stream of ``username`` (``role`` of ``team``) serves."""
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        found = events.read_after(
            session, 0, limit=10_000, audiences=events.audiences_of(username, role, team)
        )
    return [(event.kind.value, event.data) for event, _ in found]


def audit_rows(client: TestClient, action: str) -> list[models.AuditEvent]:
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        return list(
            session.scalars(select(models.AuditEvent).where(models.AuditEvent.action == action))
        )


def snapshot(client: TestClient) -> dict[str, Any]:
    response = client.get("/supervisor/snapshot", headers=sup(client))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_an_agent_is_refused_the_console_and_never_gets_its_events(tel: TestClient) -> None:
    agent = Agent(tel)
    agent.ready()
    switchboard(tel).offer(ZHANG_PHONE, "general")
    switchboard(tel).tick()
    for path in ("/supervisor/snapshot", "/supervisor/intervals?start=2030-01-07&end=2030-01-07"):
        assert_problem(tel.get(path, headers=agent.headers), 403, "forbidden")
    refused = tel.post("/supervisor/broadcast", json={"text": "hi"}, headers=agent.headers)
    assert_problem(refused, 403, "forbidden")
    admin = auth_headers(tel, "admin01")
    assert_problem(tel.get("/supervisor/snapshot", headers=admin), 403, "forbidden")

    kinds = {kind for kind, _ in stream(tel, "agent01", "agent", "retail")}
    assert not {k for k in kinds if k.startswith("supervisor.")}
    supervisor_kinds = {kind for kind, _ in stream(tel, "sup01", "supervisor", "retail")}
    assert {"supervisor.agent", "supervisor.waiting", "supervisor.interval"} <= supervisor_kinds


def test_a_supervisor_sees_only_their_team(tel: TestClient) -> None:
    Agent(tel, "agent03").ready()  # wealth
    body = snapshot(tel)
    assert body["team"] == "retail"
    assert {q["queue"] for q in body["queues"]} == {"general", "cards"}
    assert {a["username"] for a in body["agents"]} == {"agent01", "agent02"}
    assert [c["reference"] for c in body["complaints"]] == ["CMP-2025-0001"]
    assert {"occupancy", "service_level_of_answered", "agents_by_state"} <= set(body["queues"][0])

    other = tel.post(
        "/supervisor/agents/agent03/not-ready", json={"reason": "coaching"}, headers=sup(tel)
    )
    assert_problem(other, 404)


def test_not_ready_during_a_call_is_pending_then_applied_and_audited(tel: TestClient) -> None:
    agent = Agent(tel)
    agent.ready()
    call = switchboard(tel).offer(ZHANG_PHONE, "general")
    agent.act(call.id, "answer")

    response = tel.post(
        "/supervisor/agents/agent01/not-ready", json={"reason": "coaching"}, headers=sup(tel)
    )
    assert response.status_code == 200, response.text
    row = response.json()
    assert (row["state"], row["pending_reason"], row["set_by"]) == ("on_call", "coaching", "sup01")
    assert row["call_id"] == call.id and row["call_queue"] == "general"

    refused = tel.post("/supervisor/agents/agent01/logout", json={}, headers=sup(tel))
    assert_problem(refused, 409)

    agent.act(call.id, "hangup")
    agent.ok("/wrap-up/finish")
    me = agent.me()
    assert (me.presence.state, me.presence.reason) == ("not_ready", "coaching")
    [audit] = audit_rows(tel, "supervisor.not_ready")
    assert (audit.username, audit.entity_id, audit.detail) == (
        "sup01",
        "agent01",
        {"reason": "coaching"},
    )
    changes = [d for k, d in stream(tel, "agent01", "agent", "retail") if k == "presence.changed"]
    assert changes[-1]["state"] == "not_ready" and changes[-1].get("by") == "sup01"
    rows = [d for k, d in stream(tel, "sup01", "supervisor", "retail") if k == "supervisor.agent"]
    assert rows[-1]["username"] == "agent01" and rows[-1]["state"] == "not_ready"
    assert rows[-1]["set_by"] == "sup01"


def test_log_out_an_idle_agent(tel: TestClient) -> None:
    Agent(tel).ready()
    response = tel.post(
        "/supervisor/agents/agent01/logout", json={"note": "end of shift"}, headers=sup(tel)
    )
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "offline"
    [audit] = audit_rows(tel, "supervisor.logout")
    assert audit.entity_id == "agent01"


def test_a_waiting_call_moves_to_another_queue(tel: TestClient, clock: FakeClock) -> None:
    call = switchboard(tel).offer(ZHANG_PHONE, "general")  # nobody ready: it waits
    clock.advance(5)
    assert [w["call_id"] for w in snapshot(tel)["waiting"]] == [call.id]

    moved = tel.post(f"/supervisor/calls/{call.id}/move", json={"queue": "cards"}, headers=sup(tel))
    assert moved.status_code == 200, moved.text
    assert moved.json()["queue"] == "cards"
    assert moved.json()["queued_at"] == call.queued_at.isoformat().replace("+00:00", "Z")
    assert [(w["call_id"], w["queue"]) for w in snapshot(tel)["waiting"]] == [(call.id, "cards")]
    [audit] = audit_rows(tel, "supervisor.move_call")
    assert audit.detail == {"from_queue": "general", "to_queue": "cards"}
    assert ZHANG_PHONE not in str(audit.detail)
    waiting = [
        d for k, d in stream(tel, "sup01", "supervisor", "retail") if k == "supervisor.waiting"
    ]
    assert waiting[-1]["waiting"][0]["queue"] == "cards"

    unknown = tel.post(
        f"/supervisor/calls/{call.id}/move", json={"queue": "nope"}, headers=sup(tel)
    )
    assert_problem(unknown, 422)
    agent = Agent(tel)
    agent.ready()  # takes the call: it no longer waits
    late = tel.post(
        f"/supervisor/calls/{call.id}/move", json={"queue": "general"}, headers=sup(tel)
    )
    assert_problem(late, 409)


def test_a_broadcast_reaches_the_team_and_no_other(tel: TestClient) -> None:
    response = tel.post("/supervisor/broadcast", json={"text": "Huddle at 10"}, headers=sup(tel))
    assert response.status_code == 200, response.text
    assert response.json()["sender"] == "sup01"
    mine = [d for k, d in stream(tel, "agent01", "agent", "retail") if k == "broadcast"]
    assert [d["text"] for d in mine] == ["Huddle at 10"]
    assert not [k for k, _ in stream(tel, "agent03", "agent", "wealth") if k == "broadcast"]
    assert audit_rows(tel, "supervisor.broadcast")


def test_intervals_are_stored_and_exported_as_csv(tel: TestClient, clock: FakeClock) -> None:
    agent = Agent(tel)
    agent.ready()
    call = switchboard(tel).offer(ZHANG_PHONE, "general")
    clock.advance(3)
    agent.act(call.id, "answer")
    clock.advance(60)
    agent.act(call.id, "hangup")
    clock.advance(10)
    agent.ok("/wrap-up/finish")
    switchboard(tel).tick()
    clock.advance(15 * 60)  # the interval closes
    switchboard(tel).tick()

    day = clock.now.date().isoformat()
    response = tel.get(f"/supervisor/intervals?start={day}&end={day}", headers=sup(tel))
    assert response.status_code == 200, response.text
    general = [r for r in response.json() if r["queue"] == "general" and r["offered"]]
    assert len(general) == 1
    row = general[0]
    assert (row["offered"], row["answered"], row["answered_within"], row["handled"]) == (1, 1, 1, 1)
    assert row["closed"] is True
    assert row["aht"]["value"] == pytest.approx(70.0)
    assert "abandons count" in row["service_level"]["formula"]
    assert snapshot(tel)["intervals"]

    exported = tel.get(f"/supervisor/intervals.csv?start={day}&end={day}", headers=sup(tel))
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["content-disposition"].startswith("attachment")
    table = list(csv.reader(io.StringIO(exported.text)))
    assert table[0][:3] == ["queue", "start", "end"]
    assert any(r[0] == "general" and r[4] == "1" for r in table[1:])

    too_long = tel.get("/supervisor/intervals?start=2030-01-01&end=2030-06-01", headers=sup(tel))
    assert_problem(too_long, 422)


def test_csv_cells_a_spreadsheet_would_run_are_escaped() -> None:
    from agentdesk.server.supervisor import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("-1") == "'-1" and _cell("@x") == "'@x" and _cell("\tx") == "'\tx"
    assert _cell("general") == "general"


def test_the_snapshot_after_a_restart_equals_the_one_before(
    make_client: ClientFactory, bank: Bank, migrated_url: str, clock: FakeClock
) -> None:
    tel = telephony_client(make_client, migrated_url, clock)
    agent = Agent(tel)
    agent.ready()
    call = switchboard(tel).offer(ZHANG_PHONE, "general")
    agent.act(call.id, "answer")
    clock.advance(30)
    agent.act(call.id, "hangup")
    agent.ok("/wrap-up/finish")
    Agent(tel, "agent02").ok("/presence", {"state": "not_ready", "reason": "lunch"})
    tel.post("/supervisor/agents/agent01/not-ready", json={"reason": "coaching"}, headers=sup(tel))
    clock.advance(20)
    switchboard(tel).tick()
    before = snapshot(tel)

    tel.__exit__(None, None, None)
    restarted = make_client(demo=True, clock=clock, **telephony_settings())
    after = snapshot(restarted)
    assert after["agents"] == before["agents"]
    assert after["intervals"] == before["intervals"]
    assert after == before  # occupancy too: the presence history comes from the event log


def _assign(client: TestClient, ticket_id: int, username: str) -> None:
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        ticket = session.get(models.Ticket, ticket_id)
        assert ticket is not None
        ticket.assignee = username
        session.commit()


def _ticket(client: TestClient, ticket_id: int) -> dict[str, Any]:
    response = client.get(f"/tickets/{ticket_id}", headers=auth_headers(client, "agent01"))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_an_extension_request_approved_moves_the_due_date_with_a_holding_letter(
    tel: TestClient, bank: Bank
) -> None:
    _assign(tel, bank.open_ticket, "agent01")
    before = _ticket(tel, bank.open_ticket)
    asked = tel.post(
        f"/tickets/{bank.open_ticket}/extension-request",
        json={"kind": "extended", "reason": "we await the card scheme's answer"},
        headers=auth_headers(tel, "agent01"),
    )
    assert asked.status_code == 200, asked.text
    [row] = [c for c in snapshot(tel)["complaints"] if c["id"] == bank.open_ticket]
    assert row["pending_extension"]["requested_by"] == "agent01"

    approved = tel.post(
        f"/supervisor/tickets/{bank.open_ticket}/extension",
        json={"approve": True},
        headers=sup(tel),
    )
    assert approved.status_code == 200, approved.text
    after = approved.json()
    assert after["due_at"] > before["due_at"]
    assert after["version"] > before["version"] + 1
    assert "holding" in [n["kind"] for n in after["notices"]]
    assert audit_rows(tel, "ticket.extension_request")
    assert audit_rows(tel, "ticket.extension_approved")
    [row] = [c for c in snapshot(tel)["complaints"] if c["id"] == bank.open_ticket]
    assert row["pending_extension"] is None


def test_a_refused_extension_leaves_the_due_date(tel: TestClient, bank: Bank) -> None:
    _assign(tel, bank.open_ticket, "agent01")
    tel.post(
        f"/tickets/{bank.open_ticket}/extension-request",
        json={"kind": "extended", "reason": "more time please"},
        headers=auth_headers(tel, "agent01"),
    )
    before = _ticket(tel, bank.open_ticket)
    refused = tel.post(
        f"/supervisor/tickets/{bank.open_ticket}/extension",
        json={"approve": False, "note": "answer within the time"},
        headers=sup(tel),
    )
    assert refused.status_code == 200, refused.text
    assert refused.json()["due_at"] == before["due_at"]
    assert "holding" not in [n["kind"] for n in refused.json()["notices"]]
    activity = tel.get(f"/tickets/{bank.open_ticket}/activity", headers=sup(tel)).json()
    assert any(a["action"] == "extension_refused" for a in activity)
    assert audit_rows(tel, "ticket.extension_refused")
    again = tel.post(
        f"/supervisor/tickets/{bank.open_ticket}/extension",
        json={"approve": True},
        headers=sup(tel),
    )
    assert_problem(again, 409)


def test_a_supervisor_reassigns_a_complaint_from_the_board_with_recusal(
    tel: TestClient, bank: Bank
) -> None:
    agent = auth_headers(tel, "agent01")
    about_agent02 = [{"kind": "agent", "id": "agent02"}]
    ticket_id = open_complaint(tel, agent, bank.zhang, parties=about_agent02)["entity_id"]

    def assign(username: str) -> Any:
        etag = tel.get(f"/tickets/{ticket_id}", headers=sup(tel)).headers["ETag"]
        return tel.patch(
            f"/tickets/{ticket_id}",
            json={"changes": {"assignee": username}},
            headers={**sup(tel), "If-Match": etag},
        )

    assert_problem(assign("agent02"), 409, "recusal.party")
    assert assign("agent01").status_code == 200
    [row] = [c for c in snapshot(tel)["complaints"] if c["id"] == ticket_id]
    assert row["assignee"] == "agent01"
    assert any(a.entity_id == str(ticket_id) for a in audit_rows(tel, "update"))


def test_on_the_real_stream_the_supervisor_gets_the_grid_and_the_agent_only_the_broadcast(
    bank: Bank, migrated_url: str
) -> None:
    app = server_app(
        migrated_url, demo=True, clock=FakeClock(), sse_ping_seconds=0.2, **telephony_settings()
    )
    with serve_in_thread(app) as base:

        def sign_in(username: str) -> dict[str, str]:
            login = {"username": username, "password": PASSWORD, "workstation_id": "ws-1"}
            token = httpx.post(f"{base}/auth/login", json=login, timeout=10).json()
            return {"Authorization": f"Bearer {token['access_token']}"}

        agent, boss = sign_in("agent01"), sign_in("sup01")
        agent_stream = SseReader(f"{base}/events", agent)
        boss_stream = SseReader(f"{base}/events", boss)
        try:
            ready = httpx.post(f"{base}/telephony/presence", json={"state": "ready"}, headers=agent)
            assert ready.status_code == 200, ready.text
            coached = httpx.post(
                f"{base}/supervisor/agents/agent01/not-ready",
                json={"reason": "coaching"},
                headers=boss,
            )
            assert coached.status_code == 200, coached.text
            said = httpx.post(f"{base}/supervisor/broadcast", json={"text": "Huddle"}, headers=boss)
            assert said.status_code == 200, said.text

            row = boss_stream.next("supervisor.agent")
            assert row["data"]["username"] == "agent01"
            seen = []
            while (item := agent_stream.next())["event"] != "broadcast":
                seen.append(item)
            assert item["data"]["text"] == "Huddle"
            assert not [e for e in seen if e["event"].startswith("supervisor.")]
            assert [e["data"].get("by") for e in seen if e["event"] == "presence.changed"][-1] == (
                "sup01"
            )
        finally:
            agent_stream.close()
            boss_stream.close()
