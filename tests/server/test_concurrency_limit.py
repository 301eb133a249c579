"""A worker's request slots: writes queued for the change lock never take them all, so the
screen-pop's reads and the ACD's moves, which need no such lock, go on while writers wait their
turn (at 1,000 desks the slots filled with pushes queued for the lock and every read waited
behind them)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select, text

from agentdesk.server import sequence
from agentdesk.server.db import make_engine, migrate
from tests.server.conftest import PASSWORD, Bank, seed_bank, server_app
from tests.server.sync_helpers import (
    WORKSTATION,
    interaction_payload,
    mutation,
    serve_in_thread,
)

pytestmark = pytest.mark.pg


def _waiting_for_the_change_lock(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
                    )
                ).scalar_one()
            )
    finally:
        engine.dispose()


def test_reads_go_on_while_writes_wait_for_the_change_lock(pg_database_factory: object) -> None:
    url = str(pg_database_factory())  # type: ignore[operator]
    migrate(url)
    bank: Bank = seed_bank(url)
    app = server_app(url, concurrent_requests=2, concurrent_writes=1)
    holder = make_engine(url)
    with serve_in_thread(app) as base, ThreadPoolExecutor(2) as pool:
        login = httpx.post(
            f"{base}/auth/login",
            json={"username": "agent01", "password": PASSWORD, "workstation_id": WORKSTATION},
            timeout=10,
        )
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

        def push(seq: int) -> int:
            body = {
                "workstation_id": WORKSTATION,
                "mutations": [mutation(seq, "interaction.create", interaction_payload(bank.zhang))],
            }
            return httpx.post(
                f"{base}/sync/push", json=body, headers=headers, timeout=60
            ).status_code

        with holder.connect() as conn, conn.begin():
            # Another writer holds the change lock: the first push waits for it, the second
            # for the worker's one write slot.
            conn.execute(select(func.pg_advisory_xact_lock(sequence.LOCK_KEY)))
            pushes = [pool.submit(push, 1), pool.submit(push, 2)]
            deadline = time.monotonic() + 30
            while _waiting_for_the_change_lock(url) < 1:
                assert time.monotonic() < deadline, "the push never reached the change lock"
                time.sleep(0.05)

            profile = httpx.get(f"{base}/customers/{bank.zhang}", headers=headers, timeout=20)
            assert profile.status_code == 200, profile.text
            # An ACD move takes no change lock: not capped with the writes that do.
            ready = httpx.post(
                f"{base}/telephony/presence", json={"state": "ready"}, headers=headers, timeout=20
            )
            assert ready.status_code == 200, ready.text
            assert not any(p.done() for p in pushes)  # the writes still wait, unharmed
        # The lock released: both writes go through.
        assert [p.result(timeout=60) for p in pushes] == [200, 200]
    holder.dispose()
