"""EventListener: the thread that reads the backend's live event stream (``/events``).

Each event becomes a core event on the bus: ``sync.changes`` → SyncHint (the sync runner pulls
now), ``call.offered`` → CallOffered, ``call.changed`` → CallStateChanged (both with the leg's
domain Call), ``caller.verified`` → CallerVerified (the IVR identified the caller),
``ticket.changed`` → TicketChanged, ``presence.changed`` → PresenceChanged (with
the domain AgentPresence and ``by``, the supervisor who set it), ``queue.stats`` →
QueueStatsChanged; the console's ``supervisor.agent`` / ``supervisor.waiting`` /
``supervisor.interval`` → Supervisor{Agent,Waiting,Intervals}Changed, ``broadcast`` →
BroadcastReceived, ``ticket.escalated`` → TicketChanged; each stream opened →
EventStreamConnected (a view built from a snapshot takes a fresh one). The id of the last event
handled is kept in the cache's sync state, so a reconnect (or a restart) resumes with
``Last-Event-ID`` and misses nothing the server still holds.

A stream that ends, breaks or sends something unreadable (ProtocolError) is reopened with
exponential backoff and jitter (stamina); a stream that delivered events starts the backoff
afresh. Threading: one listener thread per session; ``stop`` may be called from any thread
and closes the open stream to end a blocking read.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Any, TypeVar

import stamina
from pydantic import BaseModel

from agentdesk.cache import sync_state
from agentdesk.cache.store import CacheStore
from agentdesk.client import ApiClient
from agentdesk.client.sse import EventStream
from agentdesk.contract.supervisor import AgentRow, Broadcast, IntervalStats, WaitingCall
from agentdesk.contract.sync import EventKind, ServerEvent
from agentdesk.domain.calls import Call
from agentdesk.domain.presence import AgentPresence, AgentState, NotReadyReason
from agentdesk.errors import AgentDeskError, AuthenticationFailed, BackendUnavailable, ProtocolError
from agentdesk.events import (
    BroadcastReceived,
    CallerVerified,
    CallOffered,
    CallStateChanged,
    Event,
    EventBus,
    EventStreamConnected,
    PresenceChanged,
    QueueStatsChanged,
    SupervisorAgentChanged,
    SupervisorIntervalsChanged,
    SupervisorWaitingChanged,
    SyncHint,
    TicketChanged,
)
from agentdesk.sync.connectivity import ConnectivityTracker

__all__ = ["LAST_EVENT_ID", "EventListener", "core_event"]

log = logging.getLogger(__name__)

LAST_EVENT_ID = "events.last_id"


class _StreamEnded(Exception):
    """The server closed the stream without error (a restart, a proxy's idle cut)."""


def core_event(event: ServerEvent) -> Event | None:
    """The core event for a server event, or None when the desktop has no use for it."""
    data: dict[str, Any] = event.data
    try:
        if event.kind is EventKind.CHANGES:
            return SyncHint(int(data.get("seq", 0)))
        if event.kind is EventKind.CALL_OFFERED:
            call = _call(data.get("call"))
            return CallOffered(
                str(data["call_id"]),
                str(data["phone"]),
                str(data.get("queue", "")),
                agent=str(data.get("agent") or ""),
                call=call,
            )
        if event.kind is EventKind.CALL_CHANGED:
            return CallStateChanged(
                Call.from_dict(data["call"]),
                change=str(data.get("change", "")),
                at=_time(data.get("at")),
                missed_agent=str(data.get("missed_agent") or ""),
            )
        if event.kind is EventKind.CALLER_VERIFIED:
            return CallerVerified(str(data["call_id"]), int(data["customer_id"]))
        if event.kind in (EventKind.TICKET_CHANGED, EventKind.TICKET_ESCALATED):
            ticket_id = data["ticket_id"] if "ticket_id" in data else data["id"]
            return TicketChanged(int(ticket_id), int(data.get("version", 0)))
        if event.kind is EventKind.PRESENCE_CHANGED:
            return PresenceChanged(
                str(data["username"]),
                str(data["state"]),
                reason=str(data.get("reason") or ""),
                presence=_presence(data),
                by=str(data.get("by") or ""),
                by_name=str(data.get("by_name") or ""),
            )
        if event.kind is EventKind.QUEUE_STATS:
            return QueueStatsChanged(dict(data))
        if event.kind is EventKind.SUPERVISOR_AGENT:
            return SupervisorAgentChanged(AgentRow.model_validate(data))
        if event.kind is EventKind.SUPERVISOR_WAITING:
            return SupervisorWaitingChanged(_listed(WaitingCall, data, "waiting"))
        if event.kind is EventKind.SUPERVISOR_INTERVAL:
            return SupervisorIntervalsChanged(_listed(IntervalStats, data, "intervals"))
        if event.kind is EventKind.BROADCAST:
            return BroadcastReceived(Broadcast.model_validate(data))
    except (KeyError, TypeError, ValueError):
        # Skipped, not fatal: failing here would replay the same event on every reconnect.
        log.warning("%s event %d lacks what it should carry; skipped", event.kind, event.id)
    return None


M = TypeVar("M", bound=BaseModel)


def _listed(model: type[M], data: Any, key: str) -> tuple[M, ...]:
    """A list event's items, held under ``key`` (``{"team": ..., key: [...]}``)."""
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise TypeError(f"no {key} list")
    return tuple(model.model_validate(item) for item in items)


def _call(data: Any) -> Call | None:
    return Call.from_dict(data) if isinstance(data, dict) else None


def _time(text: Any) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) else None


