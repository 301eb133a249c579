"""Fixtures shared by every test: Qt offscreen, an isolated AGENTDESK_HOME, a test keyring,
PostgreSQL databases made and dropped per test session, and a live demo backend."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.keyring_backend import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(autouse=True)
def agentdesk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own AGENTDESK_HOME and no system config file."""
    home = tmp_path / "agentdesk-home"
    monkeypatch.setenv("AGENTDESK_HOME", str(home))
    monkeypatch.setenv("AGENTDESK_SYSTEM_CONFIG", str(tmp_path / "no-system-config.toml"))
    for name in list(os.environ):
        if name.startswith("AGENTDESK_") and name not in {
            "AGENTDESK_HOME",
            "AGENTDESK_SYSTEM_CONFIG",
            "AGENTDESK_TEST_PG",
        }:
            monkeypatch.delenv(name)
    return home


@pytest.fixture(autouse=True)
def test_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _pg_admin_url() -> str:
    return os.environ.get("AGENTDESK_TEST_PG", PG_DEFAULT)


@pytest.fixture(scope="session")
def pg_database_factory() -> Iterator[object]:
    """Makes empty PostgreSQL databases and drops them at the end of the session.

    When no server answers, PostgreSQL tests skip with the reason, except under CI=true,
    where they must run.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    admin_url = _pg_admin_url().replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except OperationalError as exc:
        engine.dispose()
        reason = f"PostgreSQL not reachable at {_pg_admin_url()}: {type(exc.orig).__name__}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true: PostgreSQL tests must run)")
        pytest.skip(reason)

    made: list[str] = []

    def make() -> str:
        name = f"agentdesk_test_{uuid.uuid4().hex[:12]}"
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return admin_url.rsplit("/", 1)[0] + f"/{name}"

    yield make
    with engine.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind the backend supports (not yet migrated)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    factory = request.getfixturevalue("pg_database_factory")
    return str(factory())


@pytest.fixture(scope="session")
def live_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A real backend process on a free loopback port, seeded with a small demo data set.

    Yields the DemoBackend (``.url``, ``.username``, ``.password``, ``.database_url``).
    """
    from agentdesk.config.paths import AppPaths
    from agentdesk.demo.launcher import DemoBackend

    root = tmp_path_factory.mktemp("live-backend")
    paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
    with DemoBackend(paths, customers=60, port=0) as backend:
        yield backend
