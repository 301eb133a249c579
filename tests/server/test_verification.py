"""Identity verification, one-time codes and unmasking, on SQLite and PostgreSQL: the server
decides, audits every attempt and every unmask, locks a customer after repeated failures and
never shows a full card number."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from agentdesk.domain import verification as rules
from agentdesk.server import customers, models, verification
from agentdesk.server.db import make_engine, make_session_factory
from agentdesk.server.live_call import HeldCall
from tests.server.conftest import (
    FAMILY_PHONE,
    SMITH_PHONE,
    ZHANG_ACCOUNT,
    ZHANG_EMAIL,
    ZHANG_ID,
    ZHANG_PAN,
    ZHANG_PHONE,
    Bank,
    ClientFactory,
    add_user,
    assert_problem,
    auth_headers,
    take_call,
)

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
RIGHT_BIRTH = "1990-03-07"
RIGHT_ID = ZHANG_ID.lower()  # the check character in either case
RIGHT_EMAIL = ZHANG_EMAIL.upper()  # an address in any case
WRONG_ID = "000000000000000000"
LI_ID = "310101198001011234"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


# Sign-ins outlast the hours these tests move the clock on by; calls come only when told.
SETTINGS = {"access_token_minutes": 24 * 60, "telephony_tick_seconds": 0, "telephony_call_rate": 0}


def _on_a_call_with_zhang(client: TestClient, migrated_url: str) -> TestClient:
    """agent01 has Zhang on the line (no call, no verification); agent02 and agent03 are
    signed up to take other calls."""
    add_user(migrated_url, "agent02")
    add_user(migrated_url, "agent03")
    take_call(client, "agent01", ZHANG_PHONE)
    return client


@pytest.fixture
def api(make_client: ClientFactory, bank: Bank, clock: Clock, migrated_url: str) -> TestClient:
    return _on_a_call_with_zhang(make_client(clock=clock, **SETTINGS), migrated_url)


@pytest.fixture
def demo_api(make_client: ClientFactory, bank: Bank, clock: Clock, migrated_url: str) -> TestClient:
    return _on_a_call_with_zhang(make_client(demo=True, clock=clock, **SETTINGS), migrated_url)


def _held(client: TestClient, username: str) -> str:
    """The id of the call ``username`` holds."""
    call = client.app.state.switchboard.held_call(username)  # type: ignore[attr-defined]
    assert call is not None
    return str(call.id)


@pytest.fixture
def sessions(migrated_url: str) -> Iterator[Any]:
    engine = make_engine(migrated_url)
    yield make_session_factory(engine)
    engine.dispose()


def _knowledge(**answers: str) -> dict[str, Any]:
    return {"method": "knowledge", "answers": answers}


def _verify(client: TestClient, customer: int, body: dict[str, Any], headers: Any) -> Any:
    return client.post(f"/customers/{customer}/verification", json=body, headers=headers)


def _audit_rows(sessions: Any, action: str) -> list[models.AuditEvent]:
    with sessions() as s:
        return list(
            s.scalars(
                select(models.AuditEvent)
                .where(models.AuditEvent.action == action)
                .order_by(models.AuditEvent.id)
            )
        )


# -- knowledge questions ------------------------------------------------------------------------


def test_two_right_answers_of_three_verify_and_are_audited(
    api: TestClient, bank: Bank, sessions: Any
) -> None:
    headers = auth_headers(api)
    response = _verify(
        api,
        bank.zhang,
        _knowledge(birth_date=RIGHT_BIRTH, id_number=WRONG_ID, email=RIGHT_EMAIL),
        headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "verified" and body["method"] == "knowledge"
    assert body["failure"] is None
    assert datetime.fromisoformat(body["expires_at"]) == NOW + rules.VERIFICATION_TTL

    status = api.get(f"/customers/{bank.zhang}/verification", headers=headers).json()
    assert status["status"] == "verified"
    assert status["verification_id"] == body["verification_id"]
    # Verified by this agent only: another agent has to verify the caller themselves.
    other = api.get(f"/customers/{bank.zhang}/verification", headers=auth_headers(api, "sup01"))
    assert other.json()["status"] == "not_verified"

    [row] = _audit_rows(sessions, "verify")
    assert (row.username, row.entity_id) == ("agent01", str(bank.zhang))
    assert row.detail["outcome"] == "verified" and row.detail["method"] == "knowledge"


def test_one_right_answer_fails_without_saying_which_and_is_audited(
    api: TestClient, bank: Bank, sessions: Any
) -> None:
    headers = auth_headers(api)
    response = _verify(
        api,
        bank.zhang,
        _knowledge(birth_date=RIGHT_BIRTH, id_number="110101199003079999", email="x@example.com"),
        headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "not_verified"
    assert body["failure"] == "wrong_answers"
    assert body["remaining_attempts"] == rules.MAX_FAILURES - 1
    [row] = _audit_rows(sessions, "verify")
    assert row.detail["outcome"] == "failed"
    # The audit trail never holds what the caller answered.
    assert RIGHT_BIRTH not in json.dumps(row.detail) and "110101199003079999" not in json.dumps(
        row.detail
    )


def test_fewer_than_two_answers_is_not_an_attempt(api: TestClient, bank: Bank) -> None:
    response = _verify(api, bank.zhang, _knowledge(birth_date=RIGHT_BIRTH), auth_headers(api))
    assert_problem(response, 422, "verification.too_few_answers")


def test_ivr_is_not_accepted_from_an_agent(api: TestClient, bank: Bank) -> None:
    response = _verify(api, bank.zhang, {"method": "ivr"}, auth_headers(api))
    assert_problem(response, 422, "verification.ivr_webhook_only")


def test_repeated_failures_lock_the_customer_for_every_agent_for_a_while(
    api: TestClient, bank: Bank, clock: Clock, sessions: Any
) -> None:
    headers = auth_headers(api)
    wrong = _knowledge(birth_date="2000-01-01", id_number=WRONG_ID)
    right = _knowledge(birth_date=RIGHT_BIRTH, id_number=RIGHT_ID)
    for left in range(rules.MAX_FAILURES - 1, -1, -1):
        body = _verify(api, bank.zhang, wrong, headers).json()
        assert body["remaining_attempts"] == left
        clock.advance(seconds=30)
    assert body["locked_until"] is not None

    refused = _verify(api, bank.zhang, right, headers)
    assert_problem(refused, 429, "verification.locked")
    assert int(refused.headers["Retry-After"]) > 0
    # Zhang calls back and reaches another agent: still locked.
    take_call(api, "agent02", ZHANG_PHONE)
    elsewhere = _verify(api, bank.zhang, right, auth_headers(api, "agent02"))
    assert_problem(elsewhere, 429, "verification.locked")
    otp = api.post(f"/customers/{bank.zhang}/otp", headers=headers)
    assert_problem(otp, 429, "verification.locked")
    # Other customers are not affected.
    take_call(api, "agent03", FAMILY_PHONE)
    li = _verify(
        api,
        bank.li,
        _knowledge(birth_date=RIGHT_BIRTH, id_number=LI_ID),
        auth_headers(api, "agent03"),
    )
    assert li.json()["status"] == "verified"

    refusals = [r for r in _audit_rows(sessions, "verify") if r.detail["outcome"] != "failed"]
    assert [r.detail["outcome"] for r in refusals][:2] == ["refused_locked", "refused_locked"]

    clock.advance(minutes=rules.LOCK_DURATION.total_seconds() / 60)
    again = _verify(api, bank.zhang, right, headers).json()
    assert again["status"] == "verified"
    assert again["locked_until"] is None
    assert again["remaining_attempts"] == rules.MAX_FAILURES


def test_failures_spread_beyond_the_window_do_not_lock(
    api: TestClient, bank: Bank, clock: Clock
) -> None:
    headers = auth_headers(api)
    wrong = _knowledge(birth_date="2000-01-01", id_number=WRONG_ID)
    for _ in range(rules.MAX_FAILURES * 2):
        body = _verify(api, bank.zhang, wrong, headers).json()
        assert body["locked_until"] is None
        clock.advance(minutes=4)  # at most four failures within any 15 minutes


def test_a_verification_expires(api: TestClient, bank: Bank, clock: Clock) -> None:
    headers = auth_headers(api)
    _verify(api, bank.zhang, _knowledge(birth_date=RIGHT_BIRTH, id_number=RIGHT_ID), headers)
    clock.advance(minutes=31)
    status = api.get(f"/customers/{bank.zhang}/verification", headers=headers).json()
    assert status["status"] == "not_verified"


def test_administrators_do_not_verify_callers(api: TestClient, bank: Bank) -> None:
    response = _verify(
        api,
        bank.zhang,
        _knowledge(birth_date=RIGHT_BIRTH, id_number=RIGHT_ID),
        auth_headers(api, "admin01"),
    )
    assert_problem(response, 403, "forbidden")


def test_unknown_customer_is_404(api: TestClient, bank: Bank) -> None:
    response = api.get("/customers/999999/verification", headers=auth_headers(api))
    assert_problem(response, 404, "customer_not_found")


# -- one-time codes -----------------------------------------------------------------------------


def _otp(client: TestClient, customer: int, code: str, headers: Any) -> dict[str, Any]:
    response = _verify(client, customer, {"method": "otp", "code": code}, headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _other_code(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_a_demo_server_returns_the_code_and_the_right_code_verifies(
    demo_api: TestClient, bank: Bank, sessions: Any
) -> None:
    headers = auth_headers(demo_api)
    sent = demo_api.post(f"/customers/{bank.zhang}/otp", headers=headers)
    assert sent.status_code == 200, sent.text
    challenge = sent.json()
    assert len(challenge["code"]) == 6 and challenge["code"].isdigit()
    assert challenge["sent_to"] != ZHANG_PHONE and challenge["sent_to"].endswith(ZHANG_PHONE[-4:])
    assert challenge["tries"] == rules.OTP_TRIES

    body = _otp(demo_api, bank.zhang, challenge["code"], headers)
    assert body["status"] == "verified" and body["method"] == "otp"
    # Used once: the same code verifies nothing again.
    assert _otp(demo_api, bank.zhang, challenge["code"], headers)["failure"] == "no_code"

    with sessions() as s:
        stored = s.scalars(select(models.VerificationOtp)).one()
    assert challenge["code"] not in (stored.code_hash, stored.salt)  # kept hashed only
    assert [r.detail["outcome"] for r in _audit_rows(sessions, "otp_send")] == ["sent"]


def test_a_real_server_never_returns_the_code(api: TestClient, bank: Bank) -> None:
    challenge = api.post(f"/customers/{bank.zhang}/otp", headers=auth_headers(api)).json()
    assert challenge["code"] is None


def test_wrong_codes_use_up_the_tries(demo_api: TestClient, bank: Bank) -> None:
    headers = auth_headers(demo_api)
    code = demo_api.post(f"/customers/{bank.zhang}/otp", headers=headers).json()["code"]
    lefts = []
    for _ in range(rules.OTP_TRIES):
        body = _otp(demo_api, bank.zhang, _other_code(code), headers)
        assert body["failure"] == "wrong_code"
        lefts.append(body["code_tries_left"])
    assert lefts == [2, 1, 0]
    assert body["remaining_attempts"] == rules.MAX_FAILURES - rules.OTP_TRIES
    # Out of tries: even the right code is refused now; a new code has to be sent.
    assert _otp(demo_api, bank.zhang, code, headers)["failure"] == "code_expired"
    fresh = demo_api.post(f"/customers/{bank.zhang}/otp", headers=headers).json()["code"]
    assert _otp(demo_api, bank.zhang, fresh, headers)["status"] == "verified"


def test_a_code_expires_after_five_minutes(demo_api: TestClient, bank: Bank, clock: Clock) -> None:
    headers = auth_headers(demo_api)
    code = demo_api.post(f"/customers/{bank.zhang}/otp", headers=headers).json()["code"]
    clock.advance(minutes=5)
    body = _otp(demo_api, bank.zhang, code, headers)
    assert body["status"] == "not_verified" and body["failure"] == "code_expired"
    # An expired code is not a guess: it does not count towards the lock.
    assert body["remaining_attempts"] == rules.MAX_FAILURES


def test_a_new_code_replaces_the_earlier_one(demo_api: TestClient, bank: Bank) -> None:
    headers = auth_headers(demo_api)
    first = demo_api.post(f"/customers/{bank.zhang}/otp", headers=headers).json()["code"]
    second = demo_api.post(f"/customers/{bank.zhang}/otp", headers=headers).json()["code"]
    if first != second:
        assert _otp(demo_api, bank.zhang, first, headers)["status"] == "not_verified"
    assert _otp(demo_api, bank.zhang, second, headers)["status"] == "verified"


def test_a_code_without_a_phone_cannot_be_sent(api: TestClient, bank: Bank, sessions: Any) -> None:
    with sessions() as s:
        # The IVR identified the caller on agent01's line as Smith (who has no phone now).
        verification.mark_ivr_verified(s, bank.smith, _held(api, "agent01"), now=NOW)
        s.execute(
            models.CustomerPhone.__table__.delete().where(  # type: ignore[attr-defined]
                models.CustomerPhone.customer_id == bank.smith
            )
        )
        s.commit()
    response = api.post(f"/customers/{bank.smith}/otp", headers=auth_headers(api))
    assert_problem(response, 422, "verification.no_phone")


# -- IVR (the telephony side) -------------------------------------------------------------------


def _ivr_verified_call(api: TestClient, bank: Bank, sessions: Any) -> str:
    """The call agent01 holds with Zhang, whom the IVR has verified on it."""
    call_id = _held(api, "agent01")
    with sessions() as s:
        verification.mark_ivr_verified(s, bank.zhang, call_id, now=NOW)
        s.commit()
    return call_id


def test_an_ivr_verification_is_taken_up_only_by_the_agent_holding_the_call(
    api: TestClient, bank: Bank, sessions: Any
) -> None:
    call_id = _ivr_verified_call(api, bank, sessions)
    path = f"/customers/{bank.zhang}/verification"
    headers = auth_headers(api)
    assert api.get(path, headers=headers).json()["status"] == "not_verified"
    # Naming a call one does not hold gives nothing away, whether or not it exists.
    take_call(api, "agent03", SMITH_PHONE)
    stranger = auth_headers(api, "agent03")
    named = api.get(path, params={"call_id": call_id}, headers=stranger)
    invented = api.get(path, params={"call_id": "call-41"}, headers=stranger)
    assert_problem(named, 403, "verification.call_required")
    assert named.json()["detail"] == invented.json()["detail"]
    assert_problem(
        api.get(path, params={"call_id": call_id}, headers=auth_headers(api, "sup01")), 403
    )

    taken = api.get(path, params={"call_id": call_id}, headers=headers).json()
    assert (taken["status"], taken["method"], taken["call_id"]) == ("verified", "ivr", call_id)

    # Transferred to agent02, who answers: they take it up; agent01 holds it no more.
    agent02 = auth_headers(api, "agent02")
    api.post("/telephony/presence", json={"state": "ready"}, headers=agent02).raise_for_status()
    api.post(
        f"/telephony/calls/{call_id}/transfer", json={"agent": "agent02"}, headers=headers
    ).raise_for_status()
    api.post(f"/telephony/calls/{call_id}/answer", headers=agent02).raise_for_status()
    assert api.get(path, params={"call_id": call_id}, headers=agent02).json()["status"] == (
        "verified"
    )
    assert api.get(path, headers=headers).json()["status"] == "not_verified"
    assert_problem(api.get(path, params={"call_id": call_id}, headers=headers), 403)
    outcomes = [r.detail["outcome"] for r in _audit_rows(sessions, "verify")]
    assert outcomes == ["verified", "taken_up", "taken_up"]

    with sessions() as s:
        assert verification.end_call_verifications(s, call_id, NOW) == 2
        s.commit()
    assert api.get(path, headers=agent02).json()["status"] == "not_verified"


# -- no call, no verification -------------------------------------------------------------------


def test_without_a_call_with_the_customer_nothing_verifies_sends_a_code_or_unmasks(
    api: TestClient, bank: Bank, sessions: Any
) -> None:
    right = _knowledge(birth_date=RIGHT_BIRTH, id_number=RIGHT_ID)
    # agent02 has no call at all; agent03 has Smith on the line, not Zhang.
    take_call(api, "agent03", SMITH_PHONE)
    for username in ("agent02", "agent03"):
        headers = auth_headers(api, username)
        for response in (
            _verify(api, bank.zhang, right, headers),
            api.post(f"/customers/{bank.zhang}/otp", headers=headers),
            _unmask(api, bank.zhang, headers, field="id_number"),
        ):
            body = assert_problem(response, 403, "verification.call_required")
            assert ZHANG_ID not in response.text and "verified" not in body["detail"].split()
    assert _audit_rows(sessions, "verify") == [] and _audit_rows(sessions, "unmask") == []
    # Naming agent01's call in the attempt does not help either.
    call_id = _held(api, "agent01")
    stolen = _verify(api, bank.zhang, {**right, "call_id": call_id}, auth_headers(api, "agent03"))
    assert_problem(stolen, 403, "verification.call_required")
    # The agent who has Zhang on the line verifies, then unmasks.
    headers = auth_headers(api)
    assert _verify(api, bank.zhang, right, headers).json()["call_id"] == call_id
    assert _unmask(api, bank.zhang, headers, field="id_number").json()["value"] == ZHANG_ID


def test_a_verification_ends_for_the_agent_with_the_call(api: TestClient, bank: Bank) -> None:
    headers = auth_headers(api)
    _verify(api, bank.zhang, _knowledge(birth_date=RIGHT_BIRTH, id_number=RIGHT_ID), headers)
    api.post(f"/telephony/calls/{_held(api, 'agent01')}/hangup", headers=headers).raise_for_status()
    status = api.get(f"/customers/{bank.zhang}/verification", headers=headers).json()
    assert status["status"] == "not_verified"
    assert_problem(
        _unmask(api, bank.zhang, headers, field="id_number"), 403, "verification.call_required"
    )


# -- unmask -------------------------------------------------------------------------------------


def _unmask(client: TestClient, customer: int, headers: Any, **body: Any) -> Any:
    return client.post(f"/customers/{customer}/unmask", json=body, headers=headers)


def test_unmask_is_refused_before_verification(api: TestClient, bank: Bank, sessions: Any) -> None:
    response = _unmask(api, bank.zhang, auth_headers(api), field="id_number")
    assert_problem(response, 403, "verification.required")
    assert ZHANG_ID not in response.text
    assert _audit_rows(sessions, "unmask") == []


def test_unmask_after_verification_shows_the_field_and_audits_the_field_not_the_value(
    api: TestClient, bank: Bank, sessions: Any
) -> None:
    headers = auth_headers(api)
    _verify(api, bank.zhang, _knowledge(birth_date=RIGHT_BIRTH, id_number=RIGHT_ID), headers)
    with sessions() as s:
        account = s.scalars(select(models.Account.id)).first()
        card = s.scalars(select(models.Card.id)).first()

    expected = {
        ("id_number", None): ZHANG_ID,
        ("phone", 0): ZHANG_PHONE,
        ("email", None): ZHANG_EMAIL,
        ("account", account): ZHANG_ACCOUNT,
    }
    for (field, item), value in expected.items():
        body = {"field": field} if item is None else {"field": field, "item_id": item}
        response = _unmask(api, bank.zhang, headers, **body)
        assert response.status_code == 200, response.text
        assert response.json()["value"] == value
        assert response.headers["Cache-Control"] == "no-store"

    # A card number never shows in full, by bank rule: first 6 and last 4 at most.
    pan = _unmask(api, bank.zhang, headers, field="card", item_id=card).json()["value"]
    assert pan == ZHANG_PAN[:6] + "*" * (len(ZHANG_PAN) - 10) + ZHANG_PAN[-4:]

    rows = _audit_rows(sessions, "unmask")
    assert [r.detail["field"] for r in rows] == ["id_number", "phone", "email", "account", "card"]
    stored = json.dumps([r.detail for r in rows])
    for secret in (ZHANG_ID, ZHANG_PHONE, ZHANG_EMAIL, ZHANG_ACCOUNT, ZHANG_PAN, ZHANG_PAN[:6]):
        assert secret not in stored
    assert all(r.username == "agent01" and r.workstation_id == "ws-test-1" for r in rows)


def test_unmask_of_something_the_customer_lacks_is_404(api: TestClient, bank: Bank) -> None:
    take_call(api, "agent02", FAMILY_PHONE)
    headers = auth_headers(api, "agent02")
    _verify(api, bank.li, _knowledge(birth_date=RIGHT_BIRTH, id_number=LI_ID), headers)
    assert_problem(_unmask(api, bank.li, headers, field="card"), 404, "unmask.item_not_found")
    assert_problem(_unmask(api, bank.li, headers, field="email"), 404, "unmask.item_not_found")
    assert_problem(
        _unmask(api, bank.li, headers, field="phone", item_id=5), 404, "unmask.item_not_found"
    )


def test_unmask_of_an_unknown_field_is_422(api: TestClient, bank: Bank) -> None:
    assert_problem(_unmask(api, bank.zhang, auth_headers(api), field="pin"), 422)


def test_the_verification_module_answers_for_other_routes(bank: Bank, sessions: Any) -> None:
    call = HeldCall("call-7", ZHANG_PHONE, frozenset({bank.zhang}))
    with sessions() as s:
        user_id = s.scalars(select(models.User.id).where(models.User.username == "agent01")).one()
        assert not verification.is_verified(s, bank.zhang, user_id, NOW, call)
        verification.mark_ivr_verified(s, bank.zhang, "call-7", now=NOW, user_id=user_id)
        assert verification.is_verified(s, bank.zhang, user_id, NOW + timedelta(minutes=29), call)
        assert not verification.is_verified(s, bank.zhang, user_id, NOW, None)
        assert not verification.is_verified(
            s, bank.zhang, user_id, NOW + timedelta(minutes=31), call
        )


# -- what is asked: facts the screen does not show ---------------------------------------------


def test_what_the_screen_shows_does_not_verify_and_old_questions_are_refused(
    api: TestClient, bank: Bank, sessions: Any
) -> None:
    headers = auth_headers(api)
    profile = api.get(f"/customers/{bank.zhang}", headers=headers).json()
    # The review's attack: the last 4 of the ID and a balance, both on the agent's screen.
    old = _knowledge(
        birth_date=RIGHT_BIRTH, id_last4=ZHANG_ID[-4:], recent_transaction_amount="120000"
    )
    refused = assert_problem(_verify(api, bank.zhang, old, headers), 422, "validation_failed")
    assert {e["field"].split(".")[-1] for e in refused["errors"]} == {
        "id_last4", "recent_transaction_amount",
    }  # fmt: skip
    # The masked values as answers: wrong answers (and no verification).
    shown = _knowledge(id_number=profile["id_number_masked"], email=profile["email_masked"])
    body = _verify(api, bank.zhang, shown, headers).json()
    assert (body["status"], body["failure"]) == ("not_verified", "wrong_answers")


def test_no_question_can_be_answered_from_what_the_screen_shows(bank: Bank, sessions: Any) -> None:
    with sessions() as s:
        for customer in s.scalars(select(models.Customer)):
            shown = customers.exposed_values(s, customer)
            facts = verification.askable_facts(s, customer)
            assert facts.birth_date == customer.birth_date
            assert facts.id_number == customer.id_number
            for fact in (customer.birth_date.isoformat(), customer.id_number, customer.email):
                assert not fact or not rules.derivable(fact, shown), (customer.cif, fact)


def test_a_fact_the_screen_gives_away_is_not_asked(
    api: TestClient, bank: Bank, sessions: Any
) -> None:
    with sessions() as s:
        smith = s.get(models.Customer, bank.smith)
        assert smith is not None
        smith.email = "js@example.com"  # shown as j*@example.com: one letter hidden
        s.commit()
        assert verification.askable_facts(s, smith).email is None
    take_call(api, "agent02", SMITH_PHONE)
    headers = auth_headers(api, "agent02")
    guessed = _knowledge(birth_date=RIGHT_BIRTH, email="js@example.com")
    assert _verify(api, bank.smith, guessed, headers).json()["status"] == "not_verified"
    asked = _knowledge(birth_date=RIGHT_BIRTH, id_number="310101198001011234")
    assert _verify(api, bank.smith, asked, headers).json()["status"] == "verified"


def test_the_pop_of_a_ringing_call_reads_the_status_and_the_answer_takes_up_the_ivr(
    api: TestClient, bank: Bank, sessions: Any
) -> None:
    agent02 = auth_headers(api, "agent02")
    api.post("/telephony/presence", json={"state": "ready"}, headers=agent02).raise_for_status()
    switchboard = api.app.state.switchboard  # type: ignore[attr-defined]
    call = switchboard.offer(SMITH_PHONE, switchboard.queues_of("agent02")[0])
    assert call.agent == "agent02"
    with sessions() as s:
        verification.mark_ivr_verified(s, bank.smith, call.id, now=NOW)
        s.commit()
    path = f"/customers/{bank.smith}/verification"
    ringing = api.get(path, params={"call_id": call.id}, headers=agent02)
    assert ringing.status_code == 200, ringing.text
    assert ringing.json()["status"] == "not_verified"
    # Another agent naming the ringing call is refused.
    assert_problem(api.get(path, params={"call_id": call.id}, headers=auth_headers(api)), 403)
    api.post(f"/telephony/calls/{call.id}/answer", headers=agent02).raise_for_status()
    taken = api.get(path, params={"call_id": call.id}, headers=agent02).json()
    assert (taken["status"], taken["method"]) == ("verified", "ivr")


def test_an_ivr_verification_asked_for_at_once_is_taken_up_once(
    api: TestClient, bank: Bank, sessions: Any
) -> None:
    """The desk asks at the same moment on the answer and on the IVR's event: one take-up,
    audited once (each request decided on what it had read, and both took it up)."""
    call_id = _ivr_verified_call(api, bank, sessions)
    path = f"/customers/{bank.zhang}/verification"
    headers = auth_headers(api)
    askers = 4
    together = threading.Barrier(askers)

    def ask() -> str:
        together.wait()
        answer = api.get(path, params={"call_id": call_id}, headers=headers)
        return str(answer.json()["status"])

    with ThreadPoolExecutor(askers) as pool:
        statuses = list(pool.map(lambda _n: ask(), range(askers)))
    assert statuses == ["verified"] * askers
    outcomes = [r.detail["outcome"] for r in _audit_rows(sessions, "verify")]
    assert outcomes == ["verified", "taken_up"]