def _presence(data: dict[str, Any]) -> AgentPresence | None:
    """The domain presence of a presence.changed event (None from an older server)."""
    since = _time(data.get("since"))
    if since is None:
        return None
    reason, pending = data.get("reason"), data.get("pending_reason")
    return AgentPresence(
        AgentState(data["state"]),
        since,
        reason=NotReadyReason(reason) if reason else None,
        pending_reason=NotReadyReason(pending) if pending else None,
    )


class EventListener:
    def __init__(
        self,
        api: ApiClient,
        store: CacheStore,
        bus: EventBus,
        connectivity: ConnectivityTracker | None = None,
        *,
        attempts: int = 8,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 15.0,
        backoff_jitter_s: float = 1.0,
        pause_s: float = 30.0,
    ) -> None:
        self._api = api
        self._store = store
        self._bus = bus
        self._connectivity = connectivity
        self._attempts = attempts
        self._backoff = (backoff_initial_s, backoff_max_s, backoff_jitter_s)
        self._pause_s = pause_s
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._stream_lock = threading.Lock()
        self._stream: EventStream | None = None
        self.connections = 0
        self.last_error: AgentDeskError | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="agentdesk-events", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        self._stopping.set()
        with self._stream_lock:
            stream = self._stream
        if stream is not None:
            stream.abort()  # ends the blocking read in the listener thread
        thread, self._thread = self._thread, None
        if thread is None or thread is threading.current_thread():
            return True
        thread.join(timeout)
        return not thread.is_alive()

    # -- the thread ----------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._listen_with_backoff()
            except AuthenticationFailed as exc:
                self.last_error = exc
                log.warning("event stream refused: %s; the sync runner will re-authenticate", exc)
            except AgentDeskError as exc:
                self.last_error = exc
                log.info("event stream unavailable after retries: %s", exc.detail)
            except _StreamEnded:
                pass
            # Out of attempts (or signed out): rest before trying again, unless stopping.
            self._stopping.wait(self._pause_s)

    def _listen_with_backoff(self) -> None:
        initial, maximum, jitter = self._backoff
        while not self._stopping.is_set():
            progressed = False
            for attempt in stamina.retry_context(
                on=self._should_retry,
                attempts=self._attempts,
                timeout=None,
                wait_initial=initial,
                wait_max=maximum,
                wait_jitter=jitter,
            ):
                with attempt:
                    progressed = self._listen_once()
            if not progressed:
                return

    def _listen_once(self) -> bool:
        """Read one stream to its end; True when it delivered events before it ended (the
        next connection then starts the backoff afresh)."""
        with self._store.read() as conn:
            stored = sync_state.get_value(conn, LAST_EVENT_ID)
        last_id = int(stored) if stored else None
        stream = self._api.events(last_id)
        with self._stream_lock:
            self._stream = stream
        self.connections += 1
        self._bus.publish(EventStreamConnected(self.connections))
        delivered = 0
        try:
            if self._connectivity is not None:
                self._connectivity.record_success()
            for event in stream:
                if self._stopping.is_set():
                    return True
                self._handle(event)
                delivered += 1
        except (BackendUnavailable, ProtocolError):
            if delivered and not self._stopping.is_set():
                log.info("event stream broke after %d events; reconnecting", delivered)
                return True
            raise
        finally:
            with self._stream_lock:
                self._stream = None
            stream.close()
        if self._stopping.is_set() or delivered:
            return True
        raise _StreamEnded()

    def _handle(self, event: ServerEvent) -> None:
        core = core_event(event)
        # The id is kept before publishing: a handler that fails must not replay the event.
        self._store.write(
            lambda conn: sync_state.set_value(conn, LAST_EVENT_ID, str(event.id)), durable=False
        )
        if core is not None:
            self._bus.publish(core)

    def _should_retry(self, error: Exception) -> bool:
        if self._stopping.is_set():
            return False
        if isinstance(error, BackendUnavailable) and self._connectivity is not None:
            self._connectivity.record_failure(error)
        return isinstance(error, BackendUnavailable | ProtocolError | _StreamEnded)
