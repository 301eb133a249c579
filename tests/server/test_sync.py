"""Sync: pulling changes by sequence (paging, scope, masking) and pushing mutations exactly
once (replays, key reuse, rejections, ticket merges, record-level idempotency)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select, update

from agentdesk.contract.sync import ChangesPage, MutationResult, PushResponse, ResultStatus
from agentdesk.domain.complaints.calendars import calendar
from agentdesk.server import models
from agentdesk.server.db import make_engine, make_session_factory
from agentdesk.server.users import create_user
from agentdesk.services.flows import shipped_flows
from tests.server.conftest import (
    FAMILY_PHONE,
    PASSWORD,
    SMITH_PHONE,
    ZHANG_ID,
    ZHANG_INTERACTIONS,
    ZHANG_PAN,
    ZHANG_PHONE,
    Bank,
    ClientFactory,
    assert_problem,
    auth_headers,
)
from tests.server.sync_helpers import interaction_payload, mutation, pull_all, push

ALL_HISTORY = {"sync_interaction_days": 36500}  # the fixture's interactions are from 2025


def _count(url: str, model: Any) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(model)).scalar_one())
    finally:
        engine.dispose()


def _results(response: Any) -> list[MutationResult]:
    assert response.status_code == 200, response.text
    return PushResponse.model_validate(response.json()).results


# -- pull ----------------------------------------------------------------------------------


def test_paging_covers_every_record_exactly_once_and_the_cursor_resumes(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(**ALL_HISTORY)
    headers = auth_headers(client)
    pages, cursor = pull_all(client, headers, limit=4)
    assert len(pages) > 5
    seen: dict[str, list[int]] = {"customers": [], "tickets": [], "interactions": []}
    for page in pages:
        assert page.high_water >= page.cursor
        for name in seen:
            seen[name].extend(record.id for record in getattr(page, name))
        assert len(page.customers) + len(page.tickets) + len(page.interactions) <= 4
    assert sorted(seen["customers"]) == sorted([bank.zhang, bank.li, bank.wang, bank.smith])
    assert sorted(seen["tickets"]) == sorted([bank.open_ticket, bank.closed_ticket])
    assert len(seen["interactions"]) == len(set(seen["interactions"])) == ZHANG_INTERACTIONS
    assert pages[-1].has_more is False and cursor == pages[-1].high_water
    # Resuming from the last cursor finds nothing new.
    again, _ = pull_all(client, headers, since=cursor)
    assert [len(p.customers) + len(p.tickets) + len(p.interactions) for p in again] == [0]


def test_each_page_with_more_after_it_links_to_the_next(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(**ALL_HISTORY)
    headers = auth_headers(client)
    followed: list[ChangesPage] = []
    url: str | None = "/sync/changes?since=0&limit=4"
    while url is not None and len(followed) < 100:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        followed.append(ChangesPage.model_validate(response.json()))
        next_link = response.links.get("next")
        url = next_link["url"] if next_link else None
    by_cursor, _ = pull_all(client, headers, limit=4)
    # Following the links reads the pages the cursors read, and stops at the last one.
    assert followed == by_cursor and len(followed) > 5
    assert followed[-1].has_more is False


def test_customer_records_carry_full_phones_and_masked_identity(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client()
    pages, _ = pull_all(client, auth_headers(client))
    records = {c.id: c for page in pages for c in page.customers}
    zhang = records[bank.zhang]
    assert zhang.phones == [ZHANG_PHONE]
    assert zhang.id_last4 == ZHANG_ID[-4:] and ZHANG_ID not in zhang.id_number_masked
    (card,) = zhang.holdings.cards
    assert card.pan_masked.endswith(ZHANG_PAN[-4:]) and ZHANG_PAN not in card.pan_masked
    assert [a.kind.value for a in zhang.alerts] == ["vulnerable", "open_complaint"]
    assert sorted(records[bank.li].phones + records[bank.wang].phones) == [FAMILY_PHONE] * 2


def test_a_write_after_a_pull_appears_in_the_next_pull(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    client = make_client()
    headers = auth_headers(client)
    _, cursor = pull_all(client, headers)
    results = _results(
        push(client, headers, mutation(1, "interaction.create", interaction_payload(bank.smith)))
    )
    # A phone added to a customer re-stamps the customer.
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            session.add(models.CustomerPhone(customer_id=bank.li, e164="+8613700000001"))
            session.commit()
    finally:
        engine.dispose()
    pages, _ = pull_all(client, headers, since=cursor)
    assert [i.id for p in pages for i in p.interactions] == [results[0].entity_id]
    assert [c.id for p in pages for c in p.customers] == [bank.li]
    assert "+8613700000001" in pages[-1].customers[0].phones


def test_interactions_older_than_the_window_are_not_synced(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client()  # 90 days: the fixture's 2025 history is older
    headers = auth_headers(client)
    pages, _ = pull_all(client, headers)
    assert [i for p in pages for i in p.interactions] == []


def test_admins_may_not_pull_customer_data(client: TestClient, bank: Bank) -> None:
    assert_problem(client.get("/sync/changes", headers=auth_headers(client, "admin01")), 403)
    assert_problem(client.get("/sync/changes"), 401)


def test_limit_is_bounded(client: TestClient, bank: Bank) -> None:
    response = client.get("/sync/changes", params={"limit": 5001}, headers=auth_headers(client))
    assert_problem(response, 422)


def test_tasks_are_visible_to_their_owner_only(
    client: TestClient, bank: Bank, migrated_url: str
) -> None:
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            create_user(session, "agent02", "Agent Two", "agent", PASSWORD)
            session.commit()
    finally:
        engine.dispose()
    due = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    mine = auth_headers(client)
    results = _results(
        push(client, mine, mutation(1, "task.create", {"customer_id": bank.zhang, "due_at": due}))
    )
    assert results[0].status is ResultStatus.APPLIED
    owner_pages, _ = pull_all(client, mine)
    assert [t.id for p in owner_pages for t in p.tasks] == [results[0].entity_id]
    assert owner_pages[-1].tasks[0].owner == "agent01"
    other_pages, _ = pull_all(client, auth_headers(client, "agent02", "ws-2"))
    assert [t for p in other_pages for t in p.tasks] == []


# -- push ----------------------------------------------------------------------------------


def test_push_applies_once_and_a_replay_returns_the_first_result(
    client: TestClient, bank: Bank, migrated_url: str
) -> None:
    headers = auth_headers(client)
    first = mutation(1, "interaction.create", interaction_payload(bank.zhang))
    second = mutation(2, "interaction.create", interaction_payload(bank.li))
    response = push(client, headers, first, second)
    applied = _results(response)
    assert [r.status for r in applied] == [ResultStatus.APPLIED] * 2
    assert PushResponse.model_validate(response.json()).last_applied_seq == 2
    counts = (_count(migrated_url, models.Interaction), _count(migrated_url, models.SyncMutation))

    replay = push(client, headers, first, second)
    replayed = _results(replay)
    assert [r.status for r in replayed] == [ResultStatus.DUPLICATE] * 2
    for before, after in zip(applied, replayed, strict=True):
        assert after.model_dump(exclude={"status"}) == before.model_dump(exclude={"status"})
    assert PushResponse.model_validate(replay.json()).last_applied_seq == 2
    assert (
        _count(migrated_url, models.Interaction),
        _count(migrated_url, models.SyncMutation),
    ) == counts
    assert applied[0].record is not None and applied[0].record["agent"] == "agent01"


def test_a_mixed_batch_keeps_every_outcome_and_stamps_each_new_interaction(
    client: TestClient, bank: Bank, migrated_url: str
) -> None:
    """Plain wrap-ups go through the bulk path; the rest of the batch keeps its own outcome
    (rejected, duplicate by client id, linked caller) and its order in the results."""
    headers = auth_headers(client)
    before = _count(migrated_url, models.Interaction)
    _, cursor = pull_all(client, headers)
    repeated = "c-repeated-client-id"
    batch = [
        mutation(1, "interaction.create", interaction_payload(bank.zhang), entity_id=repeated),
        mutation(2, "interaction.create", interaction_payload(999_999)),
        mutation(3, "interaction.create", interaction_payload(bank.li)),
        mutation(4, "interaction.create", interaction_payload(bank.wang), entity_id=repeated),
        mutation(5, "interaction.create", {"channel": "phone_in"}),
        mutation(6, "interaction.create", interaction_payload(bank.smith)),
    ]
    results = _results(push(client, headers, *batch))

    assert [r.status for r in results] == [
        ResultStatus.APPLIED,
        ResultStatus.REJECTED,
        ResultStatus.APPLIED,
        ResultStatus.DUPLICATE,
        ResultStatus.REJECTED,
        ResultStatus.APPLIED,
    ]
    assert [r.seq for r in results] == [1, 2, 3, 4, 5, 6]
    assert results[3].entity_id == results[0].entity_id
    assert _count(migrated_url, models.Interaction) == before + 3
    pages, _ = pull_all(client, headers, since=cursor)
    pulled = {i.id: i for page in pages for i in page.interactions}
    for result in (results[0], results[2], results[5]):
        assert result.entity_id in pulled
        assert result.record is not None
        assert pulled[result.entity_id].client_id == result.record["client_id"]


@contextmanager
def _inserts_into(table: str) -> Iterator[list[str]]:
    """The INSERT statements into ``table`` that any engine runs meanwhile."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()} "):
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def _wrap_up(customer_id: int | None, caller: str, call_id: str, **extra: Any) -> dict[str, Any]:
    """A wrap-up as the desktop's CallService.record_wrap_up sends it: the customer the cache
    knew (or none), the caller's number, the telephony's call id, the call's queue and times."""
    started = datetime.now(UTC) - timedelta(minutes=6)
    return interaction_payload(
        customer_id,
        phone_e164=caller,
        call_id=call_id,
        queue="retail",
        reason="card_lost",
        ended_at=(started + timedelta(minutes=5)).isoformat(),
        **({"started_at": started.isoformat()} | extra),
    )


