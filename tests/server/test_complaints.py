"""Complaint tickets on the server: the regime chosen at opening, the lifecycle (409 naming
the allowed moves), closing with a root cause, the care task of a resolved complaint,
recusal, supervisor-approved extensions and the letters, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from agentdesk.contract.sync import TicketRecord
from agentdesk.server import models
from agentdesk.server.db import make_engine, make_session_factory
from tests.server.actors import seed_actors
from tests.server.complaint_helpers import RECEIVED_AT, FakeClock, etag, open_complaint, post
from tests.server.conftest import Bank, ClientFactory, assert_problem, auth_headers
from tests.server.sync_helpers import mutation, push


def _care_tasks(url: str, ticket_id: int) -> list[models.Task]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            return list(
                session.scalars(
                    select(models.Task).where(
                        models.Task.client_id == f"complaint-{ticket_id}-care"
                    )
                )
            )
    finally:
        engine.dispose()


def test_a_complaint_follows_the_regime_of_the_customers_country(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(clock=FakeClock())
    headers = auth_headers(client)
    zhang = open_complaint(client, headers, bank.zhang)  # +86: the PRC
    smith = open_complaint(client, headers, bank.smith, category="cards")  # +44, cards: payment
    assert zhang["status"] == smith["status"] == "applied"
    cn = TicketRecord.model_validate(zhang["record"])
    uk = TicketRecord.model_validate(smith["record"])
    assert (cn.regime, cn.complaint_type, cn.received_on) == ("cn", "standard", date(2026, 1, 20))
    assert cn.due_at == RECEIVED_AT + timedelta(days=15)  # Wed 4 Feb 2026
    assert (uk.regime, uk.complaint_type) == ("uk", "payment-services")
    # The earliest step not yet answered: the summary resolution, by the 3rd business day.
    assert uk.due_at.date() == date(2026, 1, 23)
    log = client.get(f"/tickets/{cn.id}/activity", headers=headers).json()
    assert [(a["action"], a["actor"]) for a in log] == [("created", "agent01")]


def test_an_override_needs_its_reason_and_a_known_regime_and_type(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(clock=FakeClock())
    headers = auth_headers(client)

    def refused(result: dict[str, Any], field: str) -> None:
        assert result["status"] == "rejected", result
        assert field in [e["field"] for e in result["problem"]["errors"]], result["problem"]

    refused(open_complaint(client, headers, bank.zhang, regime="uk"), "regime_override_reason")
    refused(
        open_complaint(client, headers, bank.zhang, regime="xx", regime_override_reason="why"),
        "regime",
    )
    refused(
        open_complaint(
            client, headers, bank.smith, complaint_type="reg-q", regime_override_reason="why"
        ),
        "complaint_type",
    )
    refused(open_complaint(client, headers, bank.zhang, category="parking"), "category")
    chosen = open_complaint(
        client,
        headers,
        bank.smith,
        category="cards",
        complaint_type="standard",
        regime_override_reason="about the card's interest rate, not a payment",
    )
    record = TicketRecord.model_validate(chosen["record"])
    assert (record.regime, record.complaint_type) == ("uk", "standard")
    assert record.regime_override_reason.startswith("about the card")
    engine_tickets = client.get(f"/tickets/{record.id}/activity", headers=headers).json()
    assert engine_tickets[0]["detail"]["suggested_type"] == "payment-services"


def test_the_lifecycle_refuses_a_skipped_step_naming_the_allowed_ones(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    clock = FakeClock()
    client = make_client(clock=clock)
    headers = auth_headers(client)
    ticket_id = open_complaint(client, headers, bank.zhang)["entity_id"]

    skipped = post(client, headers, ticket_id, "transitions", {"to": "investigating"})
    problem = assert_problem(skipped, 409, "ticket.transition_refused")
    assert problem["allowed"] == ["acknowledged", "resolved"]

    path = f"/tickets/{ticket_id}/transitions"
    assert_problem(client.post(path, json={"to": "acknowledged"}, headers=headers), 428)
    moved = client.post(path, json={"to": "acknowledged"}, headers={**headers, "If-Match": 'W/"1"'})
    assert moved.status_code == 200, moved.text
    assert moved.headers["ETag"] == 'W/"2"' and moved.json()["status"] == "acknowledged"
    stale = client.post(
        path, json={"to": "investigating"}, headers={**headers, "If-Match": 'W/"1"'}
    )
    assert assert_problem(stale, 412)["current"]["status"] == "acknowledged"

    assert post(client, headers, ticket_id, "transitions", {"to": "investigating"}).is_success
    resolved = post(
        client,
        headers,
        ticket_id,
        "transitions",
        {
            "to": "resolved",
            "resolution": "The second fee is refunded.",
            "satisfaction": "satisfied",
        },
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["satisfaction"] == "satisfied"

    # Closing asks for the root cause it lacks, by name, and changes nothing.
    before = etag(client, headers, ticket_id)
    refused = post(client, headers, ticket_id, "transitions", {"to": "closed"})
    body = assert_problem(refused, 422, "ticket.close_incomplete")
    assert [e["field"] for e in body["errors"]] == ["root_cause"]
    assert etag(client, headers, ticket_id) == before
    closed = post(
        client,
        headers,
        ticket_id,
        "transitions",
        {"to": "closed", "root_cause": "process_error", "remediation": "Billing run fixed."},
    )
    assert closed.status_code == 200, closed.text
    assert (closed.json()["status"], closed.json()["root_cause"]) == ("closed", "process_error")

    # Reopened and resolved again: still the one care task.
    assert post(client, headers, ticket_id, "transitions", {"to": "investigating"}).is_success
    assert post(client, headers, ticket_id, "transitions", {"to": "resolved"}).is_success
    tasks = _care_tasks(migrated_url, ticket_id)
    assert len(tasks) == 1
    (task,) = tasks
    assert (task.kind, task.owner, task.customer_id) == ("care", "agent01", bank.zhang)
    assert task.due_at == RECEIVED_AT + timedelta(days=3)
    assert "resolved" in task.note

    log = client.get(f"/tickets/{ticket_id}/activity", headers=headers).json()
    assert [a["action"] for a in log] == [
        "created",
        "status",
        "status",
        "status",
        "status",
        "reopened",
        "status",
    ]
    assert log[-3]["detail"] == {"from": "resolved", "to": "closed"}


def test_a_patched_status_follows_the_lifecycle_too(make_client: ClientFactory, bank: Bank) -> None:
    client = make_client(clock=FakeClock())
    headers = auth_headers(client)
    ticket_id = open_complaint(client, headers, bank.zhang)["entity_id"]
    response = client.patch(
        f"/tickets/{ticket_id}",
        json={"changes": {"status": "closed"}},
        headers={**headers, "If-Match": 'W/"1"'},
    )
    assert assert_problem(response, 409, "ticket.transition_refused")["allowed"] == [
        "acknowledged",
        "resolved",
    ]


def test_a_pushed_status_the_lifecycle_refuses_is_set_aside_with_its_reason(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(clock=FakeClock())
    headers = auth_headers(client)
    ticket_id = open_complaint(client, headers, bank.zhang)["entity_id"]
    update = mutation(
        9_999, "ticket.update", {"changes": {"status": "closed"}}, entity_id=str(ticket_id)
    )
    (result,) = push(client, headers, update).json()["results"]
    assert result["status"] == "rejected"
    assert result["problem"]["code"] == "ticket.transition_refused"
    assert [e["field"] for e in result["problem"]["errors"]] == ["changes.status"]
    assert client.get(f"/tickets/{ticket_id}", headers=headers).json()["status"] == "new"


def test_a_complaint_is_never_given_to_whom_it_is_about(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    seed_actors(migrated_url)  # agent02 (retail), sup02 and agent03 (wealth)
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            agent01 = session.scalars(
                select(models.User).where(models.User.username == "agent01")
            ).one()
            agent01.branch = "BR-0755"
            session.commit()
    finally:
        engine.dispose()
    client = make_client(clock=FakeClock())
    agent, sup = auth_headers(client), auth_headers(client, "sup01")
    about_agent02 = open_complaint(
        client, agent, bank.zhang, parties=[{"kind": "agent", "id": "agent02"}]
    )["entity_id"]

    def assign(ticket_id: int, username: str) -> Any:
        return client.patch(
            f"/tickets/{ticket_id}",
            json={"changes": {"assignee": username}},
            headers={**sup, "If-Match": etag(client, sup, ticket_id)},
        )

    assert_problem(assign(about_agent02, "agent02"), 409, "recusal.party")
    offered = client.get(f"/tickets/{about_agent02}/assignable", headers=sup).json()
    assert [a["username"] for a in offered] == ["agent01", "sup01"]
    assert assign(about_agent02, "agent01").status_code == 200

    about_branch = open_complaint(
        client, agent, bank.zhang, parties=[{"kind": "branch", "id": "BR-0755"}]
    )["entity_id"]
    assert_problem(assign(about_branch, "agent01"), 409, "recusal.branch")

    about_team = open_complaint(
        client, agent, bank.zhang, parties=[{"kind": "team", "id": "retail"}]
    )["entity_id"]
    assert_problem(assign(about_team, "agent02"), 409, "recusal.team")
    assert client.get(f"/tickets/{about_team}/assignable", headers=sup).json() == []
    log = client.get(f"/tickets/{about_agent02}/activity", headers=sup).json()
    assert [(a["action"], a["detail"]) for a in log][-1] == ("assigned", {"assignee": "agent01"})


def test_only_the_teams_supervisor_extends_and_the_due_date_moves(
    make_client: ClientFactory, bank: Bank
) -> None:
    clock = FakeClock()
    client = make_client(clock=clock)
    agent, sup = auth_headers(client), auth_headers(client, "sup01")
    ticket_id = open_complaint(client, agent, bank.zhang)["entity_id"]
    clock.now = RECEIVED_AT + timedelta(days=2)
    agent, sup = auth_headers(client), auth_headers(client, "sup01")  # tokens of that day
    extension = {"kind": "extended", "on": "2026-01-22", "note": "we await the card scheme"}

    assert_problem(
        post(client, agent, ticket_id, "clock-events", extension),
        403,
        "ticket.extension_needs_supervisor",
    )
    unexplained = post(client, sup, ticket_id, "clock-events", {**extension, "note": " "})
    assert [e["field"] for e in assert_problem(unexplained, 422)["errors"]] == ["note"]

    extended = post(client, sup, ticket_id, "clock-events", extension)
    assert extended.status_code == 200, extended.text
    record = TicketRecord.model_validate(extended.json())
    # 30 days from 20 Jan is Thu 19 Feb, in the Spring Festival: the next working day, 24 Feb.
    assert record.due_at == RECEIVED_AT + timedelta(days=35)
    assert record.due_at.date() == date(2026, 2, 24)
    (event,) = record.clock_events
    assert (event.kind, event.approved_by, event.note) == (
        "extended",
        "sup01",
        "we await the card scheme",
    )
    (holding,) = record.notices
    assert holding.kind == "holding" and "2026年2月24日" in holding.body  # Zhang reads Chinese

    # Past the regime's maximum (30 days before a head-office approval): 422, nothing saved.
    again = post(client, sup, ticket_id, "clock-events", extension)
    assert assert_problem(again, 422, "complaint.extension_past_maximum")["errors"]
    after = client.get(f"/tickets/{ticket_id}", headers=sup).json()
    assert (after["version"], len(after["clock_events"]), len(after["notices"])) == (2, 1, 1)


def test_clock_events_before_receipt_or_in_the_future_are_refused(
    make_client: ClientFactory, bank: Bank
) -> None:
    clock = FakeClock(RECEIVED_AT + timedelta(days=3))
    client = make_client(clock=clock)
    agent = auth_headers(client)
    ticket_id = open_complaint(client, agent, bank.zhang)["entity_id"]
    # Opened at the clock's time: received 23 Jan.
    early = post(
        client, agent, ticket_id, "clock-events", {"kind": "new-facts", "on": "2026-01-22"}
    )
    assert_problem(early, 422, "complaint.event_before_receipt")
    later = post(
        client, agent, ticket_id, "clock-events", {"kind": "new-facts", "on": "2026-01-24"}
    )
    assert [e["field"] for e in assert_problem(later, 422)["errors"]] == ["on"]
    unknown = post(
        client, agent, ticket_id, "clock-events", {"kind": "in-progress", "on": "2026-01-23"}
    )
    assert_problem(unknown, 422, "complaint.event_not_applicable")
    facts = post(
        client, agent, ticket_id, "clock-events", {"kind": "new-facts", "on": "2026-01-23"}
    )
    assert facts.status_code == 200, facts.text
    assert client.get(f"/tickets/{ticket_id}", headers=agent).json()["version"] == 2


def test_letters_are_rendered_from_the_regimes_templates(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(clock=FakeClock())
    agent = auth_headers(client)
    ticket_id = open_complaint(client, agent, bank.smith)["entity_id"]  # UK, standard
    sent = post(client, agent, ticket_id, "notices", {"kind": "acknowledgement", "language": "en"})
    assert sent.status_code == 200, sent.text
    record = TicketRecord.model_validate(sent.json())
    assert record.notices[0].sent_by == "agent01" and record.reference in record.notices[0].body
    # The summary-resolution window is answered by the letter: the final response is next.
    assert record.due_at.date() == date(2026, 3, 17)
    final = post(client, agent, ticket_id, "notices", {"kind": "final", "language": "en"})
    assert final.status_code == 200, final.text
    assert "Financial Ombudsman Service" in final.json()["notices"][-1]["body"]
    log = client.get(f"/tickets/{ticket_id}/activity", headers=agent).json()
    assert [a["detail"].get("kind") for a in log if a["action"] == "notice"] == [
        "acknowledgement",
        "final",
    ]


def test_a_final_letter_without_the_decision_is_refused(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(clock=FakeClock())
    agent = auth_headers(client)
    ticket_id = open_complaint(client, agent, bank.zhang)["entity_id"]
    refused = post(client, agent, ticket_id, "notices", {"kind": "final", "language": "zh_CN"})
    assert_problem(refused, 422, "ticket.notice_incomplete")
