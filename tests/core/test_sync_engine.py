"""The sync engine, runner and listener against a fake backend (httpx.MockTransport) and a
real encrypted cache: what fails on the way never loses, duplicates or half-applies a change.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import stamina

from agentdesk.cache import outbox, sync_state
from agentdesk.cache.local_writes import record_interaction
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.client import ApiClient
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import EventKind, InteractionCreate, PushRequest, ServerEvent
from agentdesk.errors import BackendUnavailable, ProtocolError
from agentdesk.events import (
    CallOffered,
    Connectivity,
    ConnectivityChanged,
    Event,
    EventBus,
    MutationNeedsAttention,
    SyncHint,
    SyncProgress,
    TicketChanged,
)
from agentdesk.sync.connectivity import ConnectivityTracker
from agentdesk.sync.engine import SyncEngine
from agentdesk.sync.listener import LAST_EVENT_ID, EventListener, core_event
from agentdesk.sync.runner import SyncRunner

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
SSE = {"content-type": "text/event-stream"}


@pytest.fixture(autouse=True)
def _no_backoff_waits() -> Iterator[None]:
    with stamina.set_testing(True, attempts=3):
        yield


def _customer(n: int) -> dict[str, Any]:
    return {
        "id": n,
        "cif": f"CIF{n:08d}",
        "name": f"客户{n}",
        "birth_year": 1980,
        "id_number_masked": "110***********1234",
        "id_last4": "1234",
        "phones": [f"+86138{n:08d}"],
        "tier": "mass",
        "aum": "1000.00",
        "yearly_revenue": "10.00",
        "risk_profile": "C3",
        "risk_assessed_on": "2026-01-01",
        "updated_at": NOW.isoformat(),
    }


class FakeBackend:
    """/sync/push with idempotency keys, /sync/changes over ``customers`` (one change each)."""

    def __init__(self, customers: int = 0) -> None:
        self.customers = [_customer(n) for n in range(1, customers + 1)]
        self.applied: dict[str, dict[str, Any]] = {}  # key → first result
        self.rows: list[dict[str, Any]] = []
        self.down = False
        self.conflict_kinds: set[str] = set()
        self.requests: list[httpx.Request] = []
        self.page_override: Callable[[int], httpx.Response | None] = lambda since: None

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            return httpx.Response(503, json={"title": "Service Unavailable", "status": 503})
        if request.url.path == "/sync/push":
            return self._push(json.loads(request.content))
        if request.url.path == "/sync/changes":
            since = int(request.url.params["since"])
            limit = int(request.url.params["limit"])
            return self.page_override(since) or self._page(since, limit)
        return httpx.Response(404, json={"title": "Not Found", "status": 404})

    def _push(self, body: dict[str, Any]) -> httpx.Response:
        results = []
        for m in body["mutations"]:
            key = m["idempotency_key"]
            if key in self.applied:
                results.append({**self.applied[key], "status": "duplicate"})
                continue
            base = {"seq": m["seq"], "idempotency_key": key, "entity": "interaction"}
            if m["kind"] in self.conflict_kinds:
                result = base | {
                    "status": "conflict",
                    "conflicts": [{"field": "status", "base": "a", "mine": "b", "theirs": "c"}],
                }
            else:
                self.rows.append(m["payload"])
                result = base | {"status": "applied", "entity_id": len(self.rows), "version": 1}
            self.applied[key] = result
            results.append(result)
        last = max(m["seq"] for m in body["mutations"])
        return httpx.Response(200, json={"results": results, "last_applied_seq": last})

    def _page(self, since: int, limit: int) -> httpx.Response:
        page = self.customers[since : since + limit]
        cursor = since + len(page)
        high = len(self.customers)
        body = {"cursor": cursor, "high_water": high, "has_more": cursor < high, "customers": page}
        return httpx.Response(200, json=body)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(tmp_path / "cache.db", new_cache_key())
    yield opened
    opened.close()


def _api(backend: FakeBackend) -> ApiClient:
    transport = httpx.MockTransport(backend.handler)
    return ApiClient(httpx.Client(base_url="http://backend.test", transport=transport))


def _wrap_up(store: CacheStore, n: int) -> None:
    data = InteractionCreate(
        customer_id=1,
        channel=Channel.PHONE_IN,
        started_at=NOW,
        ended_at=NOW,
        wrap_up_code="resolved",
        notes=f"call {n}",
    )
    store.write(lambda conn: record_interaction(conn, data, agent="agent01", now=NOW))


def _waiting(store: CacheStore) -> int:
    with store.read() as conn:
        return outbox.waiting_count(conn)


def _customers(store: CacheStore) -> int:
    with store.read() as conn:
        return int(conn.exec_driver_sql("select count(*) from customers").scalar_one())


def _cursor(store: CacheStore) -> int:
    with store.read() as conn:
        return sync_state.get_cursor(conn)


def _collect(bus: EventBus, kind: type[Event]) -> list[Any]:
    seen: list[Any] = []
    bus.subscribe(kind, seen.append)
    return seen


# -- push ----------------------------------------------------------------------------------


def test_503_during_push_goes_offline_keeps_the_entries_and_a_later_push_applies_once(
    store: CacheStore,
) -> None:
    backend = FakeBackend()
    bus = EventBus()
    states = _collect(bus, ConnectivityChanged)
    tracker = ConnectivityTracker(bus, initial=Connectivity.ONLINE)
    engine = SyncEngine(_api(backend), store, bus, lambda: NOW, "ws-1", connectivity=tracker)
    runner = SyncRunner(engine, tracker, bus)
    _wrap_up(store, 1)
    _wrap_up(store, 2)

    backend.down = True
    assert runner.run_once() is False
    pushes = [r for r in backend.requests if r.url.path == "/sync/push"]
    assert len(pushes) == 3  # stamina retried (its waits skipped in testing mode)
    assert tracker.state is Connectivity.OFFLINE
    assert _waiting(store) == 2 and backend.rows == []

    backend.down = False
    assert runner.run_once() is True
    assert [row["notes"] for row in backend.rows] == ["call 1", "call 2"]
    assert _waiting(store) == 0 and tracker.online
    assert states[-1] == ConnectivityChanged(Connectivity.ONLINE, 0)
    assert ConnectivityChanged(Connectivity.OFFLINE, 2) in states


def test_a_push_whose_answer_was_lost_is_answered_duplicate_and_applied_once(
    store: CacheStore,
) -> None:
    backend = FakeBackend()
    _wrap_up(store, 1)
    with store.read() as conn:
        batch = outbox.pending(conn, 500)
    # The server applied it, but the answer never reached the desktop.
    _api(backend).push(PushRequest(workstation_id="ws-1", mutations=batch))
    report = SyncEngine(_api(backend), store, EventBus(), lambda: NOW, "ws-1").push_pending()

    assert report.done == 1 and len(backend.rows) == 1
    assert _waiting(store) == 0


def test_pushes_go_in_order_in_batches_of_at_most_the_batch_size(store: CacheStore) -> None:
    backend = FakeBackend()
    for n in range(7):
        _wrap_up(store, n)
    engine = SyncEngine(_api(backend), store, EventBus(), lambda: NOW, "ws-1", push_batch=3)
    report = engine.push_pending()
    sizes = [len(json.loads(r.content)["mutations"]) for r in backend.requests]
    assert sizes == [3, 3, 1] and report.done == 7
    assert [row["notes"] for row in backend.rows] == [f"call {n}" for n in range(7)]


def test_a_push_cut_off_after_two_batches_keeps_what_was_answered_and_sends_the_rest_once(
    store: CacheStore,
) -> None:
    backend = FakeBackend()
    for n in range(7):
        _wrap_up(store, n)
    handle = backend.handler
    cut = True

    def down_from_the_third_push(request: httpx.Request) -> httpx.Response:
        pushes = [r for r in backend.requests if r.url.path == "/sync/push"]
        backend.down = cut and len(pushes) >= 2  # this request is the third
        return handle(request)

    backend.handler = down_from_the_third_push  # type: ignore[method-assign]
    engine = SyncEngine(_api(backend), store, EventBus(), lambda: NOW, "ws-1", push_batch=3)
    with pytest.raises(BackendUnavailable):
        engine.push_pending()
    # The two answered batches were recorded, though the third was sent before the second's
    # results were: only the unanswered entry waits.
    assert _waiting(store) == 1 and len(backend.rows) == 6

    cut = False
    report = engine.push_pending()
    assert report.done == 1 and _waiting(store) == 0
    assert [row["notes"] for row in backend.rows] == [f"call {n}" for n in range(7)]


def test_a_conflict_stays_for_the_agent_and_is_announced_not_resent(store: CacheStore) -> None:
    backend = FakeBackend()
    backend.conflict_kinds = {"interaction.create"}
    bus = EventBus()
    announced = _collect(bus, MutationNeedsAttention)
    engine = SyncEngine(_api(backend), store, bus, lambda: NOW, "ws-1")
    _wrap_up(store, 1)

    report = engine.push_pending()
    engine.push_pending()

    assert len(report.needs_attention) == 1
    assert announced[0].status == "conflict" and announced[0].fields == ("status",)
    assert announced[0].choices == ("keep_mine", "take_theirs")
    assert _waiting(store) == 1  # kept, and counted as waiting
    assert len([r for r in backend.requests if r.url.path == "/sync/push"]) == 1


# -- pull ----------------------------------------------------------------------------------


def test_pull_pages_from_the_cursor_and_reports_progress_to_the_total(store: CacheStore) -> None:
    backend = FakeBackend(customers=25)
    bus = EventBus()
    progress = _collect(bus, SyncProgress)
    engine = SyncEngine(_api(backend), store, bus, lambda: NOW, "ws-1", page_size=10)

    report = engine.pull()

    assert report.pages == 3 and _customers(store) == 25 and _cursor(store) == 25
    assert progress == [SyncProgress(10, 25), SyncProgress(20, 25), SyncProgress(25, 25)]
    engine.pull()  # nothing new: one request, nothing applied
    assert _customers(store) == 25


def test_a_truncated_page_is_a_protocol_error_and_leaves_cursor_and_cache_intact(
    store: CacheStore,
) -> None:
    backend = FakeBackend(customers=25)
    engine = SyncEngine(_api(backend), store, EventBus(), lambda: NOW, "ws-1", page_size=10)

    def truncated(since: int) -> httpx.Response | None:
        if since == 10:
            full = json.dumps({"cursor": 20, "high_water": 25, "has_more": True})
            return httpx.Response(200, text=full[:30])
        return None

    backend.page_override = truncated
    with pytest.raises(ProtocolError):
        engine.pull()
    assert _cursor(store) == 10 and _customers(store) == 10

    backend.page_override = lambda since: None
    engine.pull()
    assert _cursor(store) == 25 and _customers(store) == 25


def test_a_ten_megabyte_page_is_refused_and_nothing_moves(store: CacheStore) -> None:
    backend = FakeBackend(customers=5)
    huge = b'{"cursor": 5, "high_water": 5, "has_more": false, "pad": "' + b"x" * 10_000_000
    backend.page_override = lambda since: httpx.Response(200, content=huge + b'"}')
    engine = SyncEngine(_api(backend), store, EventBus(), lambda: NOW, "ws-1")
    with pytest.raises(ProtocolError, match="larger than"):
        engine.pull()
    assert _cursor(store) == 0 and _customers(store) == 0


# -- runner thread -------------------------------------------------------------------------


def test_the_runner_wakes_on_a_hint_and_stops_cleanly(store: CacheStore) -> None:
    backend = FakeBackend(customers=3)
    bus = EventBus()
    tracker = ConnectivityTracker(bus)
    engine = SyncEngine(_api(backend), store, bus, lambda: NOW, "ws-1", connectivity=tracker)
    runner = SyncRunner(engine, tracker, bus, interval_s=3600)
    runner.start()
    try:
        assert runner.wait_for_round(0, timeout=5)  # the first round runs at once
        assert _customers(store) == 3
        backend.customers.append(_customer(4))
        rounds = runner.rounds
        bus.publish(SyncHint(4))
        assert runner.wait_for_round(rounds, timeout=5)
        assert _customers(store) == 4
        _wrap_up(store, 1)
        rounds = runner.rounds
        runner.wake()
        assert runner.wait_for_round(rounds, timeout=5)
        assert len(backend.rows) == 1
    finally:
        assert runner.stop(timeout=5)
    assert not runner.running


# -- event listener ------------------------------------------------------------------------


def test_an_endless_sse_line_is_a_protocol_error_and_the_listener_reconnects_and_resumes(
    store: CacheStore,
) -> None:
    store.write(lambda conn: sync_state.set_value(conn, LAST_EVENT_ID, "40"))
    seen_ids: list[str | None] = []
    served = threading.Event()

    def endless() -> Iterator[bytes]:
        yield b'id: 41\nevent: sync.changes\ndata: {"seq": 9}\n\ndata: '
        while True:
            yield b"x" * 16384

    def handler(request: httpx.Request) -> httpx.Response:
        seen_ids.append(request.headers.get("last-event-id"))
        if len(seen_ids) == 1:
            return httpx.Response(200, headers=SSE, content=endless())
        if len(seen_ids) == 2:
            body = (
                b'id: 42\nevent: call.offered\ndata: {"call_id": "c9", "phone": "+8613800000001",'
                b' "queue": "general"}\n\n'
            )
            return httpx.Response(200, headers=SSE, content=iter([body]))
        served.set()
        return httpx.Response(503)

    bus = EventBus()
    hints = _collect(bus, SyncHint)
    calls = _collect(bus, CallOffered)
    api = ApiClient(httpx.Client(base_url="http://b.test", transport=httpx.MockTransport(handler)))
    listener = EventListener(api, store, bus, pause_s=3600)
    listener.start()
    try:
        assert served.wait(5)
    finally:
        assert listener.stop(timeout=5)

    assert seen_ids[:3] == ["40", "41", "42"]
    assert hints == [SyncHint(9)]
    assert calls == [CallOffered("c9", "+8613800000001", "general")]
    with store.read() as conn:
        assert sync_state.get_value(conn, LAST_EVENT_ID) == "42"


def test_an_event_without_the_fields_it_needs_is_skipped_not_replayed_forever() -> None:
    broken = ServerEvent(id=5, kind=EventKind.CALL_OFFERED, at=NOW, data={"queue": "vip"})
    ticket = ServerEvent(id=6, kind=EventKind.TICKET_CHANGED, at=NOW, data={"id": 9, "version": 3})
    assert core_event(broken) is None
    assert core_event(ticket) == TicketChanged(9, 3)
