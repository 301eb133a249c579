"""Backend test fixtures: a migrated database of each kind, a small handcrafted bank (users
of every role, four customers of whom two share a phone, holdings, interactions, tickets) and
TestClients over ``create_app``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from agentdesk.config.settings import Settings
from agentdesk.domain.clock import Clock
from agentdesk.server import models
from agentdesk.server.app import create_app
from agentdesk.server.clock import utcnow
from agentdesk.server.db import make_engine, make_session_factory, migrate
from agentdesk.server.users import create_user

PASSWORD = "correct horse battery staple"
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

# Personal data of the fixture customers, so tests can check it never leaks unmasked.
ZHANG_PHONE = "+8613812345678"
ZHANG_PAN = "6225881234567890"
ZHANG_ACCOUNT = "6222020200012345678"
ZHANG_ID = "11010119900307123X"
ZHANG_EMAIL = "zhang.wei@example.com"
FAMILY_PHONE = "+8613900001111"
SMITH_PHONE = "+447911123456"
ZHANG_INTERACTIONS = 25


@dataclass(frozen=True)
class Bank:
    """Ids of the fixture rows."""

    zhang: int
    li: int
    wang: int
    smith: int
    open_ticket: int
    closed_ticket: int


def new_customer(cif: str, name: str, pinyin: str = "", **extra: Any) -> models.Customer:
    """A customer row with plain defaults (``pinyin`` left out: the server makes it)."""
    values: dict[str, Any] = {
        "cif": cif,
        "name": name,
        "name_pinyin": pinyin,
        "birth_date": date(1990, 3, 7),
        "id_number": "310101198001011234",
        "email": "",
        "tier": "mass",
        "segments": [],
        "aum": Decimal("10000.00"),
        "yearly_revenue": Decimal("100.00"),
        "risk_profile": "C2",
        "risk_assessed_on": date(2024, 6, 1),
        "alerts": [],
        "updated_at": T0,
    }
    values.update(extra)
    return models.Customer(**values)


def seed_bank(url: str) -> Bank:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as s:
            create_user(s, "agent01", "Agent One", "agent", PASSWORD, team="retail")
            create_user(s, "sup01", "Supervisor One", "supervisor", PASSWORD, team="retail")
            create_user(s, "admin01", "Admin One", "admin", PASSWORD)
            zhang = new_customer(
                "CIF0001",
                "张伟",
                "zhang wei",
                id_number=ZHANG_ID,
                email=ZHANG_EMAIL,
                tier="platinum",
                aum=Decimal("2500000.00"),
                risk_profile="C4",
                segments=["age_35_44", "digital"],
                alerts=[{"kind": "vulnerable", "note": "hearing impaired"}],
                relationship_manager="rm.chen",
            )
            li = new_customer("CIF0002", "李娜", "li na")
            wang = new_customer("CIF0003", "王芳", "wang fang")
            smith = new_customer("CIF0004", "John Smith", "john smith", language="en")
            s.add_all([zhang, li, wang, smith])
            s.flush()
            s.add_all(
                [
                    models.CustomerPhone(customer_id=zhang.id, e164=ZHANG_PHONE),
                    models.CustomerPhone(customer_id=li.id, e164=FAMILY_PHONE, kind="home"),
                    models.CustomerPhone(customer_id=wang.id, e164=FAMILY_PHONE, kind="home"),
                    models.CustomerPhone(customer_id=smith.id, e164=SMITH_PHONE),
                    models.Account(
                        customer_id=zhang.id,
                        kind="savings",
                        number=ZHANG_ACCOUNT,
                        balance=Decimal("120000.50"),
                    ),
                    models.Card(
                        customer_id=zhang.id,
                        kind="credit",
                        product="Platinum Visa",
                        pan=ZHANG_PAN,
                        credit_limit=Decimal("50000.00"),
                    ),
                    models.Loan(
                        customer_id=zhang.id,
                        kind="mortgage",
                        principal=Decimal("1000000.00"),
                        outstanding=Decimal("800000.00"),
                        rate_pct=Decimal("3.850"),
                        matures_on=date(2045, 1, 1),
                    ),
                    models.WealthHolding(
                        customer_id=zhang.id,
                        product_code="WM001",
                        product_name="Steady Income No. 1",
                        risk_level="R2",
                        market_value=Decimal("300000.00"),
                        unrealized_pnl=Decimal("-1200.00"),
                    ),
                ]
            )
            open_ticket = models.Ticket(
                reference="CMP-2025-0001",
                customer_id=zhang.id,
                category="fees",
                severity="medium",
                channel="phone_in",
                status="investigating",
                summary="Annual fee charged twice",
                team="retail",  # the team of agent01 and sup01
                opened_at=T0,
                due_at=T0 + timedelta(days=15),
                updated_at=T0,
            )
            closed_ticket = models.Ticket(
                reference="CMP-2025-0002",
                customer_id=li.id,
                category="cards",
                severity="low",
                channel="phone_in",
                status="closed",
                summary="Card delivery late",
                team="retail",
                opened_at=T0,
                due_at=T0 + timedelta(days=15),
                updated_at=T0,
            )
            s.add_all([open_ticket, closed_ticket])
            s.flush()
            s.add_all(
                models.Interaction(
                    customer_id=zhang.id,
                    channel="phone_in",
                    started_at=T0 + timedelta(days=i),
                    ended_at=T0 + timedelta(days=i, minutes=5),
                    agent="agent01",
                    queue="general",
                    reason=f"contact {i}",
                )
                for i in range(ZHANG_INTERACTIONS)
            )
            s.commit()
            return Bank(zhang.id, li.id, wang.id, smith.id, open_ticket.id, closed_ticket.id)
    finally:
        engine.dispose()


@pytest.fixture
def migrated_url(database_url: str) -> str:
    migrate(database_url)
    return database_url


@pytest.fixture
def bank(migrated_url: str) -> Bank:
    return seed_bank(migrated_url)


ClientFactory = Callable[..., TestClient]


def server_app(
    database_url: str, *, demo: bool = False, clock: Clock = utcnow, **settings: Any
) -> FastAPI:
    """The app over ``database_url``, told ``settings`` by their flat names as the command line
    gives them (``access_token_minutes=5``, ``telephony_tick_seconds=0``)."""
    told = Settings(**settings)
    return create_app(told.server, database_url, telephony=told.telephony, demo=demo, clock=clock)


@pytest.fixture
def make_client(migrated_url: str) -> Iterator[ClientFactory]:
    """``make_client(demo=False, clock=utcnow, **settings)``: a TestClient over a fresh app
    running on ``clock``."""
    opened: list[TestClient] = []

    def make(*, demo: bool = False, clock: Clock = utcnow, **settings: Any) -> TestClient:
        app = server_app(migrated_url, demo=demo, clock=clock, **settings)
        client = TestClient(app).__enter__()  # runs the lifespan (engine disposed on exit)
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: ClientFactory, bank: Bank) -> TestClient:
    return make_client()


def login(
    client: TestClient, username: str = "agent01", workstation_id: str = "ws-test-1"
) -> dict[str, Any]:
    response = client.post(
        "/auth/login",
        json={"username": username, "password": PASSWORD, "workstation_id": workstation_id},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def auth_headers(
    client: TestClient, username: str = "agent01", workstation_id: str = "ws-test-1"
) -> dict[str, str]:
    return {"Authorization": f"Bearer {login(client, username, workstation_id)['access_token']}"}


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem of ``status`` (and ``code``)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"] == f"urn:agentdesk:problem:{body['code']}"
    if code is not None:
        assert body["code"] == code
    return body


def add_user(
    url: str, username: str, role: str = "agent", team: str = "retail", *, active: bool = True
) -> None:
    """One more user (password :data:`PASSWORD`)."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            user = create_user(session, username, username.title(), role, PASSWORD, team=team)
            user.active = active
            session.commit()
    finally:
        engine.dispose()


def take_call(client: TestClient, username: str, caller: str) -> str:
    """``username`` (an agent) goes ready, a call from ``caller`` rings them (as the PBX
    offers it) and they answer it through the API; returns the call id."""
    headers = auth_headers(client, username)
    ready = client.post("/telephony/presence", json={"state": "ready"}, headers=headers)
    assert ready.status_code == 200, ready.text
    switchboard = client.app.state.switchboard  # type: ignore[attr-defined]
    queue = switchboard.queues_of(username)[0]
    call = switchboard.offer(caller, queue)
    assert call.agent == username, "another ready agent took the call"
    answered = client.post(f"/telephony/calls/{call.id}/answer", headers=headers)
    assert answered.status_code == 200, answered.text
    return str(call.id)
