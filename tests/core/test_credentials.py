"""Secrets go to a secure keyring or nowhere: never a plaintext fallback."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from agentdesk.credentials import CredentialStore, keyring_backend_problem
from agentdesk.errors import CredentialStoreUnavailable
from tests.keyring_backend import MemoryKeyring


def test_round_trip_through_the_keyring(test_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    store.put("refresh-token:agent01", "s3cret")
    assert store.get("refresh-token:agent01") == "s3cret"
    assert ("agentdesk", "refresh-token:agent01") in test_keyring.secrets
    store.delete("refresh-token:agent01")
    store.delete("refresh-token:agent01")  # deleting twice is fine
    assert store.get("refresh-token:agent01") is None


def test_no_backend_means_no_secret_stored_and_a_way_to_fix_it() -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(CredentialStoreUnavailable, match="install and unlock a system keyring"):
        CredentialStore().put("k", "v")


def test_plaintext_file_backend_is_refused(tmp_path: Path) -> None:
    plaintext = PlaintextKeyring()
    plaintext.file_path = str(tmp_path / "keyring_pass.cfg")
    keyring.set_keyring(plaintext)
    assert keyring_backend_problem() is not None
    with pytest.raises(CredentialStoreUnavailable):
        CredentialStore().put("k", "v")
    assert not (tmp_path / "keyring_pass.cfg").exists()
