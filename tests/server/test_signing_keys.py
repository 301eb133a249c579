"""The access tokens' signing keys come from files, the environment or a plugged-in provider,
never the database; rotation keeps older tokens valid until they expire; an embedded database
makes a key file of its own (0600); a PostgreSQL server without a key source does not start."""

from __future__ import annotations

import logging
import secrets
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from agentdesk.cli import main
from agentdesk.config.server import ServerSettings
from agentdesk.server.app import create_app
from agentdesk.server.db import migrate
from agentdesk.server.signing_keys import (
    EMBEDDED_KEY_FILE,
    KeySourceError,
    keyring_for,
    register_key_provider,
)
from tests.server.conftest import Bank, ClientFactory, assert_problem, login, seed_bank


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def _key_file(folder: Path, name: str) -> str:
    path = folder / name
    path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
    path.chmod(0o600)
    return f"file:{path}"


def _me(client: TestClient, token: str) -> int:
    status: int = client.get("/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code
    return status


def test_rotation_signs_with_the_new_key_and_accepts_the_old_until_expiry(
    make_client: ClientFactory, bank: Bank, tmp_path: Path
) -> None:
    old, new = _key_file(tmp_path, "old.key"), _key_file(tmp_path, "new.key")
    clock = FakeClock()
    before = make_client(clock=clock, signing_keys=[old], access_token_minutes=5)
    old_token = login(before)["access_token"]
    # IT puts the new key in front and keeps the old one behind it.
    after = make_client(clock=clock, signing_keys=[new, old], access_token_minutes=5)
    new_token = login(after)["access_token"]
    old_kid = jwt.get_unverified_header(old_token)["kid"]
    new_kid = jwt.get_unverified_header(new_token)["kid"]
    assert old_kid != new_kid
    assert _me(after, old_token) == _me(after, new_token) == 200
    # A worker not yet told of the new key refuses its tokens (why the order of steps matters).
    assert _me(before, new_token) == 401
    # Once the old key is dropped, its tokens are refused; new ones live on.
    clock.now += timedelta(minutes=4)
    dropped = make_client(clock=clock, signing_keys=[new], access_token_minutes=5)
    assert_problem(dropped.get("/auth/me", headers={"Authorization": f"Bearer {old_token}"}), 401)
    assert _me(dropped, new_token) == 200
    clock.now += timedelta(minutes=2)
    assert _me(after, old_token) == 401  # expired, whatever key signed it


def test_keys_from_the_environment_and_a_plugged_in_provider(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AGENTDESK_JWT_KEY", "k" * 40)
    vault = {"jwt/current": b"v" * 40}
    register_key_provider("vault", lambda reference: vault[reference])
    keys = keyring_for(
        ServerSettings(signing_keys=["vault:jwt/current", "env:AGENTDESK_JWT_KEY"]),
        "postgresql+psycopg://db.bank/agentdesk",
    )
    assert [k.secret for k in keys.keys] == [b"v" * 40, b"k" * 40]
    assert "v" * 40 not in repr(keys)


@pytest.mark.parametrize(
    ("sources", "says"),
    [
        ([], "signing_keys"),
        (["env:AGENTDESK_UNSET_KEY"], "AGENTDESK_UNSET_KEY is not set"),
        (["kms:arn:key/1"], "'kms' is unknown"),
        (["file:/nonexistent/jwt.key"], "/nonexistent/jwt.key"),
    ],
)
def test_a_production_server_without_a_usable_key_source_does_not_start(
    sources: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(KeySourceError, match=says):
        keyring_for(ServerSettings(signing_keys=sources), "postgresql+psycopg://db.bank/x")
    if not sources:
        # The command says so and exits before it touches the database.
        with pytest.raises(SystemExit) as stopped:
            main(["server", "--database-url", "postgresql+psycopg://nobody@127.0.0.1:9/none"])
        assert "signing_keys" in str(stopped.value.code)


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    source = _key_file(tmp_path, "jwt.key")
    (tmp_path / "jwt.key").chmod(0o644)
    with pytest.raises(KeySourceError, match="readable by others"):
        keyring_for(ServerSettings(signing_keys=[source]), "postgresql+psycopg://db/x")


def test_an_embedded_database_makes_its_own_key_file_not_in_the_database(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    database = tmp_path / "server.db"
    migrated_url = f"sqlite:///{database}"
    migrate(migrated_url)
    seed_bank(migrated_url)
    with caplog.at_level(logging.INFO, logger="agentdesk.server.signing_keys"):
        app = create_app(ServerSettings(), migrated_url)
    key_file = tmp_path / EMBEDDED_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    secret = key_file.read_text(encoding="utf-8")
    assert str(key_file) in caplog.text and secret not in caplog.text
    with TestClient(app) as client:
        token = login(client)["access_token"]
        assert _me(client, token) == 200
    # The next start reads the same key: the token still passes.
    with TestClient(create_app(ServerSettings(), migrated_url)) as again:
        assert _me(again, token) == 200
    engine = sa.create_engine(migrated_url)
    try:
        assert "server_keys" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()
    assert secret.encode() not in database.read_bytes()