def test_real_wrap_ups_go_in_one_insert_apply_once_and_pull_back_intact(
    client: TestClient, bank: Bank, migrated_url: str
) -> None:
    headers = auth_headers(client)
    _, cursor = pull_all(client, headers)
    wrap_ups = [
        _wrap_up(bank.zhang, ZHANG_PHONE, "call-1", ticket_id=bank.open_ticket),
        _wrap_up(bank.li, FAMILY_PHONE, "call-2", notes="挂失了借记卡，已补办"),
        _wrap_up(bank.wang, FAMILY_PHONE, "call-3", wrap_up_code="callback"),
        _wrap_up(None, SMITH_PHONE, "call-4"),  # a caller the cache did not know: linked
        _wrap_up(None, FAMILY_PHONE, "call-5"),  # a number a family shares: never a guess
        _wrap_up(None, "+8613600000000", "call-6"),  # nobody's number
    ]
    batch = [mutation(n, "interaction.create", w) for n, w in enumerate(wrap_ups, start=1)]
    not_a_number = mutation(7, "interaction.create", _wrap_up(bank.zhang, "12345", "call-7"))
    before = _count(migrated_url, models.Interaction)

    with _inserts_into("interactions") as inserts:
        results = _results(push(client, headers, *batch, not_a_number))
    applied, rejected = results[:6], results[6]
    assert [r.status for r in applied] == [ResultStatus.APPLIED] * 6
    assert rejected.status is ResultStatus.REJECTED
    assert rejected.problem is not None and rejected.problem.code == "invalid_phone"
    assert len(inserts) == 1  # the whole batch in one statement

    replayed = _results(push(client, headers, *batch))
    assert [r.status for r in replayed] == [ResultStatus.DUPLICATE] * 6
    assert [r.record for r in replayed] == [r.record for r in applied]
    assert _count(migrated_url, models.Interaction) == before + 6

    pages, _ = pull_all(client, headers, since=cursor)
    pulled = {i.id: i.model_dump(mode="json") for page in pages for i in page.interactions}
    assert [pulled[r.entity_id or 0] for r in applied] == [r.record for r in applied]
    records = [r.record or {} for r in applied]
    assert [r["customer_id"] for r in records] == [
        bank.zhang, bank.li, bank.wang, bank.smith, None, None
    ]  # fmt: skip
    assert [r["phone_e164"] for r in records] == [w["phone_e164"] for w in wrap_ups]
    assert [r["call_id"] for r in records] == [f"call-{n}" for n in range(1, 7)]
    assert records[0]["ticket_id"] == bank.open_ticket
    assert records[1]["notes"] == "挂失了借记卡，已补办"
    assert {r["queue"] for r in records} == {"retail"}
    assert {r["agent"] for r in records} == {"agent01"}


