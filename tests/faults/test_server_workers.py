"""`agentdesk server --workers N`: several worker processes on PostgreSQL, each serving every
route, the ACD included; and the refusals of what cannot work.

The worker that leads the shared ACD is killed with SIGKILL: the other takes over, the calls
and agents are as they were, and uvicorn starts a new worker in its place.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from agentdesk.server.db import migrate
from agentdesk.server.telephony import sign
from tests.faults.crash_support import free_port
from tests.faults.test_acd_failover import SECRET, _leader_pid, _sign_in, live_legs
from tests.server.conftest import seed_bank
from tests.server.test_telephony import add_agent

AGENTS = ["agent01", "agent02", "agent03"]


def _children(pid: int) -> set[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return {int(child) for child in found}


def _server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "AGENTDESK_JWT_KEY": secrets.token_urlsafe(48),
            "AGENTDESK_SERVER__SIGNING_KEYS": '["env:AGENTDESK_JWT_KEY"]',
            "AGENTDESK_TELEPHONY__WEBHOOK_SECRET": SECRET,
            "AGENTDESK_TELEPHONY__ACD_FAILOVER_SECONDS": "0.5",
        }
    )
    return env


@pytest.fixture
def two_workers(pg_database_factory: Any, tmp_path: Path) -> Iterator[tuple[str, str, int]]:
    """(base url, database url, the command's pid) of `agentdesk server --workers 2`."""
    database = str(pg_database_factory())
    migrate(database)
    seed_bank(database)
    for username in AGENTS[1:]:
        add_agent(database, username)
    port = free_port()
    with open(tmp_path / "server.log", "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "agentdesk", "server", "--workers", "2", "--port", str(port)]
            + ["--host", "127.0.0.1", "--database-url", database],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_server_env(),
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while len(_children(process.pid)) < 2 or _leader_pid(database) is None:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.1)
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        yield base, database, process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _offer(base: str, n: int) -> httpx.Response:
    body = json.dumps(
        {
            "type": "call.offered",
            "call_id": f"w-{n}",
            "caller": f"+86137{n:08d}",
            "queue": "general",
        }
    ).encode()
    headers = {"X-AgentDesk-Signature": sign(SECRET, body), "Content-Type": "application/json"}
    return httpx.post(f"{base}/telephony/events", content=body, headers=headers, timeout=30)


@pytest.mark.pg
def test_two_workers_share_one_acd_and_a_killed_leader_is_replaced(
    two_workers: tuple[str, str, int],
) -> None:
    base, database, pid = two_workers
    workers = _children(pid)
    leader = _leader_pid(database)
    assert leader in workers  # one of the two leads
    tokens = {name: _sign_in(base, name) for name in AGENTS}
    for name in AGENTS:
        ready = httpx.post(
            f"{base}/telephony/presence", json={"state": "ready"}, headers=tokens[name], timeout=30
        )
        assert ready.status_code == 200, ready.text
    for n in range(5):
        assert _offer(base, n).status_code == 200
    # Whichever worker answers (the kernel spreads the connections), the ACD is the same one.
    rings = set()
    for _ in range(20):
        for name in AGENTS:
            with httpx.Client() as fresh:  # a new connection: maybe the other worker
                me = fresh.get(f"{base}/telephony/me", headers=tokens[name], timeout=30).json()
            assert me["presence"]["state"] == "ringing", me
            rings.add((name, me["call"]["id"]))
    assert rings == {("agent01", "w-0"), ("agent02", "w-1"), ("agent03", "w-2")}

    os.kill(leader, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while _leader_pid(database) in (leader, None):
        assert time.monotonic() < deadline, "no worker took over the lead"
        time.sleep(0.05)
    assert _leader_pid(database) in _children(pid) | workers
    answered = httpx.post(
        f"{base}/telephony/calls/w-0/answer", headers=tokens["agent01"], timeout=30
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["presence"]["state"] == "on_call"
    board = httpx.get(f"{base}/telephony/queues", headers=tokens["agent01"], timeout=30).json()
    general = next(q for q in board["queues"] if q["queue"] == "general")
    assert general["waiting"]["value"] == 2  # w-3 and w-4, neither lost nor doubled
    assert sorted(leg["call"]["id"] for leg in live_legs(database)) == [f"w-{n}" for n in range(5)]
    # uvicorn replaces the killed worker.
    deadline = time.monotonic() + 30
    while len(_children(pid)) < 2:
        assert time.monotonic() < deadline, "the killed worker was not replaced"
        time.sleep(0.1)


def test_several_workers_need_postgresql(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "agentdesk", "server", "--workers", "2"]
        + ["--database-url", f"sqlite:///{tmp_path / 'one.db'}"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_server_env(),
    )
    assert done.returncode != 0
    assert "several workers need a PostgreSQL database_url" in done.stderr
