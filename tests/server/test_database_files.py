"""An SQLite server database holds customers' personal data: the file and its WAL and shared
memory side files are readable by their owner only, whatever the umask, the demo's included."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from agentdesk.server.db import migrate
from tests.server.conftest import auth_headers, seed_bank, server_app


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that lets anyone read new files, as many desktops have."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_server_database_and_its_side_files_are_private(
    tmp_path: Path, open_umask: None
) -> None:
    database = tmp_path / "server.db"
    url = f"sqlite:///{database}"
    migrate(url)
    bank = seed_bank(url)
    with TestClient(server_app(url)) as client:
        # A write with the database open: the WAL and its shared memory exist now.
        headers = auth_headers(client)
        assert client.get(f"/customers/{bank.zhang}", headers=headers).status_code == 200
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        assert all(path.exists() for path in files)
        assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}


def test_a_database_made_readable_before_is_made_private_when_opened(
    tmp_path: Path, open_umask: None
) -> None:
    database = tmp_path / "server.db"
    url = f"sqlite:///{database}"
    migrate(url)
    database.chmod(0o644)  # as an earlier release left it
    with TestClient(server_app(url)) as client:
        assert client.get("/health").status_code == 200
    assert _mode(database) == 0o600


def test_the_demo_database_is_private(live_backend: object) -> None:
    database: Path = live_backend.database  # type: ignore[attr-defined]
    assert database.exists()
    assert _mode(database) == 0o600
