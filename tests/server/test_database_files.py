"""An SQLite server database holds customers' personal data: the file and its WAL and shared
memory side files are readable by their owner only, whatever the umask, the demo's included.
What a request commits reaches the file itself while the server runs: the server checkpoints
its WAL on a thread of its own (agentdesk/server/sqlite_checkpoints.py)."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from agentdesk.server.db import migrate
from tests.server.conftest import Bank, auth_headers, seed_bank, server_app
from tests.server.sync_helpers import interaction_payload, mutation, push


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def _served(database: Path) -> Iterator[tuple[TestClient, Bank]]:
    """A server over a new, seeded SQLite ``database``."""
    url = f"sqlite:///{database}"
    migrate(url)
    bank = seed_bank(url)
    with TestClient(server_app(url)) as client:
        yield client, bank


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
    with _served(database) as (client, bank):
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


def _in_database_file(database: Path, notes: str) -> int:
    """Rows with ``notes`` in the database file itself, its WAL left unread (``immutable``)."""
    try:
        conn = sqlite3.connect(f"file:{database}?immutable=1", uri=True)
        try:
            query = "select count(*) from interactions where notes = ?"
            return int(conn.execute(query, (notes,)).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:  # read as the checkpoint wrote the page: look again
        return 0


def test_a_pushed_wrap_up_reaches_the_database_file_while_the_server_runs(
    tmp_path: Path,
) -> None:
    database = tmp_path / "server.db"
    with _served(database) as (client, bank):
        wrap_up = interaction_payload(bank.zhang, notes="checkpointed")
        response = push(client, auth_headers(client), mutation(1, "interaction.create", wrap_up))
        assert response.status_code == 200, response.text
        # One small commit: far below any size at which a commit checkpoints by itself.
        deadline = time.monotonic() + 10
        while not _in_database_file(database, "checkpointed") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _in_database_file(database, "checkpointed") == 1