def test_a_key_reused_with_another_payload_is_422_and_applies_nothing(
    client: TestClient, bank: Bank, migrated_url: str
) -> None:
    headers = auth_headers(client)
    original = mutation(
        1, "interaction.create", interaction_payload(bank.zhang), key="key-reused-1"
    )
    _results(push(client, headers, original))
    before = _count(migrated_url, models.Interaction)
    changed = {**original, "seq": 2, "payload": interaction_payload(bank.zhang, notes="other")}
    fresh = mutation(3, "interaction.create", interaction_payload(bank.li))
    body = assert_problem(push(client, headers, fresh, changed), 422, "sync.key_reused")
    assert "key-reused-1" in body["detail"]
    assert _count(migrated_url, models.Interaction) == before  # not even the fresh one


def test_a_rejected_payload_is_recorded_and_replayed_identically(
    client: TestClient, bank: Bank, migrated_url: str
) -> None:
    headers = auth_headers(client)
    bad = mutation(1, "interaction.create", {"channel": "pigeon", "started_at": "soon"})
    missing = mutation(2, "ticket.create", {
        "customer_id": 999_999, "category": "fees", "severity": "low",
        "channel": "phone_in", "summary": "x",
    })  # fmt: skip
    first = _results(push(client, headers, bad, missing))
    assert [r.status for r in first] == [ResultStatus.REJECTED] * 2
    assert first[0].problem is not None and first[0].problem.code == "validation_failed"
    assert {e.field for e in first[0].problem.errors or []} >= {"channel", "wrap_up_code"}
    assert first[1].problem is not None and first[1].problem.code == "sync.customer_not_found"
    assert _count(migrated_url, models.SyncMutation) == 2
    again = _results(push(client, headers, bad, missing))
    assert [r.model_dump() for r in again] == [r.model_dump() for r in first]


