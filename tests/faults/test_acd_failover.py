"""The shared ACD's leader killed while calls come in: no call lost, none offered twice.

Two real ``agentdesk server`` processes (two hosts behind a load balancer, as far as the ACD
can tell) on one PostgreSQL database. The first to start leads. Calls arrive through the
signed webhook, alternately at each server, from a thread acting as the PBX; agents answer
through either. Mid-burst the leader is killed with SIGKILL. The PBX does what a PBX behind a
load balancer does with a request that got no answer: it sends the same event (same call id)
to the other server, where a 409 "already in the ACD" means the first delivery was applied.

Afterwards the survivor leads, and: every call the PBX sent is in the ACD exactly once (its
state, one leg each), every call that rang was offered once (one ``call.offered`` per call in
the event log), the call answered before the kill carries on and is hung up after it (one
finished leg in ``calls``), and the agents' moves through either server went on working.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import httpx
import pytest

from agentdesk.server.db import migrate
from agentdesk.server.telephony import sign
from tests.faults.crash_support import crash_seed, free_port, server_rows
from tests.server.conftest import PASSWORD, seed_bank
from tests.server.test_telephony import add_agent

pytestmark = pytest.mark.pg

SECRET = "failover-webhook-secret"
AGENTS = ["agent01", "agent02", "agent03", "agent04"]
CALLS = 24
KILL_AFTER = 12  # calls sent before the leader dies
STARTUP_S = 60.0
# Read when the module loads: the autouse AGENTDESK_HOME fixture clears AGENTDESK_* variables.
SEED = crash_seed()


class Server:
    """``agentdesk server`` on ``url``'s database and its own loopback port."""

    def __init__(self, name: str, database_url: str, env: dict[str, str], log: Path) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log, "ab")  # closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "agentdesk", "server", "--host", "127.0.0.1"]
            + ["--port", str(self.port), "--database-url", database_url],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
        )

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"{self.name} exited: {self.process.returncode}"
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"{self.name} did not answer within {STARTUP_S} s")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


@pytest.fixture
def database(pg_database_factory: Any) -> str:
    url = str(pg_database_factory())
    migrate(url)
    seed_bank(url)  # agent01 (team retail), sup01, admin01
    for username in AGENTS[1:]:
        add_agent(url, username)
    return url


