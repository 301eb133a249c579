"""VerificationService against the real app, in process: outcomes arrive as the typed errors
the UI translates, and unmasking follows verification."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.config.server import ServerSettings
from agentdesk.contract.verification import VerificationMethod, VerificationState
from agentdesk.demo.seed import seed_database
from agentdesk.domain.presence import AgentState
from agentdesk.domain.verification import MAX_FAILURES
from agentdesk.errors import (
    BackendUnavailable,
    CallRequired,
    PermissionDenied,
    VerificationFailed,
    VerificationLocked,
    VerificationRequired,
)
from agentdesk.server.app import create_app
from agentdesk.server.db import normalize_url
from agentdesk.server.telephony import Switchboard
from agentdesk.services import AppServices
from agentdesk.services.wiring import build_app_services
from tests.contract.conftest import Switch
from tests.signing import TEST_KEYS

SERVER = "http://testserver"
WRONG_ID = "000000000000000000"


class Caller:
    """What the customer knows (read from the bank's database)."""

    def __init__(self, database_url: str) -> None:
        engine = create_engine(normalize_url(database_url))
        with engine.connect() as conn:
            row = conn.execute(
                text(
                    "select c.id, c.birth_date, c.id_number, a.balance, k.pan from customers c"
                    " join accounts a on a.customer_id = c.id"
                    " join cards k on k.customer_id = c.id order by c.id limit 1"
                )
            ).one()
        engine.dispose()
        self.id = int(row[0])
        self.birth_date = row[1] if isinstance(row[1], date) else date.fromisoformat(row[1])
        self.id_last4 = str(row[2])[-4:]
        self.id_number = str(row[2])
        self.balance = Decimal(str(row[3]))
        self.pan = str(row[4])
        with engine.connect() as conn:
            self.phone = str(
                conn.execute(
                    text("select e164 from customer_phones where customer_id = :id limit 1"),
                    {"id": self.id},
                ).scalar_one()
            )
        engine.dispose()


# The desk's services, the customer on agent01's line, the switch and the call's id.
World = tuple[AppServices, "Caller", Switch, str]


def answer_call_from(client: TestClient, username: str, phone: str) -> str:
    """``username`` answers a call from ``phone`` (as the PBX offers it): no call, no
    verification. Returns the call id."""
    board: Switchboard = client.app.state.switchboard  # type: ignore[attr-defined]
    board.set_presence(username, "", AgentState.READY)
    call = board.offer(phone, board.queues_of(username)[0])
    board.answer(username, call.id)
    return call.id


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[World]:
    seed_database(database_url, customers=20, progress=False)
    with TestClient(
        create_app(ServerSettings(), database_url, demo=True, signing_keys=TEST_KEYS)
    ) as client:
        caller = Caller(database_url)
        call_id = answer_call_from(client, "agent01", caller.phone)
        switch = Switch(client._transport)
        root = tmp_path / "ws"
        paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
        services = build_app_services(
            DesktopSettings(backend_url=SERVER, allow_plain_http=True, cache_scope="all"),
            paths,
            transport=switch,
            listen=False,
            sync_autostart=False,
        )
        services.session.login(SERVER, "agent01", "demo")
        try:
            yield services, caller, switch, call_id
        finally:
            services.close()


def test_unmask_waits_for_verification_and_then_shows_the_field(
    world: World,
) -> None:
    services, caller, _, call_id = world
    verifier = services.verification
    with pytest.raises(VerificationRequired) as refused:
        verifier.unmask(caller.id, "id_number")
    assert isinstance(refused.value, PermissionDenied)  # generic handling still applies
    assert refused.value.code == "verification.required"

    status = verifier.verify_knowledge(
        caller.id,
        birth_date=caller.birth_date,
        id_number=caller.id_number.lower(),
        call_id=call_id,
    )
    assert status.status is VerificationState.VERIFIED
    assert status.method is VerificationMethod.KNOWLEDGE and status.call_id == call_id
    assert verifier.status(caller.id).status is VerificationState.VERIFIED

    assert verifier.unmask(caller.id, "id_number") == caller.id_number
    pan = verifier.unmask(caller.id, "card")
    assert pan[:6] == caller.pan[:6] and pan[-4:] == caller.pan[-4:]
    assert "*" * (len(caller.pan) - 10) in pan and pan != caller.pan


def test_wrong_answers_raise_failed_with_the_attempts_left_then_locked(
    world: World,
) -> None:
    services, caller, _, _ = world
    verifier = services.verification
    for left in range(MAX_FAILURES - 1, 0, -1):
        with pytest.raises(VerificationFailed) as failed:
            verifier.verify_knowledge(caller.id, birth_date=date(1900, 1, 1), id_number=WRONG_ID)
        assert failed.value.failure == "wrong_answers"
        assert failed.value.remaining_attempts == left
    with pytest.raises(VerificationLocked) as locked:
        verifier.verify_knowledge(caller.id, birth_date=date(1900, 1, 1), id_number=WRONG_ID)
    assert locked.value.locked_until is not None
    with pytest.raises(VerificationLocked) as still:
        verifier.verify_knowledge(
            caller.id, birth_date=caller.birth_date, id_number=caller.id_number
        )
    assert still.value.locked_until == locked.value.locked_until
    with pytest.raises(VerificationLocked):
        verifier.send_otp(caller.id)


def test_an_otp_round_with_a_wrong_code_first(
    world: World,
) -> None:
    services, caller, _, _ = world
    verifier = services.verification
    challenge = verifier.send_otp(caller.id)
    assert challenge.code is not None  # a demo server
    wrong = f"{(int(challenge.code) + 1) % 10**6:06d}"
    with pytest.raises(VerificationFailed) as failed:
        verifier.verify_otp(caller.id, wrong)
    assert failed.value.failure == "wrong_code" and failed.value.code_tries_left == 2
    status = verifier.verify_otp(caller.id, f" {challenge.code} ")
    assert status.status is VerificationState.VERIFIED and status.method is VerificationMethod.OTP


def test_verification_needs_the_backend(world: World) -> None:
    services, caller, switch, _ = world
    switch.down = True
    with pytest.raises(BackendUnavailable):
        services.verification.status(caller.id)


def test_without_the_call_the_refusal_is_a_typed_error_the_ui_can_word(
    world: World,
) -> None:
    services, caller, _, _ = world
    other = caller.id + 1  # a customer who is not on agent01's line
    with pytest.raises(CallRequired) as refused:
        services.verification.verify_knowledge(
            other, birth_date=caller.birth_date, id_number=WRONG_ID
        )
    assert isinstance(refused.value, PermissionDenied)
    assert refused.value.code == "verification.call_required"
    with pytest.raises(CallRequired):
        services.verification.unmask(other, "id_number")
