"""The core event bus: typed, thread-safe, and one failing subscriber does not stop the rest."""

from __future__ import annotations

import threading
from functools import partial

import pytest

from agentdesk.events import CallOffered, Connectivity, ConnectivityChanged, Event, EventBus


def test_subscribers_get_only_their_event_type() -> None:
    bus = EventBus()
    calls: list[CallOffered] = []
    states: list[ConnectivityChanged] = []
    bus.subscribe(CallOffered, calls.append)
    bus.subscribe(ConnectivityChanged, states.append)
    bus.publish(CallOffered("c1", "+8613812345678", "general"))
    assert [c.call_id for c in calls] == ["c1"]
    assert states == []


def test_base_type_subscribers_see_every_event() -> None:
    bus = EventBus()
    seen: list[Event] = []
    bus.subscribe(Event, seen.append)
    bus.publish(ConnectivityChanged(Connectivity.OFFLINE, changes_waiting=3))
    assert seen == [ConnectivityChanged(Connectivity.OFFLINE, 3)]


def test_unsubscribe_stops_delivery() -> None:
    bus = EventBus()
    seen: list[Event] = []
    unsubscribe = bus.subscribe(CallOffered, seen.append)
    unsubscribe()
    bus.publish(CallOffered("c1", "1", "q"))
    assert seen == []


def test_a_failing_handler_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    bus = EventBus()
    seen: list[Event] = []

    def broken(event: Event) -> None:
        raise RuntimeError("boom")

    bus.subscribe(CallOffered, broken)
    bus.subscribe(CallOffered, seen.append)
    bus.publish(CallOffered("c1", "1", "q"))
    assert len(seen) == 1
    assert "event handler failed" in caplog.text


def test_publishing_from_many_threads_delivers_every_event() -> None:
    bus = EventBus()
    seen: list[Event] = []
    lock = threading.Lock()

    def record(event: Event) -> None:
        with lock:
            seen.append(event)

    bus.subscribe(CallOffered, record)
    threads = [threading.Thread(target=partial(_publish_many, bus, i)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 1600


def _publish_many(bus: EventBus, thread: int) -> None:
    for n in range(200):
        bus.publish(CallOffered(f"{thread}-{n}", "1", "q"))
