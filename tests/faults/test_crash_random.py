"""Randomized crashes: the desk's sync killed at 100 random points of a stream of writes, the
server killed at 20 random points of pushes, PostgreSQL restarted mid-push. Afterwards every
change the agent saw saved is on the server exactly once, nothing the desk never saved is there,
and the desk's outbox is empty after a final drain.

The points are drawn from a seeded RNG (crash_support.py): the default seed is fixed, so CI
aims at the same points every run; ``AGENTDESK_CRASH_SEED=<n>`` replays a failure (its message
starts with the seed and the kill points) and ``AGENTDESK_CRASH_SEED=random`` explores. What
the timing of the machine adds (where exactly in a phase a kill lands) can differ between runs
of one seed; the checker holds for every landing. ``CRASH_DESK_KILLS=<n>`` shortens the desk
part while working on it (100 in CI).

The desk and the killed server are started by fork servers (crash_desk.py, server_fork.py)
that import the code once: each incarnation is still a new process on the same cache file or
database, but 120 restarts at 2-5 s of imports each would not fit the file's ~3 minutes.
"""

from __future__ import annotations

import os
import queue
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import httpx
import pytest
import stamina

from agentdesk.cache import outbox
from agentdesk.cache.local_writes import record_interaction
from agentdesk.cache.schema import interactions, tasks, tickets
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.client import ApiClient, build_http_client
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import InteractionCreate
from agentdesk.demo.launcher import DemoBackend
from agentdesk.demo.seed import seed_database
from agentdesk.errors import AgentDeskError
from agentdesk.events import EventBus
from agentdesk.sync.engine import SyncEngine
from tests.faults import crash_desk
from tests.faults.crash_support import (
    PG_BIN,
    Backend,
    ForkedBackend,
    KillLog,
    PrivatePostgres,
    ServerForks,
    crash_seed,
    doubled,
    free_port,
    private_postgres,
    server_rows,
)

ROOT = Path(__file__).resolve().parents[2]
# Read when the module loads: the autouse AGENTDESK_HOME fixture clears AGENTDESK_* variables
# before each test. One seed for the whole file (``random`` draws it once).
SEED = crash_seed()
NOW = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
DESK_KILLS = int(os.environ.get("CRASH_DESK_KILLS", "100"))
SERVER_KILLS = 20
PG_RESTARTS = 6
# Pushes of a few batches each, in batches smaller than the product's 500, so that a drain is
# several pushes without thousands of durable local writes (each is an fsync).
PUSH_BATCH = 50
# Where a desk kill is aimed: after the n-th time the desk reached a marker (crash_desk.py),
# plus a random delay of at most this many seconds (the phase's usual length here).
PHASES = {
    "commit": 0.003,  # mid local commit (the durable write with its outbox entry)
    "saved": 0.004,  # between the commit and the push
    "push": 0.040,  # mid push: the request on the wire, the server applying it
    "pushed": 0.006,  # the server applied it and answered; the desk has not recorded it
}


@pytest.fixture(autouse=True)
def _no_backoff_waits() -> Iterator[None]:
    stamina.set_testing(True)
    yield
    stamina.set_testing(False)


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[list[DemoBackend]]:
    """The demo backend on SQLite (``server.db`` under tmp_path), as a list: a test that
    restarts it puts the new one in, and whichever runs at the end is stopped."""
    root = tmp_path / "backend"
    paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
    running = [DemoBackend(paths, customers=40, port=0)]
    running[0].start()
    yield running
    running[-1].stop()


def _api(
    url: str, transport: httpx.BaseTransport | None = None, workstation: str = "ws-crash"
) -> ApiClient:
    settings = DesktopSettings(backend_url=url, request_timeout_s=5.0, cache_scope="all")
    api = ApiClient(build_http_client(settings, transport=transport))
    api.login("agent01", "demo", workstation)
    return api


