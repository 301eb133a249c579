"""The event listener on a real backend process over a real socket (the in-process TestClient
buffers whole responses, so a live stream needs a live server): a change pushed by one
workstation reaches another's listener as a SyncHint, the event id is kept for resume, and
``stop`` ends a blocking read at once."""

from __future__ import annotations

import queue
from datetime import UTC, datetime
from pathlib import Path

from agentdesk.cache import sync_state
from agentdesk.cache.local_writes import record_interaction
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.client import ApiClient, build_http_client
from agentdesk.config.desktop import DesktopSettings
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import InteractionCreate
from agentdesk.demo.launcher import DemoBackend
from agentdesk.events import EventBus, SyncHint
from agentdesk.sync.engine import SyncEngine
from agentdesk.sync.listener import LAST_EVENT_ID, EventListener


def _now() -> datetime:
    return datetime.now(UTC)


def _api(backend: DemoBackend, workstation: str) -> ApiClient:
    api = ApiClient(build_http_client(DesktopSettings(backend_url=backend.url)))
    api.login(backend.username, backend.password, workstation)
    return api


def test_a_pushed_change_reaches_another_workstations_listener(
    live_backend: DemoBackend, tmp_path: Path
) -> None:
    listening = CacheStore.open(tmp_path / "listening.db", new_cache_key())
    pushing = CacheStore.open(tmp_path / "pushing.db", new_cache_key())
    # Resume from the start of the log, so the push cannot slip in before the stream opens.
    listening.write(lambda conn: sync_state.set_value(conn, LAST_EVENT_ID, "0"))
    bus = EventBus()
    hints: queue.Queue[SyncHint] = queue.Queue()
    bus.subscribe(SyncHint, hints.put)
    listener = EventListener(_api(live_backend, "ws-listen"), listening, bus)
    listener.start()
    try:
        wrap_up = InteractionCreate(
            customer_id=1,
            channel=Channel.PHONE_IN,
            started_at=_now(),
            wrap_up_code="resolved",
            notes="heard live",
        )
        pushing.write(lambda conn: record_interaction(conn, wrap_up, agent="agent01", now=_now()))
        api = _api(live_backend, "ws-push")
        SyncEngine(api, pushing, EventBus(), _now, "ws-push").push_pending()

        hint = hints.get(timeout=10)
        assert hint.seq > 0
    finally:
        assert listener.stop(timeout=5)  # closes the open stream: no wait for the next ping
        pushing.close()
    with listening.read() as conn:
        assert int(sync_state.get_value(conn, LAST_EVENT_ID) or 0) > 0
    listening.close()
