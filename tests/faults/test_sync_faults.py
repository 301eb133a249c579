"""What fails between the desktop and the backend, for real: processes killed with SIGKILL,
a network that refuses, swallows or cuts connections. Whatever happens, every change the agent
saved reaches the server exactly once.

Everything runs on loopback: a real backend process (``agentdesk server``), a real encrypted
cache file, and the fault proxy of tests/faults/tcp_proxy.py between them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import httpx
import pytest
import stamina
from sqlalchemy import create_engine, text

from agentdesk.cache import outbox
from agentdesk.cache.local_writes import record_interaction
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.client import ApiClient, build_http_client
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import InteractionCreate
from agentdesk.demo.launcher import DemoBackend
from agentdesk.errors import BackendUnavailable
from agentdesk.events import EventBus
from agentdesk.sync.engine import SyncEngine
from tests.faults.tcp_proxy import FaultProxy

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_backoff_waits() -> Iterator[None]:
    stamina.set_testing(True)
    yield
    stamina.set_testing(False)


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[DemoBackend]:
    root = tmp_path / "backend"
    paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
    with DemoBackend(paths, customers=40, port=0) as running:
        yield running


def _restart(backend: DemoBackend) -> DemoBackend:
    """The same database on the same port, as after a crash and a restart by the operator."""
    port = int(backend.url.rsplit(":", 1)[1])
    again = DemoBackend(backend.paths, customers=backend.customers, port=port)
    again.start()
    return again


def _server_count(backend: DemoBackend, where: str) -> int:
    engine = create_engine(backend.database_url)
    with engine.connect() as conn:
        count = conn.execute(text(f"select count(*) from interactions where {where}")).scalar_one()
    engine.dispose()
    return int(count)


def _api(url: str, timeout: float = 5.0, transport: httpx.BaseTransport | None = None) -> ApiClient:
    settings = DesktopSettings(backend_url=url, request_timeout_s=timeout, cache_scope="all")
    api = ApiClient(build_http_client(settings, transport=transport))
    api.login("agent01", "demo", "ws-faults")
    return api


class _KillBeforePush(httpx.HTTPTransport):
    """The real transport, which kills the server (SIGKILL) just before the ``nth`` push of
    the drain reaches it: the batches before it are committed, the rest are not, every time."""

    def __init__(self, backend: DemoBackend, nth: int) -> None:
        super().__init__()
        self._backend = backend
        self._nth = nth
        self.pushes = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/sync/push":
            self.pushes += 1
            process = self._backend.process
            if self.pushes == self._nth and process is not None:
                process.kill()
                process.wait()
        return super().handle_request(request)


def _wrap_up(n: int, customer_id: int) -> InteractionCreate:
    return InteractionCreate(
        customer_id=customer_id,
        channel=Channel.PHONE_IN,
        started_at=NOW,
        ended_at=NOW,
        queue="general",
        reason="balance_enquiry",
        wrap_up_code="resolved",
        notes=f"fault-{n}",
    )


def _save_wrap_ups(store: CacheStore, count: int, *, start: int = 0) -> None:
    """Each wrap-up commits on its own, with its outbox entry, as the agent saves them."""
    for n in range(start, start + count):
        store.write(partial(record_interaction, data=_wrap_up(n, 1), agent="agent01", now=NOW))


def _waiting(store: CacheStore) -> int:
    with store.read() as conn:
        return outbox.waiting_count(conn)


def _each_once(backend: DemoBackend, count: int) -> None:
    assert _server_count(backend, "notes like 'fault-%'") == count
    distinct = _server_count(
        backend,
        "id in (select min(id) from interactions where notes like 'fault-%' group by notes)",
    )
    assert distinct == count


def _eventually(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def test_server_killed_in_the_middle_of_a_push_applies_everything_once(
    backend: DemoBackend, tmp_path: Path
) -> None:
    store = CacheStore.open(tmp_path / "cache.db", new_cache_key())
    _save_wrap_ups(store, 1500)  # three batches of the push
    transport = _KillBeforePush(backend, nth=2)
    api = _api(backend.url, transport=transport)
    engine = SyncEngine(api, store, EventBus(), lambda: NOW, "ws-faults")
    with pytest.raises(BackendUnavailable):
        engine.push_pending()  # the server dies after the first batch
    applied_before = _server_count(backend, "notes like 'fault-%'")
    assert 0 < applied_before < 1500
    assert _waiting(store) == 1500 - applied_before

    restarted = _restart(backend)
    try:
        engine.push_pending()
        assert _waiting(store) == 0
        _each_once(restarted, 1500)
    finally:
        restarted.stop()
        store.close()


CLIENT = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from pathlib import Path
    from agentdesk.cache.local_writes import record_interaction
    from agentdesk.cache.store import CacheStore
    from tests.faults.test_sync_faults import _wrap_up

    store = CacheStore.open(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))
    now = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
    store.write(lambda conn: record_interaction(conn, _wrap_up(0, 1), agent="agent01", now=now))
    print("committed", flush=True)
    time.sleep(60)  # never pushes: it is killed first
    """
)


def test_client_killed_between_local_commit_and_push_loses_nothing(
    backend: DemoBackend, tmp_path: Path
) -> None:
    key = new_cache_key()
    cache_file = tmp_path / "cache.db"
    child = subprocess.Popen(
        [sys.executable, "-c", CLIENT, str(cache_file), key.hex()],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "committed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert _server_count(backend, "notes like 'fault-%'") == 0

    store = CacheStore.open(cache_file, key)  # the workstation restarts
    try:
        assert _waiting(store) == 1
        engine = SyncEngine(_api(backend.url), store, EventBus(), lambda: NOW, "ws-faults")
        engine.push_pending()
        engine.push_pending()  # a second drain finds nothing more to send
        _each_once(backend, 1)
        assert _waiting(store) == 0
    finally:
        store.close()


def test_a_bad_network_queues_then_recovers_to_the_expected_state(
    backend: DemoBackend, tmp_path: Path
) -> None:
    store = CacheStore.open(tmp_path / "cache.db", new_cache_key())
    with FaultProxy(int(backend.url.rsplit(":", 1)[1])) as proxy:
        api = _api(proxy.url, timeout=1.0)
        engine = SyncEngine(api, store, EventBus(), lambda: NOW, "ws-faults")
        expected = 0
        for mode in ("refuse", "blackhole", "reset_mid_response", "delay"):
            proxy.mode = mode
            proxy.reset_after_bytes = 40
            proxy.delay_s = 0.01
            _save_wrap_ups(store, 50, start=expected)
            expected += 50
            try:
                engine.push_pending()
            except BackendUnavailable:
                pass  # offline: the changes wait in the outbox
            proxy.cut_all()
        proxy.mode = "pass"
        engine.push_pending()
    try:
        assert _waiting(store) == 0
        _each_once(backend, expected)
    finally:
        store.close()
