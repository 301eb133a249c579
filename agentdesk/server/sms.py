"""Text messages to customers (one-time codes, notices): :class:`SmsGateway` and its adapters.

- :class:`LogOnlySms`: the demo's, and a server's with no ``[server] sms_gateway_url``. It
  logs that a message went, with its purpose and the masked number, never its text (an OTP's
  text holds the code).
- :class:`WebhookSms`: the bank's SMS gateway (or a relay to one) behind one HTTPS endpoint:
  each message is a signed JSON POST ``{"id", "to", "text", "purpose", "at"}``
  (``signed_webhook.py``; the README's "The PBX and the SMS gateway"). A gateway that refuses
  or does not answer is :class:`~agentdesk.domain.errors.UpstreamUnavailable`
  (``sms.unavailable``, 503): the caller sends before it commits, so nothing it recorded for
  the message (a one-time code) stays.

:func:`otp_text` is the code's message in the customer's language.
"""

from __future__ import annotations

import logging
import uuid
from typing import Protocol

import httpx

from agentdesk.config.server import ServerSettings
from agentdesk.domain.clock import Clock
from agentdesk.domain.errors import UpstreamUnavailable
from agentdesk.domain.masking import mask_phone
from agentdesk.server.signed_webhook import WebhookRefused, WebhookUnreachable, post_signed

__all__ = ["LogOnlySms", "SmsGateway", "WebhookSms", "build_sms_gateway", "otp_text"]

log = logging.getLogger(__name__)


class SmsGateway(Protocol):
    """Sends ``text`` to ``to_e164``; ``purpose`` (``otp``, ``notice``) is for the gateway's
    routing and the log. Returns once the gateway took it, or raises UpstreamUnavailable."""

    def send(self, to_e164: str, text: str, *, purpose: str) -> None: ...


class LogOnlySms:
    """No gateway: the message is logged as sent (masked number, never the text)."""

    def send(self, to_e164: str, text: str, *, purpose: str) -> None:
        log.info("SMS (%s) to %s", purpose, mask_phone(to_e164))


class WebhookSms:
    """Messages as signed JSON POSTs to ``url`` (see the module's docstring)."""

    def __init__(self, url: str, secret: str, client: httpx.Client, *, clock: Clock) -> None:
        self._url = url
        self._secret = secret
        self._client = client
        self._clock = clock

    def send(self, to_e164: str, text: str, *, purpose: str) -> None:
        payload = {
            "id": uuid.uuid4().hex,  # the same on a retry: the gateway sends a repeat once
            "to": to_e164,
            "text": text,
            "purpose": purpose,
            "at": self._clock().isoformat(),
        }
        try:
            post_signed(self._client, self._url, self._secret, payload, what=f"SMS ({purpose})")
        except (WebhookRefused, WebhookUnreachable) as exc:
            raise UpstreamUnavailable(
                "sms.unavailable",
                f"the SMS gateway did not take the message ({exc}); nothing was sent, try again",
            ) from exc


def otp_text(code: str, language: str, minutes: int) -> str:
    """The one-time code's message: in the customer's language (``zh``, ``en``), else both."""
    chinese = f"【AgentDesk银行】验证码 {code}，{minutes} 分钟内有效，请勿告诉他人。"
    english = f"AgentDesk bank code {code}, valid {minutes} minutes. Do not share it."
    if language.startswith("zh"):
        return chinese
    if language == "en":
        return english
    return f"{chinese} {english}"


def build_sms_gateway(
    settings: ServerSettings, *, client: httpx.Client | None, clock: Clock
) -> SmsGateway:
    """The gateway of ``sms_gateway_url`` (through ``client``), else the log-only one."""
    if not settings.sms_gateway_url:
        return LogOnlySms()
    assert client is not None  # the app makes one when a webhook is configured
    return WebhookSms(
        settings.sms_gateway_url,
        settings.sms_gateway_secret.get_secret_value(),
        client,
        clock=clock,
    )
