"""The database goes away mid-shift (restart, fail-over): requests get a 503 problem with
Retry-After — which the desk's outbox treats as "send again later" — not a 500 that would
flag the agent's change as needing attention; once the database is back, the same request
succeeds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from tests.server.conftest import Bank, ClientFactory, assert_problem, auth_headers

pytestmark = pytest.mark.pg


@contextmanager
def _database_refusing_connections(url: str) -> Iterator[None]:
    """Refuse new connections to the database and cut the open ones, as a restart does."""
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(f"{admin_url}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
        yield
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        engine.dispose()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_database_outage_is_a_503_problem_and_the_same_request_succeeds_after(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    client = make_client()
    headers = auth_headers(client)
    customer = f"/customers/{bank.smith}"
    assert client.get(customer, headers=headers).status_code == 200

    with _database_refusing_connections(migrated_url):
        refused = client.get(customer, headers=headers)

    body = assert_problem(refused, 503, "database_unavailable")
    assert "try again" in body["detail"]
    assert int(refused.headers["Retry-After"]) > 0
    again = client.get(customer, headers=headers)
    assert again.status_code == 200, again.text
    assert again.json()["name"] == "John Smith"
