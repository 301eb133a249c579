"""Live events over SSE: ordered ids, Last-Event-ID resume, slow consumers dropped, and
fan-out across two real worker processes on one PostgreSQL database."""

from __future__ import annotations

import asyncio
import json
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
from sse_starlette import ServerSentEvent

from agentdesk.config.server import ServerSettings
from agentdesk.contract.sync import EventKind, ServerEvent
from agentdesk.server.app import create_app
from agentdesk.server.broker import InProcessBroker
from agentdesk.server.db import make_engine, migrate
from agentdesk.server.sse import event_stream
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


def _hints_heard(
    tmp_path: Path, streams: int, per_second: float, writes_s: float = 2.0
) -> tuple[list[list[tuple[float, int]]], int]:
    """``streams`` streams of one worker, told "pull now" by a write every 20 ms for
    ``writes_s`` seconds, hints paced at 50 ms and ``per_second`` over all of them; then
    quiet. What each stream heard (when, and which sequence) and the last sequence written."""
    url = f"sqlite:///{tmp_path / f'hints-{streams}.db'}"
    migrate(url)
    engine = make_engine(url)
    broker = InProcessBroker(engine)

    async def listen(stream: Any, heard: list[tuple[float, int]], loop: Any) -> None:
        async for item in stream:
            if isinstance(item, ServerSentEvent) and item.event == EventKind.CHANGES:
                heard.append((loop.time(), json.loads(str(item.data))["seq"]))

    async def scenario() -> tuple[list[list[tuple[float, int]]], int]:
        loop = asyncio.get_running_loop()
        heard: list[list[tuple[float, int]]] = [[] for _ in range(streams)]
        gens = [
            event_stream(
                broker,
                audiences=("all",),
                after_id=0,
                read_after=lambda _after, _limit: [],
                queue_size=1000,
                hint_gap_s=0.05,
                hints_per_s=per_second,
            )
            for _ in range(streams)
        ]
        tasks = [asyncio.create_task(listen(g, h, loop)) for g, h in zip(gens, heard, strict=True)]
        while broker.streams() < streams:
            await asyncio.sleep(0.01)
        start, seq = loop.time(), 0
        while loop.time() - start < writes_s:
            seq += 1
            hint = ServerEvent(
                id=seq, kind=EventKind.CHANGES, at=datetime.now(UTC), data={"seq": seq}
            )
            broker._deliver([(hint, "all")])
            await asyncio.sleep(0.02)
        # Quiet: the held hints go out within a gap (at most 1.25 s here), with room to spare.
        await asyncio.sleep(2.5)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return [[(t - start, s) for t, s in h] for h in heard], seq

    try:
        return asyncio.run(scenario())
    finally:
        engine.dispose()


def test_a_crowded_worker_tells_each_stream_less_often_and_not_all_at_once(
    tmp_path: Path,
) -> None:
    """Every desk pulls when told to: a worker's hints a second stay under its budget however
    many streams it serves. 4 streams under a budget of 400 a second are told every 50 ms
    gap; 40 under a budget of 40 every second or so (0.75-1.25 s), the first of them spread
    over the gap rather than all at once; and every stream ends on the last sequence."""
    few, last = _hints_heard(tmp_path, streams=4, per_second=400)
    assert all(h[-1][1] == last for h in few)
    assert min(len(h) for h in few) >= 15  # ~40 gaps of 50 ms in 2 s

    crowd, last = _hints_heard(tmp_path, streams=40, per_second=40)
    assert all(h and h[-1][1] == last for h in crowd)  # nothing lost: the latest followed
    while_writing = [[t for t, _ in h if t < 2.0] for h in crowd]
    assert max(len(h) for h in while_writing) <= 3  # ≥ 0.75 s apart over 2 s
    assert sum(len(h) for h in while_writing) <= 40 * 2 * 1.5  # about the budget's 40 a second
    firsts = sorted(h[0] for h in while_writing if h)
    assert firsts[-1] - firsts[0] >= 0.3  # the herd spread over the gap (0-0.95 s)
    for h in crowd:
        gaps = [b - a for (a, _), (b, _) in zip(h, h[1:], strict=False)]
        assert all(gap >= 0.7 for gap in gaps)


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
