"""Live events over SSE: ordered ids, Last-Event-ID resume, slow consumers dropped, and
fan-out across two real worker processes on one PostgreSQL database."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from agentdesk.config.server import ServerSettings
from agentdesk.contract.sync import EventKind, ServerEvent
from agentdesk.server.app import create_app
from agentdesk.server.broker import InProcessBroker
from agentdesk.server.db import make_engine, migrate
from tests.server.conftest import PASSWORD, Bank, seed_bank
from tests.server.sync_helpers import (
    WORKSTATION,
    SseReader,
    interaction_payload,
    mutation,
    serve_in_thread,
)
from tests.signing import TEST_KEYS


def _login(base: str, username: str = "agent01") -> dict[str, str]:
    response = httpx.post(
        f"{base}/auth/login",
        json={"username": username, "password": PASSWORD, "workstation_id": WORKSTATION},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _push(base: str, headers: dict[str, str], seq: int, customer_id: int) -> None:
    body = {
        "workstation_id": WORKSTATION,
        "mutations": [mutation(seq, "interaction.create", interaction_payload(customer_id))],
    }
    response = httpx.post(f"{base}/sync/push", json=body, headers=headers, timeout=10)
    assert response.status_code == 200, response.text


def _without_figures(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["event"] != EventKind.QUEUE_STATS]


def test_events_arrive_in_order_and_last_event_id_resumes(migrated_url: str, bank: Bank) -> None:
    # Every "pull now" as it is logged (the pacing of hints has a test of its own).
    settings = ServerSettings(sse_ping_seconds=0.2, sse_hint_seconds=0)
    app = create_app(settings, migrated_url, signing_keys=TEST_KEYS)
    with serve_in_thread(app) as base:
        headers = _login(base)
        # A supervisor's stream: it has the ticket events too (their complaint board's).
        watcher = _login(base, "sup01")
        reader = SseReader(f"{base}/events", watcher)
        agents = SseReader(f"{base}/events", headers)
        try:
            assert reader.status == 200
            assert reader.headers["content-type"].startswith("text/event-stream")
            assert "content-encoding" not in reader.headers
            for seq in (1, 2, 3):
                _push(base, headers, seq, bank.zhang)
            got = [reader.next(EventKind.CHANGES) for _ in range(3)]
            assert [e["id"] for e in got] == sorted(e["id"] for e in got)
            assert len({e["id"] for e in got}) == 3
            assert [e["data"]["seq"] for e in got] == sorted(e["data"]["seq"] for e in got)
            ticket = httpx.get(f"{base}/tickets/{bank.open_ticket}", headers=headers)
            httpx.patch(
                f"{base}/tickets/{bank.open_ticket}",
                json={"changes": {"severity": "high"}},
                headers={**headers, "If-Match": ticket.headers["ETag"]},
            ).raise_for_status()
            changed = reader.next(EventKind.TICKET_CHANGED)
            assert changed["data"] == {"id": bank.open_ticket, "version": 2}
            assert changed["id"] > got[-1]["id"]
            # The edit's commit also says "pull now" (it re-stamped the ticket). The queue figures
            # go out on their own clock, whenever a tick falls: not what this test is about.
            rest = _without_figures(reader.drain())
            assert [e["event"] for e in rest] == [EventKind.CHANGES]
            # The agent's desk: every "pull now", no ticket event (its board is the cache).
            kinds = [e["event"] for e in _without_figures(agents.drain())]
            assert kinds == [EventKind.CHANGES] * 4
        finally:
            agents.close()
            reader.close()
        seen = rest[-1]["id"]

        # Missed while away: a reconnect with Last-Event-ID gets exactly those, in order.
        for seq in (4, 5):
            _push(base, headers, seq, bank.li)
        for resume in ({"Last-Event-ID": str(seen)}, None):
            url = f"{base}/events" + ("" if resume else f"?last_event_id={seen}")
            again = SseReader(url, {**watcher, **(resume or {})})
            try:
                missed = [again.next(EventKind.CHANGES), again.next(EventKind.CHANGES)]
                assert all(e["id"] > seen for e in missed)
                assert [e["event"] for e in missed] == [EventKind.CHANGES] * 2
                assert missed[0]["id"] < missed[1]["id"]
                assert _without_figures(again.drain()) == []
            finally:
                again.close()


def test_pull_now_hints_are_paced_and_the_latest_follows(migrated_url: str, bank: Bank) -> None:
    """A desk is told "pull now" at once, then at most once a gap (5 s here) with the latest
    sequence; events in between go out at once, and the held hint never takes the stream's id
    back (a reconnect from it replays nothing)."""
    settings = ServerSettings(sse_ping_seconds=0.2, sse_hint_seconds=5)
    app = create_app(settings, migrated_url, signing_keys=TEST_KEYS)
    with serve_in_thread(app) as base:
        headers = _login(base)
        reader = SseReader(f"{base}/events", headers)
        try:
            _push(base, headers, 1, bank.zhang)
            first = reader.next(EventKind.CHANGES)
            _push(base, headers, 2, bank.li)
            _push(base, headers, 3, bank.zhang)  # both within the gap: held, the latest kept
            presence = httpx.post(
                f"{base}/telephony/presence", json={"state": "ready"}, headers=headers
            )
            assert presence.status_code == 200, presence.text
            seen = [reader.next()]
            while seen[-1]["event"] != EventKind.CHANGES:
                seen.append(reader.next(timeout=10))
            *before, held = seen
            assert _without_figures(reader.drain()) == []
        finally:
            reader.close()
        # The presence event went out at once, not held behind the hints; the held hint
        # carries the latest sequence and the id of the last event sent before it.
        [mine] = [e for e in before if e["event"] == EventKind.PRESENCE_CHANGED]
        assert held["data"]["seq"] > first["data"]["seq"]
        assert held["id"] == before[-1]["id"] >= mine["id"] > first["id"]

        replay = SseReader(f"{base}/events?last_event_id=0", headers)
        try:
            replayed = replay.drain(1.0)
            logged = [
                e for e in replayed if e["event"] == "sync.changes" and e["id"] >= first["id"]
            ]
        finally:
            replay.close()
        assert len(logged) == 3  # the log keeps every hint: a replay is not paced
        assert held["data"]["seq"] == logged[-1]["data"]["seq"]

        again = SseReader(f"{base}/events", {**headers, "Last-Event-ID": str(held["id"])})
        try:
            assert _without_figures(again.drain()) == []
        finally:
            again.close()


def test_the_event_stream_needs_a_signed_in_user(migrated_url: str, bank: Bank) -> None:
    app = create_app(ServerSettings(sse_ping_seconds=0.2), migrated_url, signing_keys=TEST_KEYS)
    with serve_in_thread(app) as base:
        response = httpx.get(f"{base}/events", timeout=5)
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")


def test_a_slow_consumer_is_dropped_not_buffered(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'broker.db'}"
    migrate(url)
    engine = make_engine(url)
    broker = InProcessBroker(engine)

    async def scenario() -> tuple[bool, int]:
        subscription = broker.subscribe(("all",), 2)
        now = datetime.now(UTC)
        batch = [(ServerEvent(id=i, kind=EventKind.CHANGES, at=now), "all") for i in (1, 2, 3)]
        broker._deliver(batch)
        return subscription.dropped, subscription.queue.qsize()

    try:
        dropped, queued = asyncio.run(scenario())
    finally:
        engine.dispose()
    assert dropped and queued == 2


# -- two worker processes on one PostgreSQL database -------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def pg_url(pg_database_factory: object) -> str:
    url: str = pg_database_factory()  # type: ignore[operator]
    migrate(url)
    return url


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"worker exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"worker did not start: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture
def two_workers(pg_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    env = {
        **os.environ,
        "AGENTDESK_SERVER__SSE_PING_SECONDS": "0.5",
        # Both workers sign and verify with the same key, given as IT would (PostgreSQL has no
        # key of its own: a worker without a key source does not start).
        "AGENTDESK_SERVER__SIGNING_KEYS": '["env:AGENTDESK_JWT_KEY"]',
        "AGENTDESK_JWT_KEY": secrets.token_urlsafe(48),
    }
    processes: list[subprocess.Popen[bytes]] = []
    bases: list[str] = []
    try:
        for name in ("a", "b"):
            port = _free_port()
            log = tmp_path / f"worker-{name}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "agentdesk", "server", "--port", str(port),
                     "--database-url", pg_url],
                    stdout=out, stderr=subprocess.STDOUT, env=env,
                )  # fmt: skip
            processes.append(process)
            base = f"http://127.0.0.1:{port}"
            _wait_healthy(base, process, log)
            bases.append(base)
        yield bases[0], bases[1]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@pytest.mark.pg
def test_an_event_published_through_one_worker_reaches_a_stream_on_another(
    pg_url: str, two_workers: tuple[str, str]
) -> None:
    bank = seed_bank(pg_url)
    worker_a, worker_b = two_workers
    headers = _login(worker_a)  # tokens are signed with a key every worker is given
    reader = SseReader(f"{worker_b}/events", _login(worker_a, "sup01"))
    try:
        assert reader.status == 200
        _push(worker_a, headers, 1, bank.zhang)
        event = reader.next(EventKind.CHANGES, timeout=10)
        ticket = httpx.get(f"{worker_a}/tickets/{bank.open_ticket}", headers=headers)
        httpx.patch(
            f"{worker_a}/tickets/{bank.open_ticket}",
            json={"changes": {"status": "resolved"}},
            headers={**headers, "If-Match": ticket.headers["ETag"]},
        ).raise_for_status()
        changed = reader.next(EventKind.TICKET_CHANGED, timeout=10)
        assert changed["id"] > event["id"]
        assert changed["data"] == {"id": bank.open_ticket, "version": 2}
    finally:
        reader.close()
