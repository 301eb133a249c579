"""The desktop's ApiClient against the real FastAPI app: both sides of the contract agree."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from agentdesk.client.api import ApiClient
from agentdesk.config.server import ServerSettings
from agentdesk.domain.phones import normalize_phone
from agentdesk.errors import (
    AuthenticationFailed,
    NotFound,
    PermissionDenied,
    SessionExpired,
    SignInLocked,
)
from agentdesk.server.app import create_app
from agentdesk.server.db import migrate
from tests.server.conftest import FAMILY_PHONE, PASSWORD, ZHANG_PAN, Bank, seed_bank
from tests.signing import TEST_KEYS


@pytest.fixture
def served(database_url: str) -> Iterator[tuple[TestClient, Bank]]:
    migrate(database_url)
    bank = seed_bank(database_url)
    with TestClient(
        create_app(ServerSettings(), database_url, demo=True, signing_keys=TEST_KEYS)
    ) as http:
        yield http, bank


def test_client_signs_in_pops_a_caller_and_reads_the_profile(
    served: tuple[TestClient, Bank],
) -> None:
    http, bank = served
    api = ApiClient(http)
    assert api.health().status == "ok"
    pair = api.login("agent01", PASSWORD, workstation_id="ws-contract")
    assert pair.user.username == "agent01"
    lookup = api.lookup_by_phone("0086 139 0000 1111")
    assert lookup.phone_e164 == FAMILY_PHONE
    assert {m.id for m in lookup.matches} == {bank.li, bank.wang}
    profile = api.get_customer(bank.zhang)
    assert profile.holdings.cards[0].pan_masked.endswith(ZHANG_PAN[-4:])
    call = api.simulate_call()
    normalize_phone(call.phone)  # whatever the spelling, it is a phone number


def test_a_locked_out_sign_in_reaches_the_desk_with_the_wait(
    served: tuple[TestClient, Bank],
) -> None:
    http, _bank = served
    api = ApiClient(http)
    for _ in range(5):  # the backend's default lock-out: 5 failures of one user name
        with pytest.raises(AuthenticationFailed):
            api.login("sup01", "wrong password", "ws-test")
    with pytest.raises(SignInLocked) as locked:
        api.login("sup01", PASSWORD, "ws-test")
    assert locked.value.retry_after_s is not None
    assert 0 < locked.value.retry_after_s <= 15 * 60


def test_client_maps_problems_to_its_errors(served: tuple[TestClient, Bank]) -> None:
    http, _bank = served
    api = ApiClient(http)
    with pytest.raises(AuthenticationFailed):
        api.login("agent01", "wrong password", "ws-test")
    api.login("agent01", PASSWORD, "ws-test")
    with pytest.raises(NotFound):
        api.lookup_by_phone("+86 137 0000 0000")
    with pytest.raises(PermissionDenied):
        api.audit_events()


def test_admin_reads_the_audit_trail_through_the_client(served: tuple[TestClient, Bank]) -> None:
    http, bank = served
    agent = ApiClient(http)
    agent.login("agent01", PASSWORD, workstation_id="ws-a")
    agent.get_customer(bank.smith)
    admin = ApiClient(http)
    admin.login("admin01", PASSWORD, "ws-admin")
    events = admin.audit_events(limit=10)
    assert events[0].action == "login" and events[0].username == "admin01"
    view = next(e for e in events if e.action == "view")
    assert (view.username, view.workstation_id, view.entity_id) == (
        "agent01",
        "ws-a",
        str(bank.smith),
    )


def test_resuming_with_a_retired_refresh_token_expires_the_session(
    served: tuple[TestClient, Bank], database_url: str
) -> None:
    # No grace window: a retired token presented again at once is taken for a thief's.
    settings = ServerSettings(refresh_grace_seconds=0)
    with TestClient(create_app(settings, database_url, signing_keys=TEST_KEYS)) as http:
        first = ApiClient(http)
        old_refresh = first.login("agent01", PASSWORD, "ws-first").refresh_token
        first.resume(old_refresh)  # rotates: old_refresh is now retired
        thief = ApiClient(http)
        with pytest.raises(SessionExpired):
            thief.resume(old_refresh)
