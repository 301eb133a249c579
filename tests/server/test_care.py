"""Care rules on the server (SQLite and PostgreSQL): a fund price change that crosses the loss
threshold makes one care task with the figures, for the care queue, on every desk's feed; the
daily scan made twice makes nothing new; nothing for a customer who said do-not-call; a
resolved complaint has one confirmation task, not two; the tier and segments are recomputed
and carried by the feed and the 360."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select

from agentdesk.server import care, models
from agentdesk.server.db import make_engine, make_session_factory
from tests.server.complaint_helpers import FakeClock, open_complaint, post
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

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Beijing, 2 March
FUND = "WM-R4-001"  # Tech Innovation Hybrid Fund, on the shelf


def _hold(url: str, customer_id: int, *, units: str = "100000", do_not_call: bool = False) -> int:
    """Give the customer 100,000 units of FUND bought at 1.00 (no loss yet)."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            customer = session.get(models.Customer, customer_id)
            assert customer is not None
            customer.do_not_call = do_not_call
            # Assessed this year: no re-assessment task beside the one the test is about.
            customer.risk_assessed_on = date(2026, 1, 5)
            holding = models.WealthHolding(
                customer_id=customer_id,
                product_code=FUND,
                product_name="Tech Innovation Hybrid Fund",
                risk_level="R4",
                market_value=Decimal(units),
                unrealized_pnl=Decimal(0),
                units=Decimal(units),
            )
            session.add(holding)
            customer.aum += Decimal(units)
            session.commit()
            return holding.id
    finally:
        engine.dispose()


def _care_tasks(url: str, customer_id: int | None = None) -> list[models.Task]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            query = select(models.Task).where(models.Task.kind == "care").order_by(models.Task.id)
            if customer_id is not None:
                query = query.where(models.Task.customer_id == customer_id)
            rows = list(session.scalars(query))
            session.expunge_all()
            return rows
    finally:
        engine.dispose()


def _price(client: TestClient, nav: str, code: str = FUND) -> dict[str, object]:
    response = client.post(
        f"/admin/products/{code}/price",
        json={"nav": nav},
        headers=auth_headers(client, "admin01"),
    )
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _scan(client: TestClient, clock: FakeClock) -> int:
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        return care.scan(session, clock())


