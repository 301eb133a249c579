"""The PBX / cloud contact-center webhook's authentication: an HMAC of the raw body.

The telephony signs each request body with the shared secret (``telephony_webhook_secret``)
and sends ``X-AgentDesk-Signature: sha256=<hex HMAC-SHA256 of the body>``, the scheme GitHub
and Stripe webhooks use. The signature is checked on the exact bytes received, before the body
is parsed, and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["SIGNATURE_HEADER", "sign", "signature_valid"]

SIGNATURE_HEADER = "X-AgentDesk-Signature"
_SCHEME = "sha256="


def sign(secret: str, body: bytes) -> str:
    """The header value for ``body`` (what the telephony sends; tests use it too)."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return _SCHEME + digest


def signature_valid(secret: str, body: bytes, header: str | None) -> bool:
    if not secret or not header or not header.startswith(_SCHEME):
        return False
    return hmac.compare_digest(sign(secret, body).encode(), header.strip().encode())
