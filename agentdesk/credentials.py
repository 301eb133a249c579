"""Secrets of the desktop (refresh token, later the cache key) in the OS keyring.

There is no plaintext fallback: when the only keyring backends are insecure (plaintext files,
the "fail" or "null" backends) the store raises CredentialStoreUnavailable with how to fix it.
Tests install an explicit in-memory keyring backend; the product code path is the same.
"""

from __future__ import annotations

import logging

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from agentdesk.errors import CredentialStoreUnavailable

__all__ = ["CredentialStore", "keyring_backend_problem"]

log = logging.getLogger(__name__)

SERVICE = "agentdesk"
_INSECURE_BACKENDS = {
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.file.EncryptedKeyring",  # a passphrase prompt on stdin is no desktop store
}
HOW_TO_FIX = (
    "install and unlock a system keyring (Windows Credential Manager, macOS Keychain, "
    "or GNOME Keyring / KWallet with the Secret Service on Linux)"
)


def _name(backend: KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def keyring_backend_problem(backend: KeyringBackend | None = None) -> str | None:
    """Why the current keyring backend cannot hold secrets, or None when it can."""
    backend = backend or keyring.get_keyring()
    children = getattr(backend, "backends", None)
    if children is not None:  # the chainer: secure only if a secure child exists
        if not any(keyring_backend_problem(child) is None for child in children):
            return f"no secure keyring backend is available; {HOW_TO_FIX}"
        return None
    if _name(backend) in _INSECURE_BACKENDS or backend.priority <= 0:
        return f"keyring backend {_name(backend)} is not secure; {HOW_TO_FIX}"
    return None


class CredentialStore:
    """Get, put and delete secrets for one account (the signed-in user, or "workstation")."""

    def __init__(self, service: str = SERVICE) -> None:
        self._service = service

    def _check(self) -> None:
        problem = keyring_backend_problem()
        if problem:
            raise CredentialStoreUnavailable(problem)

    def get(self, key: str) -> str | None:
        self._check()
        try:
            return keyring.get_password(self._service, key)
        except keyring.errors.KeyringError as exc:
            raise CredentialStoreUnavailable(f"keyring read failed: {exc}") from exc

    def put(self, key: str, secret: str) -> None:
        self._check()
        try:
            keyring.set_password(self._service, key, secret)
        except keyring.errors.KeyringError as exc:
            raise CredentialStoreUnavailable(f"keyring write failed: {exc}") from exc

    def delete(self, key: str) -> None:
        self._check()
        try:
            keyring.delete_password(self._service, key)
        except keyring.errors.PasswordDeleteError:
            pass  # already gone
        except keyring.errors.KeyringError as exc:
            raise CredentialStoreUnavailable(f"keyring delete failed: {exc}") from exc
