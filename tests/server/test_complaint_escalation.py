"""Complaint escalation with a fake clock: a step at its warning share of time and a breached
step each reach the supervisors of the ticket's team once, as events only they receive, and
the activity log says so; nothing is sent twice."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from agentdesk.contract.sync import EventKind
from agentdesk.server import escalation, events
from tests.server.actors import seed_actors
from tests.server.complaint_helpers import RECEIVED_AT, FakeClock, open_complaint, post
from tests.server.conftest import Bank, ClientFactory, add_user, auth_headers


def _scan(client: TestClient, clock: FakeClock) -> int:
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        return escalation.scan(session, clock())


def _escalations_of(client: TestClient, username: str) -> list[dict[str, object]]:
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        found = events.read_after(session, 0, audiences=events.audiences_of(username))
    return [e.data for e, _ in found if e.kind is EventKind.TICKET_ESCALATED]


def test_a_breach_reaches_the_teams_supervisor_once_and_no_agent(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    seed_actors(migrated_url)  # agent02 (retail), sup02 and agent03 (wealth)
    add_user(migrated_url, "sup03", "supervisor", team="retail", active=False)
    clock = FakeClock()
    # The scheduler is off: the test runs the scan itself.
    client = make_client(clock=clock, complaint_escalation_seconds=0)
    ticket_id = open_complaint(client, auth_headers(client), bank.zhang)["entity_id"]  # due 4 Feb
    # The fixture bank's complaint of March 2025, still open, is long breached: sent at once.
    assert _scan(client, clock) == 1

    clock.now = RECEIVED_AT + timedelta(days=10)  # 30 Jan: 10 of 15 days, under 80 %
    assert _scan(client, clock) == 0
    clock.now = RECEIVED_AT + timedelta(days=12)  # 1 Feb: 12 of 15 days
    assert _scan(client, clock) == 1
    assert _scan(client, clock) == 0  # the next scan sends nothing again
    clock.now = RECEIVED_AT + timedelta(days=16)  # 5 Feb: the day after the due date
    assert _scan(client, clock) == 1
    assert _scan(client, clock) == 0

    sent = [e for e in _escalations_of(client, "sup01") if e["id"] == ticket_id]
    assert [(e["id"], e["step"], e["state"], e["due_date"]) for e in sent] == [
        (ticket_id, "decision", "warning", "2026-02-04"),
        (ticket_id, "decision", "breached", "2026-02-04"),
    ]
    for other in ("agent01", "agent02", "sup02", "agent03", "sup03"):
        assert _escalations_of(client, other) == [], other

    headers = auth_headers(client, "sup01")
    log = client.get(f"/tickets/{ticket_id}/activity", headers=headers).json()
    escalated = [(a["actor"], a["detail"]["state"]) for a in log if a["action"] == "escalated"]
    assert escalated == [("system", "warning"), ("system", "breached")]


def test_a_resolved_complaint_is_not_escalated(make_client: ClientFactory, bank: Bank) -> None:
    clock = FakeClock()
    client = make_client(clock=clock, complaint_escalation_seconds=0)
    headers = auth_headers(client)
    ticket_id = open_complaint(client, headers, bank.zhang)["entity_id"]
    resolved = post(
        client, headers, ticket_id, "transitions", {"to": "resolved", "resolution": "Refunded."}
    )
    assert resolved.status_code == 200, resolved.text
    clock.now = RECEIVED_AT + timedelta(days=30)
    assert _scan(client, clock) == 1  # the fixture bank's complaint of March 2025, not this one
    assert [e["id"] for e in _escalations_of(client, "sup01")] == [bank.open_ticket]


def test_the_server_scans_on_its_interval_and_not_at_all_on_zero(
    make_client: ClientFactory, bank: Bank
) -> None:
    scanning = make_client().app.state.escalations  # type: ignore[attr-defined]
    assert scanning.seconds == 300 and scanning.task is not None and not scanning.task.done()
    off = make_client(complaint_escalation_seconds=0).app.state.escalations  # type: ignore[attr-defined]
    assert off.task is None
