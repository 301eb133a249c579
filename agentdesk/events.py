"""A typed, thread-safe event bus for core events (no Qt).

Events are frozen dataclasses named as past-tense nouns. Handlers run on the publisher's
thread; ``ui/bridge.py`` is the one place that moves them to the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

__all__ = [
    "CallOffered",
    "Connectivity",
    "ConnectivityChanged",
    "Event",
    "EventBus",
    "SessionEnded",
    "SessionStarted",
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
    """A call was offered to this agent; ``phone`` is the caller's number as received."""

    call_id: str
    phone: str
    queue: str


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
