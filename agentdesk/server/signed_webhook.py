"""Signed webhooks between the backend and the bank's systems, both ways.

The PBX's call events to the backend (``POST /telephony/events``), the backend's commands to the
PBX (``telephony/pbx.py``) and its messages to the SMS gateway (``sms.py``) are authenticated
the same way: the sender signs the exact body bytes with the shared secret and sends
``X-AgentDesk-Signature: sha256=<hex HMAC-SHA256 of the body>`` (the scheme GitHub and Stripe
webhooks use); the receiver checks it on the bytes received, before parsing, in constant time.

:func:`post_signed` sends one outbound request: a JSON body, the client's short timeout, a
bounded retry (stamina) on connection errors, timeouts and 5xx with the very same body (the
receiver tells a repeat by its ``id``). A 2xx is done; a 3xx or 4xx is :class:`WebhookRefused`,
and no usable answer (no connection, no answer in time, a 5xx) after the last try is
:class:`WebhookUnreachable`; each adapter
turns them into its domain error. The body is never logged: it may hold a phone number or an
OTP code. TLS is always verified (:func:`webhook_client`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx
import stamina

__all__ = [
    "SIGNATURE_HEADER",
    "WebhookRefused",
    "WebhookUnreachable",
    "post_signed",
    "sign",
    "signature_valid",
    "webhook_client",
]

SIGNATURE_HEADER = "X-AgentDesk-Signature"
_SCHEME = "sha256="

# One try and two more, within a few seconds in all: an agent is waiting for the answer.
ATTEMPTS = 3
RETRY_BUDGET_S = 8.0
TIMEOUT = httpx.Timeout(4.0, connect=2.0)

log = logging.getLogger(__name__)


def sign(secret: str, body: bytes) -> str:
    """The header value for ``body`` (what the sender sends; tests use it too)."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return _SCHEME + digest


def signature_valid(secret: str, body: bytes, header: str | None) -> bool:
    if not secret or not header or not header.startswith(_SCHEME):
        return False
    return hmac.compare_digest(sign(secret, body).encode(), header.strip().encode())


class WebhookRefused(Exception):
    """The receiver answered and said no (a 3xx or 4xx: sending it again would not help)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


class WebhookUnreachable(Exception):
    """No usable answer on any try: no connection, none in time, or a 5xx."""


class _ServerError(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


def webhook_client() -> httpx.Client:
    """The backend's one client for outbound webhooks: TLS verified, a short timeout, no
    redirects (a receiver that moved is a setting to fix, not a place to follow blindly)."""
    return httpx.Client(timeout=TIMEOUT, verify=True, follow_redirects=False)


def post_signed(
    client: httpx.Client, url: str, secret: str, payload: Mapping[str, Any], *, what: str
) -> None:
    """POST ``payload`` as signed JSON to ``url``; ``what`` names the receiver in the log."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {SIGNATURE_HEADER: sign(secret, body), "Content-Type": "application/json"}
    host = urlsplit(url).netloc
    try:
        for attempt in stamina.retry_context(
            on=_worth_retrying,
            attempts=ATTEMPTS,
            timeout=RETRY_BUDGET_S,
            wait_initial=0.2,
            wait_max=1.0,
        ):
            with attempt:
                response = client.post(url, content=body, headers=headers)
                if response.status_code >= 500:
                    raise _ServerError(response.status_code)
    except _ServerError as exc:
        log.warning("%s at %s failed: HTTP %d", what, host, exc.status)
        raise WebhookUnreachable(f"HTTP {exc.status}") from exc
    except httpx.TransportError as exc:
        log.warning("%s at %s did not answer (%s)", what, host, type(exc).__name__)
        raise WebhookUnreachable(type(exc).__name__) from exc
    if not response.is_success:
        log.warning("%s at %s refused: HTTP %d", what, host, response.status_code)
        raise WebhookRefused(response.status_code)


def _worth_retrying(error: Exception) -> bool:
    return isinstance(error, httpx.TransportError | _ServerError)