@pytest.fixture
def servers(database: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    env = dict(os.environ)
    env.update(
        {
            "AGENTDESK_JWT_KEY": secrets.token_urlsafe(48),
            "AGENTDESK_SERVER__SIGNING_KEYS": '["env:AGENTDESK_JWT_KEY"]',
            "AGENTDESK_TELEPHONY__WEBHOOK_SECRET": SECRET,
            "AGENTDESK_TELEPHONY__ACD_FAILOVER_SECONDS": "0.5",
            "AGENTDESK_SERVER__ACCESS_TOKEN_MINUTES": "60",
        }
    )
    first = Server("first", database, env, tmp_path / "first.log")
    second: Server | None = None
    try:
        first.wait_healthy()
        _wait_for_leader(database, first.process.pid)
        second = Server("second", database, env, tmp_path / "second.log")
        second.wait_healthy()
        yield first, second
    finally:
        for server in (first, second):
            if server is not None:
                server.stop()


def _leader_pid(database: str) -> int | None:
    rows = server_rows(database, "SELECT leader FROM acd_state WHERE id = 1")
    if not rows or not rows[0][0]:
        return None
    return int(str(rows[0][0]).rsplit(":", 1)[1])


def live_legs(database: str) -> list[dict[str, Any]]:
    """The live legs in the shared ACD's state as its leader last wrote it (a row each)."""
    legs = [row[0] for row in server_rows(database, "SELECT data FROM acd_state_calls")]
    assert all(isinstance(leg, dict) for leg in legs)
    return cast(list[dict[str, Any]], legs)


def _wait_for_leader(database: str, pid: int, timeout_s: float = 30.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout_s:
        if _leader_pid(database) == pid:
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"process {pid} did not take the lead within {timeout_s} s")


def _sign_in(base: str, username: str) -> dict[str, str]:
    response = httpx.post(
        f"{base}/auth/login",
        json={"username": username, "password": PASSWORD, "workstation_id": f"ws-{username}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


class Pbx:
    """Sends each call's offer to a server; one that gives no answer gets it sent to the other
    (same call id), as a PBX behind a load balancer would."""

    def __init__(self, servers: tuple[Server, Server]) -> None:
        self.servers = servers
        self.outcomes: dict[str, list[str]] = {}

    def offer_all(self, numbers: range, first: int) -> None:
        for n in numbers:
            self.offer(n, first)

    def offer(self, n: int, first: int) -> None:
        """Offer call ``n`` at ``servers[first]`` (the other one if it gives no answer)."""
        call_id = f"failover-{n:03d}"
        body = json.dumps(
            {
                "type": "call.offered",
                "call_id": call_id,
                "caller": f"+86139{n:08d}",
                "queue": "general",
            }
        ).encode()
        headers = {"X-AgentDesk-Signature": sign(SECRET, body)}
        headers["Content-Type"] = "application/json"
        for server in (self.servers[first], self.servers[1 - first]):
            try:
                response = httpx.post(
                    f"{server.url}/telephony/events", content=body, headers=headers, timeout=30
                )
            except httpx.TransportError:
                self.outcomes.setdefault(call_id, []).append(f"{server.name}: no answer")
                continue
            self.outcomes.setdefault(call_id, []).append(f"{server.name}: {response.status_code}")
            if response.status_code in (200, 409):
                return
        raise AssertionError(f"{call_id} reached neither server: {self.outcomes[call_id]}")


def test_killing_the_acd_leader_loses_no_call_and_offers_none_twice(
    database: str, servers: tuple[Server, Server]
) -> None:
    first, second = servers
    assert _leader_pid(database) == first.process.pid
    tokens = {name: _sign_in(second.url, name) for name in AGENTS}
    for n, name in enumerate(AGENTS):  # through either server: both serve the ACD
        server = servers[n % 2]
        ready = httpx.post(
            f"{server.url}/telephony/presence",
            json={"state": "ready"},
            headers=tokens[name],
            timeout=30,
        )
        assert ready.status_code == 200, ready.text
        assert ready.json()["presence"]["state"] == "ready"

    pbx = Pbx(servers)
    for n in range(KILL_AFTER):
        pbx.offer(n, n % 2)
    ringing = _ringing_call(first.url, tokens["agent01"])
    answered = httpx.post(
        f"{first.url}/telephony/calls/{ringing}/answer", headers=tokens["agent01"], timeout=30
    )
    assert answered.status_code == 200, answered.text

    # The rest of the burst at the leader, from a thread; the leader killed while it is under
    # way, at a point drawn from the seed (printed: a failure can be replayed).
    seed = SEED
    pause = random.Random(seed).uniform(0.02, 0.2)
    print(f"seed {seed} (replay: AGENTDESK_CRASH_SEED={seed}): the leader dies after {pause:.3f} s")
    rest = threading.Thread(target=pbx.offer_all, args=(range(KILL_AFTER, CALLS), 0))
    rest.start()
    time.sleep(pause)
    first.kill()
    killed_at = time.monotonic()
    rest.join(timeout=120)
    assert not rest.is_alive()
    takeover_s = _wait_for_leader(database, second.process.pid) + (time.monotonic() - killed_at)
    print(f"the second server led {takeover_s:.2f} s after the kill at the latest")
    print("webhook outcomes after the kill:", {k: v for k, v in pbx.outcomes.items() if len(v) > 1})

    # The call answered before the kill carries on: hung up and wrapped up after it.
    hung_up = httpx.post(
        f"{second.url}/telephony/calls/{ringing}/hangup", headers=tokens["agent01"], timeout=30
    )
    assert hung_up.status_code == 200, hung_up.text
    assert hung_up.json()["presence"]["state"] == "wrap_up"
    done = httpx.post(
        f"{second.url}/telephony/wrap-up/finish", headers=tokens["agent01"], timeout=30
    )
    assert done.status_code == 200, done.text
    board = httpx.get(f"{second.url}/telephony/queues", headers=tokens["agent01"], timeout=30)
    assert board.status_code == 200, board.text

    sent = {f"failover-{n:03d}" for n in range(CALLS)}
    assert set(pbx.outcomes) == sent
    live = Counter(leg["call"]["id"] for leg in live_legs(database))
    finished = Counter(str(row[0]) for row in server_rows(database, "SELECT call_id FROM calls"))
    report = (
        f"seed {seed}, pause {pause:.3f} s; webhook outcomes: {pbx.outcomes}; "
        f"live legs: {dict(live)}; finished: {finished}"
    )
    # Every call is in the ACD once: live (waiting, ringing, on the line) or, the one hung
    # up, finished. None lost, none doubled.
    assert set(live) | set(finished) == sent, report
    assert all(count == 1 for count in live.values()), report
    assert finished == Counter({ringing: 1}), report
    assert ringing not in live, report
    # Each call rang an agent at most once: four agents, four first rings, one more for
    # agent01 after their wrap-up.
    offered = Counter(
        str(json.loads(str(row[0]))["call"]["id"])
        for row in server_rows(
            database, "SELECT data::text FROM event_log WHERE kind = 'call.offered'"
        )
    )
    assert all(count == 1 for count in offered.values()), offered
    assert len(offered) == len(AGENTS) + 1, offered
    assert set(offered) <= sent


def _ringing_call(base: str, headers: dict[str, str]) -> str:
    me = httpx.get(f"{base}/telephony/me", headers=headers, timeout=30)
    assert me.status_code == 200, me.text
    call = me.json()["call"]
    assert call is not None and call["state"] == "ringing", me.json()
    return str(call["id"])