def test_an_unknown_caller_is_linked_to_the_one_customer_with_the_number(
    client: TestClient, bank: Bank
) -> None:
    headers = auth_headers(client)
    results = _results(
        push(
            client,
            headers,
            mutation(1, "interaction.create", interaction_payload(None, phone_e164=SMITH_PHONE)),
            mutation(2, "interaction.create", interaction_payload(None, phone_e164=FAMILY_PHONE)),
            mutation(
                3, "interaction.create", interaction_payload(None, phone_e164="+8613600000000")
            ),
        )
    )
    linked, family, stranger = (r.record or {} for r in results)
    assert linked["customer_id"] == bank.smith and linked["phone_e164"] == SMITH_PHONE
    assert family["customer_id"] is None  # two customers share it: never a guess
    assert stranger["customer_id"] is None and stranger["phone_e164"] == "+8613600000000"


def _ticket_create(customer_id: int) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "category": "fees",
        "severity": "medium",
        "channel": "phone_in",
        "summary": "Charged twice",
    }


def test_ticket_create_sets_reference_and_the_15_day_clock(client: TestClient, bank: Bank) -> None:
    headers = auth_headers(client)
    (result,) = _results(
        # Zhang's phone is Chinese: the PRC's rule pack (Smith's is British: the UK's).
        push(client, headers, mutation(1, "ticket.create", _ticket_create(bank.zhang)))
    )
    record = result.record or {}
    assert result.status is ResultStatus.APPLIED and result.version == 1
    assert record["reference"].startswith("CMP-") and record["reference"].endswith(
        f"{result.entity_id:07d}"
    )
    opened = datetime.fromisoformat(record["opened_at"])
    due = datetime.fromisoformat(record["due_at"])
    # 15 days, or later only when the 15th day is not a PRC working day (then the next one is)
    china = timezone(timedelta(hours=8))
    day_15 = (opened + timedelta(days=15)).astimezone(china).date()
    cn = calendar("cn")
    assert due.astimezone(china).date() == cn.next_working_day(day_15)
    assert due.time() == opened.time()
    assert record["status"] == "new"


def test_a_record_created_twice_with_one_client_id_is_made_once(
    client: TestClient, bank: Bank, migrated_url: str
) -> None:
    headers = auth_headers(client)
    before = _count(migrated_url, models.Ticket)
    first = mutation(1, "ticket.create", _ticket_create(bank.smith), entity_id="client-t-1")
    second = mutation(2, "ticket.create", _ticket_create(bank.smith), entity_id="client-t-1")
    a, b = _results(push(client, headers, first, second))
    assert (a.status, b.status) == (ResultStatus.APPLIED, ResultStatus.DUPLICATE)
    assert a.entity_id == b.entity_id
    assert _count(migrated_url, models.Ticket) == before + 1


def test_ticket_update_by_client_id_merges_disjoint_fields(client: TestClient, bank: Bank) -> None:
    headers = auth_headers(client)
    create = mutation(1, "ticket.create", _ticket_create(bank.smith), entity_id="client-t-2")
    (created,) = _results(push(client, headers, create))
    # Someone else raises the severity on the server...
    etag = client.get(f"/tickets/{created.entity_id}", headers=headers).headers["ETag"]
    raised = client.patch(
        f"/tickets/{created.entity_id}",
        json={"changes": {"severity": "high"}},
        headers={**headers, "If-Match": etag},
    )
    assert raised.status_code == 200, raised.text
    # ...while the agent, offline, rewrote the summary from version 1.
    edit = mutation(
        2,
        "ticket.update",
        {"changes": {"summary": "Charged twice in March"}, "base": {"summary": "Charged twice"}},
        entity_id="client-t-2",
        base_version=1,
    )
    (result,) = _results(push(client, headers, edit))
    assert result.status is ResultStatus.APPLIED and result.version == 3
    record = result.record or {}
    assert (record["summary"], record["severity"]) == ("Charged twice in March", "high")