def test_a_fund_price_fall_past_the_threshold_makes_one_care_task_with_the_figures(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    _hold(migrated_url, bank.li)
    client = make_client(clock=FakeClock(NOW), care_scan_seconds=0)

    assert _price(client, "0.95")["care_tasks"] == []  # down 5 %: under the 10 % threshold
    changed = _price(client, "0.88")  # down 12 %
    assert changed["holdings"] == 1 and len(changed["care_tasks"]) == 1  # type: ignore[arg-type]
    assert _price(client, "0.87")["care_tasks"] == []  # the same fall: its task is open

    (task,) = _care_tasks(migrated_url)
    assert (task.customer_id, task.rule, task.reason) == (bank.li, "holding_loss", "holding_down")
    # Li has no relationship manager at the desk: the task waits in the care queue.
    assert (task.owner, task.queue, task.done) == ("", "care", False)
    assert task.figures["product_code"] == FUND
    assert Decimal(task.figures["cost"]) == Decimal("100000.00")
    assert Decimal(task.figures["value"]) == Decimal("88000.00")
    assert Decimal(task.figures["loss"]) == Decimal("12000.00")
    assert task.figures["loss_pct"] == "12.0" and task.figures["threshold_pct"] == "10"
    assert "88000" in task.note  # the text names the figures

    # Every desk gets the queued task on its feed, and the customer's new AUM and tier reason.
    pages, _ = pull_all(client, auth_headers(client))
    tasks = [t for page in pages for t in page.tasks if t.id == task.id]
    assert tasks[-1].queue == "care" and tasks[-1].figures["value"] == task.figures["value"]
    li = [c for page in pages for c in page.customers if c.id == bank.li][-1]
    assert li.aum == Decimal("10000.00") + Decimal("87000.00")
    assert li.tier_reason is not None and li.tier_reason.basis == "below_thresholds"
    assert any(s.kind == "mix" for s in li.segment_details)


def test_the_scan_run_twice_makes_nothing_new_and_nothing_for_do_not_call(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    _hold(migrated_url, bank.li)
    _hold(migrated_url, bank.wang, do_not_call=True)
    clock = FakeClock(NOW)
    client = make_client(clock=clock, care_scan_seconds=0)
    _price(client, "0.80")  # both down 20 %

    assert [t.customer_id for t in _care_tasks(migrated_url)] == [bank.li]
    clock.now = NOW + timedelta(days=1)
    first = _scan(client, clock)
    again = _scan(client, clock)
    assert again == 0
    assert _care_tasks(migrated_url, bank.wang) == []  # do-not-call: never a care call
    holding_tasks = [t for t in _care_tasks(migrated_url, bank.li) if t.rule == "holding_loss"]
    assert len(holding_tasks) == 1
    assert first == len(_care_tasks(migrated_url)) - 1  # the scan's own, if any: once


def test_a_resolved_complaint_has_one_confirmation_task_not_two(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    clock = FakeClock()
    client = make_client(clock=clock, care_scan_seconds=0)
    headers = auth_headers(client)
    ticket_id = open_complaint(client, headers, bank.smith)["entity_id"]
    for step in ("acknowledged", "resolved"):
        body = {"to": step, "resolution": "Refunded."} if step == "resolved" else {"to": step}
        assert post(client, headers, ticket_id, "transitions", body).is_success
    clock.now = clock.now + timedelta(days=8)  # past the rule's confirmation day
    _scan(client, clock)
    confirmations = [
        t for t in _care_tasks(migrated_url, bank.smith) if t.rule == "complaint_confirmation"
    ]
    assert len(confirmations) == 1
    assert confirmations[0].figures["reference"] == confirmations[0].subject


def test_the_price_route_is_for_administrators_and_known_products(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(care_scan_seconds=0)
    path = f"/admin/products/{FUND}/price"
    refused = client.post(path, json={"nav": "1.1"}, headers=auth_headers(client))
    assert_problem(refused, 403)
    admin = auth_headers(client, "admin01")
    assert_problem(client.post("/admin/products/NOPE/price", json={"nav": "1"}, headers=admin), 404)
    assert_problem(client.post(path, json={"nav": "-1"}, headers=admin), 422)
    assert_problem(client.post(path, json={"nav": "abc"}, headers=admin), 422)


def test_the_360_carries_the_tier_reason_after_a_change(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    _hold(migrated_url, bank.zhang, units="1000")
    client = make_client(clock=FakeClock(NOW), care_scan_seconds=0)
    _price(client, "1.10")
    take_call(client, "agent01", ZHANG_PHONE)
    profile = client.get(f"/customers/{bank.zhang}", headers=auth_headers(client))
    assert profile.status_code == 200, profile.text
    reason = profile.json()["tier_reason"]
    assert reason["basis"] == "aum" and profile.json()["tier"] == "platinum"
    assert Decimal(reason["threshold"]) == Decimal("2000000")


def test_a_new_risk_assessment_ends_the_reassessment_task_and_moves_the_segment(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    """Li's assessment of June 2024 has expired: the scan asks for a re-assessment; the
    assessment recorded from the flow ends that task and Li's risk segment follows it."""
    clock = FakeClock(NOW)
    client = make_client(clock=clock, care_scan_seconds=0)
    _scan(client, clock)
    (task,) = [t for t in _care_tasks(migrated_url, bank.li) if t.rule == "reassessment"]
    assert (task.reason, task.done) == ("assessment_expired", False)

    request = {
        "customer_id": bank.li,
        "action": "update_risk_profile",
        "params": {"risk_profile": "C3"},
        "flow_id": "risk_reassessment",
        "flow_version": 1,
        "run_id": "run-1",
        "call_id": "call-1",
    }
    pushed = push(client, auth_headers(client), mutation(1, "service_request.create", request))
    assert pushed.json()["results"][0]["status"] == "applied", pushed.text
    (task,) = [t for t in _care_tasks(migrated_url, bank.li) if t.rule == "reassessment"]
    assert task.done and task.outcome == "reassessed on 2026-03-02"
    pages, _ = pull_all(client, auth_headers(client))
    li = [c for page in pages for c in page.customers if c.id == bank.li][-1]
    risk = [s for s in li.segment_details if s.kind == "risk"]
    assert risk and risk[0].reason == "risk_profile" and risk[0].figures["profile"] == "C3"


def test_a_care_task_goes_to_the_relationship_manager_who_works_at_the_desk(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    add_user(migrated_url, "rm.chen", "agent", team="wealth")  # Zhang's relationship manager
    _hold(migrated_url, bank.zhang)
    client = make_client(clock=FakeClock(NOW), care_scan_seconds=0)
    made = _price(client, "0.85")["care_tasks"]
    assert isinstance(made, list)
    (task_id,) = made
    (task,) = [t for t in _care_tasks(migrated_url, bank.zhang) if t.id == task_id]
    assert (task.owner, task.queue, task.rule) == ("rm.chen", "", "holding_loss")
    # Theirs alone: another agent's feed does not carry it.
    mine, _ = pull_all(client, auth_headers(client, "rm.chen"))
    others, _ = pull_all(client, auth_headers(client))
    assert task_id in {t.id for page in mine for t in page.tasks}
    assert task_id not in {t.id for page in others for t in page.tasks}


def test_the_loss_threshold_an_admin_saves_applies_to_the_next_price_change(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    _hold(migrated_url, bank.li)
    client = make_client(clock=FakeClock(NOW), care_scan_seconds=0)
    admin = auth_headers(client, "admin01")
    settings = client.get("/admin/settings", headers=admin).json()
    saved = client.put(
        "/admin/settings",
        json={**settings, "care_holding_loss_pct": 3.5},
        headers={**admin, "If-Match": f'W/"{settings["version"]}"'},
    )
    assert saved.status_code == 200, saved.text

    changed = _price(client, "0.95")  # down 5 %: past the new 3.5 % threshold
    assert len(changed["care_tasks"]) == 1  # type: ignore[arg-type]
    (task,) = _care_tasks(migrated_url)
    assert task.figures["threshold_pct"] == "3.5" and task.figures["loss_pct"] == "5.0"
