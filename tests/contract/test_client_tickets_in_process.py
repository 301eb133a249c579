"""The desk's complaint calls (``ApiClient.transition_ticket``, ``add_clock_event``,
``send_notice``, ``ticket_activity``, ``assignable``) against the real app in process: what
the server sends is what the client reads, refusals included (the moves allowed, the 412's
current ticket)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from agentdesk.client import ApiClient
from agentdesk.client.errors import StaleRecord
from agentdesk.contract.problem import Problem
from agentdesk.contract.tickets import (
    ClockEventCreate,
    NoticeCreate,
    NoticeKind,
    TicketStatus,
    TicketTransition,
)
from agentdesk.errors import InvalidRequest, PermissionDenied
from tests.server.complaint_helpers import FakeClock, open_complaint
from tests.server.conftest import PASSWORD, Bank, auth_headers, seed_bank, server_app


@pytest.fixture
def bank_client(database_url: str) -> Iterator[tuple[TestClient, Bank]]:
    from agentdesk.server.db import migrate

    migrate(database_url)
    bank = seed_bank(database_url)
    with TestClient(server_app(database_url, clock=FakeClock())) as client:
        yield client, bank


def _api(client: TestClient, username: str) -> ApiClient:
    api = ApiClient(client)
    api.login(username, PASSWORD, f"ws-{username}")
    return api


def test_the_desks_complaint_calls_read_what_the_server_sends(
    bank_client: tuple[TestClient, Bank],
) -> None:
    client, bank = bank_client
    ticket_id = open_complaint(client, auth_headers(client), bank.zhang)["entity_id"]
    agent, sup = _api(client, "agent01"), _api(client, "sup01")
    _record, tag = agent.get_ticket(ticket_id)

    with pytest.raises(InvalidRequest) as refused:
        agent.transition_ticket(ticket_id, TicketTransition(to=TicketStatus.CLOSED), tag)
    assert refused.value.status == 409
    problem = refused.value.context["problem"]
    assert isinstance(problem, Problem) and problem.code == "ticket.transition_refused"
    assert problem.allowed == ["acknowledged", "resolved"]

    record, tag = agent.transition_ticket(
        ticket_id, TicketTransition(to=TicketStatus.ACKNOWLEDGED), tag
    )
    assert (record.status, tag) == (TicketStatus.ACKNOWLEDGED, 'W/"2"')
    with pytest.raises(StaleRecord) as stale:
        agent.transition_ticket(ticket_id, TicketTransition(to=TicketStatus.INVESTIGATING), 'W/"1"')
    assert stale.value.current is not None and stale.value.current["version"] == 2

    extension = ClockEventCreate(kind="extended", on=date(2026, 1, 20), note="complex case")
    with pytest.raises(PermissionDenied):
        agent.add_clock_event(ticket_id, extension, tag)
    record, tag = sup.add_clock_event(ticket_id, extension, tag)
    assert record.due_at.date() == date(2026, 2, 24)
    record, tag = agent.send_notice(
        ticket_id, NoticeCreate(kind=NoticeKind.ACKNOWLEDGEMENT, language="en"), tag
    )
    assert [n.kind for n in record.notices] == [NoticeKind.HOLDING, NoticeKind.ACKNOWLEDGEMENT]

    log = agent.ticket_activity(ticket_id)
    assert [a.action for a in log] == ["created", "status", "clock_event", "notice", "notice"]
    assert [a.username for a in sup.assignable(ticket_id)] == ["agent01", "sup01"]
