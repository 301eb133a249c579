"""Connectivity: online / degraded / offline, from what the last calls to the backend did.

``transition`` is the pure rule; ConnectivityTracker keeps the state and the count of changes
waiting in the outbox and publishes ConnectivityChanged whenever either changes (and
OutboxChanged when the count does), so the status bar always shows both.

    success                       → online (failures reset)
    a failure (5xx, timeout, cut) → degraded; after ``offline_after`` in a row → offline
    backend unreachable (connect) → offline at once

Threading: the tracker is called from the sync runner, the event listener and service calls;
its state changes under a lock and it publishes outside the lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import StrEnum

from agentdesk.errors import BackendUnavailable
from agentdesk.events import Connectivity, ConnectivityChanged, EventBus, OutboxChanged

__all__ = ["ConnectivityTracker", "Link", "Outcome", "outcome_of", "transition"]

OFFLINE_AFTER = 3


class Outcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class Link:
    state: Connectivity
    failures: int = 0


def transition(link: Link, outcome: Outcome, *, offline_after: int = OFFLINE_AFTER) -> Link:
    if outcome is Outcome.SUCCESS:
        return Link(Connectivity.ONLINE)
    failures = link.failures + 1
    if outcome is Outcome.UNREACHABLE or failures >= offline_after:
        return Link(Connectivity.OFFLINE, failures)
    return Link(Connectivity.DEGRADED, failures)


def outcome_of(error: BaseException) -> Outcome:
    """How a failed call counts: not reaching the backend at all is worse than a bad answer."""
    if isinstance(error, BackendUnavailable) and error.context.get("reason") == "connect":
        return Outcome.UNREACHABLE
    return Outcome.FAILURE


class ConnectivityTracker:
    def __init__(
        self,
        bus: EventBus,
        *,
        initial: Connectivity = Connectivity.OFFLINE,
        offline_after: int = OFFLINE_AFTER,
    ) -> None:
        self._bus = bus
        self._offline_after = offline_after
        self._lock = threading.Lock()
        self._link = Link(initial)
        self._waiting = 0

    @property
    def state(self) -> Connectivity:
        with self._lock:
            return self._link.state

    @property
    def online(self) -> bool:
        return self.state is Connectivity.ONLINE

    @property
    def changes_waiting(self) -> int:
        with self._lock:
            return self._waiting

    def record(self, outcome: Outcome) -> Connectivity:
        with self._lock:
            before = self._link.state
            self._link = transition(self._link, outcome, offline_after=self._offline_after)
            state, waiting = self._link.state, self._waiting
        if state is not before:
            self._bus.publish(ConnectivityChanged(state, waiting))
        return state

    def record_success(self) -> Connectivity:
        return self.record(Outcome.SUCCESS)

    def record_failure(self, error: BaseException) -> Connectivity:
        return self.record(outcome_of(error))

    def set_state(self, state: Connectivity) -> None:
        """Force a state (a session that starts offline, or ends)."""
        with self._lock:
            before = self._link.state
            self._link = Link(state)
            waiting = self._waiting
        if state is not before:
            self._bus.publish(ConnectivityChanged(state, waiting))

    def set_waiting(self, waiting: int) -> None:
        with self._lock:
            changed = waiting != self._waiting
            self._waiting = waiting
            state = self._link.state
        if changed:
            self._bus.publish(OutboxChanged(waiting))
            self._bus.publish(ConnectivityChanged(state, waiting))
