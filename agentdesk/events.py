"""A typed, thread-safe event bus for core events (no Qt).

Events are frozen dataclasses named as past-tense nouns. Handlers run on the publisher's
thread; ``ui/bridge.py`` is the one place that moves them to the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from agentdesk.domain.calls import Call
from agentdesk.domain.presence import AgentPresence

__all__ = [
    "CallOffered",
    "CallStateChanged",
    "ChangesApplied",
    "Connectivity",
    "ConnectivityChanged",
    "Event",
    "EventBus",
    "MutationNeedsAttention",
    "OutboxChanged",
    "PresenceChanged",
    "QueueStatsChanged",
    "SessionEnded",
    "SessionStarted",
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


@dataclass(frozen=True)
class ChangesApplied(Event):
    """A page of server changes is in the cache: views showing these entities may re-read."""

    customers: int = 0
    tickets: int = 0
    interactions: int = 0
    tasks: int = 0
    deleted: int = 0


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
    ticket_id: int
    version: int = 0


@dataclass(frozen=True)
class PresenceChanged(Event):
    """An agent's presence changed (every agent's: the supervisor's grid shows them all).
    ``presence`` is the domain value when the event carried it in full."""

    username: str
    state: str
    reason: str = ""
    presence: AgentPresence | None = None


@dataclass(frozen=True)
class QueueStatsChanged(Event):
    """Live queue figures as the backend sent them (the supervisor wall renders them): the
    JSON of ``agentdesk.contract.telephony.QueueBoard`` (each figure has its formula)."""

    stats: Mapping[str, Any]


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
