"""Object-level rules of complaint tickets against the real app, on SQLite and PostgreSQL:
who may read and change a ticket follows who opened it, who holds it, the team and the role
(``agentdesk.domain.access``); what one may not see is a 404 exactly like a ticket that does
not exist, and is left out of lists and of the sync feed."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from agentdesk.contract.sync import ChangesPage, MutationResult, ResultStatus
from tests.server.conftest import (
    ZHANG_PHONE,
    Bank,
    ClientFactory,
    add_user,
    assert_problem,
    auth_headers,
    take_call,
)
from tests.server.sync_helpers import mutation, pull_all, push

SETTINGS = {"telephony_tick_seconds": 0, "telephony_call_rate": 0}


@pytest.fixture
def api(make_client: ClientFactory, bank: Bank, migrated_url: str) -> TestClient:
    """agent01 and sup01 (retail, the fixture tickets' team); agent02 and sup02 (cards)."""
    add_user(migrated_url, "agent02", team="cards")
    add_user(migrated_url, "sup02", role="supervisor", team="cards")
    add_user(migrated_url, "retired", team="retail", active=False)
    return make_client(**SETTINGS)


def _ticket_ids(client: TestClient, username: str) -> set[int]:
    pages, _ = pull_all(client, auth_headers(client, username))
    return {t.id for page in pages for t in page.tickets}


def _problem_without_instance(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    body.pop("instance", None)
    return body


def _edit(client: TestClient, ticket: int, username: str, **changes: Any) -> Any:
    return client.patch(
        f"/tickets/{ticket}",
        json={"changes": changes},
        headers={**auth_headers(client, username), "If-Match": "*"},
    )


def test_another_teams_agent_gets_the_same_404_as_for_a_ticket_that_does_not_exist(
    api: TestClient, bank: Bank
) -> None:
    headers = auth_headers(api, "agent02")
    hidden = api.get(f"/tickets/{bank.open_ticket}", headers=headers)
    missing = api.get("/tickets/999999", headers=headers)
    assert_problem(hidden, 404, "ticket_not_found")
    assert _problem_without_instance(hidden) == _problem_without_instance(missing)
    assert "Annual fee" not in hidden.text
    edit = _edit(api, bank.open_ticket, "agent02", severity="high")
    assert_problem(edit, 404, "ticket_not_found")
    assert_problem(api.get(f"/tickets/{bank.open_ticket}", headers=auth_headers(api, "sup02")), 404)
    # The team's own agent and supervisor read it.
    assert api.get(f"/tickets/{bank.open_ticket}", headers=auth_headers(api)).status_code == 200
    assert api.get(
        f"/tickets/{bank.open_ticket}", headers=auth_headers(api, "sup01")
    ).status_code == (200)


def test_administrators_read_no_ticket(api: TestClient, bank: Bank) -> None:
    response = api.get(f"/tickets/{bank.open_ticket}", headers=auth_headers(api, "admin01"))
    assert_problem(response, 403, "forbidden")
    assert "Annual fee" not in response.text


def test_the_sync_feed_serves_each_person_the_tickets_they_may_see(
    api: TestClient, bank: Bank
) -> None:
    assert _ticket_ids(api, "agent01") == {bank.open_ticket, bank.closed_ticket}
    assert _ticket_ids(api, "sup01") == {bank.open_ticket, bank.closed_ticket}
    assert _ticket_ids(api, "agent02") == set()
    # agent02 opens one: theirs and their team's, not retail's.
    created = push(
        api,
        auth_headers(api, "agent02"),
        mutation(1, "ticket.create", {
            "customer_id": bank.smith, "category": "cards", "severity": "low",
            "channel": "phone_in", "summary": "Card swallowed by an ATM",
        }),
    )  # fmt: skip
    result = MutationResult.model_validate(created.json()["results"][0])
    assert result.status is ResultStatus.APPLIED and result.record is not None
    assert (result.record["opened_by"], result.record["team"]) == ("agent02", "cards")
    assert _ticket_ids(api, "agent02") == {result.entity_id}
    assert _ticket_ids(api, "sup02") == {result.entity_id}
    assert result.entity_id not in _ticket_ids(api, "agent01")
    page = ChangesPage.model_validate(
        api.get("/sync/changes", headers=auth_headers(api, "agent01")).json()
    )
    assert all("Card swallowed" not in t.summary for t in page.tickets)


def test_the_customer_360_lists_only_the_complaints_one_may_see_until_one_serves_the_caller(
    api: TestClient, bank: Bank
) -> None:
    path = f"/customers/{bank.zhang}"
    assert [t["id"] for t in api.get(path, headers=auth_headers(api)).json()["open_tickets"]] == [
        bank.open_ticket
    ]
    other = api.get(path, headers=auth_headers(api, "agent02")).json()
    assert other["open_tickets"] == []
    assert {"kind": "open_complaint", "note": ""} in other["alerts"]  # the flag stays
    assert_problem(
        api.get(f"/tickets/{bank.open_ticket}", headers=auth_headers(api, "agent02")), 404
    )

    # On a call with Zhang, agent02 may read Zhang's complaints (the caller may be phoning
    # about one), but not change them.
    take_call(api, "agent02", ZHANG_PHONE)
    serving = api.get(path, headers=auth_headers(api, "agent02")).json()
    assert [t["id"] for t in serving["open_tickets"]] == [bank.open_ticket]
    read = api.get(f"/tickets/{bank.open_ticket}", headers=auth_headers(api, "agent02"))
    assert read.status_code == 200, read.text
    assert_problem(
        _edit(api, bank.open_ticket, "agent02", severity="high"), 403, "ticket.not_permitted"
    )
    # Another customer's complaint stays hidden.
    assert_problem(
        api.get(f"/tickets/{bank.closed_ticket}", headers=auth_headers(api, "agent02")), 404
    )


def test_only_the_teams_supervisor_assigns_and_only_to_an_active_agent_or_supervisor(
    api: TestClient, bank: Bank
) -> None:
    assert_problem(
        _edit(api, bank.open_ticket, "agent01", assignee="agent01"), 403, "ticket.not_permitted"
    )
    assert_problem(
        _edit(api, bank.open_ticket, "agent01", team="cards"), 403, "ticket.not_permitted"
    )
    for nobody in ("cc.li", "retired", "admin01"):
        refused = assert_problem(
            _edit(api, bank.open_ticket, "sup01", assignee=nobody), 422, "ticket.unknown_assignee"
        )
        assert [e["field"] for e in refused["errors"]] == ["assignee"]
    assigned = _edit(api, bank.open_ticket, "sup01", assignee="agent01")
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["assignee"] == "agent01"
    # Now agent01 holds it; agent02 (another team) still may not see it.
    assert _edit(api, bank.open_ticket, "agent01", status="pending_customer").status_code == 200
    assert_problem(
        api.get(f"/tickets/{bank.open_ticket}", headers=auth_headers(api, "agent02")), 404
    )


def test_a_pushed_edit_of_a_ticket_one_may_not_see_is_refused_like_an_unknown_one(
    api: TestClient, bank: Bank
) -> None:
    headers = auth_headers(api, "agent02")
    hidden = mutation(
        1, "ticket.update", {"changes": {"severity": "high"}}, entity_id=str(bank.open_ticket)
    )
    missing = mutation(2, "ticket.update", {"changes": {"severity": "high"}}, entity_id="999999")
    results = [
        MutationResult.model_validate(r)
        for r in push(api, headers, hidden, missing).json()["results"]
    ]
    assert [r.status for r in results] == [ResultStatus.REJECTED] * 2
    problems = [r.problem for r in results]
    assert all(p is not None and p.code == "sync.ticket_not_found" for p in problems)
    assert api.get(f"/tickets/{bank.open_ticket}", headers=auth_headers(api)).json()[
        "severity"
    ] == ("medium")
