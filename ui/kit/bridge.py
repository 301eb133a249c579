"""The one place where core events cross into Qt.

Core events may be published on any thread (a background operation, the sync runner, the SSE
listener). ``EventBridge`` subscribes to the core ``EventBus`` and re-emits every event on the
GUI thread through a queued connection, then as a typed convenience signal. Widgets connect to
these signals and never subscribe to the bus themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from agentdesk.events import (
    BroadcastReceived,
    CallerVerified,
    CallOffered,
    CallStateChanged,
    ConnectivityChanged,
    Event,
    EventBus,
    EventStreamConnected,
    MutationNeedsAttention,
    OutboxChanged,
    PresenceChanged,
    QueueStatsChanged,
    RecordsChanged,
    SessionEnded,
    SessionStarted,
    SupervisorAgentChanged,
    SupervisorIntervalsChanged,
    SupervisorWaitingChanged,
    SyncProgress,
    TicketChanged,
)

__all__ = ["EventBridge"]


class EventBridge(QObject):
    """Re-emits core events on the GUI thread.

    ``event_received`` carries every event; the typed signals carry one kind each (the event
    object itself, so slots read its fields).
    """

    event_received = Signal(object)
    call_offered = Signal(object)  # CallOffered
    call_state_changed = Signal(object)  # CallStateChanged
    caller_verified = Signal(object)  # CallerVerified (the IVR identified the caller)
    presence_changed = Signal(object)  # PresenceChanged
    connectivity_changed = Signal(object)  # ConnectivityChanged
    session_started = Signal(object)  # SessionStarted
    session_ended = Signal(object)  # SessionEnded
    sync_progressed = Signal(object)  # SyncProgress
    outbox_changed = Signal(object)  # OutboxChanged
    mutation_flagged = Signal(object)  # MutationNeedsAttention
    records_changed = Signal(object)  # RecordsChanged: what views follow (ui/kit/live_view.py)
    queue_stats_changed = Signal(object)  # QueueStatsChanged
    ticket_changed = Signal(object)  # TicketChanged (a hint: the server's ticket changed)
    stream_connected = Signal(object)  # EventStreamConnected
    broadcast_received = Signal(object)  # BroadcastReceived
    # The supervisor's console.
    supervisor_agent_changed = Signal(object)  # SupervisorAgentChanged
    supervisor_waiting_changed = Signal(object)  # SupervisorWaitingChanged
    supervisor_intervals_changed = Signal(object)  # SupervisorIntervalsChanged

    # Emitted on the publisher's thread; its queued connection is the thread hop.
    _published = Signal(object)

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The latest state-like events, for windows created after they were published.
        self.last_connectivity: ConnectivityChanged | None = None
        self.last_progress: SyncProgress | None = None
        self._published.connect(self._on_bus_published, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe: Callable[[], None] | None = bus.subscribe(Event, self._relay)
        self.destroyed.connect(self._unsubscribe)

    def close(self) -> None:
        """Stop listening to the bus (the application is shutting down)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _relay(self, event: Event) -> None:
        # Runs on whatever thread published the event: touch nothing but the signal.
        self._published.emit(event)

    @Slot(object)
    def _on_bus_published(self, event: Event) -> None:
        self.event_received.emit(event)
        if isinstance(event, CallOffered):
            self.call_offered.emit(event)
        elif isinstance(event, CallStateChanged):
            self.call_state_changed.emit(event)
        elif isinstance(event, CallerVerified):
            self.caller_verified.emit(event)
        elif isinstance(event, PresenceChanged):
            self.presence_changed.emit(event)
        elif isinstance(event, ConnectivityChanged):
            self.last_connectivity = event
            self.connectivity_changed.emit(event)
        elif isinstance(event, SessionStarted):
            self.session_started.emit(event)
        elif isinstance(event, SessionEnded):
            self.session_ended.emit(event)
        elif isinstance(event, SyncProgress):
            self.last_progress = event
            self.sync_progressed.emit(event)
        elif isinstance(event, OutboxChanged):
            self.outbox_changed.emit(event)
        elif isinstance(event, MutationNeedsAttention):
            self.mutation_flagged.emit(event)
        elif isinstance(event, RecordsChanged):
            self.records_changed.emit(event)
        elif isinstance(event, QueueStatsChanged):
            self.queue_stats_changed.emit(event)
        elif isinstance(event, TicketChanged):
            self.ticket_changed.emit(event)
        elif isinstance(event, EventStreamConnected):
            self.stream_connected.emit(event)
        elif isinstance(event, BroadcastReceived):
            self.broadcast_received.emit(event)
        elif isinstance(event, SupervisorAgentChanged):
            self.supervisor_agent_changed.emit(event)
        elif isinstance(event, SupervisorWaitingChanged):
            self.supervisor_waiting_changed.emit(event)
        elif isinstance(event, SupervisorIntervalsChanged):
            self.supervisor_intervals_changed.emit(event)
