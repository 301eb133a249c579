"""The shared ACD's pool keeps its connections (PostgreSQL): every 360 and ticket read asks the
ACD for the agent's call, and at a busy worker a read must not open a database connection and
close it again (its pool once kept 2 and made the rest on demand: each read past the second at
once cost PostgreSQL a new session).

Counted twice: the connections the process's pools made and closed (SQLAlchemy's pool
events), and the sessions PostgreSQL saw (``pg_stat_database.sessions``, which a session adds
to as it ends at the latest: read after a marker session of the test's own has shown up in it).
A pool that is still growing to its size may open a connection it keeps; none is closed."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.pool import Pool

from agentdesk.server.db import migrate
from agentdesk.server.telephony.shared_acd import SharedAcd
from tests.server.conftest import auth_headers, seed_bank, server_app
from tests.server.test_telephony import telephony_settings

pytestmark = pytest.mark.pg

WAIT_S = 30.0  # a bound for the test's waits, far above what each takes


def _session_counter(url: str) -> Callable[[], int]:
    """The database's sessions so far, every session that ended counted: each reading opens
    and closes a marker session and waits until the count has it."""
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    database = psycopg.conninfo.conninfo_to_dict(conninfo)["dbname"]

    def sessions(conn: psycopg.Connection[Any]) -> int:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = %s", (database,)
        ).fetchone()
        assert row is not None
        return int(row[0])

    def count() -> int:
        with psycopg.connect(conninfo, autocommit=True, dbname="postgres") as watcher:
            before = sessions(watcher)
            psycopg.connect(conninfo, autocommit=True).close()  # the marker
            deadline = time.monotonic() + WAIT_S
            while (now := sessions(watcher)) <= before:
                assert time.monotonic() < deadline, "PostgreSQL never counted the marker"
                time.sleep(0.05)
            return now

    return count


def test_reads_on_a_busy_worker_open_no_database_connections(pg_database_factory: Any) -> None:
    url = str(pg_database_factory())
    migrate(url)
    bank = seed_bank(url)
    app = server_app(
        url, **telephony_settings(telephony_acd="shared", telephony_acd_failover_seconds=0.2)
    )
    count = _session_counter(url)
    made: list[object] = []
    closed: list[object] = []
    listeners = (
        ("connect", lambda conn, _record: made.append(conn)),
        ("close", lambda conn, _record: closed.append(conn)),
    )
    for name, listener in listeners:
        event.listen(Pool, name, listener)
    with TestClient(app) as client:
        assert isinstance(app.state.switchboard, SharedAcd)
        headers = auth_headers(client)

        def read(_: int) -> None:
            response = client.get(f"/customers/{bank.zhang}", headers=headers)
            assert response.status_code == 200, response.text

        with ThreadPoolExecutor(12) as pool:
            list(pool.map(read, range(48)))  # the pools open what they keep
            before = count()
            made.clear()
            closed.clear()
            list(pool.map(read, range(96)))
            opened, ended = len(made), len(closed)
            after = count()
    for name, listener in listeners:
        event.remove(Pool, name, listener)
    assert ended == 0
    assert after - before == opened + 1  # the marker of the second count: nothing else
