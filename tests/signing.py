"""The signing key of the test servers made in process: a PostgreSQL database has no key of its
own (the server refuses to start without a key source), so each test process makes one."""

from __future__ import annotations

import secrets

from agentdesk.server.signing_keys import KeyRing, SigningKey

__all__ = ["TEST_KEYS"]

TEST_KEYS = KeyRing((SigningKey("test-key", secrets.token_bytes(32)),))
