"""The real client and session service against the real FastAPI app, in process.

The client's httpx.Client is the app's TestClient (an httpx.Client over the ASGI app), so
these exercise the one contract end to end without a socket: what the server sends is what
the client reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text

from agentdesk.client import ApiClient
from agentdesk.config.server import ServerSettings
from agentdesk.credentials import CredentialStore
from agentdesk.demo.seed import seed_database
from agentdesk.errors import AuthenticationFailed, NotFound, PermissionDenied
from agentdesk.events import EventBus, SessionStarted
from agentdesk.server.app import create_app
from agentdesk.server.db import normalize_url
from agentdesk.services.customers import CustomerService
from agentdesk.services.session import SessionService
from tests.keyring_backend import MemoryKeyring
from tests.signing import TEST_KEYS

SERVER = "http://testserver"


@pytest.fixture
def app_client(database_url: str) -> Iterator[tuple[TestClient, str]]:
    seed_database(database_url, customers=30, progress=False)
    with TestClient(
        create_app(ServerSettings(), database_url, demo=True, signing_keys=TEST_KEYS)
    ) as client:
        yield client, database_url


def _session(client: TestClient, tmp_path: Path, bus: EventBus | None = None) -> SessionService:
    return SessionService(
        lambda url: ApiClient(client),
        CredentialStore(),
        bus or EventBus(),
        data_dir=tmp_path / "data",
        workstation_id="ws-test-01",
    )


def _a_customer_phone(database_url: str) -> tuple[int, str, str]:
    engine = create_engine(normalize_url(database_url))
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "select c.id, c.name, p.e164 from customers c join customer_phones p "
                "on p.customer_id = c.id where p.e164 in (select e164 from customer_phones "
                "group by e164 having count(*) = 1) order by c.id limit 1"
            )
        ).one()
    engine.dispose()
    return int(row[0]), str(row[1]), str(row[2])


def test_login_keeps_the_refresh_token_in_the_keyring_only(
    app_client: tuple[TestClient, str], tmp_path: Path, test_keyring: MemoryKeyring
) -> None:
    client, _ = app_client
    bus = EventBus()
    started: list[SessionStarted] = []
    bus.subscribe(SessionStarted, started.append)
    session = _session(client, tmp_path, bus)

    user = session.login(SERVER, "agent01", "demo")

    assert user.role == "agent" and started[0].username == "agent01"
    secrets = [v for (service, _), v in test_keyring.secrets.items() if service == "agentdesk"]
    assert len(secrets) == 1 and len(secrets[0]) < 200  # fits Windows Credential Manager
    on_disk = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert secrets[0].encode() not in on_disk


def test_a_stored_session_resumes_and_rotates_its_refresh_token(
    app_client: tuple[TestClient, str], tmp_path: Path, test_keyring: MemoryKeyring
) -> None:
    client, _ = app_client
    _session(client, tmp_path).login(SERVER, "agent01", "demo")
    first = dict(test_keyring.secrets)

    resumed = _session(client, tmp_path)
    user = resumed.resume()

    assert user is not None and user.username == "agent01"
    assert test_keyring.secrets != first  # rotated
    resumed.logout()
    assert not any(service == "agentdesk" for service, _ in test_keyring.secrets)
    assert _session(client, tmp_path).resume() is None


def test_screen_pop_finds_the_caller_however_the_number_is_written(
    app_client: tuple[TestClient, str], tmp_path: Path
) -> None:
    client, database_url = app_client
    customer_id, name, e164 = _a_customer_phone(database_url)
    session = _session(client, tmp_path)
    session.login(SERVER, "agent01", "demo")
    customers = CustomerService(session)
    national = e164.removeprefix("+86")

    for spelling in (e164, "0086 " + national, national, f"+86-{national[:3]}-{national[3:]}"):
        pop = customers.screen_pop(spelling)
        assert pop.profile is not None, spelling
        assert pop.profile.id == customer_id and pop.profile.name == name
        assert e164 not in pop.profile.model_dump_json()


def test_an_unknown_caller_is_a_card_not_an_error(
    app_client: tuple[TestClient, str], tmp_path: Path
) -> None:
    client, _ = app_client
    session = _session(client, tmp_path)
    session.login(SERVER, "agent01", "demo")
    pop = CustomerService(session).screen_pop("+86 199 0000 0000")
    assert pop.unknown and pop.profile is None and pop.phone_e164 == "+8619900000000"


def test_every_profile_view_is_audited_with_the_workstation(
    app_client: tuple[TestClient, str], tmp_path: Path
) -> None:
    client, database_url = app_client
    customer_id, _, _ = _a_customer_phone(database_url)
    session = _session(client, tmp_path)
    session.login(SERVER, "agent01", "demo")
    CustomerService(session).profile(customer_id)
    CustomerService(session).profile(customer_id)

    engine = create_engine(normalize_url(database_url))
    with engine.connect() as conn:
        views = conn.execute(
            select(func.count())
            .select_from(text("audit_events"))
            .where(text("action = 'view' and entity_id = :id and workstation_id = 'ws-test-01'"))
            .params(id=str(customer_id))
        ).scalar_one()
    engine.dispose()
    assert views == 2


def test_errors_arrive_typed(app_client: tuple[TestClient, str]) -> None:
    client, _ = app_client
    api = ApiClient(client)
    with pytest.raises(AuthenticationFailed):
        api.login("agent01", "wrong password", "ws-test")
    api.login("agent01", "demo", "ws-test")
    with pytest.raises(NotFound):
        api.get_customer(10_000_000)
    with pytest.raises(PermissionDenied):
        api.audit_events()
    admin = ApiClient(client)
    admin.login("admin", "demo", "ws-admin")
    assert any(event.action == "login" for event in admin.audit_events())
