"""A typed, thread-safe event bus for core events (no Qt).

Events are frozen dataclasses named as past-tense nouns. Handlers run on the publisher's
thread; ``ui/bridge.py`` is the one place that moves them to the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from agentdesk.contract.supervisor import AgentRow, Broadcast, IntervalStats, WaitingCall
from agentdesk.domain.calls import Call
from agentdesk.domain.presence import AgentPresence

__all__ = [
    "BroadcastReceived",
    "CallOffered",
    "CallStateChanged",
    "CallerVerified",
    "Connectivity",
    "ConnectivityChanged",
    "Event",
    "EventBus",
    "EventStreamConnected",
    "MutationNeedsAttention",
    "OutboxChanged",
    "PresenceChanged",
    "QueueStatsChanged",
    "RecordKind",
    "RecordsChanged",
    "SessionEnded",
    "SessionStarted",
    "SupervisorAgentChanged",
    "SupervisorIntervalsChanged",
    "SupervisorWaitingChanged",
    "SyncHint",
    "SyncProgress",
    "TicketChanged",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """Base of every core event."""


class Connectivity(StrEnum):
    ONLINE = "online"
    DEGRADED = "degraded"
    OFFLINE = "offline"


@dataclass(frozen=True)
class ConnectivityChanged(Event):
    state: Connectivity
    changes_waiting: int = 0


@dataclass(frozen=True)
class SessionStarted(Event):
    username: str
    display_name: str
    role: str


@dataclass(frozen=True)
class SessionEnded(Event):
    reason: str = "logout"


@dataclass(frozen=True)
class CallOffered(Event):
    """A call rings at this agent (the screen pops now, before the answer); ``phone`` is the
    caller's number as received (the ACD sends E.164). ``call`` is the leg's snapshot when the
    ACD sent one (the demo simulator's reply has none)."""

    call_id: str
    phone: str
    queue: str
    agent: str = ""
    call: Call | None = None


@dataclass(frozen=True)
class CallStateChanged(Event):
    """A call leg of this agent changed: ``change`` is the ACD's word for it (``call.answered``,
    ``call.held``, ``call.resumed``, ``call.ended``, ``call.transferred``, ``call.abandoned``,
    ``call.missed``, ``call.wrap_up_finished``); ``call`` is the leg after the change (for a
    missed ring it is back in its queue and ``missed_agent`` names who missed it)."""

    call: Call
    change: str = ""
    at: datetime | None = None
    missed_agent: str = ""


@dataclass(frozen=True)
class CallerVerified(Event):
    """The telephony's IVR identified the caller of the agent's call ``call_id`` as
    ``customer_id``: the desk reads that caller's verification again (naming the call takes
    the IVR verification up)."""

    call_id: str
    customer_id: int


# -- sync ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncProgress(Event):
    """Pulling changes: ``done`` of ``total`` change sequences (initial sync shows a bar); with
    ``indexing``, building the search index after a bulk load: ``done`` of ``total`` steps."""

    done: int
    total: int
    indexing: bool = False


@dataclass(frozen=True)
class OutboxChanged(Event):
    """The count of local changes waiting to reach the backend changed (or one was added)."""

    waiting: int


class RecordKind(StrEnum):
    """The kinds of cached records a view shows."""

    CUSTOMER = "customer"
    INTERACTION = "interaction"
    TICKET = "ticket"
    TASK = "task"


_NONE: frozenset[int] = frozenset()


@dataclass(frozen=True)
class RecordsChanged(Event):
    """Records in the cache changed and the change is committed: a write made here, the
    server's answer to a push, or a pulled page. Each open view that shows one of them re-reads
    it (as Anki's screens check the ``OpChanges`` of every operation).

    By kind: ``changed`` and ``deleted`` hold the records' ids (the server's, or ``-local_id``
    for a row made here that the server has not numbered yet, as the cache reads it back);
    ``customers`` the customers they belong to, deleted ones included (for ``CUSTOMER``, the
    customers themselves). A record written again with the same values counts as changed.
    """

    changed: Mapping[RecordKind, frozenset[int]] = field(default_factory=dict)
    deleted: Mapping[RecordKind, frozenset[int]] = field(default_factory=dict)
    customers: Mapping[RecordKind, frozenset[int]] = field(default_factory=dict)

    def touches(self, kind: RecordKind, customer_id: int) -> bool:
        """Whether records of ``kind`` that belong to this customer changed or went."""
        return customer_id in self.customers.get(kind, _NONE)

    def ids(self, kind: RecordKind) -> frozenset[int]:
        """Every record of ``kind`` this change wrote or deleted."""
        return self.changed.get(kind, _NONE) | self.deleted.get(kind, _NONE)


@dataclass(frozen=True)
class MutationNeedsAttention(Event):
    """A saved change the server did not take: it stays in the outbox until the agent acts.

    ``status`` is ``conflict`` (someone else changed ``fields``: keep mine or take theirs) or
    ``rejected`` (the server refused it, ``code`` says why: fix or discard); ``choices`` are
    what the agent may do, as codes for ``services.SyncService.resolve``.
    """

    key: str
    kind: str
    entity_id: str
    status: str
    fields: tuple[str, ...] = ()
    code: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class SyncHint(Event):
    """Internal: the backend announced changes up to ``seq``; the sync runner pulls now."""

    seq: int = 0


# -- live events from the backend ------------------------------------------------------------


@dataclass(frozen=True)
class TicketChanged(Event):
    """The backend says a ticket changed: only a hint. The pull its ``sync.changes`` brings
    puts the record in the cache, and that write's RecordsChanged is what views follow."""

    ticket_id: int
    version: int = 0


@dataclass(frozen=True)
class PresenceChanged(Event):
    """An agent's presence changed (the agent's own; a supervisor's, their team's agents').
    ``presence`` is the domain value when the event carried it in full."""

    username: str
    state: str
    reason: str = ""
    presence: AgentPresence | None = None
    by: str = ""  # the supervisor who set this state ("" when the agent did)
    by_name: str = ""  # that supervisor's display name, when the server sent it


@dataclass(frozen=True)
class QueueStatsChanged(Event):
    """Live queue figures as the backend sent them (the supervisor wall renders them): the
    JSON of ``agentdesk.contract.telephony.QueueBoard`` (each figure has its formula)."""

    stats: Mapping[str, Any]


@dataclass(frozen=True)
class EventStreamConnected(Event):
    """The live event stream (re)opened: views that apply events to a snapshot take a fresh
    snapshot now (events the server no longer holds may have been missed meanwhile)."""

    connection: int


# -- the supervisor's console (agentdesk.contract.supervisor) --------------------------------


@dataclass(frozen=True)
class SupervisorAgentChanged(Event):
    """An agent of the supervisor's team changed state or call: the grid's row, whole."""

    row: AgentRow


@dataclass(frozen=True)
class SupervisorWaitingChanged(Event):
    """The team's waiting calls, whole (oldest first)."""

    calls: tuple[WaitingCall, ...]


@dataclass(frozen=True)
class SupervisorIntervalsChanged(Event):
    """Intervals of today whose figures changed (the running one; a closed one once more)."""

    intervals: tuple[IntervalStats, ...]


@dataclass(frozen=True)
class BroadcastReceived(Event):
    """A supervisor's message to the team's desks."""

    broadcast: Broadcast


E = TypeVar("E", bound=Event)
Handler = Callable[[Any], None]


class EventBus:
    """Publish/subscribe by event type (subclasses reach handlers of their bases)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._handlers: dict[type[Event], list[Handler]] = {}

    def subscribe(self, event_type: type[E], handler: Callable[[E], None]) -> Callable[[], None]:
        """Register ``handler``; returns a function that unsubscribes it."""
        with self._lock:
            self._handlers.setdefault(event_type, []).append(handler)

        def unsubscribe() -> None:
            with self._lock:
                handlers = self._handlers.get(event_type, [])
                if handler in handlers:
                    handlers.remove(handler)

        return unsubscribe

    def publish(self, event: Event) -> None:
        with self._lock:
            handlers = [
                h
                for event_type in type(event).__mro__
                if isinstance(event_type, type) and issubclass(event_type, Event)
                for h in self._handlers.get(event_type, [])
            ]
        for handler in handlers:
            try:
                handler(event)
            except Exception:
                # One broken subscriber must not stop the others (or the publisher's thread).
                log.exception("event handler failed for %s", type(event).__name__)
