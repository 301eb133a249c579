"""Pushed task updates and the unknown caller's contact (SQLite and PostgreSQL): a care task
done with its outcome ends on the server; a queued one is taken, handed back, rescheduled;
one without an outcome, or someone else's, is refused with the reason. A provisional contact
is merged into the real customer who has the number (at once, or by the scan when one
appears), its contacts move with it, and the feed carries both; a linked phone stays pending
and never pops the customer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from agentdesk.server import care, models
from agentdesk.server.db import make_engine, make_session_factory
from tests.server.actors import seed_actors
from tests.server.complaint_helpers import FakeClock
from tests.server.conftest import ZHANG_PHONE, Bank, ClientFactory, auth_headers
from tests.server.sync_helpers import interaction_payload, mutation, pull_all, push

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
UNKNOWN = "+8613700002222"


def _queued_task(url: str, customer_id: int) -> int:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            task = models.Task(
                customer_id=customer_id,
                kind="care",
                due_at=NOW,
                owner="",
                queue="care",
                note="Call about the fund's fall",
                rule="holding_loss",
                subject="wealth-9:1",
                reason="holding_down",
                figures={"loss_pct": "12.0"},
                client_id=f"care-holding_loss-{customer_id}-wealth-9:1",
                version=1,
            )
            session.add(task)
            session.commit()
            return task.id
    finally:
        engine.dispose()


_SEQ = iter(range(1, 10_000))


def _update(
    client: TestClient, headers: dict[str, str], task_id: int, **payload: Any
) -> dict[str, Any]:
    response = push(
        client,
        headers,
        mutation(next(_SEQ), "task.update", payload, entity_id=str(task_id)),
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["results"][0]
    return result


def test_a_queued_care_task_is_taken_handed_back_and_done_with_its_outcome(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    seed_actors(migrated_url)  # agent02 among them
    task_id = _queued_task(migrated_url, bank.li)
    client = make_client(clock=FakeClock(NOW), care_scan_seconds=0)
    me, other = auth_headers(client), auth_headers(client, "agent02")

    taken = _update(client, me, task_id, action="take")
    assert taken["status"] == "applied"
    assert (taken["record"]["owner"], taken["record"]["queue"]) == ("agent01", "care")
    refused = _update(client, other, task_id, action="done", outcome="called")
    assert refused["status"] == "rejected"  # agent01's now, not agent02's
    assert refused["problem"]["code"] == "sync.task_not_found"

    later = (NOW + timedelta(days=2)).isoformat()
    moved = _update(client, me, task_id, action="reschedule", due_at=later)
    assert moved["record"]["due_at"].startswith("2026-03-04")
    back = _update(client, me, task_id, action="hand_back")
    assert (back["record"]["owner"], back["record"]["queue"]) == ("", "care")

    no_outcome = _update(client, other, task_id, action="done")
    assert no_outcome["status"] == "rejected"
    assert no_outcome["problem"]["code"] == "task.outcome_required"
    done = _update(client, other, task_id, action="done", outcome="Customer keeps the fund")
    assert done["status"] == "applied"
    assert (done["record"]["done"], done["record"]["owner"]) == (True, "agent02")
    assert done["record"]["outcome"] == "Customer keeps the fund"
    # Sent again from another outbox: the task is as it would leave it.
    again = _update(client, other, task_id, action="done", outcome="Customer keeps the fund")
    assert again["status"] == "duplicate"
    assert _update(client, me, task_id, action="take")["status"] == "rejected"

    # Every desk's feed ends with the task done (it was a queue's, so everyone had it).
    pages, _ = pull_all(client, me)
    last = [t for page in pages for t in page.tasks if t.id == task_id][-1]
    assert last.done and last.outcome == "Customer keeps the fund"


def test_a_stale_update_is_a_conflict_returning_the_task(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    task_id = _queued_task(migrated_url, bank.li)
    client = make_client(clock=FakeClock(NOW), care_scan_seconds=0)
    headers = auth_headers(client)
    assert _update(client, headers, task_id, action="take")["record"]["version"] == 2
    response = push(
        client,
        headers,
        mutation(
            next(_SEQ),
            "task.update",
            {"action": "done", "outcome": "called"},
            entity_id=str(task_id),
            base_version=1,
        ),
    )
    result = response.json()["results"][0]
    assert result["status"] == "conflict" and result["record"]["done"] is False


def _contact(
    client: TestClient, headers: dict[str, str], phone: str, client_id: str | None = None
) -> dict[str, Any]:
    payload = {"phone_e164": phone, "name": "陈先生", "language": "zh", "note": "asked about ETFs"}
    made = mutation(next(_SEQ), "contact.create", payload, entity_id=client_id)
    response = push(client, headers, made)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["results"][0]
    return result


def test_a_provisional_contact_of_a_known_number_is_merged_into_the_customer(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(clock=FakeClock(NOW), care_scan_seconds=0)
    headers = auth_headers(client)
    made = _contact(client, headers, ZHANG_PHONE)
    assert made["status"] == "applied" and made["entity"] == "customer"
    assert made["record"]["provisional"] is True
    assert made["record"]["merged_into"] == bank.zhang
    assert made["record"]["phones"] == []  # the number pops the real customer only
    found = client.get("/customers/lookup", params={"phone": ZHANG_PHONE}, headers=headers)
    assert [c["id"] for c in found.json()["matches"]] == [bank.zhang]

    pages, _ = pull_all(client, headers)
    records = {c.id: c for page in pages for c in page.customers}
    assert records[made["entity_id"]].merged_into == bank.zhang
    assert bank.zhang in records


def test_an_unknown_callers_contact_is_merged_when_the_customer_appears(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    clock = FakeClock(NOW)
    client = make_client(clock=clock, care_scan_seconds=0)
    headers = auth_headers(client)
    wrap_up = interaction_payload(None, phone_e164=UNKNOWN)
    assert push(client, headers, mutation(next(_SEQ), "interaction.create", wrap_up)).is_success
    made = _contact(client, headers, UNKNOWN, "contact-1")
    contact_id = made["entity_id"]
    assert made["record"]["merged_into"] is None and made["record"]["phones"] == [UNKNOWN]
    found = client.get("/customers/lookup", params={"phone": UNKNOWN}, headers=headers)
    assert [c["id"] for c in found.json()["matches"]] == [contact_id]  # pops the contact
    # Sent again under another key (an outbox rebuilt): the same contact.
    again = _contact(client, headers, UNKNOWN, "contact-1")
    assert (again["status"], again["entity_id"]) == ("duplicate", contact_id)

    # The bank opens the customer with that number; the next scan merges the contact.
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            session.add(models.CustomerPhone(customer_id=bank.wang, e164=UNKNOWN))
            session.commit()
    finally:
        engine.dispose()
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        care.scan(session, clock())
    pages, _ = pull_all(client, headers)
    records = {c.id: c for page in pages for c in page.customers}
    assert records[contact_id].merged_into == bank.wang
    moved = [i for page in pages for i in page.interactions if i.phone_e164 == UNKNOWN]
    assert moved and moved[-1].customer_id == bank.wang


def test_a_linked_phone_stays_pending_and_never_pops_the_customer(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(clock=FakeClock(NOW), care_scan_seconds=0)
    headers = auth_headers(client)
    payload = {"customer_id": bank.smith, "phone_e164": UNKNOWN}
    linked = push(client, headers, mutation(next(_SEQ), "phone.link", payload)).json()
    result = linked["results"][0]
    assert result["status"] == "applied"
    assert result["record"]["pending_phones"] == [UNKNOWN]
    assert UNKNOWN not in result["record"]["phones"]
    found = client.get("/customers/lookup", params={"phone": UNKNOWN}, headers=headers)
    assert found.status_code == 404
    again = push(client, headers, mutation(next(_SEQ), "phone.link", payload)).json()
    assert again["results"][0]["status"] == "duplicate"
    bad = push(
        client,
        headers,
        mutation(next(_SEQ), "phone.link", {"customer_id": bank.smith, "phone_e164": "12"}),
    ).json()
    assert bad["results"][0]["status"] == "rejected"


def test_offer_outcomes_are_stored_on_the_interaction(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    client = make_client(clock=FakeClock(NOW), care_scan_seconds=0)
    offers = [{"product_code": "WM-R2-001", "outcome": "declined"}]
    wrap_up = interaction_payload(bank.li, offers=offers)
    pushed = push(client, auth_headers(client), mutation(next(_SEQ), "interaction.create", wrap_up))
    assert pushed.json()["results"][0]["status"] == "applied"
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            stored = session.scalars(
                select(models.Interaction.offers).where(models.Interaction.customer_id == bank.li)
            ).all()
    finally:
        engine.dispose()
    assert offers in stored
