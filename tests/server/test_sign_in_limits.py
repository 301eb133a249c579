"""Brute force against sign-in and verification: lock-outs per username, per client address and
per agent, with a 429 problem and ``Retry-After``; the same answer for a username that does not
exist; failures audited with the username tried, the workstation and the address, never the
password. On SQLite and PostgreSQL (the audit rows), and over a shared Redis storage."""

from __future__ import annotations

import json
import socket
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from agentdesk.server.db import make_engine, make_session_factory
from agentdesk.server.models import AuditEvent
from tests.server.conftest import (
    PASSWORD,
    SMITH_PHONE,
    ZHANG_PHONE,
    Bank,
    ClientFactory,
    add_user,
    assert_problem,
    auth_headers,
    take_call,
)

LOCKOUT_MINUTES = 7


def _attempt(
    client: TestClient, username: str, password: str, workstation_id: str = "ws-brute"
) -> Any:
    return client.post(
        "/auth/login",
        json={"username": username, "password": password, "workstation_id": workstation_id},
    )


def _assert_locked_out(response: Any, code: str = "auth.locked") -> int:
    assert_problem(response, 429, code)
    retry_after = int(response.headers["retry-after"])
    assert 0 < retry_after <= LOCKOUT_MINUTES * 60
    return retry_after


def _audit_rows(url: str, *actions: str) -> list[AuditEvent]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as s:
            query = select(AuditEvent).where(AuditEvent.action.in_(actions))
            return list(s.scalars(query.order_by(AuditEvent.id)))
    finally:
        engine.dispose()


def test_a_username_is_locked_out_after_repeated_failures_even_for_the_right_password(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(login_failures_per_account=3, lockout_minutes=LOCKOUT_MINUTES)
    for _ in range(3):
        assert_problem(_attempt(client, "agent01", "wrong"), 401, "invalid_credentials")
    _assert_locked_out(_attempt(client, "agent01", PASSWORD))
    # Another username from the same desk is not locked by these few failures.
    assert _attempt(client, "sup01", PASSWORD).status_code == 200


def test_a_lockout_does_not_tell_whether_the_username_exists(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(login_failures_per_account=2, lockout_minutes=LOCKOUT_MINUTES)
    answers = {}
    for username in ("agent01", "nobody-here"):
        seen = [_attempt(client, username, "wrong") for _ in range(3)]
        answers[username] = [(r.status_code, r.json()["code"], r.json()["detail"]) for r in seen]
        _assert_locked_out(seen[-1])
    assert answers["agent01"] == answers["nobody-here"]


def test_many_usernames_from_one_address_lock_that_address_out(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(
        login_failures_per_account=5, login_failures_per_address=4, lockout_minutes=7
    )
    for name in ("alice", "bob", "carol", "dave"):
        assert_problem(_attempt(client, name, "wrong"), 401)
    # A password spray from this address: even a right password of a fresh username waits.
    _assert_locked_out(_attempt(client, "sup01", PASSWORD))


def test_failed_sign_ins_are_audited_without_the_password(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    client = make_client(login_failures_per_account=2, lockout_minutes=LOCKOUT_MINUTES)
    secret = "Hunter2-not-the-password"
    _attempt(client, "agent01", secret, "ws-desk-7")
    _attempt(client, "ghost", secret, "ws-desk-8")
    _attempt(client, "ghost", secret, "ws-desk-8")  # the second failure locks "ghost" out
    rows = _audit_rows(migrated_url, "login_failed", "login_locked")
    seen = [(r.action, r.username, r.user_id is not None, r.workstation_id) for r in rows]
    assert seen == [
        ("login_failed", "agent01", True, "ws-desk-7"),
        ("login_failed", "ghost", False, "ws-desk-8"),
        ("login_locked", "ghost", False, "ws-desk-8"),
    ]
    assert all(r.detail["client"] == "testclient" and r.at is not None for r in rows)
    for row in rows:
        assert secret not in json.dumps(
            [row.username, row.workstation_id, row.entity_id, row.detail]
        )


def _knowledge_miss(client: TestClient, customer: int, headers: dict[str, str]) -> Any:
    body = {"method": "knowledge", "answers": {"birth_date": "1901-01-01", "email": "x@y.example"}}
    return client.post(f"/customers/{customer}/verification", json=body, headers=headers)


def _otp_miss(client: TestClient, customer: int, headers: dict[str, str]) -> Any:
    body = {"method": "otp", "code": "000000"}
    return client.post(f"/customers/{customer}/verification", json=body, headers=headers)


def test_an_agent_guessing_codes_is_locked_out_before_the_customer_is(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    # Three failures lock the agent out; the customer's own lock needs five.
    client = make_client(otp_failures_per_agent=3, lockout_minutes=LOCKOUT_MINUTES)
    add_user(migrated_url, "agent02")
    take_call(client, "agent01", ZHANG_PHONE)
    headers = auth_headers(client)
    for miss in (_otp_miss, _otp_miss, _knowledge_miss):
        answered = miss(client, bank.zhang, headers)
        assert answered.status_code == 200 and answered.json()["failure"], answered.text
    _assert_locked_out(_otp_miss(client, bank.zhang, headers), "verification.throttled")
    # Another agent at another desk, with their own caller, verifies as before.
    take_call(client, "agent02", SMITH_PHONE)
    other = auth_headers(client, "agent02", "ws-other")
    assert _otp_miss(client, bank.smith, other).status_code == 200


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_workers_sharing_a_redis_storage_share_the_lockout(
    make_client: ClientFactory, bank: Bank
) -> None:
    settings: dict[str, Any] = {
        "rate_limit_storage": "redis://127.0.0.1:6379/0",
        "login_failures_per_account": 2,
        # Other runs share the Redis and this client's address: only the username counts here.
        "login_failures_per_address": 1_000_000,
        "lockout_minutes": LOCKOUT_MINUTES,
    }
    first, second = make_client(**settings), make_client(**settings)
    username = f"spray-{uuid.uuid4().hex[:8]}"  # keys of their own in a shared Redis
    assert_problem(_attempt(first, username, "wrong"), 401)
    assert_problem(_attempt(second, username, "wrong"), 401)
    _assert_locked_out(_attempt(first, username, "wrong"))
    _assert_locked_out(_attempt(second, username, "wrong"))
