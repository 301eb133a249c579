"""The SMS gateway adapters' contract, through the real OTP route: the code reaches the caller's
number (a real HTTP receiver on a loopback port plays the gateway, which sees it in full), the
server's log holds neither the code nor the full number, the log-only gateway logs the masked
number only, and a gateway that does not take the message leaves no code behind."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
import stamina
from fastapi.testclient import TestClient
from sqlalchemy import select

from agentdesk.config.settings import load_settings
from agentdesk.domain.masking import mask_phone
from agentdesk.errors import ConfigError
from agentdesk.server import models
from agentdesk.server.signed_webhook import ATTEMPTS
from agentdesk.server.sms import LogOnlySms, WebhookSms, otp_text
from tests.server.conftest import (
    SMITH_PHONE,
    ZHANG_PHONE,
    Bank,
    ClientFactory,
    add_user,
    assert_problem,
    auth_headers,
    take_call,
)
from tests.server.webhook_receiver import WebhookReceiver, closed_port_url, webhook_receiver

SMS_SECRET = "test-sms-secret"
SETTINGS = {"telephony_tick_seconds": 0, "telephony_call_rate": 0}
ADAPTERS = ["log-only", "webhook"]


@pytest.fixture(autouse=True)
def no_backoff() -> Iterator[None]:
    with stamina.set_testing(True, attempts=ATTEMPTS):
        yield


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with webhook_receiver(SMS_SECRET) as found:
        yield found


def sms_client(
    make_client: ClientFactory, url: str, sms_url: str | None, *, demo: bool = False
) -> TestClient:
    """An app sending SMS to ``sms_url`` (else log-only) where agent01 has a call on the line
    (agent02 signed up too)."""
    add_user(url, "agent02")
    extra = {"sms_gateway_url": sms_url, "sms_gateway_secret": SMS_SECRET} if sms_url else {}
    return make_client(demo=demo, **SETTINGS, **extra)


def send_otp(client: TestClient, customer: int) -> Any:
    return client.post(f"/customers/{customer}/otp", headers=auth_headers(client))


def verify(client: TestClient, customer: int, code: str) -> dict[str, Any]:
    response = client.post(
        f"/customers/{customer}/verification",
        json={"method": "otp", "code": code},
        headers=auth_headers(client),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_the_code_is_sent_and_the_log_holds_neither_code_nor_number(
    adapter: str,
    make_client: ClientFactory,
    bank: Bank,
    migrated_url: str,
    receiver: WebhookReceiver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A demo server, so the response carries the code whichever gateway sends it.
    client = sms_client(
        make_client, migrated_url, receiver.url if adapter == "webhook" else None, demo=True
    )
    take_call(client, "agent01", ZHANG_PHONE)
    gateway = client.app.state.sms  # type: ignore[attr-defined]
    assert isinstance(gateway, WebhookSms if adapter == "webhook" else LogOnlySms)

    with caplog.at_level(logging.DEBUG):
        sent = send_otp(client, bank.zhang)
    assert sent.status_code == 200, sent.text
    code = sent.json()["code"]
    assert sent.json()["sent_to"] == mask_phone(ZHANG_PHONE)

    text = logged(caplog)
    assert code not in text
    assert ZHANG_PHONE not in text and ZHANG_PHONE[3:] not in text
    if adapter == "log-only":
        assert f"SMS (otp) to {mask_phone(ZHANG_PHONE)}" in text
        assert receiver.received == []
    else:
        [message] = receiver.received
        assert receiver.unsigned == 0
        assert message["to"] == ZHANG_PHONE  # the gateway has the number in full
        assert message["purpose"] == "otp"
        assert code in message["text"] and "5" in message["text"]
        assert set(message) == {"id", "to", "text", "purpose", "at"}
    assert verify(client, bank.zhang, code)["status"] == "verified"


def test_a_real_server_sends_the_code_only_to_the_gateway(
    make_client: ClientFactory,
    bank: Bank,
    migrated_url: str,
    receiver: WebhookReceiver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = sms_client(make_client, migrated_url, receiver.url)
    take_call(client, "agent01", ZHANG_PHONE)
    with caplog.at_level(logging.DEBUG):
        sent = send_otp(client, bank.zhang)
    assert sent.status_code == 200, sent.text
    assert sent.json()["code"] is None  # not to the agent
    [message] = receiver.received
    [code] = re.findall(r"\d{6}", message["text"])
    assert "验证码" in message["text"]  # Zhang reads Chinese
    assert code not in logged(caplog) and ZHANG_PHONE not in logged(caplog)
    assert verify(client, bank.zhang, code)["status"] == "verified"


@pytest.mark.parametrize("gateway", ["refusing", "unreachable"])
def test_a_gateway_that_does_not_take_the_code_leaves_none_behind(
    gateway: str,
    make_client: ClientFactory,
    bank: Bank,
    migrated_url: str,
    receiver: WebhookReceiver,
) -> None:
    url = receiver.url if gateway == "refusing" else closed_port_url()
    client = sms_client(make_client, migrated_url, url, demo=True)
    take_call(client, "agent01", ZHANG_PHONE)
    receiver.answer_next(400)
    failed = send_otp(client, bank.zhang)
    body = assert_problem(failed, 503, "sms.unavailable")
    assert "try again" in body["detail"]
    assert failed.headers["Retry-After"]
    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        assert session.scalars(select(models.VerificationOtp)).all() == []
        sends = session.scalars(
            select(models.AuditEvent).where(models.AuditEvent.action == "otp_send")
        ).all()
        assert sends == []
    if gateway == "refusing":  # the gateway takes it now: the agent sends again
        sent = send_otp(client, bank.zhang)
        assert sent.status_code == 200, sent.text
        assert verify(client, bank.zhang, sent.json()["code"])["status"] == "verified"
        assert len(receiver.received) == 2


def test_the_code_text_is_in_the_customers_language_else_in_both() -> None:
    chinese = "【AgentDesk银行】验证码 123456，5 分钟内有效，请勿告诉他人。"
    assert otp_text("123456", "zh", 5) == chinese
    assert otp_text("123456", "en", 5).startswith("AgentDesk bank code 123456, valid 5 minutes")
    both = otp_text("123456", "fr", 5)
    assert "验证码 123456" in both and "AgentDesk bank code 123456" in both and "\n" not in both


def test_an_english_customer_gets_the_english_text(
    make_client: ClientFactory, bank: Bank, migrated_url: str, receiver: WebhookReceiver
) -> None:
    client = sms_client(make_client, migrated_url, receiver.url)
    take_call(client, "agent01", SMITH_PHONE)
    assert send_otp(client, bank.smith).status_code == 200
    [message] = receiver.received
    assert message["to"] == SMITH_PHONE
    assert message["text"].startswith("AgentDesk bank code ")


def test_a_gateway_url_without_its_secret_stops_the_server() -> None:
    with pytest.raises(ConfigError, match="sms_gateway_secret is empty"):
        load_settings(sms_gateway_url="https://sms.bank/send")
    with pytest.raises(ConfigError, match="not https://"):
        load_settings(sms_gateway_url="http://sms.bank/send", sms_gateway_secret="s")
