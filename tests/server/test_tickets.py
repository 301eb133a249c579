"""Ticket REST with optimistic concurrency: ETag on read, If-Match on edit (428, 412, 200)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from agentdesk.contract.sync import TicketRecord
from agentdesk.server import models, ticket_clock
from tests.server.conftest import Bank, assert_problem, auth_headers


def test_get_returns_the_record_with_a_weak_etag(client: TestClient, bank: Bank) -> None:
    response = client.get(f"/tickets/{bank.open_ticket}", headers=auth_headers(client))
    assert response.status_code == 200, response.text
    record = TicketRecord.model_validate(response.json())
    assert response.headers["ETag"] == f'W/"{record.version}"' == 'W/"1"'
    assert_problem(client.get("/tickets/999999", headers=auth_headers(client)), 404)


def test_patch_without_if_match_is_428(client: TestClient, bank: Bank) -> None:
    response = client.patch(
        f"/tickets/{bank.open_ticket}",
        json={"changes": {"severity": "high"}},
        headers=auth_headers(client),
    )
    assert_problem(response, 428, "precondition_required")


def test_patch_applies_and_returns_the_new_etag(client: TestClient, bank: Bank) -> None:
    headers = auth_headers(client, "sup01")  # assigning is the team supervisor's
    response = client.patch(
        f"/tickets/{bank.open_ticket}",
        json={"changes": {"severity": "high", "assignee": "agent01"}},
        headers={**headers, "If-Match": 'W/"1"'},
    )
    assert response.status_code == 200, response.text
    assert response.headers["ETag"] == 'W/"2"'
    record = TicketRecord.model_validate(response.json())
    assert (record.severity.value, record.assignee, record.version) == ("high", "agent01", 2)
    again = client.get(f"/tickets/{bank.open_ticket}", headers=headers)
    assert again.headers["ETag"] == 'W/"2"'


def test_stale_if_match_is_412_with_the_current_record(client: TestClient, bank: Bank) -> None:
    headers = auth_headers(client)
    client.patch(
        f"/tickets/{bank.open_ticket}",
        json={"changes": {"summary": "Charged twice, then a third time"}},
        headers={**headers, "If-Match": 'W/"1"'},
    ).raise_for_status()
    stale = client.patch(
        f"/tickets/{bank.open_ticket}",
        json={"changes": {"severity": "low"}},
        headers={**headers, "If-Match": 'W/"1"'},
    )
    body = assert_problem(stale, 412, "precondition_failed")
    current = TicketRecord.model_validate(body["current"])
    assert (current.version, current.severity.value) == (2, "medium")
    assert current.summary == "Charged twice, then a third time"


def test_invalid_edits_are_422(client: TestClient, bank: Bank) -> None:
    headers = {**auth_headers(client), "If-Match": 'W/"1"'}
    path = f"/tickets/{bank.open_ticket}"
    assert_problem(
        client.patch(path, json={"changes": {"opened_at": "x"}}, headers=headers),
        422,
        "ticket.field_not_editable",
    )
    assert_problem(
        client.patch(path, json={"changes": {"status": "lost"}}, headers=headers),
        422,
        "validation_failed",
    )
    unchanged = client.get(path, headers=headers).json()
    assert unchanged["version"] == 1


def test_ticket_edits_are_audited(client: TestClient, bank: Bank) -> None:
    client.patch(
        f"/tickets/{bank.open_ticket}",
        json={"changes": {"severity": "high"}},
        headers={**auth_headers(client), "If-Match": "*"},
    ).raise_for_status()
    audit = client.get("/admin/audit", headers=auth_headers(client, "admin01")).json()["events"]
    assert [
        (e["action"], e["entity"], e["entity_id"]) for e in audit if e["action"] == "update"
    ] == [("update", "ticket", str(bank.open_ticket))]


@pytest.mark.parametrize(
    ("opened", "due"),
    [
        # 20 Jan 2026 + 15 days is Wed 4 Feb, a working day: exactly 15 days, as before
        (datetime(2026, 1, 20, 3, 30, tzinfo=UTC), datetime(2026, 2, 4, 3, 30, tzinfo=UTC)),
        # 1 Feb + 15 = 16 Feb, Spring Festival (15-23 Feb off): the next working day, Tue 24 Feb
        (datetime(2026, 2, 1, 3, 30, tzinfo=UTC), datetime(2026, 2, 24, 3, 30, tzinfo=UTC)),
        # 29 Jan 17:00 UTC is 30 Jan in Beijing; + 15 = Sat 14 Feb, a make-up working day
        (datetime(2026, 1, 29, 17, 0, tzinfo=UTC), datetime(2026, 2, 13, 17, 0, tzinfo=UTC)),
    ],
)
def test_a_new_complaint_is_due_by_the_prc_rule_pack(opened: datetime, due: datetime) -> None:
    ticket = models.Ticket(
        regime="cn",
        complaint_type="standard",
        received_on=ticket_clock.receipt_day("cn", opened),
        opened_at=opened,
        status="new",
        clock_events=[],
        notices=[],
    )
    assert ticket_clock.due_at(ticket_clock.ticket_clock(ticket, now=opened), ticket) == due