def test_ticket_update_of_a_field_changed_on_both_sides_is_a_conflict(
    client: TestClient, bank: Bank
) -> None:
    headers = auth_headers(client)
    ticket = client.get(f"/tickets/{bank.open_ticket}", headers=headers)
    client.patch(
        f"/tickets/{bank.open_ticket}",
        json={"changes": {"status": "pending_customer"}},
        headers={**headers, "If-Match": ticket.headers["ETag"]},
    ).raise_for_status()
    edit = mutation(
        1,
        "ticket.update",
        {
            "changes": {"status": "resolved", "severity": "high"},
            "base": {"status": "investigating", "severity": "medium"},
        },
        entity_id=str(bank.open_ticket),
        base_version=1,
    )
    (result,) = _results(push(client, headers, edit))
    assert result.status is ResultStatus.CONFLICT
    (conflict,) = result.conflicts
    assert (conflict.field, conflict.base, conflict.mine, conflict.theirs) == (
        "status", "investigating", "resolved", "pending_customer",
    )  # fmt: skip
    # Nothing of that mutation applied, not even the field without conflict.
    current = client.get(f"/tickets/{bank.open_ticket}", headers=headers).json()
    assert (current["status"], current["severity"], current["version"]) == (
        "pending_customer", "medium", 2,
    )  # fmt: skip
    assert result.record is not None and result.record["version"] == 2


def test_push_for_another_workstation_is_refused(client: TestClient, bank: Bank) -> None:
    response = client.post(
        "/sync/push",
        json={
            "workstation_id": "ws-somebody-else",
            "mutations": [mutation(1, "interaction.create", interaction_payload(bank.zhang))],
        },
        headers=auth_headers(client),
    )
    assert_problem(response, 403, "sync.workstation_mismatch")


def test_expired_keys_are_purged(make_client: ClientFactory, bank: Bank, migrated_url: str) -> None:
    client = make_client()
    headers = auth_headers(client)
    _results(
        push(client, headers, mutation(1, "interaction.create", interaction_payload(bank.zhang)))
    )
    engine = make_engine(migrated_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                update(models.SyncMutation).values(
                    applied_at=datetime.now(UTC) - timedelta(days=15)
                )
            )
    finally:
        engine.dispose()
    client.app.state.purger._next = None  # type: ignore[attr-defined]  # due now
    _results(push(client, headers, mutation(2, "interaction.create", interaction_payload(bank.li))))
    assert _count(migrated_url, models.SyncMutation) == 1


@pytest.mark.parametrize("limit", [1, 2, 1000])
def test_seeded_rows_are_stamped_and_paged(limit: int, tmp_path: Any) -> None:
    from agentdesk.config.server import ServerSettings
    from agentdesk.demo.seed import seed_database
    from agentdesk.server.app import create_app

    url = f"sqlite:///{tmp_path / 'seeded.db'}"
    report = seed_database(url, customers=12, progress=False, reference=datetime.now(UTC).date())
    with TestClient(create_app(ServerSettings(sync_interaction_days=36500), url)) as client:
        headers = auth_headers_demo(client)
        pages, cursor = pull_all(client, headers, limit=limit)
    customers = [c.id for p in pages for c in p.customers]
    interactions = [i.id for p in pages for i in p.interactions]
    flows = [(f.flow_id, f.version) for p in pages for f in p.flows]
    assert sorted(customers) == list(range(1, 13))
    assert len(interactions) == len(set(interactions)) == report.rows["interactions"]
    # The server published the shipped flows when it started: they follow the seeded rows.
    assert sorted(flows) == sorted((d.id, d.version) for d in shipped_flows())
    total = sum(report.rows.get(t, 0) for t in ("customers", "tickets", "interactions"))
    assert cursor == pages[-1].high_water == total + len(flows)
    assert all(isinstance(p, ChangesPage) for p in pages)


def auth_headers_demo(client: TestClient) -> dict[str, str]:
    response = client.post(
        "/auth/login",
        json={"username": "agent01", "password": "demo", "workstation_id": "ws-test-1"},
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
