"""The PBX / cloud contact-center webhook's authentication: an HMAC of the raw body.

The telephony signs each request body with the shared secret (``telephony_webhook_secret``)
and sends ``X-AgentDesk-Signature: sha256=<hex HMAC-SHA256 of the body>``, the scheme GitHub
and Stripe webhooks use. The signature is checked on the exact bytes received, before the body
is parsed, and compared in constant time. The backend's commands to the PBX and its messages to
the SMS gateway are signed the same way (``agentdesk.server.signed_webhook``, where it lives).
"""

from __future__ import annotations

from agentdesk.server.signed_webhook import SIGNATURE_HEADER, sign, signature_valid

__all__ = ["SIGNATURE_HEADER", "sign", "signature_valid"]
