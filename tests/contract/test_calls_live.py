"""The softphone against a real backend process over a real socket: the event listener hears
``call.offered`` on the live stream (the screen pops while the call rings), and CallService
tracks the call through answer, hang-up and wrap-up from the events and the replies.

The demo backend is shared by the session and its simulator may offer calls of its own, so the
test follows whichever call rings this agent (agent09, whom no other test signs in). Waits are
bounded polls on queues.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from pathlib import Path

from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.client import ApiClient, build_http_client
from agentdesk.config.desktop import DesktopSettings
from agentdesk.credentials import CredentialStore
from agentdesk.demo.launcher import DemoBackend
from agentdesk.domain.calls import CallState
from agentdesk.domain.presence import AgentState, NotReadyReason
from agentdesk.events import CallOffered, CallStateChanged, Event, EventBus
from agentdesk.services.calls import CallService
from agentdesk.services.session import SessionService
from agentdesk.sync.listener import EventListener

AGENT = "agent09"


def _until(check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _next(events: queue.Queue[Event], kind: type[Event], timeout: float = 10.0) -> Event:
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"no {kind.__name__} within {timeout} s"
        try:
            event = events.get(timeout=remaining)
        except queue.Empty:
            continue
        if isinstance(event, kind):
            return event


def test_the_listener_pops_the_offer_and_the_service_tracks_the_call(
    live_backend: DemoBackend, tmp_path: Path
) -> None:
    bus = EventBus()
    session = SessionService(
        lambda url: ApiClient(build_http_client(DesktopSettings(backend_url=url))),
        CredentialStore(),
        bus,
        data_dir=tmp_path / "data",
        workstation_id="ws-calls-live",
    )
    session.login(live_backend.url, AGENT, live_backend.password)
    calls = CallService(session, bus)
    heard: queue.Queue[Event] = queue.Queue()
    bus.subscribe(CallOffered, heard.put)
    bus.subscribe(CallStateChanged, heard.put)
    store = CacheStore.open(tmp_path / "cache.db", new_cache_key())
    listener = EventListener(session.api, store, bus)
    listener.start()
    try:
        _until(lambda: listener.connections >= 1)  # the stream is open: nothing slips by

        calls.set_ready()
        calls.simulate_incoming_call()
        pop = _next(heard, CallOffered)
        assert isinstance(pop, CallOffered) and pop.agent == AGENT
        assert pop.call is not None and pop.call.state is CallState.RINGING
        _until(lambda: (c := calls.current) is not None and c.call is not None)
        current = calls.current
        assert current is not None and current.call is not None
        assert current.call.id == pop.call_id  # tracked from the event, no round trip

        assert calls.answer().state is AgentState.ON_CALL
        answered = _next(heard, CallStateChanged)
        assert isinstance(answered, CallStateChanged) and answered.change == "call.answered"
        assert calls.hang_up().state is AgentState.WRAP_UP
        calls.set_not_ready(NotReadyReason.BREAK)  # no further call after this one
        done = calls.finish_wrap_up()
        assert done.state is AgentState.NOT_READY and done.call is None
        finished = _next(heard, CallStateChanged)
        while isinstance(finished, CallStateChanged) and finished.change != "call.wrap_up_finished":
            finished = _next(heard, CallStateChanged)
        _until(lambda: (c := calls.current) is not None and c.state is AgentState.NOT_READY)
        assert calls.me().call is None
    finally:
        assert listener.stop(timeout=5)
        try:
            calls.log_out()
        finally:
            store.close()
