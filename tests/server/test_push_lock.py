"""A push holds the change lock only for what needs it: a batch sent again whose keys were all
applied gets its first results while another writer holds the lock, and two pushes of one
batch that both made their checks before the lock still apply it once."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from agentdesk.server import models, sequence
from agentdesk.server.db import make_engine, migrate
from tests.server.conftest import PASSWORD, Bank, seed_bank, server_app
from tests.server.sync_helpers import (
    WORKSTATION,
    interaction_payload,
    mutation,
    serve_in_thread,
)
from tests.server.test_concurrency_limit import _waiting_for_the_change_lock

pytestmark = pytest.mark.pg


@pytest.fixture
def url(pg_database_factory: object) -> str:
    made = str(pg_database_factory())  # type: ignore[operator]
    migrate(made)
    return made


def _signed_in(base: str) -> dict[str, str]:
    login = httpx.post(
        f"{base}/auth/login",
        json={"username": "agent01", "password": PASSWORD, "workstation_id": WORKSTATION},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _wrap_ups(bank: Bank, count: int) -> list[dict[str, Any]]:
    return [
        mutation(seq, "interaction.create", interaction_payload(bank.zhang, notes=f"call {seq}"))
        for seq in range(1, count + 1)
    ]


def _wrap_ups_stored(url: str, bank: Bank) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(models.Interaction)
                    .where(models.Interaction.agent == "agent01")
                    .where(models.Interaction.customer_id == bank.zhang)
                    .where(models.Interaction.notes.like("call %"))
                ).scalar_one()
            )
    finally:
        engine.dispose()


def test_a_batch_sent_again_is_answered_while_a_writer_holds_the_change_lock(url: str) -> None:
    bank = seed_bank(url)
    app = server_app(url, telephony_tick_seconds=0, telephony_call_rate=0)
    holder = make_engine(url)
    batch = {"workstation_id": WORKSTATION, "mutations": _wrap_ups(bank, 3)}
    with serve_in_thread(app) as base:
        headers = _signed_in(base)
        first = httpx.post(f"{base}/sync/push", json=batch, headers=headers, timeout=20)
        assert first.status_code == 200, first.text
        with holder.connect() as conn, conn.begin():
            conn.execute(select(func.pg_advisory_xact_lock(sequence.LOCK_KEY)))
            # The desk lost the answer and sends the batch again, while another writer (a
            # long push, a ticket edit) holds the lock: its answer is stored, it need not wait.
            again = httpx.post(f"{base}/sync/push", json=batch, headers=headers, timeout=10)
            assert again.status_code == 200, again.text
        assert [r["status"] for r in again.json()["results"]] == ["duplicate"] * 3
        assert [r["entity_id"] for r in again.json()["results"]] == [
            r["entity_id"] for r in first.json()["results"]
        ]
        assert again.json()["last_applied_seq"] == 3
    holder.dispose()
    assert _wrap_ups_stored(url, bank) == 3


def test_two_pushes_of_a_batch_checked_before_the_lock_apply_it_once(url: str) -> None:
    bank = seed_bank(url)
    app = server_app(url, telephony_tick_seconds=0, telephony_call_rate=0, concurrent_writes=2)
    holder = make_engine(url)
    batch = {"workstation_id": WORKSTATION, "mutations": _wrap_ups(bank, 5)}
    with serve_in_thread(app) as base, ThreadPoolExecutor(2) as pool:
        headers = _signed_in(base)

        def push() -> httpx.Response:
            return httpx.post(f"{base}/sync/push", json=batch, headers=headers, timeout=60)

        with holder.connect() as conn, conn.begin():
            conn.execute(select(func.pg_advisory_xact_lock(sequence.LOCK_KEY)))
            # A retry racing its first attempt: both find no key and no client id stored, make
            # their rows, and wait for the lock.
            pushes = [pool.submit(push), pool.submit(push)]
            deadline = time.monotonic() + 30
            while _waiting_for_the_change_lock(url) < 2:
                assert time.monotonic() < deadline, "the pushes never reached the change lock"
                time.sleep(0.05)
        answers = [p.result(timeout=60) for p in pushes]
    holder.dispose()
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    statuses = sorted(tuple(r["status"] for r in a.json()["results"]) for a in answers)
    assert statuses == [("applied",) * 5, ("duplicate",) * 5]
    ids = [[r["entity_id"] for r in a.json()["results"]] for a in answers]
    assert ids[0] == ids[1]
    assert _wrap_ups_stored(url, bank) == 5