def _final_drain(store: CacheStore, url: str, workstation: str) -> None:
    engine = SyncEngine(
        _api(url, workstation=workstation), store, EventBus(), lambda: NOW, workstation
    )
    engine.push_pending()
    engine.push_pending()  # a second drain finds nothing more to send


# -- 1. the desk killed --------------------------------------------------------------------


class _Desk:
    """The fork server of crash_desk.py, and its output line by line."""

    def __init__(self, root: Path, url: str, key: bytes) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.crash_desk", str(root), url, key.hex()],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.current = 0  # the incarnation running, if any
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put("closed")

    def next_line(self, timeout: float = 30.0) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"the desk said nothing for {timeout:.0f} s") from None

    def go(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        line = self.next_line()
        assert line.startswith("started "), line
        self.current = int(line.split()[1])
        return self.current

    def close(self) -> None:
        """End the fork server; an incarnation a failed test left running is killed first
        (the fork server waits for it)."""
        if self.current:
            try:
                os.kill(self.current, signal.SIGKILL)
            except ProcessLookupError:
                pass  # killed and reaped already
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


@dataclass
class _Incarnation:
    markers: list[str]
    error: str = ""


def _kill_one(desk: _Desk, rng: random.Random) -> tuple[str, _Incarnation]:
    """Start an incarnation, kill it where the RNG aims; return the aim and what it did."""
    phase = rng.choice(sorted(PHASES))
    nth = rng.randint(1, 3)
    delay = rng.uniform(0.0, PHASES[phase])
    pid = desk.go()
    seen = _Incarnation([])
    reached = 0
    while reached < nth:
        line = desk.next_line()
        if line.startswith("exited") or line == "closed":
            desk.current = 0
            raise AssertionError(f"desk {pid} ended before it was killed: {seen.error or line}")
        if line.startswith("E "):
            seen.error = line
            continue
        marker = line.split()[-1]
        seen.markers.append(marker)
        reached += marker == phase
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    while not (line := desk.next_line()).startswith(f"exited {pid}"):
        if line.startswith("E "):
            seen.error = line
        elif line.startswith("M "):
            seen.markers.append(line.split()[-1])
    desk.current = 0  # reaped: its pid may be another process's from now on
    aim = f"after {phase} #{nth} + {delay * 1000:.1f} ms"
    return aim, seen


def _desk_log(root: Path) -> tuple[dict[int, str], dict[int, tuple[str, str]]]:
    """What the desk began (``{n: kind}``) and what it saw saved (``{n: (kind, name)}``)."""
    begun: dict[int, str] = {}
    saved: dict[int, tuple[str, str]] = {}
    for line in (root / crash_desk.LOG_NAME).read_text().splitlines():
        word, n, kind, *name = line.split()
        if word == "intent":
            begun[int(n)] = kind
        else:
            saved[int(n)] = (kind, name[0])
    return begun, saved


def _number(tag: object) -> int:
    return int(str(tag).removeprefix("crash-"))


def _check_desk(
    database_url: str, store: CacheStore, begun: dict[int, str], saved: dict[int, tuple[str, str]]
) -> list[str]:
    """Every problem found: the desk's log and cache against the server's database."""
    problems: list[str] = []
    created = {
        "wrap_up": server_rows(
            database_url, "select notes, client_id from interactions where notes like 'crash-%'"
        ),
        "callback": server_rows(
            database_url, "select note, client_id from tasks where note like 'crash-%'"
        ),
        "complaint": server_rows(
            database_url, "select summary, client_id from tickets where summary like 'crash-%'"
        ),
    }
    with store.read() as conn:
        waiting = outbox.waiting_count(conn)
        local = {
            "wrap_up": dict(
                conn.execute(interactions.select().with_only_columns(
                    interactions.c.client_id, interactions.c.server_id
                )).all()
            ),
            "callback": dict(
                conn.execute(tasks.select().with_only_columns(
                    tasks.c.client_id, tasks.c.server_id
                )).all()
            ),
            "complaint": dict(
                conn.execute(tickets.select().with_only_columns(
                    tickets.c.client_id, tickets.c.server_id
                )).all()
            ),
        }  # fmt: skip
    if waiting:
        problems.append(f"{waiting} changes still in the desk's outbox after the final drain")
    for kind, rows in created.items():
        tags = [str(tag) for tag, _ in rows]
        for tag, count in doubled(tags).items():
            problems.append(f"{kind} {tag} is on the server {count} times")
        on_server = {_number(tag): str(client_id) for tag, client_id in rows}
        for n, client_id in on_server.items():
            if n not in begun:
                problems.append(f"{kind} {n} is on the server but the desk never made it")
            elif n not in saved and client_id not in local[kind]:
                problems.append(f"{kind} {n} is on the server but was never committed here")
        for n, (saved_kind, client_id) in saved.items():
            if saved_kind != kind:
                continue
            if on_server.get(n) != client_id:
                problems.append(
                    f"{kind} {n} was saved (client id {client_id}) but the server has "
                    f"{on_server.get(n, 'nothing')}"
                )
            elif local[kind].get(client_id) is None:
                problems.append(f"{kind} {n} is on the server but the desk shows it unsent")
    # Closing a callback: applied once (a second time would be another version), by the
    # close the desk saved.
    closed = server_rows(
        database_url,
        "select client_id, outcome, version from tasks where note like 'crash-%' and done",
    )
    by_task = {
        str(client_id): (str(outcome), int(str(version))) for client_id, outcome, version in closed
    }
    for n, (kind, client_id) in saved.items():
        if kind != "close_callback":
            continue
        outcome, version = by_task.get(client_id, ("open", 0))
        if outcome != crash_desk.tag(n) or version != 2:
            problems.append(
                f"close {n} of task {client_id}: the server has it {outcome} at version {version}"
            )
    for client_id, (outcome, version) in by_task.items():
        n = _number(outcome)
        if begun.get(n) != "close_callback" or version != 2:
            problems.append(f"task {client_id} closed by {outcome} (version {version})")
    return problems


def test_a_desk_killed_at_random_points_of_its_writes_loses_and_doubles_nothing(
    backend: list[DemoBackend], tmp_path: Path
) -> None:
    seed = SEED
    rng = random.Random(seed)
    kills = KillLog("desk killed with SIGKILL", seed)
    server = backend[0]
    root = tmp_path / "desk"
    (root / "data").mkdir(parents=True)
    (root / "data" / "workstation-id").write_text(crash_desk.WORKSTATION, encoding="utf-8")
    key = new_cache_key()
    desk = _Desk(root, server.url, key)
    landed: Counter[str] = Counter()
    try:
        for number in range(DESK_KILLS):
            aim, seen = _kill_one(desk, rng)
            last = seen.markers[-1] if seen.markers else "start"
            landed[last] += 1
            kills.add(
                f"{number:3d}: {aim}; last marker {last}"
                + (f"; {seen.error}" if seen.error else "")
            )
            assert not seen.error, kills.header()
    finally:
        desk.close()
    begun, saved = _desk_log(root)
    store = CacheStore.open(root / "data" / "cache.db", key)  # the workstation restarts
    try:
        _final_drain(store, server.url, crash_desk.WORKSTATION)
        problems = _check_desk(server.database_url, store, begun, saved)
    finally:
        store.close()
    unreported = len(begun) - len(saved)
    print(f"\n{kills.header()}\nlast marker before each kill: {dict(landed)}; "
          f"{len(saved)} changes saved {dict(Counter(k for k, _ in saved.values()))}, "
          f"{unreported} begun and not reported")  # fmt: skip
    assert not problems, kills.header() + "\n" + "\n".join(problems)
    # The stream went on between the kills, and they landed in more than one phase (where
    # exactly is the machine's timing; the distribution is printed above).
    assert len(saved) > DESK_KILLS / 2, kills.header()
    kinds = Counter(kind for kind, _name in saved.values())
    assert set(kinds) == set(crash_desk.KINDS), kinds  # every kind of offline write, checked
    assert len(set(landed) & set(PHASES)) >= 2, (kills.header(), landed)


# -- 2. the server killed ------------------------------------------------------------------


class _KillDuringPush(httpx.HTTPTransport):
    """The real transport, which kills the server once, on the ``nth`` push of the drain:
    ``before`` it reaches the server, ``during`` (after ``delay`` seconds on the wire, the
    server applying it), or ``answer_lost`` (the server applied it and answered, and the
    answer never reaches the desk)."""

    def __init__(self, kill: Callable[[], None], nth: int, how: str, delay: float) -> None:
        super().__init__()
        self._kill = kill
        self._nth = nth
        self._how = how
        self._delay = delay
        self._timer: threading.Timer | None = None
        self.pushes = 0

    def settle(self) -> None:
        """Wait for a 'during' kill that is still to come (or cancel it: the drain ended)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer.join()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/sync/push":
            return super().handle_request(request)
        self.pushes += 1
        if self.pushes != self._nth:
            return super().handle_request(request)
        if self._how == "before":
            self._kill()
        elif self._how == "during":
            self._timer = threading.Timer(self._delay, self._kill)
            self._timer.start()
        response = super().handle_request(request)
        if self._how == "answer_lost":
            response.read()
            self._kill()
            raise httpx.ReadError("the connection dropped before the answer", request=request)
        return response


def _wrap_up(n: int) -> InteractionCreate:
    return InteractionCreate(
        customer_id=1 + n % 30,
        channel=Channel.PHONE_IN,
        started_at=NOW,
        ended_at=NOW,
        queue="general",
        reason="balance_enquiry",
        wrap_up_code="resolved",
        notes=crash_desk.tag(n),
    )


def _save_wrap_ups(store: CacheStore, start: int, count: int) -> None:
    """Each wrap-up commits on its own, with its outbox entry, as the agent saves them."""
    for n in range(start, start + count):
        store.write(partial(record_interaction, data=_wrap_up(n), agent="agent01", now=NOW))


def _check_wrap_ups(database_url: str, store: CacheStore, count: int) -> list[str]:
    tags = [
        str(row[0])
        for row in server_rows(
            database_url, "select notes from interactions where notes like 'crash-%'"
        )
    ]
    problems = [f"{tag} is on the server {times} times" for tag, times in doubled(tags).items()]
    missing = {crash_desk.tag(n) for n in range(count)} - set(tags)
    if missing:
        problems.append(
            f"{len(missing)} saved wrap-ups are not on the server: {sorted(missing)[:5]}"
        )
    extra = set(tags) - {crash_desk.tag(n) for n in range(count)}
    if extra:
        problems.append(f"wrap-ups never saved are on the server: {sorted(extra)[:5]}")
    with store.read() as conn:
        waiting = outbox.waiting_count(conn)
    if waiting:
        problems.append(f"{waiting} changes still in the desk's outbox after the final drain")
    return problems


def _engine(store: CacheStore, url: str, transport: httpx.BaseTransport) -> SyncEngine:
    api = _api(url, transport)
    return SyncEngine(api, store, EventBus(), lambda: NOW, "ws-crash", push_batch=PUSH_BATCH)


def _push(engine: SyncEngine) -> str:
    """What the drain came to: drained, or the error code it stopped at."""
    try:
        engine.push_pending()
    except AgentDeskError as exc:
        return exc.code
    return "drained"


def test_a_server_killed_at_random_points_of_pushes_applies_each_change_once(
    tmp_path: Path,
) -> None:
    seed = SEED
    rng = random.Random(seed)
    kills = KillLog("server killed with SIGKILL (SQLite database)", seed)
    root = tmp_path / "backend"
    paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
    seeded = DemoBackend(paths, customers=40)
    seeded.ensure_database()
    forks = ServerForks(ROOT)
    server = ForkedBackend(forks, seeded.database_url, free_port(), tmp_path / "server.log")
    store = CacheStore.open(tmp_path / "cache.db", new_cache_key())
    saved = 0
    try:
        server.start()
        for number in range(SERVER_KILLS):
            count = rng.randint(1, 3 * PUSH_BATCH)  # up to three batches of a push
            _save_wrap_ups(store, saved, count)
            saved += count
            with store.read() as conn:
                batches = -(-outbox.waiting_count(conn) // PUSH_BATCH)
            nth = rng.randint(1, batches)
            how = rng.choice(("before", "during", "during", "answer_lost"))
            delay = rng.uniform(0.0, 0.1)
            transport = _KillDuringPush(server.kill, nth, how, delay)
            outcome = _push(_engine(store, server.url, transport))
            transport.settle()
            server.kill()  # a 'during' kill that would have come after the drain ended
            kills.add(
                f"{number:2d}: {count} saved, push #{nth} {how}"
                + (f" +{delay * 1000:.0f} ms" if how == "during" else "")
                + f": {outcome}"
            )
            server.start()  # the operator restarts it: the same database, the same port
        _final_drain(store, server.url, "ws-crash")
        problems = _check_wrap_ups(server.database_url, store, saved)
    finally:
        store.close()
        server.kill()
        forks.close()
    print(f"\n{kills.header()}\n{saved} wrap-ups saved")
    assert not problems, kills.header() + "\n" + "\n".join(problems)


# -- 3. PostgreSQL restarted mid-push ------------------------------------------------------


def _restart_into(cluster: PrivatePostgres, errors: list[BaseException]) -> None:
    try:
        cluster.restart_immediately()
    except BaseException as exc:  # noqa: BLE001 - the test thread raises it
        errors.append(exc)


@pytest.mark.skipif(not (PG_BIN / "initdb").exists(), reason=f"no PostgreSQL 15 in {PG_BIN}")
def test_postgresql_restarted_mid_push_loses_and_doubles_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A server on PostgreSQL makes no signing key of its own: it reads one from here.
    monkeypatch.setenv("AGENTDESK_SERVER__SIGNING_KEYS", '["env:AGENTDESK_JWT_KEY"]')
    monkeypatch.setenv("AGENTDESK_JWT_KEY", secrets.token_urlsafe(48))
    seed = SEED
    rng = random.Random(seed)
    kills = KillLog("PostgreSQL restarted (pg_ctl restart -m immediate) mid-push", seed)
    with private_postgres() as cluster:
        seed_database(cluster.url, customers=40, progress=False)
        root = tmp_path / "backend"
        paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
        server = Backend(paths, cluster.url)
        server.start()
        store = CacheStore.open(tmp_path / "cache.db", new_cache_key())
        saved = 0
        try:
            for number in range(PG_RESTARTS):
                count = rng.randint(PUSH_BATCH, 4 * PUSH_BATCH)
                _save_wrap_ups(store, saved, count)
                saved += count
                delay = rng.uniform(0.0, 0.3)
                engine = _engine(store, server.url, httpx.HTTPTransport())
                restarted: list[BaseException] = []
                timer = threading.Timer(delay, _restart_into, (cluster, restarted))
                timer.start()
                outcome = _push(engine)
                timer.join()
                assert not restarted, restarted
                kills.add(f"{number}: {count} saved, restart at +{delay * 1000:.0f} ms: {outcome}")
            _final_drain(store, server.url, "ws-crash")
            problems = _check_wrap_ups(cluster.url, store, saved)
            assert server.process is not None and server.process.poll() is None, (
                kills.header() + "\nthe server died with its database"
            )
        finally:
            store.close()
            server.stop()
    print(f"\n{kills.header()}\n{saved} wrap-ups saved")
    assert not problems, kills.header() + "\n" + "\n".join(problems)
